package io.layerloom.app.designer;

import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.augment.AugmentPreview;
import io.layerloom.app.designer.service.Dl4jTrainerService;
import io.layerloom.app.designer.service.FxExecutors;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.view.TrainingView;
import io.layerloom.app.designer.viewmodel.AugmentationViewModel;
import io.layerloom.app.designer.viewmodel.DataChoice;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.training.AugmentOp;
import io.layerloom.model.training.AugmentStep;
import io.layerloom.model.training.TrainingSettings;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 14 part 2 in the window: the augmentation list is edited with undo, and the preview grid follows it. */
@ExtendWith(ApplicationExtension.class)
class AugmentationViewTest {

    private final ExecutorService threads = FxExecutors.worker("test-augmentation");
    private DocumentViewModel document;
    private TrainingViewModel vm;
    private TrainingView view;

    @Start
    void start(Stage stage) throws Exception {
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        Graph g = GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "name": "rgb", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [3, 16, 16]},
                  {"id": "flat", "kind": "Flatten", "inputs": ["in"]},
                  {"id": "out", "kind": "Output", "inputs": ["flat"], "units": 4}
                ]}""", "rgb.json");
        document = DocumentViewModel.direct(g.withTraining(Optional.of(TrainingSettings.defaults())));
        vm = new TrainingViewModel(document, new Dl4jTrainerService(DataSources.standard(), threads),
                new BackgroundTasks(FxExecutors.ui()), threads);
        vm.data().choose(vm.data().choices().stream().filter(c -> c.kind() == DataChoice.Kind.SYNTHETIC).findFirst().orElseThrow());
        view = new TrainingView(vm);
        stage.setScene(new Scene(view, 1200, 900));
        stage.show();
    }

    @AfterEach
    void stopThreads() {
        view.shutdown();
        threads.shutdownNow();
    }

    private List<AugmentStep> fileSteps() {
        return document.graph().training().orElseThrow().augmentation();
    }

    @Test
    void addEditRemoveAreUndoableAndThePreviewFollows(FxRobot robot) throws Exception {
        AugmentationViewModel aug = vm.data().augmentation();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.data().dataProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#augmentation-note").queryAs(Label.class).getText().startsWith("No augmentation"));
        assertNull(aug.previewProperty().get());

        robot.interact(() -> robot.lookup("#augmentation-add").queryAs(javafx.scene.control.MenuButton.class).getItems().stream()
                .filter(i -> i.getText().equals("rotate")).findFirst().orElseThrow().fire());
        assertEquals(List.of(AugmentStep.of(AugmentOp.ROTATE)), fileSteps());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> aug.previewProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        AugmentPreview.Grid first = aug.previewProperty().get();
        assertEquals(4 + 9 * (16 * 6 + 4) + 4, first.width(), "9 columns of 16-pixel images drawn six times as large");
        assertEquals(4 + AugmentationViewModel.PREVIEW_IMAGES * (16 * 6 + 4), first.height());
        ImageView small = robot.lookup("#augmentation-preview").queryAs(ImageView.class);
        assertNotNull(small.getImage());

        // legible: a click on the side panel's grid shows it large in the Augmentation tab, captioned per column
        // (the side panel has it below its scroll fold at this size: the click's handler, as a click runs it)
        robot.interact(() -> small.getOnMouseClicked().handle(null));
        WaitForAsyncUtils.waitForFxEvents();
        ImageView large = robot.lookup("#augmentation-preview-large-image").queryAs(ImageView.class);
        assertTrue(large.isVisible() && large.getScene() != null, "the Augmentation tab is shown");
        assertEquals(small.getImage().getWidth(), large.getImage().getWidth());
        double cell = large.getFitWidth() / 9;
        assertTrue(cell >= 90, "each image about 96 pixels or more on screen, got " + cell);
        assertEquals("image", robot.lookup("#augmentation-caption-0").queryAs(Label.class).getText());
        assertEquals("epoch 8", robot.lookup("#augmentation-caption-8").queryAs(Label.class).getText());
        javafx.scene.image.Image shownFirst = large.getImage();
        assertTrue(robot.lookup("#augmentation-note").queryAs(Label.class).getText().startsWith("Each row: a training image"));

        TextField degrees = robot.lookup("#augmentation-field-degrees").queryAs(TextField.class);
        robot.interact(() -> {
            degrees.setText("200");
            degrees.fireEvent(new javafx.event.ActionEvent());
        });
        assertEquals("training.augmentation[0].degrees: degrees must be greater than 0, at most 180, got 200. Write a value"
                + " greater than 0, at most 180 (default 10).", robot.lookup("#augmentation-error").queryAs(Label.class).getText());
        assertEquals(List.of(AugmentStep.of(AugmentOp.ROTATE)), fileSteps(), "a refused value changes nothing");

        TextField again = robot.lookup("#augmentation-field-degrees").queryAs(TextField.class);
        robot.interact(() -> {
            again.setText("90");
            again.fireEvent(new javafx.event.ActionEvent());
        });
        assertEquals(List.of(AugmentStep.of(AugmentOp.ROTATE, "degrees", 90)), fileSteps());
        assertEquals("", aug.errorProperty().get());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> aug.previewProperty().get() != first);
        assertFalse(java.util.Arrays.equals(first.argb(), aug.previewProperty().get().argb()), "the preview follows the steps");
        WaitForAsyncUtils.waitForFxEvents();
        assertNotSame(shownFirst, large.getImage(), "and so does the large one");

        robot.interact(() -> aug.add(AugmentOp.FLIP));
        robot.interact(() -> aug.move(1, -1));
        assertEquals(List.of(AugmentStep.of(AugmentOp.FLIP), AugmentStep.of(AugmentOp.ROTATE, "degrees", 90)), fileSteps());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#augmentation-step-0").queryAs(Label.class).getPseudoClassStates().stream()
                .anyMatch(p -> p.getPseudoClassName().equals("selected")), "the selection stays on the first step as the list changes");
        assertEquals("1. flip horizontal true, vertical false, p 0.5", robot.lookup("#augmentation-step-0").queryAs(Label.class).getText());
        robot.interact(() -> robot.lookup("#augmentation-remove").queryButton().fire());
        assertEquals(1, fileSteps().size());

        robot.interact(document::undo);
        assertEquals(2, fileSteps().size());
        robot.interact(document::undo);
        robot.interact(document::undo);
        robot.interact(document::undo);
        assertEquals(List.of(AugmentStep.of(AugmentOp.ROTATE)), fileSteps());
        assertEquals(fileSteps(), aug.steps());
        robot.interact(document::undo);
        assertEquals(List.of(), fileSteps());
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(aug.previewProperty().get());
    }
}
