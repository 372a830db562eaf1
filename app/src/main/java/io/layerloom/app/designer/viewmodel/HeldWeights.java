package io.layerloom.app.designer.viewmodel;

import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Cost;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.TensorType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameter values an open document carries (imported from ONNX, or read from the
 * {@code NAME.dl4j.zip} beside its file), with what each layer looked like when they were taken:
 * its kind, the shapes it reads and writes, and its parameter counts. A layer whose look has
 * changed since (a kernel, a filter count, an input's channels, or the layer deleted) no longer
 * fits its values, so they are left out of what is saved and exported and the layer starts from
 * the seed's values. The full set is kept, so an undo brings a layer's values back. Immutable.
 *
 * @param weights    every layer's values as they were taken
 * @param baseline   each layer's look when they were taken, by node id
 * @param savedBeside the graph file whose {@code NAME.dl4j.zip} holds exactly {@code weights}; null
 *                   when nothing on disk does yet (a fresh import)
 */
public record HeldWeights(Weights weights, Map<String, Look> baseline, Path savedBeside) {

    public HeldWeights {
        Objects.requireNonNull(weights, "weights");
        baseline = Map.copyOf(baseline);
    }

    /**
     * What decides a layer's parameter shapes, as the analysis sees it. Comparing these instead of
     * the layer's settings keeps an activation or dropout change from costing the values, while any
     * change of a kernel, a filter count or an input's size shows up in the shapes or the counts.
     */
    public record Look(String kind, List<Optional<TensorType>> inputs, Optional<TensorType> output, Optional<Cost> cost) {
        public Look {
            inputs = List.copyOf(inputs);
        }

        static Optional<Look> of(Analysis analysis, String id) {
            return analysis.node(id).map(n -> new Look(n.kind(),
                    n.inputs().stream().map(in -> analysis.node(in).flatMap(NodeResult::output)).toList(),
                    n.output(), n.cost()));
        }
    }

    /** {@code weights} taken from the graph {@code analysis} describes. */
    public static HeldWeights taken(Weights weights, Analysis analysis, Path savedBeside) {
        Map<String, Look> looks = new LinkedHashMap<>();
        for (String id : weights.nodes()) {
            Look.of(analysis, id).ifPresent(look -> looks.put(id, look));
        }
        return new HeldWeights(weights, looks, savedBeside);
    }

    /** The layers whose values no longer fit the graph {@code analysis} describes, in the weights' order. */
    public List<String> stale(Analysis analysis) {
        List<String> stale = new ArrayList<>();
        for (String id : weights.nodes()) {
            Optional<Look> now = Look.of(analysis, id);
            if (now.isEmpty() || !now.get().equals(baseline.get(id))) {
                stale.add(id);
            }
        }
        return stale;
    }

    /** The values that still fit the graph {@code analysis} describes. */
    public Weights kept(Analysis analysis) {
        return weights.without(stale(analysis));
    }

    /** The same values, now held by the model file beside {@code graphFile}. */
    public HeldWeights savedBeside(Path graphFile) {
        return new HeldWeights(weights, baseline, graphFile);
    }
}
