package io.layerloom.app.designer;

import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.view.RunsView;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.RunsViewModel;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.model.json.GraphJson;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Runs view headless: the table's sort survives a new run arriving (which also adds a setting
 * column), the ticked runs' curves are overlaid, and the settings that differ between the ticked
 * runs are highlighted.
 */
@ExtendWith(ApplicationExtension.class)
class RunsWindowTest {

    @TempDir
    static Path dir;
    private FakeTrainer trainer;
    private TrainingViewModel vm;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
    }

    private void open() throws Exception {
        Path file = dir.resolve("tiny.json");
        GraphJson.write(GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "name": "tiny", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [1, 8, 8]},
                  {"id": "flat", "kind": "Flatten", "inputs": ["in"]},
                  {"id": "out", "kind": "Output", "inputs": ["flat"], "units": 3}
                ]}""", "tiny.json"), file);
        DocumentViewModel document = DocumentViewModel.direct(GraphJson.read(file));
        document.markSaved(file);
        trainer = new FakeTrainer();
        vm = new TrainingViewModel(document, trainer, BackgroundTasks.direct(), Runnable::run);
        vm.data().ensureLoaded();
        RunsView view = new RunsView(vm.runs());
        stage.setScene(new Scene(view, 1100, 700));
        stage.show();
    }

    /** One run of two epochs ending with {@code accuracy} on the test set. */
    private void run(double accuracy, double validationLoss) {
        vm.start();
        int[][] confusion = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        double[] ones = {1, 1, 1};
        trainer.emit(new TrainingEvent.Started(2, 10, 1091, 42),
                new TrainingEvent.Epoch(1, 0.9, 0.6, validationLoss + 0.2, accuracy - 0.1),
                new TrainingEvent.Epoch(2, 0.7, 0.7, validationLoss, accuracy),
                new TrainingEvent.Evaluated("test", accuracy, List.of("a", "b", "c"), confusion, ones, ones, ones),
                new TrainingEvent.Finished(2, 20, 3.5));
        vm.flush();
    }

    @SuppressWarnings("unchecked")
    private static List<Double> accuracies(TableView<RunsViewModel.Row> table) {
        return table.getItems().stream().map(r -> r.run().testAccuracy()).toList();
    }

    @Test
    void theSortSurvivesANewRunAndTickedRunsAreOverlaidWithTheirDifferencesHighlighted(FxRobot robot) throws Exception {
        robot.interact(() -> {
            try {
                open();
                vm.settings().setLearningRate(0.001);
                run(0.5, 0.9);
                vm.settings().setLearningRate(0.01);
                run(0.9, 0.4);
                vm.settings().setLearningRate(0.003);
                run(0.7, 0.6);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        @SuppressWarnings("unchecked")
        TableView<RunsViewModel.Row> table = robot.lookup("#runs-table").queryAs(TableView.class);
        assertEquals(List.of(0.5, 0.9, 0.7), accuracies(table), "oldest first before any sort");

        // sort by test accuracy, best first, as a user clicks the header twice
        TableColumn<RunsViewModel.Row, ?> acc = table.getColumns().stream().filter(c -> "runs-test-accuracy".equals(c.getId()))
                .findFirst().orElseThrow();
        robot.clickOn(robot.lookup(".column-header").match(h -> h.getId() != null && h.getId().equals("runs-test-accuracy"))
                .queryAs(javafx.scene.Node.class));
        robot.clickOn(robot.lookup(".column-header").match(h -> h.getId() != null && h.getId().equals("runs-test-accuracy"))
                .queryAs(javafx.scene.Node.class));
        assertEquals(TableColumn.SortType.DESCENDING, acc.getSortType());
        assertEquals(List.of(0.9, 0.7, 0.5), accuracies(table));

        // a new run arrives with another batch size: a new column, and the sort holds
        robot.interact(() -> {
            vm.settings().text(io.layerloom.app.designer.viewmodel.TrainingSettingsViewModel.Field.BATCH_SIZE).set("16");
            vm.settings().commit(io.layerloom.app.designer.viewmodel.TrainingSettingsViewModel.Field.BATCH_SIZE);
            run(0.8, 0.5);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(acc), table.getSortOrder());
        assertEquals(TableColumn.SortType.DESCENDING, acc.getSortType());
        assertEquals(List.of(0.9, 0.8, 0.7, 0.5), accuracies(table));
        assertTrue(table.getColumns().stream().anyMatch(c -> c.getText().equals("batchSize")), "the new setting's column");

        // all four ticked: each chart overlays four runs; learning rate and batch size differ and are highlighted
        LineChart<?, ?> loss = robot.lookup("#runs-loss").queryAs(LineChart.class);
        assertEquals(4, loss.getData().size());
        assertEquals(List.of(2, 2, 2, 2), loss.getData().stream().map(s -> s.getData().size()).toList());
        assertEquals(List.of("batchSize", "learningRate"), vm.runs().highlighted().stream().sorted().toList());
        assertEquals(4, highlighted(robot, "learningRate"));
        assertEquals(4, highlighted(robot, "batchSize"));

        // untick the runs of batch 16 and of rate 0.003: two left, differing in learning rate only
        robot.interact(() -> vm.runs().rows().stream().filter(r -> r.run().testAccuracy() == 0.8 || r.run().testAccuracy() == 0.7)
                .forEach(r -> r.tickedProperty().set(false)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, loss.getData().size());
        assertEquals(List.of("learningRate"), vm.runs().highlighted());
        assertEquals(2, highlighted(robot, "learningRate"), "only the ticked rows are highlighted");
        assertEquals(0, highlighted(robot, "batchSize"));
        assertTrue(loss.getData().stream().allMatch(s -> s.getName().contains("learningRate")), "the legend names the difference");
        assertEquals(List.of(0.9, 0.8, 0.7, 0.5), accuracies(table), "ticking does not reorder");
    }

    /** Visible cells of setting {@code key}'s column marked as differing. */
    private static long highlighted(FxRobot robot, String key) {
        return robot.lookup(".run-setting-differs").queryAllAs(TableCell.class).stream()
                .filter(c -> c.getTableColumn() != null && key.equals(c.getTableColumn().getText()) && c.isVisible()
                        && c.getTableRow() != null && c.getTableRow().getItem() != null)
                .count();
    }
}
