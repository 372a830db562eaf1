package io.layerloom.app.designer;

import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A layer dragged from the palette onto the canvas with real platform drag and drop. Monocle's
 * headless drag and drop completes the drop but leaves the toolkit's drag state behind, which
 * breaks later mouse gestures in the same JVM; so this class runs in a JVM of its own (the
 * "palette-drag-and-drop" execution in app/pom.xml) and nowhere else.
 */
@ExtendWith(ApplicationExtension.class)
class PaletteDragAndDropTest {

    private DesignerWindow window;

    @Start
    void start(Stage stage) {
        window = DesignerWindow.openForTest(stage, null, new ScriptedDialogs());
    }

    private static void settle() {
        WaitForAsyncUtils.waitForFxEvents(4);
    }

    @Test
    void dragConv2DFromThePaletteOntoTheCanvas(FxRobot robot) {
        Node canvas = robot.lookup(".canvas-view").query();
        Bounds c = canvas.localToScreen(canvas.getBoundsInLocal());
        robot.drag("#palette-Conv2D", MouseButton.PRIMARY).dropTo(c.getMinX() + c.getWidth() * 0.5, c.getMinY() + c.getHeight() * 0.4);
        settle();
        assertEquals(List.of("conv2d_1"), window.document().graph().nodes().stream().map(n -> n.id()).toList());
        Bounds card = robot.lookup("#node-conv2d_1").query().localToScreen(robot.lookup("#node-conv2d_1").query().getBoundsInLocal());
        assertTrue(c.contains(card.getCenterX(), card.getCenterY()), "the new card is in view: " + card + " in " + c);
        assertTrue(window.document().graph().require("conv2d_1").position().isPresent());
        assertEquals("Undo Add Conv2D", window.document().undoTextProperty().get());
    }

}
