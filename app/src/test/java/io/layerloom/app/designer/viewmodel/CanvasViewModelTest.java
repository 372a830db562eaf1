package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.LayerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanvasViewModelTest {

    private static final LayerSpec INPUT = LayerKinds.byName("Input").orElseThrow().defaults();
    private static final LayerSpec DENSE = LayerKinds.byName("Dense").orElseThrow().defaults();
    private static final LayerSpec ADD = LayerKinds.byName("Add").orElseThrow().defaults();

    private DocumentViewModel document;
    private CanvasViewModel canvas;

    /** in -> a -> b, in -> c, a and c -> sum. */
    @BeforeEach
    void given() {
        document = DocumentViewModel.direct(new Graph("g", "", List.of(
                at(Node.of("in", INPUT), 0, 0),
                at(Node.of("a", DENSE, "in"), 0, 100),
                at(Node.of("b", DENSE, "a"), 0, 200),
                at(Node.of("c", DENSE, "in"), 240, 100),
                at(Node.of("sum", ADD, "a", "c"), 0, 300))));
        canvas = new CanvasViewModel(document);
    }

    @Test
    void clickSelectsOneAndShiftClickToggles() {
        canvas.click("a", false);
        canvas.click("b", true);
        canvas.click("c", true);
        canvas.click("b", true);
        assertEquals(List.of("a", "c"), document.selection());
        canvas.click("sum", false);
        assertEquals(List.of("sum"), document.selection());
        canvas.selectArea(List.of("a", "b"), true);
        assertEquals(List.of("sum", "a", "b"), document.selection());
        canvas.selectAll();
        assertEquals(List.of("in", "a", "b", "c", "sum"), document.selection());
    }

    @Test
    void deleteRemovesTheSelectedNodesAndTheirWiresAsOneStep() {
        document.select(List.of("a", "c"));
        canvas.deleteSelection();
        assertEquals(List.of("in", "b", "sum"), ids());
        assertEquals(List.of(), document.graph().require("b").inputs());
        assertEquals(List.of(), document.graph().require("sum").inputs());
        assertEquals("Undo Delete 2 layers", document.undoTextProperty().get());
        document.undo();
        assertEquals(List.of("in", "a", "b", "c", "sum"), ids());
    }

    @Test
    void pasteGivesFreshIdsOffsetPositionsKeepsInternalWiresAndDropsOthers() {
        document.select(List.of("a", "b"));
        String copied = canvas.copySelection().orElseThrow();
        assertTrue(canvas.paste(copied));
        Graph g = document.graph();
        assertEquals(List.of("in", "a", "b", "c", "sum", "a_1", "b_1"), ids());
        assertEquals(new Node("a_1", DENSE, List.of(), Optional.of(new Position(40, 140)), Map.of()), g.require("a_1"));
        assertEquals(new Node("b_1", DENSE, List.of("a_1"), Optional.of(new Position(40, 240)), Map.of()), g.require("b_1"));
        assertEquals(List.of("a_1", "b_1"), document.selection());
        assertEquals("Undo Paste 2 layers", document.undoTextProperty().get());
        // a second paste of the same text lands further away, with the next free ids
        assertTrue(canvas.paste(copied));
        assertEquals(new Position(80, 180), document.graph().require("a_2").position().orElseThrow());
        document.undo();
        document.undo();
        assertEquals(List.of("in", "a", "b", "c", "sum"), ids());
    }

    @Test
    void cutThenPasteKeepsTheFreedIds() {
        document.select(List.of("b"));
        String cut = canvas.cutSelection().orElseThrow();
        assertEquals(List.of("in", "a", "c", "sum"), ids());
        assertTrue(canvas.paste(cut));
        assertEquals(List.of("in", "a", "c", "sum", "b"), ids());
        assertEquals(List.of(), document.graph().require("b").inputs());
    }

    @Test
    void pasteOfTextThatIsNotAGraphDoesNothing() {
        long before = document.revisionProperty().get();
        assertFalse(canvas.paste("hello"));
        assertEquals(before, document.revisionProperty().get());
    }

    @Test
    void duplicateCopiesTheSelectionWithoutTheClipboard() {
        document.select(List.of("sum"));
        canvas.duplicate();
        assertEquals(new Node("sum_1", ADD, List.of(), Optional.of(new Position(40, 340)), Map.of()),
                document.graph().require("sum_1"));
    }

    @Test
    void aDragCommitsOneSnappedMoveForTheWholeGroup() {
        Map<String, Position> starts = new LinkedHashMap<>();
        starts.put("a", new Position(0, 100));
        starts.put("c", new Position(240, 100));
        long before = document.revisionProperty().get();
        canvas.commitMove(starts, "a", 33, 48);
        assertEquals(before + 1, document.revisionProperty().get());
        assertEquals(new Position(40, 140), document.graph().require("a").position().orElseThrow());
        assertEquals(new Position(280, 140), document.graph().require("c").position().orElseThrow());
        assertEquals("Undo Move 2 nodes", document.undoTextProperty().get());
        canvas.snapToGridProperty().set(false);
        canvas.commitMove(Map.of("b", new Position(0, 200)), "b", 3, 4);
        assertEquals(new Position(3, 204), document.graph().require("b").position().orElseThrow());
        canvas.commitMove(Map.of("b", new Position(3, 204)), "b", 0, 0);
        assertEquals(before + 2, document.revisionProperty().get());
    }

    @Test
    void connectFollowsTheConnectionRules() {
        assertEquals(Optional.of("a node cannot feed itself"), canvas.refusal("b", "b"));
        assertFalse(canvas.connect("sum", "a")); // a cycle
        assertEquals(List.of("in"), document.graph().require("a").inputs());
        assertTrue(canvas.connect("b", "sum"));
        assertEquals(List.of("a", "c", "b"), document.graph().require("sum").inputs());
        canvas.disconnect("a", "sum");
        assertEquals(List.of("c", "b"), document.graph().require("sum").inputs());
    }

    @Test
    void aDroppedKindIsAddedCentredOnTheDropPointWithAFreshId() {
        Optional<String> id = canvas.addKind("Conv2D", 300, 500);
        assertEquals(Optional.of("conv2d_1"), id);
        Node added = document.graph().require("conv2d_1");
        assertEquals(new Node("conv2d_1", LayerKinds.byName("Conv2D").orElseThrow().defaults(), List.of(),
                Optional.of(new Position(180, 460)), Map.of()), added); // 300 - 224/2 = 188, snapped
        assertEquals(List.of("conv2d_1"), document.selection());
        assertEquals("Undo Add Conv2D", document.undoTextProperty().get());
        assertEquals(Optional.empty(), canvas.addKind("NoSuchKind", 0, 0));
    }

    @Test
    void autoLayoutIsOneUndoStep() {
        canvas.autoLayout();
        assertEquals("Undo Arrange automatically", document.undoTextProperty().get());
        double inY = document.graph().require("in").position().orElseThrow().y();
        double sumY = document.graph().require("sum").position().orElseThrow().y();
        assertTrue(sumY > inY);
        document.undo();
        assertEquals(new Position(0, 300), document.graph().require("sum").position().orElseThrow());
    }

    private List<String> ids() {
        return document.graph().nodes().stream().map(Node::id).toList();
    }

    private static Node at(Node n, double x, double y) {
        return n.withPosition(new Position(x, y));
    }
}
