package io.layerloom.app.prune;

import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.prune.ChannelTies;
import io.layerloom.model.prune.FilterPruning;
import io.layerloom.model.prune.FilterSelection;
import io.layerloom.model.prune.PrunedGraph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A trained network opened for pruning (Distiller's two kinds), shared by {@code layerloom prune} and
 * the designer's Prune dialog: the graph's {@link ChannelTies}, the model's weights and each
 * filter's L1 norm, and the data it is measured on. Sensitivity analysis, structured pruning to a
 * smaller graph with its surviving weights, and magnitude pruning with masks. No user interface.
 */
public final class PruneSession {

    /** Ratios the sensitivity analysis tries: 10% .. 90% of each group's filters. */
    public static final List<Double> SENSITIVITY_RATIOS = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);

    /** Where long work reports, and asks whether to go on. */
    public interface Progress {
        void step(String what, int done, int total);

        default boolean cancelled() {
            return false;
        }

        /** The sensitivity measured so far (the current row partly), after each measured point, so a chart can grow. */
        default void measured(Sensitivity soFar) {
        }

        Progress NONE = (what, done, total) -> { };
    }

    /** One group's test accuracy at each ratio of its filters removed (the others untouched). */
    public record SensitivityRow(ChannelTies.Group group, List<Double> ratios, List<Double> accuracy) {
        public SensitivityRow {
            ratios = List.copyOf(ratios);
            accuracy = List.copyOf(accuracy);
        }
    }

    /** The sensitivity analysis: the unpruned accuracy, and a row per group that can lose filters. */
    public record Sensitivity(double baseline, List<SensitivityRow> rows) {
        public Sensitivity {
            rows = List.copyOf(rows);
        }
    }

    /** A smaller graph with its surviving weights. */
    public record Structured(PrunedGraph pruned, Weights weights) {
        public Graph graph() {
            return pruned.graph();
        }
    }

    private final Graph graph;
    private final ChannelTies ties;
    private final Weights weights;
    private final Map<String, double[]> norms;
    private final PruneData data;

    private PruneSession(Graph graph, ChannelTies ties, Weights weights, PruneData data) {
        this.graph = graph;
        this.ties = ties;
        this.weights = weights;
        this.norms = PrunedWeights.filterNorms(ties, weights);
        this.data = data;
    }

    /**
     * Opens {@code graph} with the weights of the model saved in {@code model}.
     *
     * @throws IOException              the model cannot be read as a DL4J model
     * @throws IllegalArgumentException the graph has errors, or the model has no weights for one of its convolutions
     */
    public static PruneSession open(Graph graph, Path model, PruneData data) throws IOException {
        ChannelTies ties = ChannelTies.of(graph);
        Weights weights = NetworkWeights.readFile(model, ParameterVertices.of(graph));
        return new PruneSession(graph, ties, weights, data);
    }

    /** The same with weights given (a network in memory). */
    public static PruneSession of(Graph graph, Weights weights, PruneData data) {
        return new PruneSession(graph, ChannelTies.of(graph), weights, data);
    }

    public Graph graph() {
        return graph;
    }

    public ChannelTies ties() {
        return ties;
    }

    public Weights weights() {
        return weights;
    }

    public PruneData data() {
        return data;
    }

    /** Each filter's L1 norm, by convolution. */
    public Map<String, double[]> filterNorms() {
        return norms;
    }

    /** The unpruned network's figures. */
    public PruneNetworks.Figures measureOriginal() {
        return measure(graph, weights);
    }

    /** Figures of {@code g} holding {@code w}: parameters, MACs, test accuracy and speed. */
    public PruneNetworks.Figures measure(Graph g, Weights w) {
        ComputationGraph net = PruneNetworks.build(g, w);
        return PruneNetworks.measure(g, GraphAnalysis.analyze(g).totals(), net, w, data);
    }

    /**
     * {@code before} and {@code after} with their speeds measured again side by side
     * ({@link PruneNetworks#compareSpeeds}): the unpruned network against {@code g} holding {@code w}.
     */
    public PruneNetworks.Figures[] withComparedSpeeds(PruneNetworks.Figures before, PruneNetworks.Figures after, Graph g,
                                                      Weights w) {
        double[] speeds = PruneNetworks.compareSpeeds(List.of(PruneNetworks.build(graph, weights), PruneNetworks.build(g, w)),
                data.test(), data.seed(), data.inputShape());
        return new PruneNetworks.Figures[] {before.withSpeed(speeds[0]), after.withSpeed(speeds[1])};
    }

    /**
     * For each group of convolutions that can lose filters, the test accuracy with each ratio of
     * its filters (smallest L1 norms first) removed and no fine-tuning.
     *
     * @throws CancellationException when {@code progress} says so
     */
    public Sensitivity sensitivity(List<Double> ratios, Progress progress) {
        List<ChannelTies.Group> groups = ties.groups().stream().filter(g -> g.removableUnits() > 0).toList();
        int total = 1 + groups.size() * ratios.size();
        int done = 0;
        progress.step("the unpruned network", done, total);
        double baseline = PruneNetworks.accuracy(PruneNetworks.build(graph, weights), data.test(), data.seed(), data.inputShape());
        List<SensitivityRow> rows = new ArrayList<>();
        for (ChannelTies.Group group : groups) {
            List<Double> accuracy = new ArrayList<>();
            for (double ratio : ratios) {
                if (progress.cancelled()) {
                    throw new CancellationException("sensitivity analysis cancelled");
                }
                progress.step(group.name() + " at " + Math.round(ratio * 100) + "%", ++done, total);
                PrunedGraph p = FilterPruning.prune(ties, FilterSelection.keep(group, norms, ratio));
                Weights w = PrunedWeights.of(p, weights);
                accuracy.add(PruneNetworks.accuracy(PruneNetworks.build(p.graph(), w), data.test(), data.seed(),
                        data.inputShape()));
                List<SensitivityRow> soFar = new ArrayList<>(rows);
                soFar.add(new SensitivityRow(group, ratios.subList(0, accuracy.size()), accuracy));
                progress.measured(new Sensitivity(baseline, soFar));
            }
            rows.add(new SensitivityRow(group, ratios, accuracy));
        }
        progress.step("done", total, total);
        return new Sensitivity(baseline, rows);
    }

    /** Every group pruned by {@code ratio} of its filters, smallest L1 norms first, with the surviving weights. */
    public Structured structured(double ratio) {
        PrunedGraph p = FilterPruning.prune(ties, FilterSelection.keepEverywhere(ties, norms, ratio));
        return new Structured(p, PrunedWeights.of(p, weights));
    }
}
