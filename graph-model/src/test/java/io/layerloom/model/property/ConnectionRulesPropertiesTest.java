package io.layerloom.model.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.ConnectionRules;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/** A wire the rules allow never breaks the graph; a wire they refuse is one that would. */
class ConnectionRulesPropertiesTest {

    @Provide
    Arbitrary<Graph> anyGraph() {
        return Arbitraries.oneOf(RandomGraphs.graphs(), PlausibleGraphs.graphs());
    }

    /** Node ids by index, and one id that is not in the graph. */
    private static String pick(Graph g, int i) {
        List<String> ids = g.nodes().stream().map(Node::id).distinct().toList();
        return i % (ids.size() + 1) == ids.size() ? "no such node" : ids.get(i % (ids.size() + 1));
    }

    /** A node that can take one more input, so that a good share of the wires tried are allowed. */
    private static String pickOpen(Graph g, int i) {
        List<String> open = g.nodes().stream().filter(n -> n.inputs().size() < n.kind().maxInputs())
                .map(Node::id).distinct().toList();
        return open.isEmpty() ? pick(g, i) : open.get(i % open.size());
    }

    @Property(tries = 800)
    @StatisticsReport(onFailureOnly = true)
    void anAllowedWireMakesNoCycleAndRespectsTheInputCount(@ForAll("anyGraph") Graph graph,
                                                             @ForAll @IntRange(max = 1000) int a,
                                                             @ForAll @IntRange(max = 1000) int b) {
        String from = pick(graph, a);
        String to = b % 5 == 0 ? pick(graph, b) : pickOpen(graph, b);
        boolean allowed = ConnectionRules.allowed(graph, from, to);
        Statistics.label("allowed").collect(allowed);
        Statistics.label("allowed").coverage(c -> c.check(true).percentage(p -> p >= 10));
        if (!allowed) {
            return;
        }
        boolean acyclicBefore = !new GraphFacts(graph).hasCycle();

        Graph after = new Edit.Connect(from, to).apply(graph);

        Node target = after.require(to);
        assertTrue(target.inputs().size() <= target.kind().maxInputs(),
                target.kind().name() + " '" + to + "' now has inputs " + target.inputs());
        if (acyclicBefore) {
            GraphFacts facts = new GraphFacts(after);
            assertFalse(facts.hasCycle(), "wire " + from + " -> " + to + " made a cycle");
            assertEquals(facts.ids().size(), GraphAnalysis.analyze(after).topologicalOrder().size(),
                    "the topological order covers every node");
        }
    }

    /** On a graph without duplicated ids the rules refuse exactly what the documentation says. */
    @Property(tries = 700)
    void refusesExactlyTheDocumentedWires(@ForAll("anyGraph") Graph graph,
                                          @ForAll @IntRange(max = 1000) int a,
                                          @ForAll @IntRange(max = 1000) int b) {
        GraphFacts facts = new GraphFacts(graph);
        if (facts.hasDuplicates()) {
            return;
        }
        String from = pick(graph, a);
        String to = pick(graph, b);

        Optional<String> refusal = ConnectionRules.refusal(graph, from, to);

        boolean expectAllowed = graph.contains(from) && graph.contains(to) && !from.equals(to)
                && graph.require(to).inputs().size() < graph.require(to).kind().maxInputs()
                && !graph.require(to).inputs().contains(from)
                && !dependsOnThroughAnyWire(graph, from, to);
        assertEquals(expectAllowed, refusal.isEmpty(), from + " -> " + to + ": " + refusal);
    }

    /** Whether {@code from} depends on {@code to}, following every wire that names a node. */
    private static boolean dependsOnThroughAnyWire(Graph g, String from, String to) {
        return new GraphFacts(g).dependsOn(from, to);
    }
}
