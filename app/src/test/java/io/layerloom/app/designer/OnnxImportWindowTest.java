package io.layerloom.app.designer;

import io.layerloom.codegen.onnx.OnnxTestModels;
import io.layerloom.model.graph.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** File > Import ONNX through the window's own menu, its threads and its canvas; only the file dialog is scripted. */
@ExtendWith(ApplicationExtension.class)
class OnnxImportWindowTest {

    @TempDir
    Path dir;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private DesignerWindow window;

    @Start
    void start(Stage stage) {
        window = DesignerWindow.openForTest(stage, null, dialogs);
    }

    @AfterEach
    void close() {
        WaitForAsyncUtils.asyncFx(() -> window.shutdown());
    }

    private void importThroughTheMenu(FxRobot robot) {
        robot.clickOn("File");
        robot.clickOn("Import ONNX\u2026");
    }

    @Test
    void importingThroughTheMenuShowsTheNetworkWithItsWeights(FxRobot robot) throws Exception {
        dialogs.onnxToImport.add(Optional.of(OnnxTestModels.write(dir, "cnn.onnx", OnnxTestModels.cnn())));

        importThroughTheMenu(robot);

        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.document().weights().isPresent());
        WaitForAsyncUtils.waitForFxEvents(4);
        assertEquals(List.of("input", "conv1", "pool1", "flatten", "fc"),
                window.document().graph().nodes().stream().map(Node::id).toList());
        assertTrue(robot.lookup("#node-conv1").tryQuery().isPresent(), "the imported layer is on the canvas");
        String status = robot.lookup("#status-message").queryAs(Label.class).getText();
        assertTrue(status.startsWith("Imported ") && status.contains("the weights of 2 layers"), status);
        assertFalse(robot.lookup("#status-progress").queryAs(ProgressBar.class).isVisible(), "no progress once done");
        assertEquals("cnn \u2014 LayerLoom", window.stage().getTitle());
    }

    @Test
    void aRefusedModelShowsItsReportAndLeavesTheWindowAsItWas(FxRobot robot) throws Exception {
        ModelProto m = OnnxTestModels.cnn();
        var g = m.getGraph().toBuilder();
        g.setNode(1, g.getNode(1).toBuilder().setOpType("Erf").build());
        dialogs.onnxToImport.add(Optional.of(OnnxTestModels.write(dir, "erf.onnx", m.toBuilder().setGraph(g).build())));

        importThroughTheMenu(robot);

        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !dialogs.reports.isEmpty());
        WaitForAsyncUtils.waitForFxEvents(4);
        assertTrue(dialogs.reports.get(0).contains("node 'relu1' (Erf), inputs [conv_out]: operator Erf is not supported."),
                dialogs.reports.get(0));
        assertEquals(0, window.document().graph().size());
        assertEquals("Importing erf.onnx failed: see the report",
                robot.lookup("#status-message").queryAs(Label.class).getText());
    }
}
