package io.layerloom.model.analysis;

import io.layerloom.model.graph.Graph;
import java.util.List;
import org.junit.jupiter.api.Test;

import static io.layerloom.model.TestGraphs.nodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LINEAR_CHAIN: two weighted layers with nothing non-linear between them; and the empty graph's totals. */
class LinearChainTest {

    private static List<Diagnostic> chains(Analysis a) {
        return a.diagnostics().stream().filter(d -> d.code() == DiagnosticCode.LINEAR_CHAIN).toList();
    }

    @Test
    void denseIntoDenseWithTheDefaultActivationWarnsOnTheFirstWithAFix() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4]}",
                "{\"id\": \"d1\", \"kind\": \"Dense\", \"inputs\": [\"in\"], \"units\": 8}",
                "{\"id\": \"d2\", \"kind\": \"Dense\", \"inputs\": [\"d1\"], \"units\": 8, \"activation\": \"relu\"}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"d2\"]}"));
        List<Diagnostic> found = chains(a);
        assertEquals(1, found.size(), a.diagnostics().toString());
        Diagnostic d = found.get(0);
        assertEquals(Severity.WARNING, d.severity());
        assertEquals("d1", d.node().orElseThrow());
        assertEquals("activation", d.field().orElseThrow());
        assertEquals("Dense 'd1': its activation is identity and its output goes straight into Dense 'd2': "
                + "two linear layers in a row compute no more than one linear layer.", d.message());
        assertEquals(List.of("Set activation to relu.", "Or put an Activation (or BatchNorm and an Activation) between them."),
                d.fixes());
        assertEquals(0, a.count(Severity.ERROR));
    }

    @Test
    void aConvolutionThroughFlattenIntoTheOutputLayerWarnsAndNamesTheWayThrough() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1, 8, 8]}",
                "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4}",
                "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"c\"]}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"f\"]}"));
        List<Diagnostic> found = chains(a);
        assertEquals(1, found.size(), a.diagnostics().toString());
        assertTrue(found.get(0).message().contains("into Output 'o' (through Flatten 'f')"), found.get(0).message());
    }

    @Test
    void anActivationPoolingOrBatchNormBetweenThemIsEnough() {
        for (String between : List.of(
                "{\"id\": \"m\", \"kind\": \"Activation\", \"inputs\": [\"c\"]}",
                "{\"id\": \"m\", \"kind\": \"MaxPool2D\", \"inputs\": [\"c\"]}",
                "{\"id\": \"m\", \"kind\": \"BatchNorm\", \"inputs\": [\"c\"]}")) {
            Analysis a = GraphAnalysis.analyze(nodes(
                    "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1, 8, 8]}",
                    "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4}",
                    between,
                    "{\"id\": \"c2\", \"kind\": \"Conv2D\", \"inputs\": [\"m\"], \"filters\": 4, \"activation\": \"relu\"}",
                    "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"c2\"]}",
                    "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"f\"]}"));
            assertEquals(List.of(), chains(a), between);
        }
    }

    @Test
    void aReluOnTheFirstLayerIsEnough() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4]}",
                "{\"id\": \"d1\", \"kind\": \"Dense\", \"inputs\": [\"in\"], \"units\": 8, \"activation\": \"relu\"}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"d1\"]}"));
        assertEquals(List.of(), a.diagnostics());
    }

    @Test
    void anEmptyGraphsTotalsAreCompleteZeros() {
        Totals t = GraphAnalysis.analyze(Graph.empty("e")).totals();
        assertEquals(0, t.params());
        assertTrue(t.complete(), "nothing is unknown in an empty graph");
    }
}
