package io.layerloom.app.designer.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.model.graph.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inspector's Trainable check box and the canvas's Freeze up to Here / Unfreeze All, each one undoable edit. */
class FreezeViewModelTest {

    private static List<Boolean> trainable(DocumentViewModel d) {
        return d.graph().nodes().stream().map(Node::trainable).toList();
    }

    @Test
    void theInspectorFreezesAndUnfreezesTheInspectedNode() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        InspectorViewModel inspector = new InspectorViewModel(document);
        document.select("conv");
        assertTrue(inspector.trainableProperty().get());

        inspector.setTrainable(false);

        assertEquals(List.of(true, false, true, true), trainable(document));
        assertFalse(inspector.trainableProperty().get());
        assertEquals("Undo Freeze conv", document.undoTextProperty().get());
        document.undo();
        assertTrue(inspector.trainableProperty().get());
        assertEquals(List.of(true, true, true, true), trainable(document));
    }

    @Test
    void freezeUpToHereAndUnfreezeAllAreOneStepEach() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        CanvasViewModel canvas = new CanvasViewModel(document);
        document.select("flat");

        canvas.freezeUpToSelection();
        // in, conv, flat, out: only the layer with parameters is marked
        assertEquals(List.of(true, false, true, true), trainable(document));
        assertEquals("Undo Freeze conv", document.undoTextProperty().get());
        canvas.unfreezeAll();
        assertEquals(List.of(true, true, true, true), trainable(document));
        assertEquals("Undo Unfreeze conv", document.undoTextProperty().get());
        document.undo();
        assertEquals(List.of(true, false, true, true), trainable(document));
    }
}
