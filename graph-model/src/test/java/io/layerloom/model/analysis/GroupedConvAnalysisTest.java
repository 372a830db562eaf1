package io.layerloom.model.analysis;

import java.util.List;
import org.junit.jupiter.api.Test;

import static io.layerloom.model.TestGraphs.nodes;
import static org.junit.jupiter.api.Assertions.*;

/** GroupedConv2D: ResNeXt's figures, and the groups that do not divide named with a fix. */
class GroupedConvAnalysisTest {

    @Test
    void resnextsGroupedConvolutionHasItsParametersMacsAndField() {
        // ResNeXt-50 32x4d, layer2's first block: 256 channels at 56x56, groups 32, 3x3, stride 2.
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [256, 56, 56]}",
                "{\"id\": \"g\", \"kind\": \"GroupedConv2D\", \"inputs\": [\"in\"], \"filters\": 256, \"groups\": 32,"
                        + " \"kernel\": 3, \"stride\": 2, \"padding\": 1}"));
        NodeResult g = a.node("g").orElseThrow();
        assertEquals(List.of(256L, 28L, 28L), g.output().orElseThrow().dims());
        long weights = 3 * 3 * 256 * 256 / 32;
        assertEquals(new Cost(weights, 0, 256L * 28 * 28 * (256 / 32) * 3 * 3), g.cost().orElseThrow());
        assertEquals(new ReceptiveField.Local(new ReceptiveField.Axis(3, 2, 1), new ReceptiveField.Axis(3, 2, 1)),
                g.receptiveField().orElseThrow());
    }

    @Test
    void groupsThatDoNotDivideTheChannelsAreAnErrorWithTheCommonDivisors() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [12, 8, 8]}",
                "{\"id\": \"g\", \"kind\": \"GroupedConv2D\", \"inputs\": [\"in\"], \"filters\": 18, \"groups\": 5}"));
        Diagnostic d = a.diagnosticsFor("g").get(0);
        assertEquals(DiagnosticCode.GROUPS_MISMATCH, d.code());
        assertEquals("GroupedConv2D 'g': groups 5 does not divide its 12 input channels (12 / 5 is not a whole number).",
                d.message());
        assertEquals(List.of("Set groups to a divisor of both 12 and 18: 1, 2, 3, 6.",
                "Change the layer before it to give a multiple of 5 channels."), d.fixes());
        assertTrue(a.node("g").orElseThrow().output().isEmpty());
    }

    @Test
    void groupsThatDoNotDivideTheFiltersAreAnErrorOnFilters() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [8, 8, 8]}",
                "{\"id\": \"g\", \"kind\": \"GroupedConv2D\", \"inputs\": [\"in\"], \"filters\": 10, \"groups\": 4}"));
        Diagnostic d = a.diagnosticsFor("g").get(0);
        assertEquals(DiagnosticCode.GROUPS_MISMATCH, d.code());
        assertEquals(java.util.Optional.of("filters"), d.field());
        assertEquals(List.of("Set filters to a multiple of 4, such as 8 or 12.",
                "Set groups to a divisor of both 8 and 10: 1, 2."), d.fixes());
    }
}
