package io.layerloom.model.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.DiagnosticCode;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.report.SummaryJson;
import io.layerloom.model.report.SummaryText;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The analysis of large graphs in the shapes that were quadratic or recursive (issue 12): no
 * exception, and exactly the diagnostics each shape calls for, whatever its size. How long it
 * takes is measured by the benchmarks module (LargeGraphBenchmark), not asserted here.
 */
class LargeGraphPropertiesTest {

    @Property(tries = 15)
    void largeGraphsGetExactlyTheirDiagnostics(@ForAll LargeGraphs shape, @ForAll @IntRange(min = 6, max = 20_000) int n) {
        Graph g = shape.build(n);

        Analysis a = GraphAnalysis.analyze(g);

        assertEquals(n, a.nodes().size());
        assertEquals(expected(shape, n), counts(a), shape + " of " + n + " nodes");
        switch (shape) {
            case CHAIN -> {
                Diagnostic d = a.diagnostics().get(0);
                assertEquals("linear", d.node().orElseThrow());
                assertTrue(d.message().contains("into Output 'out' (through Dropout 'drop1'"), d.message());
                assertTrue(n - 3 <= 10 || d.message().contains(" and " + (n - 3 - 10) + " more)"), d.message());
                assertEquals(n, a.topologicalOrder().size());
            }
            case HUB -> {
                assertEquals(List.of(4L * (n - 4)), a.node("merge").orElseThrow().output().orElseThrow().dims());
                assertTrue(a.totals().complete());
            }
            case MISSING_INPUTS -> {
                // The first broken wires get the full "did you mean"; every one is reported at its own node.
                assertEquals("Dense 'layer1': its input 'layr1' does not exist. Did you mean 'layer1'?",
                        a.diagnosticsFor("layer1").get(0).message());
                assertEquals(1, a.diagnosticsFor("layer" + (n - 3)).size());
            }
            case CYCLE_THROUGH_HUB -> {
                Diagnostic d = a.diagnostics().get(0);
                assertEquals("hub", d.node().orElseThrow());
                assertTrue(d.message().contains("it is on a cycle: hub -> branch" + (n - 4) + " -> hub."), d.message());
                assertEquals(List.of("in"), a.topologicalOrder());
            }
            case DUPLICATE_IDS -> assertTrue(a.diagnostics().get(0).message().contains("node #4 has the same id as node #2"));
            default -> throw new AssertionError(shape);
        }
        String text = SummaryText.render(g, a, 32);
        assertTrue(text.contains("(" + n + " layers)"), text.lines().findFirst().orElse(""));
        assertTrue(SummaryJson.render(g, a, 32).endsWith("}\n"));
    }

    private static Map<DiagnosticCode, Long> expected(LargeGraphs shape, int n) {
        return switch (shape) {
            case CHAIN -> Map.of(DiagnosticCode.LINEAR_CHAIN, 1L);
            case HUB -> Map.of();
            case MISSING_INPUTS -> Map.of(DiagnosticCode.MISSING_INPUT, (long) n - 3);
            case CYCLE_THROUGH_HUB -> Map.of(DiagnosticCode.CYCLE, 1L);
            case DUPLICATE_IDS -> Map.of(DiagnosticCode.DUPLICATE_ID, (long) n - 3);
        };
    }

    private static Map<DiagnosticCode, Long> counts(Analysis a) {
        Map<DiagnosticCode, Long> out = new TreeMap<>();
        a.diagnostics().forEach(d -> out.merge(d.code(), 1L, Long::sum));
        return out;
    }
}
