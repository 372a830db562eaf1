package io.layerloom.model.prune;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.util.Suggest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Structured (filter) pruning as a graph transformation: given the filters each convolution keeps,
 * the smaller graph, in which every consumer reads only the surviving channels. Only convolutions'
 * filter counts change; every other node's shape follows from its input, so BatchNorm, pooling,
 * depthwise convolutions, Concat offsets, a Flatten's features and the Dense after it all shrink
 * with it, and the Output's classes never change.
 */
public final class FilterPruning {

    /** The filters asked for cannot be removed; the message names the layer and the fix. */
    public static final class Refused extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private FilterPruning() {
    }

    /**
     * The graph of {@code ties} with only the filters {@code keep} lists, per convolution (those it
     * does not name keep all their filters).
     *
     * @throws Refused a name is not a prunable convolution, an index is out of range, a convolution
     *                 would keep no filter, tied filters are not removed together, or a filter is pinned
     */
    public static PrunedGraph prune(ChannelTies ties, Map<String, ? extends Collection<Integer>> keep) {
        Graph graph = ties.graph();
        int total = ties.convolutions().stream().mapToInt(c -> Math.toIntExact(ties.width(c))).sum();
        boolean[] removed = new boolean[total];
        Map<String, List<Integer>> removedByConv = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Collection<Integer>> e : keep.entrySet()) {
            String conv = e.getKey();
            checkConvolution(ties, conv);
            int filters = Math.toIntExact(ties.width(conv));
            TreeSet<Integer> kept = new TreeSet<>();
            for (int index : e.getValue()) {
                if (index < 0 || index >= filters) {
                    throw new Refused("'" + conv + "' has " + filters + " filters (0.." + (filters - 1) + "); there is no filter "
                            + index + ". Give indices in that range.");
                }
                kept.add(index);
            }
            if (kept.isEmpty()) {
                throw new Refused("'" + conv + "' would keep none of its " + filters + " filters. Keep at least one "
                        + "(a lower ratio), or delete the layer in the designer.");
            }
            List<Integer> gone = new ArrayList<>();
            for (int c = 0; c < filters; c++) {
                if (!kept.contains(c)) {
                    removed[ties.offset(conv) + c] = true;
                    gone.add(c);
                }
            }
            if (!gone.isEmpty()) {
                removedByConv.put(conv, gone);
            }
        }
        checkUnits(ties, removed);
        Map<String, int[]> keptOutputs = new LinkedHashMap<>();
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (String id : ties.analysis().topologicalOrder()) {
            int[] origins = ties.origins(id);
            widths.put(id, origins.length);
            keptOutputs.put(id, java.util.stream.IntStream.range(0, origins.length)
                    .filter(k -> origins[k] == ChannelTies.FIXED || !removed[origins[k]]).toArray());
        }
        List<Node> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            List<Integer> gone = removedByConv.get(n.id());
            if (gone == null) {
                nodes.add(n);
            } else {
                long filters = ties.width(n.id()) - gone.size();
                nodes.add(n.withSpec(n.kind().with(n.spec(), "filters", filters)));
            }
        }
        return new PrunedGraph(graph, graph.withNodes(nodes), removedByConv, keptOutputs, widths);
    }

    private static void checkConvolution(ChannelTies ties, String conv) {
        if (ties.convolutions().contains(conv)) {
            return;
        }
        Graph graph = ties.graph();
        if (!graph.contains(conv)) {
            throw new Refused("there is no layer '" + conv + "' in " + graph.name() + "."
                    + Suggest.didYouMean(conv, ties.convolutions()) + " Its convolutions are " + ties.convolutions() + ".");
        }
        LayerSpec spec = graph.require(conv).spec();
        throw new Refused("'" + conv + "' is a " + spec.kind().name() + ", which has no filters to prune: only Conv2D, "
                + "Deconv2D and SeparableConv2D layers have. Its convolutions are " + ties.convolutions() + ".");
    }

    /** Tied filters go together; pinned ones stay. */
    private static void checkUnits(ChannelTies ties, boolean[] removed) {
        Map<Integer, Integer> removedOf = new LinkedHashMap<>();
        Map<Integer, Integer> keptOf = new LinkedHashMap<>();
        for (int e = 0; e < removed.length; e++) {
            (removed[e] ? removedOf : keptOf).putIfAbsent(ties.find(e), e);
        }
        for (Map.Entry<Integer, Integer> r : removedOf.entrySet()) {
            int e = r.getValue();
            ChannelTies.Filter f = ties.filter(e);
            String pin = ties.pinOf(e);
            if (pin != null) {
                throw new Refused("filter " + f.index() + " of '" + f.convolution() + "' cannot be removed: " + pin
                        + ". Keep it (prune other layers, or change that layer).");
            }
            Integer other = keptOf.get(r.getKey());
            if (other != null) {
                ChannelTies.Filter k = ties.filter(other);
                throw new Refused("filter " + f.index() + " of '" + f.convolution() + "' and filter " + k.index() + " of '"
                        + k.convolution() + "' meet at '" + ties.tieOf(e) + "', which needs its inputs' channels alike: "
                        + "remove both or keep both (prune the group '" + ties.groupOf(f.convolution()).orElseThrow().name()
                        + "' as one).");
            }
        }
    }
}
