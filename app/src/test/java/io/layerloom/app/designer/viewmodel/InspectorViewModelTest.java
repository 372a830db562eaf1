package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.Sides;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectorViewModelTest {

    private static Object param(DocumentViewModel d, String id, String param) {
        var n = d.graph().require(id);
        return n.kind().get(n.spec(), param);
    }

    private static ParamFieldViewModel field(InspectorViewModel inspector, String param) {
        return inspector.field(param).orElseThrow(() -> new AssertionError("no field " + param));
    }

    @Test
    void aSelectedNodeShowsItsKindInputsAndOneTypedFieldPerParameter() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        InspectorViewModel inspector = new InspectorViewModel(document);

        document.select("conv");

        assertEquals(InspectorViewModel.Mode.NODE, inspector.modeProperty().get());
        assertEquals(List.of("Conv2D", LayerKinds.byName("Conv2D").orElseThrow().summary(), "conv"),
                List.of(inspector.kindNameProperty().get(), inspector.kindSummaryProperty().get(),
                        inspector.nameTextProperty().get()));
        assertEquals(List.of("input"), inspector.inputs());
        assertEquals(List.of("filters=32", "kernel=3x3", "stride=1x1", "padding=0", "dilation=1x1", "activation=relu", "bias=true"),
                inspector.fields().stream().map(f -> f.name() + "=" + f.textProperty().get()).toList());
        assertEquals(List.of(ParamFieldViewModel.Editor.NUMBER, ParamFieldViewModel.Editor.TEXT,
                        ParamFieldViewModel.Editor.TEXT, ParamFieldViewModel.Editor.TEXT, ParamFieldViewModel.Editor.TEXT,
                        ParamFieldViewModel.Editor.CHOICE, ParamFieldViewModel.Editor.CHECK),
                inspector.fields().stream().map(ParamFieldViewModel::editor).toList());
        assertEquals("1 to 65536", field(inspector, "filters").prompt());
        assertEquals("n or h x w, 1 to 4096", field(inspector, "kernel").prompt());
    }

    @Test
    void aValidValueIsCommittedAsOneUndoableSetParam() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        InspectorViewModel inspector = new InspectorViewModel(document);
        document.select("conv");
        ParamFieldViewModel kernel = field(inspector, "kernel");

        kernel.textProperty().set("5 x 3");
        assertTrue(kernel.commit());

        assertEquals(new IntPair(5, 3), param(document, "conv", "kernel"));
        assertEquals("Undo Set kernel of conv", document.undoTextProperty().get());
        assertEquals("5x3", kernel.textProperty().get());
        document.undo();
        assertFalse(document.canUndoProperty().get()); // it was exactly one step
        assertEquals(IntPair.of(3), param(document, "conv", "kernel"));
    }

    @Test
    void anInvalidValueIsNeverAppliedAndKeepsItsMessage() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        InspectorViewModel inspector = new InspectorViewModel(document);
        document.select("conv");
        ParamFieldViewModel filters = field(inspector, "filters");
        Graph before = document.graph();

        filters.textProperty().set("0");
        assertFalse(filters.commit());
        assertEquals("Filters must be between 1 and 65,536.", filters.problemProperty().get());

        filters.textProperty().set("many");
        assertFalse(filters.commit());
        assertEquals("'many' is not a whole number (1 to 65536).", filters.problemProperty().get());
        assertEquals("many", filters.textProperty().get());
        assertEquals(before, document.graph());
        assertFalse(document.canUndoProperty().get());

        filters.textProperty().set("64");
        assertTrue(filters.commit());
        assertEquals("", filters.problemProperty().get());
        assertEquals(64L, param(document, "conv", "filters"));
    }

    @Test
    void fieldsShowTheCurrentValueAgainAfterUndoAndRedo() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        InspectorViewModel inspector = new InspectorViewModel(document);
        document.select("conv");
        ParamFieldViewModel padding = field(inspector, "padding");

        padding.textProperty().set("SAME");
        padding.commit();
        assertEquals("same", padding.textProperty().get());

        document.undo();
        assertEquals("0", field(inspector, "padding").textProperty().get());
        document.redo();
        assertEquals("same", field(inspector, "padding").textProperty().get());
        assertEquals(Padding.same(), param(document, "conv", "padding"));
    }

    @Test
    void anUndoThatChangesAFieldReplacesItsRefusedText() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        InspectorViewModel inspector = new InspectorViewModel(document);
        document.select("conv");
        field(inspector, "filters").textProperty().set("16");
        field(inspector, "filters").commit();
        ParamFieldViewModel filters = field(inspector, "filters");
        filters.textProperty().set("-1");
        filters.commit();

        document.apply(new Edit.SetParam("conv", "bias", false)); // an unrelated edit keeps the refused text
        assertEquals(List.of("-1", "Filters must be between 1 and 65,536."),
                List.of(filters.textProperty().get(), filters.problemProperty().get()));

        document.undo();
        document.undo(); // filters back to 32
        assertEquals(List.of("32", ""), List.of(filters.textProperty().get(), filters.problemProperty().get()));
    }

    @Test
    void everyParameterTypeIsReadFromText() {
        var conv = LayerKinds.byName("Conv2D").orElseThrow();
        var pad = LayerKinds.byName("ZeroPadding2D").orElseThrow();
        var input = LayerKinds.byName("Input").orElseThrow();
        var drop = LayerKinds.byName("Dropout").orElseThrow();
        assertEquals(IntPair.of(3), ParamText.parse(conv.param("kernel").orElseThrow(), "3x3").value());
        assertEquals(new IntPair(1, 7), ParamText.parse(conv.param("kernel").orElseThrow(), "[1, 7]").value());
        assertEquals(Padding.of(0), ParamText.parse(conv.param("padding").orElseThrow(), "valid").value());
        assertEquals(ActivationFunction.RELU, ParamText.parse(conv.param("activation").orElseThrow(), "relu").value());
        assertEquals(false, ParamText.parse(conv.param("bias").orElseThrow(), "false").value());
        assertEquals(new Sides(1, 2, 3, 4), ParamText.parse(pad.param("padding").orElseThrow(), "[1, 2, 3, 4]").value());
        assertEquals(Sides.of(2, 1), ParamText.parse(pad.param("padding").orElseThrow(), "2x1").value());
        assertEquals(Dims.of(3, 32, 32), ParamText.parse(input.param("shape").orElseThrow(), "3, 32, 32").value());
        assertEquals(0.25, ParamText.parse(drop.param("rate").orElseThrow(), "0.25").value());
        assertEquals("Rate must be at least 0 and less than 1.", ParamText.parse(drop.param("rate").orElseThrow(), "1").problem());
        assertEquals("Enter n or h x w, such as 3 or 3x5.", ParamText.parse(conv.param("kernel").orElseThrow(), "3x").problem());
        assertEquals("0.00001", ParamText.format(1e-5));
        assertEquals("2", ParamText.format(2.0));
        assertEquals("3x3", ParamText.format(IntPair.of(3)));
        assertEquals("same", ParamText.format(Padding.same()));
    }

    @Test
    void choicesAndChecksCommitInOneGesture() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        InspectorViewModel inspector = new InspectorViewModel(document);
        document.select("conv");

        assertTrue(field(inspector, "activation").choose("relu"));
        assertTrue(field(inspector, "bias").choose("false"));

        assertEquals(List.of(ActivationFunction.RELU, false),
                List.of(param(document, "conv", "activation"), param(document, "conv", "bias")));
        assertEquals(ActivationFunction.jsonNames(), field(inspector, "activation").choices());
    }

    @Test
    void renamingRefusesDuplicatesAndBadNamesAndKeepsTheNodeSelected() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        InspectorViewModel inspector = new InspectorViewModel(document);
        document.select("conv");

        inspector.nameTextProperty().set("flat");
        assertFalse(inspector.commitName());
        assertEquals("Another layer is already named 'flat'.", inspector.nameProblemProperty().get());
        inspector.nameTextProperty().set(" c1");
        assertFalse(inspector.commitName());
        assertEquals("The name cannot start or end with a space.", inspector.nameProblemProperty().get());
        assertFalse(document.canUndoProperty().get());

        inspector.nameTextProperty().set("c1");
        assertTrue(inspector.commitName());

        assertEquals(List.of("c1"), document.selection());
        assertEquals(List.of("c1"), document.graph().require("flat").inputs());
        assertEquals(List.of("c1", ""), List.of(inspector.nameTextProperty().get(), inspector.nameProblemProperty().get()));
        document.undo();
        assertEquals(List.of("conv"), document.graph().require("flat").inputs());
    }

    @Test
    void aNameTypedBeforeTheSelectionMovedOnRenamesTheNodeItWasTypedFor() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        InspectorViewModel inspector = new InspectorViewModel(document);
        document.select("conv");
        document.select("out");

        assertTrue(inspector.rename("conv", "features"));

        assertEquals(List.of("features"), document.graph().require("flat").inputs());
        assertEquals(List.of("out"), document.selection());
        assertEquals("out", inspector.nameTextProperty().get());
        assertFalse(inspector.rename("gone", "x"));
    }

    @Test
    void theNodesAnalysisIsShown() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        InspectorViewModel inspector = new InspectorViewModel(document);

        document.select("conv");

        assertEquals(List.of(
                new InspectorViewModel.Fact("Output shape", document.analysis().node("conv").orElseThrow().output().orElseThrow().describe()),
                new InspectorViewModel.Fact("Parameters", "320"),
                new InspectorViewModel.Fact("Trainable", "320"),
                new InspectorViewModel.Fact("Non-trainable", "0"),
                new InspectorViewModel.Fact("MACs", "195 K"),
                new InspectorViewModel.Fact("Activations", "84.50 KiB"),
                new InspectorViewModel.Fact("Receptive field", "3x3 /1")), inspector.facts());
        assertEquals(List.of(), inspector.diagnostics());

        document.apply(new Edit.SetParam("conv", "kernel", IntPair.of(30)));
        assertEquals(List.of("KERNEL_TOO_LARGE"), inspector.diagnostics().stream().map(d -> d.code().name()).toList());
        assertEquals(java.util.Arrays.asList(null, io.layerloom.model.analysis.Severity.ERROR),
                List.of("filters", "kernel").stream().map(p -> field(inspector, p).findingProperty().get()).toList());
        document.undo();
        assertEquals(null, field(inspector, "kernel").findingProperty().get());
    }

    @Test
    void nothingSelectedShowsTheGraphAndSeveralShowSummedParameters() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        InspectorViewModel inspector = new InspectorViewModel(document);

        assertEquals(InspectorViewModel.Mode.GRAPH, inspector.modeProperty().get());
        assertEquals("Small net", inspector.graphNameTextProperty().get());
        inspector.graphNameTextProperty().set("  Tiny net ");
        inspector.commitGraphName();
        assertEquals("Tiny net", document.graph().name());
        assertEquals("Undo Rename graph", document.undoTextProperty().get());

        document.select(List.of("conv", "out"));

        assertEquals(InspectorViewModel.Mode.MANY, inspector.modeProperty().get());
        assertEquals("2 layers selected", inspector.headlineProperty().get());
        assertEquals(new InspectorViewModel.Fact("Parameters", "216,650"), inspector.facts().get(0));
        assertEquals(List.of(), inspector.fields());
    }

    @Test
    void aFieldOfANodeThatWentAwayCommitsNothing() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        InspectorViewModel inspector = new InspectorViewModel(document);
        document.select("conv");
        ParamFieldViewModel filters = field(inspector, "filters");
        document.apply(new Edit.RemoveNode("conv"));
        long revision = document.revisionProperty().get();

        filters.textProperty().set("8");

        assertFalse(filters.commit());
        assertEquals(revision, document.revisionProperty().get());
        assertEquals(InspectorViewModel.Mode.GRAPH, inspector.modeProperty().get());
    }
}
