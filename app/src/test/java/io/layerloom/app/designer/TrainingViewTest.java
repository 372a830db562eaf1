package io.layerloom.app.designer;

import io.layerloom.app.data.DataSources;
import io.layerloom.app.designer.service.Dl4jTrainerService;
import io.layerloom.app.designer.service.FxExecutors;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.view.TrainingView;
import io.layerloom.app.designer.viewmodel.DataChoice;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.training.TrainingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.*;

/** The Training tab headless: one real epoch on a small synthetic set, with the charts and the progress bar. */
@ExtendWith(ApplicationExtension.class)
class TrainingViewTest {

    private final ExecutorService threads = FxExecutors.worker("test-training");
    private DocumentViewModel document;
    private TrainingViewModel vm;
    private TrainingView view;

    @Start
    void start(Stage stage) throws Exception {
        // the window's theme, whose looked-up colours training.css uses
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        Graph g = GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "name": "tiny", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [1, 8, 8]},
                  {"id": "flat", "kind": "Flatten", "inputs": ["in"]},
                  {"id": "dense", "kind": "Dense", "inputs": ["flat"], "units": 16, "activation": "relu"},
                  {"id": "out", "kind": "Output", "inputs": ["dense"], "units": 3}
                ]}""", "tiny.json");
        document = DocumentViewModel.direct(g.withTraining(Optional.of(TrainingSettings.of(1, 32, 1e-2,
                TrainingSettings.Optimizer.ADAM, 42))));
        vm = new TrainingViewModel(document, new Dl4jTrainerService(DataSources.standard(), threads),
                new BackgroundTasks(FxExecutors.ui()), threads);
        vm.data().choose(vm.data().choices().stream().filter(c -> c.kind() == DataChoice.Kind.SYNTHETIC).findFirst().orElseThrow());
        view = new TrainingView(vm);
        stage.setScene(new Scene(view, 1200, 760));
        stage.show();
    }

    @AfterEach
    void stopThreads() {
        view.shutdown();
        threads.shutdownNow();
    }

    @Test
    void trainsOneEpochAndShowsItLive(FxRobot robot, @TempDir Path dir) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.canStart().get());
        Button start = robot.lookup("#training-start").queryButton();
        assertFalse(start.isDisabled());
        assertTrue(robot.lookup("#training-pause").queryButton().isDisabled());
        assertEquals(8, robot.lookup("#training-samples").queryParent().getChildrenUnmodifiable().size(), "eight thumbnails");

        robot.clickOn(start);
        WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, () -> vm.state() == TrainingViewModel.State.FINISHED
                || vm.state() == TrainingViewModel.State.FAILED);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", vm.messageProperty().get());
        assertEquals(TrainingViewModel.State.FINISHED, vm.state());

        LineChart<Number, Number> loss = chart(robot, "#chart-loss");
        int iterations = (int) Math.ceil(1800 / 32.0);
        assertEquals(iterations, loss.getData().get(0).getData().size(), "one point per iteration");
        assertEquals(iterations, loss.getData().get(1).getData().size(), "and its smoothed line");
        assertEquals(1, chart(robot, "#chart-epochs").getData().get(0).getData().size());
        assertEquals(1.0, robot.lookup("#training-progress").queryAs(ProgressBar.class).getProgress());
        String status = robot.lookup("#training-status").queryAs(Label.class).getText();
        assertTrue(status.startsWith("Finished 1 epoch (" + iterations + " iterations) in "), status);
        assertTrue(start.isDisabled() == false && robot.lookup("#training-stop").queryButton().isDisabled());
        assertEquals(8, robot.lookup("#training-predictions").queryParent().getChildrenUnmodifiable().size());
        assertEquals(Set.of("flat", "dense", "out"), view.layerStatistics().keySet(), "a statistic per node but the input");
        assertTrue(view.layerStatistics().get("dense").matches("upd/param \\S+ · act \\S+"), view.layerStatistics().toString());
        assertTrue(view.layerStatistics().get("flat").matches("act \\S+"), view.layerStatistics().toString());
        assertEquals("test", vm.evaluationProperty().get().set());

        assertTrue(vm.hasTrainedModel());
        Path model = dir.resolve("tiny.dl4j.zip");
        vm.modelExport(model).call();
        assertTrue(Files.size(model) > 1000);
        assertTrue(Files.exists(dir.resolve("tiny.dl4j.json")));
    }

    @Test
    void aRefusedValueIsMarkedWithItsRuleAndAGoodOneIsAnUndoableEdit(FxRobot robot) {
        javafx.scene.control.TextField rate = robot.lookup("#training-learning-rate").queryAs(javafx.scene.control.TextField.class);
        robot.interact(() -> {
            rate.setText("-1");
            rate.fireEvent(new javafx.event.ActionEvent());
        });
        assertTrue(rate.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("error")));
        assertTrue(robot.lookup(".training-field-error").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.isVisible() && l.getText().equals("Learning rate must be greater than 0, got -1.0.")));
        robot.interact(() -> {
            rate.setText("0.05");
            rate.fireEvent(new javafx.event.ActionEvent());
        });
        assertFalse(rate.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("error")));
        assertEquals(0.05, document.graph().training().orElseThrow().learningRate());
        robot.interact(document::undo);
        assertEquals("0.01", rate.getText());
    }

    @SuppressWarnings("unchecked")
    private static LineChart<Number, Number> chart(FxRobot robot, String id) {
        return (LineChart<Number, Number>) robot.lookup(id).queryAs(LineChart.class);
    }

    @Test
    void dataThatDoesNotFitSaysHowToFixItAndStartStaysOff(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.data().dataProperty().get() != null);
        robot.interact(() -> document.apply(new Edit.SetParam("out", "units", 5L)));
        Label problem = robot.lookup("#training-problem").queryAs(Label.class);
        assertTrue(problem.isVisible());
        assertEquals("Output has 5 units but Synthetic has 3 classes; set units to 3", problem.getText());
        assertTrue(robot.lookup("#training-start").queryButton().isDisabled());
    }
}
