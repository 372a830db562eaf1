package io.layerloom.model.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.DiagnosticCode;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.Severity;
import io.layerloom.model.analysis.Totals;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The analysis is a total, pure function: it never throws, gives one result per node, reports
 * each problem at its root cause, and its figures add up.
 */
class AnalysisPropertiesTest {

    /** Diagnostics that judge a node's input shapes, so they need every input to be known. */
    private static final Set<DiagnosticCode> SHAPE_CODES = EnumSet.of(DiagnosticCode.WRONG_INPUT_KIND,
            DiagnosticCode.KERNEL_TOO_LARGE, DiagnosticCode.OUTPUT_SIZE_NONPOSITIVE, DiagnosticCode.MERGE_SHAPE_MISMATCH,
            DiagnosticCode.RESHAPE_MISMATCH, DiagnosticCode.VALUE_TOO_LARGE, DiagnosticCode.LOSS_ACTIVATION_MISMATCH,
            DiagnosticCode.RECEPTIVE_FIELD_MISALIGNED);

    @Provide
    Arbitrary<Graph> anyGraph() {
        return Arbitraries.oneOf(RandomGraphs.graphs(), PlausibleGraphs.graphs(), GrowthGraphs.graphs());
    }

    @Provide
    Arbitrary<Graph> plausible() {
        return PlausibleGraphs.graphs();
    }

    @Provide
    Arbitrary<Graph> growth() {
        return GrowthGraphs.graphs();
    }

    @Provide
    Arbitrary<Graph> simpleIds() {
        return RandomGraphs.graphsWithSimpleIds();
    }

    @Property(tries = 1000)
    void neverThrowsAndGivesOneResultPerNodeInNodeOrder(@ForAll("anyGraph") Graph graph) {
        Analysis analysis = GraphAnalysis.analyze(graph);

        List<NodeResult> results = analysis.nodes();
        assertEquals(graph.size(), results.size(), "one result per node");
        for (int i = 0; i < graph.size(); i++) {
            Node n = graph.nodes().get(i);
            NodeResult r = results.get(i);
            assertEquals(List.of(n.id(), n.kind().name(), n.inputs()), List.of(r.id(), r.kind(), r.inputs()),
                    "result #" + i);
            assertEquals(r.output().isPresent(), r.cost().isPresent(), "a known node has a cost: " + r);
        }
        for (Diagnostic d : analysis.diagnostics()) {
            d.node().ifPresent(id -> assertTrue(graph.contains(id), "diagnostic names a node of the graph: " + d));
        }
    }

    /**
     * A node whose output is unknown has an error of its own, lies on a cycle, or depends on a
     * node that does: nothing goes unknown without a root cause being reported.
     */
    @Property(tries = 700)
    void everyUnknownOutputHasAReportedRootCause(@ForAll("anyGraph") Graph graph) {
        Analysis analysis = GraphAnalysis.analyze(graph);
        GraphFacts facts = new GraphFacts(graph);
        Set<String> causes = new HashSet<>(facts.onCycles());
        for (Diagnostic d : analysis.diagnostics()) {
            if (d.isError() && d.code() != DiagnosticCode.DUPLICATE_ID) {
                d.node().ifPresent(causes::add);
            }
        }
        for (String id : facts.ids()) {
            NodeResult r = analysis.node(id).orElseThrow();
            if (r.known()) {
                continue;
            }
            boolean explained = causes.contains(id) || facts.ancestors(id).stream().anyMatch(causes::contains);
            assertTrue(explained, "'" + id + "' is unknown with no error on it or upstream; diagnostics: "
                    + analysis.diagnostics() + Samples.json(graph));
        }
    }

    /**
     * Root causes, not cascades: a diagnostic about a node's input shapes only appears where
     * every input is known, and a node downstream of an unknown one gets no shape diagnostic.
     */
    @Property(tries = 700)
    void shapeDiagnosticsOnlyWhereEveryInputIsKnown(@ForAll("anyGraph") Graph graph) {
        Analysis analysis = GraphAnalysis.analyze(graph);
        for (Diagnostic d : analysis.diagnostics()) {
            if (!SHAPE_CODES.contains(d.code())) {
                continue;
            }
            String id = d.node().orElseThrow(() -> new AssertionError("shape diagnostic without a node: " + d));
            Node n = graph.node(id).orElseThrow();
            for (String in : n.inputs()) {
                assertTrue(analysis.node(in).map(NodeResult::known).orElse(false),
                        "cascade: " + d + " although input '" + in + "' is unknown" + Samples.json(graph));
            }
        }
    }

    @Property(tries = 500)
    void isDeterministic(@ForAll("anyGraph") Graph graph) {
        Analysis first = GraphAnalysis.analyze(graph);
        Analysis second = GraphAnalysis.analyze(new Graph(graph.name(), graph.description(), List.copyOf(graph.nodes())));

        assertEquals(first.nodes(), second.nodes());
        assertEquals(first.diagnostics(), second.diagnostics());
        assertEquals(first.totals(), second.totals());
        assertEquals(first.topologicalOrder(), second.topologicalOrder());
    }

    /** On a valid network: every shape is known, and the totals are the sums over the nodes. */
    @Property(tries = 600)
    @StatisticsReport(onFailureOnly = true)
    void validNetworksAreFullyKnownAndTheirTotalsAddUp(@ForAll("plausible") Graph graph) {
        Analysis analysis = GraphAnalysis.analyze(graph);
        boolean valid = !analysis.hasErrors();
        Statistics.label("valid").collect(valid);
        Statistics.label("valid").coverage(c -> c.check(true).percentage(p -> p >= 90));
        if (!valid) {
            return;
        }
        long trainable = 0;
        long nonTrainable = 0;
        long macs = 0;
        for (NodeResult r : analysis.nodes()) {
            assertTrue(r.known(), "valid graph with an unknown node: " + r + Samples.json(graph));
            assertTrue(r.cost().isPresent(), "no cost: " + r);
            trainable += r.cost().get().trainableParams();
            nonTrainable += r.cost().get().nonTrainableParams();
            macs += r.cost().get().macs();
        }
        Totals t = analysis.totals();
        assertTrue(t.complete(), "totals complete");
        assertEquals(List.of(trainable, nonTrainable, macs), List.of(t.trainableParams(), t.nonTrainableParams(), t.macs()));
        assertEquals(t.trainableParams() + t.nonTrainableParams(), t.params());
        assertEquals(graph.size(), analysis.topologicalOrder().size(), "every node in the order");
        assertTrue(analysis.count(Severity.ERROR) == 0);
    }

    /**
     * A known output is a real tensor: every dimension at least 1 and its size fits a long.
     * Where 64 bits do not suffice the analysis must say VALUE_TOO_LARGE instead.
     */
    @Property(tries = 700)
    void knownOutputsHavePositiveDimensions(@ForAll("growth") Graph graph) {
        Analysis analysis = GraphAnalysis.analyze(graph);
        for (NodeResult r : analysis.nodes()) {
            r.output().ifPresent(t -> assertTrue(t.dims().stream().allMatch(d -> d >= 1),
                    "'" + r.id() + "' has output " + t.describe() + " (" + r.kind() + " after "
                            + r.inputs().stream().map(in -> analysis.node(in).flatMap(NodeResult::output)
                            .map(o -> o.describe()).orElse("?")).toList() + ")" + Samples.json(graph)));
        }
    }

    /** The totals are exact sums of the known nodes' figures: no silent wrap-around. */
    @Property(tries = 700)
    void totalsAreExactSums(@ForAll("anyGraph") Graph graph) {
        Analysis analysis = GraphAnalysis.analyze(graph);
        ExactTotals exact = ExactTotals.of(analysis.nodes());
        exact.assertMatches(analysis.totals(), Samples.json(graph));
    }

    @Provide
    Arbitrary<Graph> heavy() {
        return GrowthGraphs.heavy();
    }

    /**
     * Heavy but valid networks: each layer's MACs fit a long, and the analysis reports no
     * problem, so the totals must not wrap around to a negative or too small number.
     */
    @Property(tries = 500)
    void totalsOfHeavyNetworksDoNotWrapAround(@ForAll("heavy") Graph graph) {
        Analysis analysis = GraphAnalysis.analyze(graph);
        ExactTotals exact = ExactTotals.of(analysis.nodes());
        if (exact.fits()) {
            exact.assertMatches(analysis.totals(), "\ndiagnostics: " + analysis.diagnostics() + Samples.json(graph));
        } else {
            assertTrue(analysis.diagnostics().stream().anyMatch(d -> d.code() == DiagnosticCode.VALUE_TOO_LARGE
                    && d.node().isEmpty()), "a sum beyond 64 bits is reported" + Samples.json(graph));
            assertFalse(analysis.totals().complete(), "and the totals are not presented as complete");
        }
    }

    /** A CYCLE diagnostic shows a loop the user can follow: every arrow in it is a wire. */
    @Property(tries = 1000)
    void cycleDiagnosticsNameARealLoop(@ForAll("simpleIds") Graph graph) {
        Analysis analysis = GraphAnalysis.analyze(graph);
        GraphFacts facts = new GraphFacts(graph);
        for (Diagnostic d : analysis.diagnostics()) {
            if (d.code() != DiagnosticCode.CYCLE) {
                continue;
            }
            String text = d.message().substring(d.message().indexOf("cycle: ") + "cycle: ".length(),
                    d.message().indexOf(". Data cannot"));
            List<String> loop = List.of(text.split(" -> "));
            assertEquals(loop.get(0), loop.get(loop.size() - 1), "a loop ends where it starts: " + d.message());
            for (int i = 0; i + 1 < loop.size(); i++) {
                String from = loop.get(i);
                String to = loop.get(i + 1);
                assertTrue(facts.inputs(to).contains(from), "'" + from + "' -> '" + to + "' is not a wire, in "
                        + d.message() + Samples.json(graph));
            }
        }
    }
}
