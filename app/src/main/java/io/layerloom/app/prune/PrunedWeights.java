package io.layerloom.app.prune;

import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.graph.Node;
import io.layerloom.model.prune.ChannelTies;
import io.layerloom.model.prune.PrunedGraph;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained network's weights carried over to its pruned graph: each convolution's surviving
 * filters, BatchNorm's gamma, beta, mean and variance of the surviving channels, and the input
 * slices of every consumer (a convolution's input channels, a depthwise convolution's channels,
 * the Dense or Output weights of the surviving features after a Flatten or a global pooling).
 */
public final class PrunedWeights {

    private PrunedWeights() {
    }

    /** The weights of {@code pruned}'s smaller graph, from {@code original}'s (keyed by the original's node ids). */
    public static Weights of(PrunedGraph pruned, Weights original) {
        Weights.Builder out = Weights.builder();
        for (Node n : pruned.original().nodes()) {
            Map<String, Weights.Array> params = original.of(n.id());
            if (params.isEmpty()) {
                continue;
            }
            Map<String, Weights.Array> sliced = params;
            if (pruned.outputChanged(n.id()) || pruned.inputChanged(n.id())) {
                int[] in = n.inputs().isEmpty() ? new int[0] : pruned.keptInput(n.id(), 0);
                sliced = WeightLayouts.of(n.spec()).slice(params, in, pruned.keptOutput(n.id()));
            }
            sliced.forEach((key, array) -> out.put(n.id(), key, array));
        }
        return out.build();
    }

    /** The L1 norm of every filter of every prunable convolution, by convolution. */
    public static Map<String, double[]> filterNorms(ChannelTies ties, Weights weights) {
        Map<String, double[]> norms = new LinkedHashMap<>();
        for (String conv : ties.convolutions()) {
            Map<String, Weights.Array> params = weights.of(conv);
            if (params.isEmpty()) {
                throw new IllegalArgumentException("the model has no weights for '" + conv + "': it was not trained from "
                        + "this graph. Train it again ('layerloom train'), or give the model it was trained into (--model).");
            }
            norms.put(conv, WeightLayouts.of(ties.graph().require(conv).spec()).filterNorms(params));
        }
        return norms;
    }
}
