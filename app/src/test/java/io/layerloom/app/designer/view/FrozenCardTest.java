package io.layerloom.app.designer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import atlantafx.base.theme.PrimerLight;
import io.layerloom.app.designer.viewmodel.CanvasViewModel;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.LayerKinds;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** "Freeze up to Here" from the canvas menu, as a user does it, and the padlock on the frozen cards. */
@ExtendWith(ApplicationExtension.class)
class FrozenCardTest {

    private DocumentViewModel document;
    private CanvasView canvas;

    /** in -> conv -> flat -> out. */
    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        document = DocumentViewModel.direct(new Graph("t", "", List.of(
                node("in", "Input", 40, null), node("conv", "Conv2D", 180, "in"),
                node("flat", "Flatten", 320, "conv"), node("out", "Output", 460, "flat"))));
        canvas = new CanvasView(new CanvasViewModel(document));
        stage.setScene(new Scene(canvas, 500, 620));
        stage.show();
    }

    private static Node node(String id, String kind, double y, String input) {
        Node n = input == null ? Node.of(id, LayerKinds.byName(kind).orElseThrow().defaults())
                : Node.of(id, LayerKinds.byName(kind).orElseThrow().defaults(), input);
        return n.withPosition(new Position(40, y));
    }

    /** Which cards show the padlock, by node id. */
    private List<String> locked(FxRobot robot) {
        return robot.lookup(".node-lock").queryAll().stream().filter(javafx.scene.Node::isVisible)
                .map(l -> ((NodeView) l.getParent()).nodeId()).sorted().toList();
    }

    @Test
    void freezeUpToHereLocksTheSelectionAndWhatFeedsItAsOneUndoableStep(FxRobot robot) throws Exception {
        robot.clickOn("#node-flat", MouseButton.SECONDARY);
        robot.clickOn("Freeze up to Here");
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals(List.of(true, false, true, true), document.graph().nodes().stream().map(Node::trainable).toList());
        assertEquals(List.of("conv"), locked(robot));
        assertEquals("Undo Freeze conv", document.undoTextProperty().get());
        String shot = System.getProperty("layerloom.frozenShot");
        if (shot != null) {
            robot.interact(() -> {
                try {
                    PngFiles.write(canvas.snapshot(null, null), Path.of(shot));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        robot.interact(document::undo);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), locked(robot));
    }
}
