package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerKinds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentViewModelTest {

    private static Edit add(String id, String kind, String... inputs) {
        return new Edit.AddNode(Node.of(id, LayerKinds.byName(kind).orElseThrow().defaults(), inputs));
    }

    @Test
    void undoAndRedoAreNamedAfterTheEdit() {
        DocumentViewModel doc = DocumentViewModel.direct(Graph.empty("g"));
        assertEquals("Undo", doc.undoTextProperty().get());
        assertFalse(doc.canUndoProperty().get());

        doc.apply(add("input", "Input"));
        doc.apply(add("conv", "Conv2D", "input"));
        assertEquals("Undo Add Conv2D", doc.undoTextProperty().get());

        doc.undo();
        assertEquals("Redo Add Conv2D", doc.redoTextProperty().get());
        assertEquals(List.of("input"), doc.graph().nodes().stream().map(Node::id).toList());
        doc.redo();
        assertEquals(2, doc.graph().size());
    }

    @Test
    void theTitleCarriesTheUnsavedMarkUntilSavedOrUndoneBackToTheSavedState() {
        DocumentViewModel doc = DocumentViewModel.direct(Graph.empty("demo"));
        assertEquals("demo \u2014 LayerLoom", doc.titleProperty().get());
        doc.apply(add("input", "Input"));
        assertEquals("\u25CF demo \u2014 LayerLoom", doc.titleProperty().get());
        doc.markSaved(Path.of("/tmp/net.json"));
        assertEquals("net.json \u2014 LayerLoom", doc.titleProperty().get());
        doc.apply(add("d", "Dense", "input"));
        assertTrue(doc.isDirty());
        doc.undo();
        assertFalse(doc.isDirty());
    }

    @Test
    void theAnalysisFollowsEveryChange() {
        DocumentViewModel doc = DocumentViewModel.direct(Graph.empty("g"));
        doc.apply(add("input", "Input"));
        assertTrue(doc.analysis().node("input").isPresent());
        doc.undo();
        assertTrue(doc.analysis().node("input").isEmpty());
    }

    @Test
    void aBurstOfEditsShowsOnlyTheAnalysisOfTheNewestGraph() {
        List<Runnable> queued = new ArrayList<>();
        Executor later = queued::add;
        DocumentViewModel doc = new DocumentViewModel(Graph.empty("g"), later, Runnable::run);
        doc.apply(add("input", "Input"));
        doc.apply(add("d", "Dense", "input"));
        assertNull(doc.analysis());
        for (Runnable r : queued) {
            r.run();
        }
        assertEquals(2, doc.analysis().nodes().size());
        assertSame(doc.graph(), doc.graph());
    }

    @Test
    void selectionDropsNodesThatDisappearAndIgnoresUnknownIds() {
        DocumentViewModel doc = DocumentViewModel.direct(Graph.empty("g"));
        doc.apply(add("input", "Input"));
        doc.apply(add("d", "Dense", "input"));
        doc.select(List.of("input", "nope", "d"));
        assertEquals(List.of("input", "d"), doc.selection());
        assertEquals("d", doc.primarySelection());
        doc.apply(new Edit.RemoveNode("d"));
        assertEquals(List.of("input"), doc.selection());
        assertEquals("input", doc.primarySelection());
    }

    @Test
    void listenersOfTheSelectionSeeTheNewPrimarySelection() {
        DocumentViewModel doc = DocumentViewModel.direct(Graph.empty("g"));
        doc.apply(add("a", "Input"));
        doc.apply(add("b", "Input"));
        List<String> seen = new ArrayList<>();
        doc.selection().addListener((javafx.collections.ListChangeListener<String>) c -> seen.add(doc.primarySelection()));
        doc.select("a");
        doc.select("b");
        assertEquals(List.of("a", "b"), seen);
    }

    @Test
    void revealSelectsAndRaisesADistinctRequestEachTime() {
        DocumentViewModel doc = DocumentViewModel.direct(Graph.empty("g"));
        doc.apply(add("input", "Input"));
        doc.reveal("input");
        var first = doc.revealProperty().get();
        doc.reveal("input");
        assertEquals("input", doc.revealProperty().get().id());
        assertTrue(doc.revealProperty().get().serial() > first.serial());
        assertEquals(List.of("input"), doc.selection());
    }

    @Test
    void replacingStartsAFreshHistory() {
        DocumentViewModel doc = DocumentViewModel.direct(Graph.empty("g"));
        doc.apply(add("input", "Input"));
        doc.select("input");
        doc.replace(Graph.empty("other"), Path.of("/tmp/other.json"));
        assertFalse(doc.canUndoProperty().get());
        assertFalse(doc.isDirty());
        assertTrue(doc.selection().isEmpty());
        assertEquals("other.json \u2014 LayerLoom", doc.titleProperty().get());
    }

    @Test
    void restoredWorkStaysUnsavedUntilItIsSavedWhateverUndoDoes() {
        DocumentViewModel doc = DocumentViewModel.direct(Graph.empty("untitled"));
        Graph restored = TestGraphs.small();
        Path original = Path.of("/nets/small.json");
        doc.replaceRecovered(restored, original);
        assertEquals(restored, doc.graph());
        assertTrue(doc.isDirty(), "restored work is not on disk");
        assertEquals("\u25CF small.json \u2014 LayerLoom", doc.titleProperty().get());
        doc.apply(new Edit.RemoveNode("out"));
        doc.undo();
        assertTrue(doc.isDirty(), "undo back to the restored graph is still unsaved");
        doc.markSaved(original);
        assertFalse(doc.isDirty());
        doc.replaceRecovered(restored, null);
        doc.replace(Graph.empty("next"), null);
        assertFalse(doc.isDirty(), "a new document is not restored work");
    }
}
