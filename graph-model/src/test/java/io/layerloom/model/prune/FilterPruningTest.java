package io.layerloom.model.prune;

import io.layerloom.model.TestGraphs;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.template.Templates;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FilterPruningTest {

    private static Graph smallCnn() {
        return Templates.graph(Templates.byId("small-cnn").orElseThrow());
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    private static Analysis analysed(Graph g) {
        Analysis a = GraphAnalysis.analyze(g);
        assertFalse(a.hasErrors(), () -> "errors: " + a.diagnostics());
        return a;
    }

    @Test
    void smallCnnHalvedFollowsThroughPoolingFlattenAndOutput() {
        ChannelTies ties = ChannelTies.of(smallCnn());
        assertEquals(List.of("conv1", "conv2"), ties.convolutions());
        assertEquals(List.of("conv1", "conv2"), ties.groups().stream().map(ChannelTies.Group::name).toList());
        PrunedGraph p = FilterPruning.prune(ties, Map.of("conv1", range(0, 16),
                "conv2", IntStream.range(0, 64).filter(i -> i % 2 == 0).boxed().toList()));
        Analysis a = analysed(p.graph());
        assertEquals(List.of(16L, 13L, 13L), a.node("pool1").orElseThrow().output().orElseThrow().dims());
        assertEquals(List.of(32L * 5 * 5), a.node("dropout").orElseThrow().output().orElseThrow().dims());
        assertEquals(List.of(10L), a.node("output").orElseThrow().output().orElseThrow().dims());
        // conv1 16*9+16, conv2 32*16*9+32, output 32*25*10+10
        assertEquals(160 + 4640 + 8010, a.totals().params());
        // the flattened features of channel c are c*25 .. c*25+24: the even channels' blocks
        int[] expected = IntStream.range(0, 64).filter(c -> c % 2 == 0).flatMap(c -> IntStream.range(c * 25, c * 25 + 25)).toArray();
        assertArrayEquals(expected, p.keptOutput("flatten"));
        assertArrayEquals(expected, p.keptInput("output", 0));
        assertArrayEquals(range(0, 16).stream().mapToInt(i -> i).toArray(), p.keptInput("conv2", 0));
        assertFalse(p.outputChanged("output"));
        assertTrue(p.inputChanged("output"));
    }

    /** Two convolutions, each through BatchNorm, summed: one channel set, pruned together or not at all. */
    private static Graph residual(String shortcut) {
        return TestGraphs.nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [3, 8, 8]}",
                "{\"id\": \"a\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4, \"kernel\": 3, \"padding\": \"same\"}",
                "{\"id\": \"bn_a\", \"kind\": \"BatchNorm\", \"inputs\": [\"a\"]}",
                "{\"id\": \"relu_a\", \"kind\": \"Activation\", \"inputs\": [\"bn_a\"], \"activation\": \"relu\"}",
                "{\"id\": \"b\", \"kind\": \"Conv2D\", \"inputs\": [\"relu_a\"], \"filters\": 4, \"kernel\": 3, \"padding\": \"same\"}",
                "{\"id\": \"bn_b\", \"kind\": \"BatchNorm\", \"inputs\": [\"b\"]}",
                "{\"id\": \"add\", \"kind\": \"Add\", \"inputs\": [\"" + shortcut + "\", \"bn_b\"]}",
                "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"add\"], \"filters\": 6, \"kernel\": 1}",
                "{\"id\": \"gap\", \"kind\": \"GlobalAvgPool\", \"inputs\": [\"c\"]}",
                "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"gap\"], \"units\": 3}");
    }

    @Test
    void addTiesItsInputsFiltersIntoOneGroup() {
        ChannelTies ties = ChannelTies.of(residual("relu_a"));
        assertEquals(List.of(List.of("a", "b"), List.of("c")), ties.groups().stream().map(ChannelTies.Group::convolutions).toList());
        ChannelTies.Group ab = ties.groups().get(0);
        assertEquals(4, ab.units().size());
        assertEquals(List.of(new ChannelTies.Filter("a", 2), new ChannelTies.Filter("b", 2)), ab.units().get(2).filters());

        FilterPruning.Refused alone = assertThrows(FilterPruning.Refused.class,
                () -> FilterPruning.prune(ties, Map.of("a", List.of(0, 1))));
        assertTrue(alone.getMessage().contains("meet at 'add'") && alone.getMessage().contains("remove both or keep both"),
                alone.getMessage());

        PrunedGraph p = FilterPruning.prune(ties, Map.of("a", List.of(1, 3), "b", List.of(1, 3), "c", List.of(0, 5)));
        Analysis a = analysed(p.graph());
        assertEquals(List.of(2L, 8L, 8L), a.node("add").orElseThrow().output().orElseThrow().dims());
        assertArrayEquals(new int[] {1, 3}, p.keptOutput("bn_a"));
        assertArrayEquals(new int[] {1, 3}, p.keptInput("c", 0));
        assertArrayEquals(new int[] {0, 5}, p.keptInput("out", 0));
        // a: 2*3*9+2, bn_a 4*2, b 2*2*9+2, bn_b 4*2, c 2*2+2, out 2*3+3
        assertEquals(56 + 8 + 38 + 8 + 6 + 9, a.totals().params());
    }

    @Test
    void anAddWithTheInputPinsTheFiltersItSums() {
        Graph g = TestGraphs.nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [3, 8, 8]}",
                "{\"id\": \"a\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 3, \"kernel\": 3, \"padding\": \"same\"}",
                "{\"id\": \"add\", \"kind\": \"Add\", \"inputs\": [\"in\", \"a\"]}",
                "{\"id\": \"gap\", \"kind\": \"GlobalAvgPool\", \"inputs\": [\"add\"]}",
                "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"gap\"], \"units\": 3}");
        ChannelTies ties = ChannelTies.of(g);
        assertEquals(0, ties.groups().get(0).removableUnits());
        FilterPruning.Refused e = assertThrows(FilterPruning.Refused.class, () -> FilterPruning.prune(ties, Map.of("a", List.of(0, 1))));
        assertEquals("filter 2 of 'a' cannot be removed: 'add' (Add) combines it with a channel no filter makes. "
                + "Keep it (prune other layers, or change that layer).", e.getMessage());
        assertEquals(Map.of("a", List.of(0, 1, 2)), FilterSelection.keep(ties.groups().get(0), Map.of("a", new double[3]), 0.5));
    }

    @Test
    void concatPlacesEachInputsSurvivorsAtItsOffset() {
        Graph g = TestGraphs.nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1, 8, 8]}",
                "{\"id\": \"a\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4, \"kernel\": 1}",
                "{\"id\": \"b\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 6, \"kernel\": 3, \"padding\": \"same\"}",
                "{\"id\": \"cat\", \"kind\": \"Concat\", \"inputs\": [\"a\", \"b\"]}",
                "{\"id\": \"pool\", \"kind\": \"MaxPool2D\", \"inputs\": [\"cat\"], \"kernel\": 2}",
                "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"pool\"], \"filters\": 2, \"kernel\": 3}",
                "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"c\"]}",
                "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 3}");
        PrunedGraph p = FilterPruning.prune(ChannelTies.of(g), Map.of("a", List.of(0, 2), "b", List.of(1, 3, 5)));
        Analysis a = analysed(p.graph());
        assertArrayEquals(new int[] {0, 2, 5, 7, 9}, p.keptOutput("cat"));
        assertArrayEquals(new int[] {0, 2, 5, 7, 9}, p.keptInput("c", 0));
        assertEquals(5L * 2 * 9 + 2, a.node("c").orElseThrow().cost().orElseThrow().params());
        assertEquals(Map.of("a", List.of(1, 3), "b", List.of(0, 2, 4)), p.removed());
    }

    @Test
    void aDepthwiseConvolutionRepeatsEachSurvivorMultiplierTimes() {
        Graph g = TestGraphs.nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1, 8, 8]}",
                "{\"id\": \"a\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4, \"kernel\": 1}",
                "{\"id\": \"dw\", \"kind\": \"DepthwiseConv2D\", \"inputs\": [\"a\"], \"multiplier\": 2, \"kernel\": 3}",
                "{\"id\": \"gmp\", \"kind\": \"GlobalMaxPool\", \"inputs\": [\"dw\"]}",
                "{\"id\": \"d\", \"kind\": \"Dense\", \"inputs\": [\"gmp\"], \"units\": 5}",
                "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"d\"], \"units\": 3}");
        PrunedGraph p = FilterPruning.prune(ChannelTies.of(g), Map.of("a", List.of(1, 3)));
        Analysis a = analysed(p.graph());
        assertArrayEquals(new int[] {2, 3, 6, 7}, p.keptOutput("dw"));
        assertArrayEquals(new int[] {2, 3, 6, 7}, p.keptInput("d", 0));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, p.keptInput("out", 0));
        assertEquals(List.of(4L), a.node("gmp").orElseThrow().output().orElseThrow().dims());
    }

    @Test
    void aLayerThatNeedsEveryChannelPinsTheFiltersReachingIt() {
        Graph g = TestGraphs.nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1, 8, 8]}",
                "{\"id\": \"a\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 8, \"kernel\": 1}",
                "{\"id\": \"lrn\", \"kind\": \"LocalResponseNorm\", \"inputs\": [\"a\"]}",
                "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"lrn\"]}",
                "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 3}");
        ChannelTies ties = ChannelTies.of(g);
        FilterPruning.Refused e = assertThrows(FilterPruning.Refused.class, () -> FilterPruning.prune(ties, Map.of("a", List.of(0))));
        assertTrue(e.getMessage().startsWith("filter 1 of 'a' cannot be removed: it reaches 'lrn' (LocalResponseNorm)"), e.getMessage());
    }

    @Test
    void badRequestsNameTheLayerAndTheFix() {
        ChannelTies ties = ChannelTies.of(smallCnn());
        assertEquals("there is no layer 'conv3' in Simple MNIST convnet. Did you mean 'conv1'? Its convolutions are [conv1, conv2].",
                assertThrows(FilterPruning.Refused.class, () -> FilterPruning.prune(ties, Map.of("conv3", List.of(0)))).getMessage());
        assertTrue(assertThrows(FilterPruning.Refused.class, () -> FilterPruning.prune(ties, Map.of("output", List.of(0))))
                .getMessage().startsWith("'output' is a Output, which has no filters to prune"));
        assertEquals("'conv1' has 32 filters (0..31); there is no filter 40. Give indices in that range.",
                assertThrows(FilterPruning.Refused.class, () -> FilterPruning.prune(ties, Map.of("conv1", List.of(40)))).getMessage());
        assertTrue(assertThrows(FilterPruning.Refused.class, () -> FilterPruning.prune(ties, Map.of("conv1", List.of())))
                .getMessage().startsWith("'conv1' would keep none of its 32 filters. Keep at least one"));
    }

    @Test
    void selectionRemovesTheUnitsWithTheSmallestSummedScores() {
        ChannelTies ties = ChannelTies.of(residual("relu_a"));
        Map<String, double[]> scores = new HashMap<>();
        scores.put("a", new double[] {5, 1, 1, 5});
        scores.put("b", new double[] {0, 4, 0, 9});   // sums 5, 5, 1, 14: units 2 and then 0 (stable) go
        scores.put("c", new double[] {1, 2, 3, 4, 5, 6});
        assertEquals(Map.of("a", List.of(1, 3), "b", List.of(1, 3)), FilterSelection.keep(ties.groups().get(0), scores, 0.5));
        Map<String, List<Integer>> all = FilterSelection.keepEverywhere(ties, scores, 0.9);
        assertEquals(List.of(3), all.get("a"));          // never the last filter
        assertEquals(List.of(5), all.get("c"));          // round(0.9 * 6) = 5 of 6 go
    }

    @Test
    void everyTemplatePrunedByHalfStaysValidWithTheSameOutputs() {
        for (var t : Templates.all()) {
            Graph g = Templates.graph(t);
            ChannelTies ties = ChannelTies.of(g);
            Map<String, double[]> scores = new HashMap<>();
            for (String c : ties.convolutions()) {
                double[] s = new double[Math.toIntExact(ties.width(c))];
                Arrays.setAll(s, i -> (i * 7919L) % 13);
                scores.put(c, s);
            }
            PrunedGraph p = FilterPruning.prune(ties, FilterSelection.keepEverywhere(ties, scores, 0.5));
            Analysis before = GraphAnalysis.analyze(g);
            Analysis after = analysed(p.graph());
            for (var n : g.nodes()) {
                if (g.consumers(n.id()).isEmpty()) {
                    assertEquals(before.node(n.id()).orElseThrow().output(), after.node(n.id()).orElseThrow().output(),
                            () -> t.id() + ": output " + n.id());
                }
            }
            // Dense layers keep their units and LocalResponseNorm pins what it reads: fewer, not a fixed share
            assertTrue(after.totals().params() < before.totals().params(), () -> t.id() + ": params");
            assertTrue(after.totals().macs() < before.totals().macs(), () -> t.id() + ": MACs");
        }
    }
}
