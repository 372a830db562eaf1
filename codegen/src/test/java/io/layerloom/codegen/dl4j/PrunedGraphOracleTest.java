package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.prune.ChannelTies;
import io.layerloom.model.prune.FilterPruning;
import io.layerloom.model.prune.FilterSelection;
import io.layerloom.model.prune.PrunedGraph;
import io.layerloom.model.template.Templates;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pruning keeps the graph valid and the DL4J oracle agreeing: every template with 30% of each
 * group's filters removed (scores that differ from filter to filter, so that the survivors are
 * scattered, not a prefix) compiles, and DL4J's own shapes, parameter counts and forward pass
 * equal the pruned graph's analysis, through residual Adds, Inception Concats, dense blocks and
 * depthwise-separable stacks.
 */
class PrunedGraphOracleTest {

    static Stream<String> templates() {
        return Templates.all().stream().map(t -> t.id());
    }

    @ParameterizedTest
    @MethodSource("templates")
    void prunedTemplateAgreesWithDl4j(String id) {
        Graph g = Templates.graph(Templates.byId(id).orElseThrow());
        ChannelTies ties = ChannelTies.of(g);
        Map<String, double[]> scores = new HashMap<>();
        for (String c : ties.convolutions()) {
            double[] s = new double[Math.toIntExact(GraphAnalysis.analyze(g).node(c).orElseThrow().output().orElseThrow().dims().get(0))];
            Arrays.setAll(s, i -> (i * 7919L + c.length()) % 17);
            scores.put(c, s);
        }
        PrunedGraph p = FilterPruning.prune(ties, FilterSelection.keepEverywhere(ties, scores, 0.3));
        long before = GraphAnalysis.analyze(g).totals().params();
        // a forward pass on the small ones; the big ones' shapes and counts (their forward passes take minutes here)
        boolean small = before < 5_000_000;
        Dl4jOracle.check(p.graph(), small);
        assertTrue(GraphAnalysis.analyze(p.graph()).totals().params() < before, id);
    }
}
