package io.layerloom.model.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.model.TestGraphs;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Cost;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.DiagnosticCode;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.Severity;
import io.layerloom.model.analysis.Totals;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.report.SummaryJson;
import io.layerloom.model.report.SummaryText;
import io.layerloom.model.template.Templates;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code "trainable": false}: the field, its edits, and how the analysis and summaries count frozen layers. */
class FrozenLayersTest {

    private static final Graph TINY = TestGraphs.parse(TestGraphs.TINY);

    private static Graph frozenTiny() {
        return Edit.SetTrainable.freezeUpTo(TINY, List.of("c1")).apply(TINY);
    }

    @Test
    void theFieldIsWrittenOnlyWhenFalseAndReadBack() throws GraphFormatException {
        Graph frozen = frozenTiny();
        String text = GraphJson.write(frozen);

        assertEquals(2, text.split("\"trainable\": false", -1).length - 1, text);
        assertTrue(text.contains("\n    {\"id\": \"c1\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 8, \"kernel\": 5, "
                + "\"stride\": 1, \"padding\": 0, \"dilation\": 1, \"activation\": \"relu\", \"bias\": true, \"trainable\": false},\n"), text);
        assertEquals(frozen, GraphJson.read(text, "frozen.json"));
        assertEquals(GraphJson.write(TINY), GraphJson.write(Edit.SetTrainable.unfreezeAll(frozen).apply(frozen)));
    }

    @Test
    void trueIsTheDefaultAndEveryTemplateKeepsItsBytes() throws GraphFormatException {
        Graph explicit = TestGraphs.nodes("{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4], \"trainable\": true}");
        assertEquals(Node.of("in", new LayerSpec.Input(new io.layerloom.model.layer.Dims(List.of(4L)))),
                explicit.nodes().get(0));
        for (var t : Templates.all()) {
            Graph g = Templates.graph(t);
            String text = GraphJson.write(g);
            assertFalse(text.contains("\"trainable\":"), t.id());
            assertEquals(text, GraphJson.write(GraphJson.read(text, t.id())));
        }
    }

    @Test
    void aValueThatIsNotABooleanIsRefusedNamingTheNodeAndField() {
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> GraphJson.read(
                "{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": [\n"
                        + "{\"id\": \"c1\", \"kind\": \"Dense\", \"units\": 4, \"trainable\": \"no\"}]}", "bad.json"));
        assertEquals("bad.json:2:56: node 'c1': field 'trainable': must be true or false (false freezes the layer), "
                + "got a string \"no\". Write \"trainable\": false, without quotes, or leave the field out.", e.getMessage());
    }

    @Test
    void frozenParametersCountAsNonTrainable() {
        Analysis a = GraphAnalysis.analyze(frozenTiny());

        assertEquals(new Totals(11738, 11530, 208, 126720, 3136, 2 * 4 * (4608 + 1152 + 1152 + 10), 4 * 11738, true, 208, 4 * 4608),
                a.totals());
        assertEquals(Optional.of(new Cost(0, 208, 115200)), a.node("c1").flatMap(NodeResult::cost));
        assertEquals(Optional.of(new Cost(11530, 0, 11520)), a.node("out").flatMap(NodeResult::cost));
    }

    @Test
    void freezingALayerWithoutParametersIsAnInfoNotAnError() {
        Analysis a = GraphAnalysis.analyze(frozenTiny());

        assertEquals(List.of(Diagnostic.of(DiagnosticCode.FROZEN_NO_PARAMS, "in", "trainable",
                        "Input 'in': it has no parameters, so freezing it changes nothing.",
                        List.of("Leave it as it is, or set \"trainable\" back to true."))),
                a.diagnostics());
        assertEquals(Severity.INFO, a.diagnostics().get(0).severity());
        assertFalse(a.hasErrors());
    }

    @Test
    void freezeUpToHereTakesTheSelectionAndEverythingItDependsOnInFileOrder() {
        Graph g = TestGraphs.nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4]}",
                "{\"id\": \"a\", \"kind\": \"Dense\", \"inputs\": [\"in\"], \"units\": 4}",
                "{\"id\": \"b\", \"kind\": \"Dense\", \"inputs\": [\"in\"], \"units\": 4}",
                "{\"id\": \"m\", \"kind\": \"Add\", \"inputs\": [\"b\", \"a\"]}",
                "{\"id\": \"side\", \"kind\": \"Dense\", \"inputs\": [\"in\"], \"units\": 4}",
                "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"m\"], \"units\": 2}");

        Edit.SetTrainable edit = Edit.SetTrainable.freezeUpTo(g, List.of("m", "ghost"));

        assertEquals(new Edit.SetTrainable(Set.of("in", "a", "b", "m"), false), edit);
        assertEquals(List.of("in", "a", "b", "m"), List.copyOf(edit.ids()));
        assertEquals("Freeze 4 nodes", edit.description());
        Graph frozen = edit.apply(g);
        assertEquals(List.of(false, false, false, false, true, true), frozen.nodes().stream().map(Node::trainable).toList());
        assertEquals("Unfreeze 4 nodes", Edit.SetTrainable.unfreezeAll(frozen).description());
        assertEquals("Freeze out", new Edit.SetTrainable(Set.of("out"), false).description());
    }

    @Test
    void freezingIsOneUndoableStep() {
        History h = new History(TINY);
        h.apply(Edit.SetTrainable.freezeUpTo(TINY, List.of("out")));
        assertEquals(List.of(false, false, false, false, false), h.current().nodes().stream().map(Node::trainable).toList());
        h.undo();
        assertEquals(TINY, h.current());
    }

    @Test
    void theSummariesShowTheSplit() {
        Graph frozen = frozenTiny();
        Analysis a = GraphAnalysis.analyze(frozen);
        String text = SummaryText.render(frozen, a, 32);
        String json = SummaryJson.render(frozen, a, 32);

        assertTrue(text.contains("c1 (Conv2D, frozen)"), text);
        assertTrue(text.contains(String.format("%-30s %s%n%-30s %s%n%-30s %s%n", "Trainable params:", "11,530",
                "Non-trainable params:", "208", "Frozen params:", "208 (in non-trainable; \"trainable\": false)")), text);
        assertTrue(json.contains("\"trainableParams\": 0, \"macs\": 115200, \"receptiveField\": {\"size\": [5, 5], "
                + "\"stride\": [1, 1], \"padding\": [0, 0]}, \"trainable\": false}"), json);
        assertTrue(json.contains("\"totals\": {\"params\": 11738, \"trainableParams\": 11530, \"nonTrainableParams\": 208, "
                + "\"macs\": 126720, \"complete\": true, \"frozenParams\": 208}"), json);
        assertFalse(SummaryText.render(TINY, GraphAnalysis.analyze(TINY), 32).contains("Frozen"));
    }

    @Test
    void nodeKeepsItsFrozenStateThroughOtherChanges() {
        Node n = new Node("d", new LayerSpec.Dense(3, io.layerloom.model.layer.ActivationFunction.RELU, true), List.of("in"),
                Optional.empty(), Map.of()).withTrainable(false);
        assertFalse(n.withId("e").withInputs(List.of()).withPosition(new Position(1, 2)).withUnknownFields(Map.of())
                .trainable());
    }
}
