package io.layerloom.model.graph;

import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HistoryTest {

    private static Graph base() {
        return new Graph("g", "", List.of(
                Node.of("in", new LayerSpec.Input(Dims.of(4))),
                Node.of("d", LayerKinds.of(LayerSpec.Dense.class).defaults(), "in")));
    }

    @Test
    void undoAndRedoWalkTheStepsWithTheirDescriptions() {
        History h = new History(base());
        Graph g0 = h.current();
        h.apply(new Edit.AddNode(Node.of("o", LayerKinds.of(LayerSpec.Output.class).defaults(), "d")));
        Graph g1 = h.current();
        h.apply(new Edit.SetParam("d", "units", 128L));
        Graph g2 = h.current();
        assertEquals(128L, ((LayerSpec.Dense) g2.require("d").spec()).units());
        assertEquals("Set units of d", h.undoDescription().orElseThrow());
        assertEquals(g1, h.undo());
        assertEquals("Add Output", h.undoDescription().orElseThrow());
        assertEquals("Set units of d", h.redoDescription().orElseThrow());
        assertEquals(g0, h.undo());
        assertFalse(h.canUndo());
        assertEquals(g1, h.redo());
        assertEquals(g2, h.redo());
        assertFalse(h.canRedo());
    }

    @Test
    void aNewEditDropsTheRedoSteps() {
        History h = new History(base());
        h.apply(new Edit.Rename("d", "dense"));
        h.undo();
        h.apply(Edit.Move.one("d", new Position(5, 5)));
        assertFalse(h.canRedo());
        assertEquals("Move d", h.undoDescription().orElseThrow());
    }

    @Test
    void theSavedMarkFollowsUndo() {
        History h = new History(base());
        assertFalse(h.isDirty());
        h.apply(new Edit.Rename("d", "dense"));
        assertTrue(h.isDirty());
        h.markSaved();
        assertFalse(h.isDirty());
        h.undo();
        assertTrue(h.isDirty());
        h.redo();
        assertFalse(h.isDirty());
        h.undo();
        h.apply(new Edit.Rename("d", "other"));
        assertTrue(h.isDirty(), "the saved step is gone from the history");
    }

    @Test
    void anEditThatChangesNothingIsNotAStep() {
        History h = new History(base());
        long r = h.revision();
        h.apply(new Edit.SetParam("d", "activation", ActivationFunction.IDENTITY));
        assertEquals(r, h.revision());
        assertFalse(h.canUndo());
    }

    @Test
    void listenersHearEveryChangeAndCannotEditWhileNotified() {
        History h = new History(base());
        List<Long> seen = new ArrayList<>();
        h.addListener(() -> seen.add(h.revision()));
        h.addListener(() -> assertThrows(IllegalStateException.class, () -> h.apply(new Edit.RenameGraph("x"))));
        h.apply(new Edit.RenameGraph("renamed"));
        h.undo();
        h.redo();
        h.markSaved();
        assertEquals(List.of(1L, 2L, 3L, 4L), seen);
    }

    @Test
    void theOldestStepsAreForgottenBeyondTheLimit() {
        History h = new History(base(), 3);
        for (int i = 0; i < 5; i++) {
            h.apply(new Edit.RenameGraph("n" + i));
        }
        h.undo();
        h.undo();
        assertFalse(h.canUndo());
        assertEquals("n2", h.current().name());
        assertTrue(h.isDirty());
    }

    @Test
    void removingANodeRemovesItsWiresInTheSameStep() {
        History h = new History(base());
        h.apply(new Edit.AddNode(Node.of("o", LayerKinds.of(LayerSpec.Output.class).defaults(), "d")));
        h.apply(new Edit.RemoveNode("d"));
        assertEquals(List.of(), h.current().require("o").inputs());
        assertEquals("Delete d", h.undoDescription().orElseThrow());
        assertEquals(List.of("d"), h.undo().require("o").inputs());
    }

    @Test
    void renameUpdatesEveryWire() {
        Graph g = new Edit.Batch("Add two", List.of(
                new Edit.AddNode(Node.of("a", new LayerSpec.Add(), "in", "d")),
                new Edit.Rename("in", "input"))).apply(base());
        assertEquals(List.of("input", "d"), g.require("a").inputs());
        assertEquals(List.of("input"), g.require("d").inputs());
    }

    @Test
    void editsThatDoNotFitTheGraphAreProgrammerErrors() {
        Graph g = base();
        assertThrows(IllegalArgumentException.class, () -> new Edit.RemoveNode("nope").apply(g));
        assertThrows(IllegalArgumentException.class, () -> new Edit.AddNode(Node.of("d", new LayerSpec.Flatten())).apply(g));
        assertThrows(IllegalArgumentException.class, () -> new Edit.Disconnect("d", "in").apply(g));
        assertThrows(IllegalArgumentException.class, () -> new Edit.SetParam("d", "filters", 3L).apply(g));
        assertThrows(IllegalArgumentException.class, () -> new Edit.Rename("d", "in").apply(g));
        assertThrows(IllegalArgumentException.class, () -> new Edit.Move(Map.of("x", new Position(0, 0))).apply(g));
    }
}
