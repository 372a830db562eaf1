package io.layerloom.app.prune;

import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.prune.ChannelTies;
import io.layerloom.model.prune.FilterPruning;
import io.layerloom.model.prune.PrunedGraph;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Weights copied right: the filters to be removed are first made exactly inert in the original
 * network (their weights and bias zero, and the gamma and beta of the BatchNorm after them zero,
 * so their channels are zero everywhere downstream); the pruned network with the copied weights
 * must then compute what the original does, to float precision. A weight sliced from the wrong
 * axis, a BatchNorm statistic of the wrong channel or a Dense row of the wrong feature breaks it.
 */
class PrunedWeightsTest {

    private static Graph graph(String... nodes) throws Exception {
        return GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"name\": \"p\", \"nodes\": ["
                + String.join(",", nodes) + "]}", "pruned-weights-test");
    }

    private static String conv(String id, String in, int filters, int kernel, String more) {
        return "{\"id\": \"" + id + "\", \"kind\": \"Conv2D\", \"inputs\": [\"" + in + "\"], \"filters\": " + filters
                + ", \"kernel\": " + kernel + ", \"padding\": \"same\"" + more + "}";
    }

    private static String node(String id, String kind, String inputs, String more) {
        return "{\"id\": \"" + id + "\", \"kind\": \"" + kind + "\", \"inputs\": [" + inputs + "]" + more + "}";
    }

    /** Zero the given indices along {@code axis} (negative: from the end). */
    private static Weights.Array zero(Weights.Array a, int axis, Set<Integer> indices) {
        long[] shape = a.shape();
        int ax = axis < 0 ? shape.length + axis : axis;
        long inner = 1;
        for (int d = ax + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        float[] v = a.values().clone();
        for (int k = 0; k < v.length; k++) {
            if (indices.contains((int) ((k / inner) % shape[ax]))) {
                v[k] = 0;
            }
        }
        return new Weights.Array(shape, v);
    }

    /** Checks the claim for {@code g} pruned to {@code keep}; returns the pruned graph. */
    private static PrunedGraph check(Graph g, Map<String, List<Integer>> keep) {
        Dl4jCompiler.Compilation c = Dl4jCompiler.compile(g);
        ComputationGraph original = TrainingSetUp.initialise(c.require());
        ParameterVertices vertices = c.parameterVertices();
        // random BatchNorm statistics, so that a wrong channel's would show
        Weights random = NetworkWeights.read(original, vertices);
        Weights.Builder inert = Weights.builder();
        PrunedGraph p = FilterPruning.prune(ChannelTies.of(g), keep);
        Nd4j.getRandom().setSeed(7);
        for (Node n : g.nodes()) {
            for (Map.Entry<String, Weights.Array> e : random.of(n.id()).entrySet()) {
                Weights.Array a = e.getValue();
                if (n.spec() instanceof LayerSpec.BatchNorm) {
                    float[] v = Nd4j.rand(a.shape()).addi(e.getKey().equals("var") ? 0.5 : -0.5).data().asFloat();
                    a = new Weights.Array(a.shape(), v);
                    Set<Integer> dead = removedChannels(p, n.id());
                    if (e.getKey().equals("gamma") || e.getKey().equals("beta")) {
                        a = zero(a, -1, dead);
                    }
                } else if (p.removed().containsKey(n.id())) {
                    Set<Integer> dead = new HashSet<>(p.removed().get(n.id()));
                    a = switch (e.getKey()) {
                        case "W" -> zero(a, n.spec() instanceof LayerSpec.Deconv2D ? 1 : 0, dead);
                        case "pW" -> zero(a, 0, dead);
                        default -> zero(a, -1, dead);
                    };
                }
                inert.put(n.id(), e.getKey(), a);
            }
        }
        Weights before = inert.build();
        NetworkWeights.apply(original, before, vertices);
        ComputationGraph pruned = PruneNetworks.build(p.graph(), PrunedWeights.of(p, before));
        INDArray x = Nd4j.rand(new long[] {3, 2, 10, 10});
        INDArray expected = original.outputSingle(false, x);
        INDArray actual = pruned.outputSingle(false, x);
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.data().asFloat();
        float[] a = actual.data().asFloat();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-5, "output " + i);
        }
        assertTrue(pruned.numParams() < original.numParams());
        return p;
    }

    /** The channels of a BatchNorm's input that pruning removes. */
    private static Set<Integer> removedChannels(PrunedGraph p, String bn) {
        Set<Integer> kept = new HashSet<>();
        Arrays.stream(p.keptInput(bn, 0)).forEach(kept::add);
        Set<Integer> dead = new HashSet<>();
        IntStream.range(0, p.originalWidths().get(p.original().require(bn).inputs().get(0))).filter(i -> !kept.contains(i))
                .forEach(dead::add);
        return dead;
    }

    private static final String INPUT = "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [2, 10, 10]}";

    @Test
    void convolutionBatchNormFlattenDense() throws Exception {
        Graph g = graph(INPUT, conv("a", "in", 6, 3, ", \"activation\": \"relu\""),
                node("bn", "BatchNorm", "\"a\"", ""),
                node("pool", "MaxPool2D", "\"bn\"", ", \"kernel\": 2"),
                conv("b", "pool", 5, 3, ""),
                node("f", "Flatten", "\"b\"", ""),
                node("d", "Dense", "\"f\"", ", \"units\": 7, \"activation\": \"tanh\""),
                node("out", "Output", "\"d\"", ", \"units\": 3"));
        check(g, Map.of("a", List.of(0, 2, 5), "b", List.of(1, 4)));
    }

    @Test
    void residualAddThroughBatchNormWithSharedFilters() throws Exception {
        Graph g = graph(INPUT, conv("stem", "in", 4, 3, ", \"activation\": \"relu\""),
                conv("a", "stem", 4, 3, ""), node("bn_a", "BatchNorm", "\"a\"", ""),
                node("relu_a", "Activation", "\"bn_a\"", ", \"activation\": \"relu\""),
                conv("b", "relu_a", 4, 3, ""), node("bn_b", "BatchNorm", "\"b\"", ""),
                node("add", "Add", "\"relu_a\", \"bn_b\"", ""),
                node("relu", "Activation", "\"add\"", ", \"activation\": \"relu\""),
                node("gap", "GlobalAvgPool", "\"relu\"", ""),
                node("out", "Output", "\"gap\"", ", \"units\": 3"));
        check(g, Map.of("stem", List.of(1, 2), "a", List.of(0, 3), "b", List.of(0, 3)));
    }

    @Test
    void concatDepthwiseSeparableAndTransposed() throws Exception {
        Graph g = graph(INPUT, conv("a", "in", 3, 1, ""), conv("b", "in", 4, 3, ", \"activation\": \"relu\""),
                node("cat", "Concat", "\"a\", \"b\"", ""),
                node("dw", "DepthwiseConv2D", "\"cat\"", ", \"multiplier\": 2, \"kernel\": 3, \"padding\": \"same\", \"bias\": false"),
                node("sep", "SeparableConv2D", "\"dw\"", ", \"filters\": 5, \"multiplier\": 2, \"kernel\": 3, \"padding\": \"same\""),
                node("up", "Deconv2D", "\"sep\"", ", \"filters\": 4, \"kernel\": 2, \"stride\": 2"),
                node("gmp", "GlobalMaxPool", "\"up\"", ""),
                node("out", "Output", "\"gmp\"", ", \"units\": 3"));
        PrunedGraph p = check(g, Map.of("a", List.of(2), "b", List.of(0, 3), "sep", List.of(1, 2, 4), "up", List.of(0, 3)));
        assertArrayEquals(new int[] {2, 3, 6}, p.keptOutput("cat"));
    }
}
