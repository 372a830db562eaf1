package io.layerloom.model.advice;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Block;
import io.layerloom.model.graph.BlockGeometry;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where each idea applies, and the edit that applies it. The thresholds say when a layer is
 * worth changing; every candidate is then checked by {@link EfficiencyAdvisor} on the edited
 * graph, which drops any that breaks a shape or saves nothing.
 */
final class AdviceRules {

    /**
     * A k x k convolution (k > 1) is "on many channels" when it has at least this many input
     * channels and filters. With 32 filters and k = 3 the separable pair costs at most
     * 1/9 + 1/32 = 14% of the convolution; on fewer input channels (a network's first layer, on
     * RGB) a depthwise filter sees too little, which is why MobileNet keeps its first
     * convolution full.
     */
    static final long SEPARABLE_MIN_CHANNELS = 32;
    /**
     * A bottleneck goes before a k x k convolution of at least this many input channels (ResNet
     * puts one where a stage has 256), reducing them to a quarter, never below 16; not where
     * the input already comes from a 1 x 1 convolution (it is a bottleneck already).
     */
    static final long BOTTLENECK_MIN_CHANNELS = 128;
    static final int BOTTLENECK_REDUCTION = 4;
    /**
     * A Flatten feeding Dense layers is a "large flattened map" when the map has at least
     * 2 x 2 = 4 positions: global pooling then cuts the next layer's weights at least fourfold.
     */
    static final long GLOBAL_POOL_MIN_POSITIONS = 4;
    /**
     * A 1 x 1 convolution of at least this many input channels and filters may be split into
     * {@link #GROUPS} groups (each group then still sees 16 channels or more). Only linear ones
     * without a bias: GroupedConv2D has neither, as a BatchNorm follows it in ShuffleNet and ResNeXt.
     */
    static final long GROUPED_MIN_CHANNELS = 64;
    static final int GROUPS = 4;

    /** A proposal before it is checked; {@code reshaped} are nodes whose own output shape it may change. */
    record Candidate(String id, Idea idea, List<String> nodes, String title, Edit.Batch edit, Set<String> reshaped) {
    }

    private AdviceRules() {
    }

    static List<Candidate> candidates(Graph g, Analysis a) {
        List<Candidate> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            Optional<TensorType> in = n.inputs().size() == 1 ? a.node(n.inputs().get(0)).flatMap(NodeResult::output)
                    : Optional.empty();
            if (in.isEmpty() || !(in.get() instanceof TensorType.Image img)) {
                continue;
            }
            if (n.spec() instanceof LayerSpec.Conv2D c) {
                separable(n, c, img).ifPresent(out::add);
                bottleneck(g, a, n, c, img).ifPresent(out::add);
                grouped(g, n, c, img).ifPresent(out::add);
            } else if (n.spec() instanceof LayerSpec.Flatten) {
                globalPooling(g, n, img).ifPresent(out::add);
            }
        }
        return out;
    }

    private static boolean spatial(IntPair kernel) {
        return (long) kernel.h() * kernel.w() > 1;
    }

    private static String kernel(IntPair k) {
        return k.h() + "x" + k.w();
    }

    private static Optional<Candidate> separable(Node n, LayerSpec.Conv2D c, TensorType.Image in) {
        if (!spatial(c.kernel()) || in.channels() < SEPARABLE_MIN_CHANNELS || c.filters() < SEPARABLE_MIN_CHANNELS) {
            return Optional.empty();
        }
        LayerSpec.SeparableConv2D s = new LayerSpec.SeparableConv2D(c.filters(), 1, c.kernel(), c.stride(), c.padding(),
                c.dilation(), c.activation(), c.bias());
        return Optional.of(new Candidate(Idea.DEPTHWISE_SEPARABLE.slug() + ":" + n.id(), Idea.DEPTHWISE_SEPARABLE,
                List.of(n.id()), n.id() + ": " + kernel(c.kernel()) + " Conv2D on " + in.channels() + " channels -> "
                + "depthwise " + kernel(c.kernel()) + " + pointwise 1x1 (SeparableConv2D)",
                new Edit.Batch("Make " + n.id() + " depthwise-separable", List.of(new Edit.SetSpec(n.id(), s))), Set.of()));
    }

    /**
     * The 1 x 1 convolution in groups, and ShuffleNet's channel shuffle (as many groups) right
     * after it, read by everything that read the convolution: without it, stacked grouped layers
     * would never mix their groups. The shuffle has no parameters or MACs.
     */
    private static Optional<Candidate> grouped(Graph g, Node n, LayerSpec.Conv2D c, TensorType.Image in) {
        if (spatial(c.kernel()) || c.bias() || c.activation() != ActivationFunction.IDENTITY
                || in.channels() < GROUPED_MIN_CHANNELS || c.filters() < GROUPED_MIN_CHANNELS
                || in.channels() % GROUPS != 0 || c.filters() % GROUPS != 0) {
            return Optional.empty();
        }
        LayerSpec.GroupedConv2D s = new LayerSpec.GroupedConv2D(c.filters(), GROUPS, c.kernel(), c.stride(), c.padding(),
                c.dilation());
        String id = freeId(g, n.id() + "_shuffle");
        Node shuffle = new Node(id, new LayerSpec.ChannelShuffle(GROUPS), List.of(n.id()),
                besideShown(g, n, (BlockGeometry.NODE_HEIGHT + BlockGeometry.GAP) / 2), java.util.Map.of());
        List<Edit> then = new ArrayList<>();
        then.add(new Edit.SetSpec(n.id(), s));
        for (String reader : g.consumers(n.id())) {
            List<String> inputs = g.require(reader).inputs().stream().map(i -> i.equals(n.id()) ? id : i).toList();
            then.add(new Edit.SetInputs(reader, inputs));
        }
        return Optional.of(new Candidate(Idea.GROUPED.slug() + ":" + n.id(), Idea.GROUPED, List.of(n.id()),
                n.id() + ": 1x1 Conv2D " + in.channels() + " -> " + c.filters() + " channels -> " + GROUPS
                        + " groups (GroupedConv2D) and a ChannelShuffle after it",
                new Edit.Batch("Split " + n.id() + " into " + GROUPS + " groups and shuffle its channels",
                        inBlock(g, n, shuffle, then)), Set.of()));
    }

    /**
     * Where a node added beside {@code n} goes: to its right, {@code down} pixels lower, as {@code n}
     * stands once its block is expanded (a collapsed block's members move to its card); Ctrl+L
     * tidies the rest.
     */
    private static Optional<Position> besideShown(Graph g, Node n, double down) {
        Graph shown = g.blockOf(n.id()).filter(Block::collapsed).map(b -> new Edit.Ungroup(b.id()).apply(g)).orElse(g);
        return shown.require(n.id()).position().map(p -> p.plus(BlockGeometry.NODE_WIDTH + 40, down));
    }

    /** Adds {@code added} then {@code then}, inside {@code n}'s block (collapsed again if it was) when it has one. */
    private static List<Edit> inBlock(Graph g, Node n, Node added, List<Edit> then) {
        Optional<Block> block = g.blockOf(n.id());
        List<Edit> edits = new ArrayList<>();
        block.ifPresent(b -> edits.add(new Edit.Ungroup(b.id())));
        edits.add(new Edit.AddNode(added));
        edits.addAll(then);
        block.ifPresent(b -> {
            List<String> members = new ArrayList<>(b.members());
            members.add(added.id());
            edits.add(new Edit.MakeBlock(b.id(), b.type(), members));
            if (b.collapsed()) {
                edits.add(new Edit.SetBlockCollapsed(b.id(), true));
            }
        });
        return edits;
    }

    private static Optional<Candidate> bottleneck(Graph g, Analysis a, Node n, LayerSpec.Conv2D c, TensorType.Image in) {
        long reduced = in.channels() / BOTTLENECK_REDUCTION;
        if (!spatial(c.kernel()) || in.channels() < BOTTLENECK_MIN_CHANNELS || reduced < 16 || afterPointwise(g, n)) {
            return Optional.empty();
        }
        String id = freeId(g, n.id() + "_reduce");
        String source = n.inputs().get(0);
        LayerSpec.Conv2D reduce = new LayerSpec.Conv2D(reduced, IntPair.of(1), IntPair.of(1), Padding.of(0), IntPair.of(1),
                ActivationFunction.RELU, c.bias());
        // Half a row up, where it reads the convolution's input.
        Node added = new Node(id, reduce, List.of(source), besideShown(g, n, -(BlockGeometry.NODE_HEIGHT
                + BlockGeometry.GAP) / 2), java.util.Map.of());
        List<Edit> edits = inBlock(g, n, added, List.of(new Edit.SetInputs(n.id(), List.of(id))));
        return Optional.of(new Candidate(Idea.BOTTLENECK.slug() + ":" + n.id(), Idea.BOTTLENECK, List.of(n.id()),
                n.id() + ": 1x1 Conv2D " + in.channels() + " -> " + reduced + " channels before its " + kernel(c.kernel())
                        + " Conv2D", new Edit.Batch("Add a 1x1 bottleneck before " + n.id(), edits), Set.of()));
    }

    /** Whether the convolution's input comes from a 1 x 1 convolution, through BatchNorm, activations or dropout. */
    private static boolean afterPointwise(Graph g, Node n) {
        Optional<Node> up = g.node(n.inputs().get(0));
        for (int steps = 0; up.isPresent() && steps < 8; steps++) {
            LayerSpec s = up.get().spec();
            if (s instanceof LayerSpec.Conv2D c) {
                return !spatial(c.kernel());
            }
            if (s instanceof LayerSpec.GroupedConv2D c) {
                return !spatial(c.kernel());
            }
            boolean passThrough = s instanceof LayerSpec.BatchNorm || s instanceof LayerSpec.ActivationLayer
                    || s instanceof LayerSpec.Dropout;
            if (!passThrough || up.get().inputs().size() != 1) {
                return false;
            }
            up = g.node(up.get().inputs().get(0));
        }
        return false;
    }

    private static Optional<Candidate> globalPooling(Graph g, Node flatten, TensorType.Image in) {
        if (in.height() * in.width() < GLOBAL_POOL_MIN_POSITIONS || !feedsOnlyDense(g, flatten.id(), 1)) {
            return Optional.empty();
        }
        return Optional.of(new Candidate(Idea.GLOBAL_POOLING.slug() + ":" + flatten.id(), Idea.GLOBAL_POOLING,
                List.of(flatten.id()), flatten.id() + ": Flatten of " + in.text() + " (" + in.elements() + " values) -> "
                + "GlobalAvgPool (" + in.channels() + " values) before " + String.join(", ", g.consumers(flatten.id())),
                new Edit.Batch("Replace " + flatten.id() + " with global average pooling",
                        List.of(new Edit.SetSpec(flatten.id(), new LayerSpec.GlobalAvgPool()))), Set.of(flatten.id())));
    }

    /** Whether everything that reads the node is a Dense or Output layer, or a Dropout (once) before one. */
    private static boolean feedsOnlyDense(Graph g, String id, int dropouts) {
        List<String> readers = g.consumers(id);
        if (readers.isEmpty()) {
            return false;
        }
        for (String r : readers) {
            LayerSpec s = g.require(r).spec();
            boolean ok = s instanceof LayerSpec.Dense || s instanceof LayerSpec.Output
                    || (s instanceof LayerSpec.Dropout && dropouts > 0 && feedsOnlyDense(g, r, dropouts - 1));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String freeId(Graph g, String wanted) {
        if (!g.contains(wanted) && g.block(wanted).isEmpty()) {
            return wanted;
        }
        for (int i = 2; ; i++) {
            String candidate = wanted + "_" + i;
            if (!g.contains(candidate) && g.block(candidate).isEmpty()) {
                return candidate;
            }
        }
    }
}
