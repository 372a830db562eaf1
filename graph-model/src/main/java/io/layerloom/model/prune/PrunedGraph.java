package io.layerloom.model.prune;

import io.layerloom.model.graph.Graph;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph with filters removed, and which of the original's channels (or features) each node's
 * output keeps: what copying the surviving weights needs. For a node, {@link #keptOutputs}
 * lists, in order, the indices into the original output's channel axis (features for a vector)
 * that the pruned output holds; a node's input keeps what the node feeding it outputs.
 *
 * @param original the graph pruned
 * @param graph    the smaller graph: the same nodes and wires, convolutions with fewer filters
 * @param removed  per convolution that lost filters, the original indices of those removed
 */
public record PrunedGraph(Graph original, Graph graph, Map<String, List<Integer>> removed,
                          Map<String, int[]> keptOutputs, Map<String, Integer> originalWidths) {

    public PrunedGraph {
        removed = Collections.unmodifiableMap(new LinkedHashMap<>(removed));
        keptOutputs = Collections.unmodifiableMap(new LinkedHashMap<>(keptOutputs));
        originalWidths = Collections.unmodifiableMap(new LinkedHashMap<>(originalWidths));
    }

    /** The original indices of the channels (features) node {@code id} still outputs; a copy. */
    public int[] keptOutput(String id) {
        int[] kept = keptOutputs.get(id);
        if (kept == null) {
            throw new IllegalArgumentException("no node '" + id + "' in the pruned graph");
        }
        return kept.clone();
    }

    /** The original indices of the channels (features) input {@code k} of node {@code id} still gives it. */
    public int[] keptInput(String id, int k) {
        return keptOutput(original.require(id).inputs().get(k));
    }

    /** Whether node {@code id}'s output lost any channel. */
    public boolean outputChanged(String id) {
        return keptOutputs.get(id).length != originalWidths.get(id);
    }

    /** Whether any input of node {@code id} lost a channel. */
    public boolean inputChanged(String id) {
        return original.require(id).inputs().stream().anyMatch(this::outputChanged);
    }
}
