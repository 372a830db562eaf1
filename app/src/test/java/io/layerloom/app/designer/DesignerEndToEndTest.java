package io.layerloom.app.designer;

import javafx.css.PseudoClass;
import io.layerloom.app.designer.viewmodel.DataChoice;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
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

/**
 * The whole window, headless, the way a user drives it: palette, canvas, inspector, Problems,
 * undo, save and reopen, and one epoch of training. The window is the application's own
 * ({@link DesignerWindow}); only the file dialogs are answered by a script.
 */
@ExtendWith(ApplicationExtension.class)
class DesignerEndToEndTest {

    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

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

    private static void settle() {
        WaitForAsyncUtils.waitForFxEvents(4);
    }

    private Graph graph() {
        return window.document().graph();
    }

    private String shapeOf(FxRobot robot, String id) {
        return robot.lookup("#node-" + id + " .node-shape").queryAs(Label.class).getText();
    }

    /** Adds a kind from the palette with nothing selected: unwired, below the lowest layer. */
    private void addUnwired(FxRobot robot, String kind) {
        WaitForAsyncUtils.asyncFx(() -> window.document().clearSelection());
        settle();
        robot.doubleClickOn(robot.lookup("#palette-search").queryAs(TextField.class));
        robot.write(kind);
        robot.doubleClickOn("#palette-" + kind);
        settle();
    }

    private void wire(FxRobot robot, String from, String to) {
        robot.drag("#port-out-" + from, MouseButton.PRIMARY).dropTo("#port-in-" + to);
        settle();
    }

    @Test
    void buildWireBreakUndoSaveAndReopen(FxRobot robot) throws Exception {
        // Four layers from the palette, none wired yet.
        for (String kind : List.of("Input", "Conv2D", "Flatten", "Output")) {
            addUnwired(robot, kind);
        }
        assertEquals(List.of("input_1", "conv2d_1", "flatten_1", "output_1"),
                graph().nodes().stream().map(n -> n.id()).toList());
        assertTrue(graph().nodes().stream().allMatch(n -> n.inputs().isEmpty()));
        Node canvas = robot.lookup(".canvas-view").query();

        // Wire Input -> Conv2D -> Flatten -> Output by dragging from output ports to input ports.
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT0).release(KeyCode.CONTROL); // zoom to fit
        settle();
        wire(robot, "input_1", "conv2d_1");
        wire(robot, "conv2d_1", "flatten_1");
        wire(robot, "flatten_1", "output_1");
        assertEquals(List.of("input_1"), graph().require("conv2d_1").inputs());
        assertEquals(List.of("conv2d_1"), graph().require("flatten_1").inputs());
        assertEquals(List.of("flatten_1"), graph().require("output_1").inputs());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !shapeOf(robot, "output_1").contains("?"));
        assertEquals("1x28x28", shapeOf(robot, "input_1"));
        assertEquals("32x26x26", shapeOf(robot, "conv2d_1"));
        assertEquals("21632", shapeOf(robot, "flatten_1").replace(",", ""));
        assertEquals("10", shapeOf(robot, "output_1"));

        // An impossible kernel: a badge on the node and an entry in Problems.
        robot.clickOn("#node-conv2d_1");
        settle();
        TextField kernel = robot.lookup("#field-kernel").queryAs(TextField.class);
        robot.doubleClickOn(kernel).eraseText(kernel.getText().length() + 2).write("40").type(KeyCode.ENTER);
        settle();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> robot.lookup("#node-conv2d_1").query().getPseudoClassStates().contains(ERROR));
        TableView<?> problems = robot.lookup("#problems-list").queryAs(TableView.class);
        assertTrue(problems.getItems().toString().contains("KERNEL_TOO_LARGE"), problems.getItems().toString());

        // Undo restores the kernel, the badge and the Problems entry go.
        robot.clickOn(canvas, MouseButton.PRIMARY);
        assertEquals("Undo Set kernel of conv2d_1", window.document().undoTextProperty().get().replace("\u2019", "'"));
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        settle();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> !robot.lookup("#node-conv2d_1").query().getPseudoClassStates().contains(ERROR));
        assertFalse(problems.getItems().toString().contains("KERNEL_TOO_LARGE"));

        // Save (Ctrl+S asks where), reopen, and the same graph comes back.
        Path file = dir.resolve("built.json");
        dialogs.filesToSave.add(Optional.of(file));
        robot.press(KeyCode.CONTROL).type(KeyCode.S).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> Files.exists(file) && !window.document().isDirty());
        Graph saved = graph();
        assertTrue(window.stage().getTitle().startsWith("built.json"), window.stage().getTitle());
        WaitForAsyncUtils.asyncFx(() -> window.main().newBlank()).get();
        settle();
        assertEquals(0, graph().size());
        dialogs.filesToOpen.add(Optional.of(file));
        robot.press(KeyCode.CONTROL).type(KeyCode.O).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> graph().size() == 4);
        assertEquals(saved, graph());
        assertEquals(GraphJson.write(saved), Files.readString(file));
        assertTrue(dialogs.errors.isEmpty(), dialogs.errors.toString());
    }

    @Test
    void trainOneEpochOnASyntheticSetFillsTheChartAndTheProgressBar(FxRobot robot) throws Exception {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, """
                {"format": "layerloom-graph", "version": 1, "name": "tiny",
                 "training": {"epochs": 1, "batchSize": 32, "learningRate": 0.01, "optimizer": "adam", "seed": 42},
                 "nodes": [
                  {"id": "in", "kind": "Input", "shape": [1, 8, 8]},
                  {"id": "flat", "kind": "Flatten", "inputs": ["in"]},
                  {"id": "dense", "kind": "Dense", "inputs": ["flat"], "units": 16, "activation": "relu"},
                  {"id": "out", "kind": "Output", "inputs": ["dense"], "units": 3}
                ]}""");
        WaitForAsyncUtils.asyncFx(() -> window.main().open(file)).get();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> graph().size() == 4);
        robot.clickOn("#tab-training");
        TrainingViewModel vm = window.view().training().viewModel();
        WaitForAsyncUtils.asyncFx(() -> vm.data().choose(vm.data().choices().stream()
                .filter(ch -> ch.kind() == DataChoice.Kind.SYNTHETIC).findFirst().orElseThrow())).get();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.canStart().get());
        robot.clickOn("#training-start");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.state() == TrainingViewModel.State.FINISHED
                || vm.state() == TrainingViewModel.State.FAILED);
        settle();
        assertEquals(TrainingViewModel.State.FINISHED, vm.state(), () -> String.valueOf(vm.state()));
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> loss = robot.lookup("#chart-loss").queryAs(LineChart.class);
        assertTrue(loss.getData().get(0).getData().size() > 10, "loss points: " + loss.getData().get(0).getData().size());
        assertEquals(1.0, robot.lookup("#training-progress").queryAs(ProgressBar.class).getProgress());
    }
}
