package io.layerloom.model.prune;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which filters of a graph's convolutions can be pruned, and which must go together. Every output
 * channel (or feature) of every node is traced back to the filter that makes it ({@link ChannelRole}):
 * a filter's channel passes through batch norm, activations, pooling and dropout, is spread over
 * height x width features by a Flatten, repeated by a depthwise convolution, placed at its offset
 * by a Concat, and tied by an Add or Multiply to the channels it is summed with. Filters tied
 * together form one {@link Unit}, removed whole or kept whole; a unit that reaches a layer that
 * cannot do without it ({@link ChannelRole.Kind#FIXED}) is pinned. Convolutions whose filters are
 * tied form one {@link Group}, the set a ratio applies to (a residual stage's convolutions feeding
 * one chain of Adds are one group). Pure: no weights, only the graph and its analysis.
 */
public final class ChannelTies {

    /** Filter {@code index} of the convolution {@code convolution}. */
    public record Filter(String convolution, int index) {
    }

    /**
     * Filters removed or kept together (one, unless an Add ties several), with why it cannot be
     * removed at all when that is so.
     */
    public record Unit(List<Filter> filters, Optional<String> pinnedBy) {
        public Unit {
            filters = List.copyOf(filters);
        }

        public boolean removable() {
            return pinnedBy.isEmpty();
        }
    }

    /** Convolutions whose filters are tied, with their units in the first convolution's filter order. */
    public record Group(String name, List<String> convolutions, List<Unit> units) {
        public Group {
            convolutions = List.copyOf(convolutions);
            units = List.copyOf(units);
        }

        public long removableUnits() {
            return units.stream().filter(Unit::removable).count();
        }
    }

    /** A feature that no filter makes (the input image, a Dense layer's output): never removed. */
    static final int FIXED = -1;

    private final Graph graph;
    private final Analysis analysis;
    private final Map<String, int[]> origins = new LinkedHashMap<>();
    private final List<String> producers = new ArrayList<>();
    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private final int[] producerOf;
    private final int[] channelOf;
    private final int[] parent;
    private final String[] pins;
    private final String[] tiedAt;
    private final List<Group> groups;

    private ChannelTies(Graph graph, Analysis analysis) {
        this.graph = graph;
        this.analysis = analysis;
        int total = 0;
        for (String id : analysis.topologicalOrder()) {
            Node n = graph.require(id);
            if (ChannelRoles.of(n.spec()).kind() == ChannelRole.Kind.SOURCE) {
                offsets.put(id, total);
                producers.add(id);
                total = Math.addExact(total, Math.toIntExact(width(id)));
            }
        }
        producerOf = new int[total];
        channelOf = new int[total];
        parent = new int[total];
        pins = new String[total];
        tiedAt = new String[total];
        for (int p = 0; p < producers.size(); p++) {
            int from = offsets.get(producers.get(p));
            for (int c = 0; c < width(producers.get(p)); c++) {
                producerOf[from + c] = p;
                channelOf[from + c] = c;
                parent[from + c] = from + c;
            }
        }
        for (String id : analysis.topologicalOrder()) {
            origins.put(id, trace(graph.require(id)));
        }
        groups = collectGroups();
    }

    /**
     * The ties of a graph without errors.
     *
     * @throws IllegalArgumentException the graph has errors (naming the first and the fix)
     */
    public static ChannelTies of(Graph graph) {
        Analysis analysis = GraphAnalysis.analyze(graph);
        Optional<Diagnostic> error = analysis.diagnostics().stream().filter(Diagnostic::isError).findFirst();
        if (error.isPresent()) {
            throw new IllegalArgumentException("the graph has errors, so it cannot be pruned: " + error.get().message()
                    + " Fix them first ('layerloom validate' lists them).");
        }
        return new ChannelTies(graph, analysis);
    }

    public Graph graph() {
        return graph;
    }

    public Analysis analysis() {
        return analysis;
    }

    /** The convolutions whose filters could be pruned (Conv2D, Deconv2D, SeparableConv2D), in topological order. */
    public List<String> convolutions() {
        return Collections.unmodifiableList(producers);
    }

    /** The groups of tied convolutions, in the order of their first convolution. */
    public List<Group> groups() {
        return groups;
    }

    /** The group holding {@code convolution}. */
    public Optional<Group> groupOf(String convolution) {
        return groups.stream().filter(g -> g.convolutions().contains(convolution)).findFirst();
    }

    long width(String id) {
        return analysis.node(id).flatMap(r -> r.output()).map(t -> t.dims().get(0)).orElseThrow();
    }

    private long elements(String id) {
        TensorType t = analysis.node(id).flatMap(r -> r.output()).orElseThrow();
        return t instanceof TensorType.Image i ? i.channels() * i.height() * i.width() : t.dims().get(0);
    }

    /** Per output feature of node {@code id}: the element (a convolution's filter) that makes it, or {@link #FIXED}. */
    int[] origins(String id) {
        return origins.get(id);
    }

    int offset(String convolution) {
        return offsets.get(convolution);
    }

    int find(int e) {
        while (parent[e] != e) {
            parent[e] = parent[parent[e]];
            e = parent[e];
        }
        return e;
    }

    Filter filter(int element) {
        return new Filter(producers.get(producerOf[element]), channelOf[element]);
    }

    /** Why the unit of {@code element} cannot be removed, or null. */
    String pinOf(int element) {
        return pins[find(element)];
    }

    /** The merge that tied the unit of {@code element} to others, or null. */
    String tieOf(int element) {
        return tiedAt[find(element)];
    }

    private int[] trace(Node n) {
        ChannelRole role = ChannelRoles.of(n.spec());
        List<int[]> in = n.inputs().stream().map(origins::get).toList();
        int width = Math.toIntExact(width(n.id()));
        switch (role.kind()) {
            case SOURCE -> {
                int from = offsets.get(n.id());
                int[] out = new int[width];
                Arrays.setAll(out, c -> from + c);
                return out;
            }
            case FOLLOW -> {
                if (in.get(0).length == width) {
                    return in.get(0).clone();
                }
            }
            case EXPAND -> {
                int m = role.multiplier();
                if (in.get(0).length * m == width) {
                    int[] out = new int[width];
                    Arrays.setAll(out, k -> in.get(0)[k / m]);
                    return out;
                }
            }
            case TIE -> {
                if (in.stream().allMatch(a -> a.length == width)) {
                    return tie(n, in, width);
                }
            }
            case JOIN -> {
                if (in.stream().mapToInt(a -> a.length).sum() == width) {
                    int[] out = new int[width];
                    int at = 0;
                    for (int[] a : in) {
                        System.arraycopy(a, 0, out, at, a.length);
                        at += a.length;
                    }
                    return out;
                }
            }
            case FLATTEN -> {
                int[] from = in.get(0);
                long spread = elements(n.inputs().get(0)) / Math.max(1, from.length);
                if (from.length * spread == width) {
                    int[] out = new int[width];
                    Arrays.setAll(out, k -> from[(int) (k / spread)]);
                    return out;
                }
            }
            case CONSUME -> {
                int[] out = new int[width];
                Arrays.fill(out, FIXED);
                return out;
            }
            case FIXED -> {
            }
        }
        // FIXED, or a layer whose channels do not line up as its role says: keep everything it reads.
        for (int[] a : in) {
            for (int e : a) {
                pin(e, "it reaches '" + n.id() + "' (" + n.kind().name() + "), which needs every channel it reads");
            }
        }
        int[] out = new int[width];
        Arrays.fill(out, FIXED);
        return out;
    }

    private int[] tie(Node n, List<int[]> in, int width) {
        int[] out = in.get(0).clone();
        for (int k = 0; k < width; k++) {
            int first = FIXED;
            boolean fixedHere = false;
            for (int[] a : in) {
                if (a[k] == FIXED) {
                    fixedHere = true;
                } else if (first == FIXED) {
                    first = a[k];
                } else if (find(a[k]) != find(first)) {
                    int root = find(first);
                    int other = find(a[k]);
                    parent[other] = root;
                    if (pins[root] == null) {
                        pins[root] = pins[other];
                    }
                    if (tiedAt[root] == null) {
                        tiedAt[root] = tiedAt[other] != null ? tiedAt[other] : n.id();
                    }
                }
            }
            if (fixedHere) {
                for (int[] a : in) {
                    pin(a[k], "'" + n.id() + "' (" + n.kind().name() + ") combines it with a channel no filter makes");
                }
            }
            if (first != FIXED) {
                out[k] = first;
            }
        }
        return out;
    }

    private void pin(int element, String why) {
        if (element != FIXED && pins[find(element)] == null) {
            pins[find(element)] = why;
        }
    }

    private List<Group> collectGroups() {
        int[] groupParent = new int[producers.size()];
        Arrays.setAll(groupParent, p -> p);
        for (int e = 0; e < parent.length; e++) {
            int a = rootOf(groupParent, producerOf[e]);
            int b = rootOf(groupParent, producerOf[find(e)]);
            if (a != b) {
                groupParent[Math.max(a, b)] = Math.min(a, b);
            }
        }
        Map<Integer, List<String>> convolutions = new TreeMap<>();
        Map<Integer, Map<Integer, List<Filter>>> units = new TreeMap<>();
        for (int p = 0; p < producers.size(); p++) {
            convolutions.computeIfAbsent(rootOf(groupParent, p), k -> new ArrayList<>()).add(producers.get(p));
        }
        for (int e = 0; e < parent.length; e++) {
            units.computeIfAbsent(rootOf(groupParent, producerOf[e]), k -> new LinkedHashMap<>())
                    .computeIfAbsent(find(e), k -> new ArrayList<>()).add(filter(e));
        }
        List<Group> out = new ArrayList<>();
        convolutions.forEach((root, convs) -> {
            List<Unit> us = units.getOrDefault(root, Map.of()).entrySet().stream()
                    .map(u -> new Unit(u.getValue(), Optional.ofNullable(pins[u.getKey()]))).toList();
            String name = convs.size() == 1 ? convs.get(0) : convs.get(0) + " (+" + (convs.size() - 1) + " tied)";
            out.add(new Group(name, convs, us));
        });
        return Collections.unmodifiableList(out);
    }

    private static int rootOf(int[] parent, int p) {
        while (parent[p] != p) {
            p = parent[p];
        }
        return p;
    }
}
