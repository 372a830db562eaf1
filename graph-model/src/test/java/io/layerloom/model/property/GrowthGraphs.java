package io.layerloom.model.property;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.Sides;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Chains of layers that make tensors grow, every parameter inside its documented range: large
 * inputs, upsampling, transposed convolutions, padding, and Concats of a tensor with itself.
 * These reach the limits of 64-bit arithmetic, where the analysis must report VALUE_TOO_LARGE
 * rather than compute a wrapped-around size.
 */
final class GrowthGraphs {

    /**
     * @param tall grow the height only, so the width stays small and the size of the whole tensor
     *             is not what overflows first
     */
    record Grow(int kind, int size, int stride, boolean same, boolean tall) {
    }

    private static final Arbitrary<Graph> GRAPHS = graphsOnce();
    private static final Arbitrary<Graph> HEAVY = heavyOnce();

    private GrowthGraphs() {
    }

    static Arbitrary<Graph> graphs() {
        return GRAPHS;
    }

    private static Arbitrary<Graph> graphsOnce() {
        Arbitrary<Long> dim = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.longs().between(1, 1_000_000)),
                Tuple.of(1, Arbitraries.of(1L, 2L, 3L, 524_288L, 1_000_000L, 999_999L)));
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.integers().between(1, 1024)),
                Tuple.of(1, Arbitraries.of(1, 2, 3, 512, 1023, 1024)));
        Arbitrary<Grow> grow = Combinators.combine(Arbitraries.integers().between(0, 5), size,
                Arbitraries.integers().between(1, 4096), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(Grow::new);
        return Combinators.combine(dim, dim, dim, grow.list().ofMinSize(1).ofMaxSize(12))
                .as(GrowthGraphs::build).withoutEdgeCases();
    }

    /**
     * Several heavy convolutions side by side, summed by an Add: each as large as the analysis
     * accepts (output just under 2^31 values, kernel and filters at the top of their ranges), so
     * that each layer's MACs fit a long but their sum may not. Every graph is valid.
     */
    static Arbitrary<Graph> heavy() {
        return HEAVY;
    }

    private static Arbitrary<Graph> heavyOnce() {
        Arbitrary<Integer> filtersLog2 = Arbitraries.integers().between(8, 16);
        Arbitrary<Integer> kernel = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(4096, 2048, 1024)),
                Tuple.of(1, Arbitraries.integers().between(1, 4096)));
        Arbitrary<Long> channels = Arbitraries.longs().between(1, 1024);
        Arbitrary<Integer> branches = Arbitraries.integers().between(2, 8);
        return Combinators.combine(filtersLog2, kernel, channels, branches).as((f, k, c, n) -> {
            long filters = 1L << f;
            long side = (long) Math.sqrt((double) Integer.MAX_VALUE / filters);
            List<Node> nodes = new ArrayList<>();
            nodes.add(Node.of("in", new Input(Dims.of(c, side, side))));
            String[] convs = new String[n];
            for (int i = 0; i < n; i++) {
                convs[i] = "conv" + i;
                nodes.add(Node.of(convs[i], new Conv2D(filters, IntPair.of(k), IntPair.of(1), Padding.same(), IntPair.of(1),
                        ActivationFunction.RELU, true), "in"));
            }
            nodes.add(Node.of("sum", new Add(), convs));
            nodes.add(Node.of("gap", new GlobalAvgPool(), "sum"));
            nodes.add(Node.of("out", new LayerSpec.Output(10, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "gap"));
            return new Graph("heavy", "", nodes);
        }).withoutEdgeCases();
    }

    static Graph build(long c, long h, long w, List<Grow> steps) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of("in", new Input(Dims.of(c, h, w))));
        String last = "in";
        for (Grow g : steps) {
            String id = "g" + nodes.size();
            LayerSpec spec = switch (g.kind()) {
                case 0 -> new Upsampling2D(new IntPair(g.size(), g.tall() ? 1 : Math.max(1, g.size() / 2)));
                case 1 -> new Concat();
                case 2 -> new Deconv2D(g.size(), IntPair.of(g.stride()), new IntPair(g.stride(), g.tall() ? 1 : g.stride()),
                        g.same() ? Padding.same() : Padding.of(0), ActivationFunction.IDENTITY, true);
                case 3 -> new ZeroPadding2D(Sides.of(Math.min(4 * g.size(), 4096)));
                case 4 -> new Conv2D(g.stride() * 16L, IntPair.of(1), IntPair.of(1), Padding.of(0), IntPair.of(1),
                        ActivationFunction.RELU, g.same());
                default -> new BatchNorm(1e-5, 0.9);
            };
            String[] inputs = new String[g.kind() == 1 ? 2 + g.size() % 15 : 1];
            java.util.Arrays.fill(inputs, last);
            nodes.add(Node.of(id, spec, inputs));
            last = id;
        }
        nodes.add(Node.of("gap", new GlobalAvgPool(), last));
        nodes.add(Node.of("out", new LayerSpec.Output(10, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "gap"));
        return new Graph("growth", "", nodes);
    }
}
