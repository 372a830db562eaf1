package io.layerloom.app.designer;

import io.layerloom.app.data.DataSources;
import io.layerloom.app.designer.service.Dl4jTrainerService;
import io.layerloom.app.designer.service.FxExecutors;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.view.TrainingView;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.template.Templates;
import io.layerloom.model.training.DataPreparation;
import io.layerloom.model.training.TrainingSettings;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 14's first check in the window, headless: the LeNet-5 template (Input 1x32x32) on
 * Fashion-MNIST (28x28): the data-fit message offers pad, resize and crop as buttons (crop off,
 * saying why), a click stores the fit in the file's training object, and training runs on the
 * padded images.
 */
@ExtendWith(ApplicationExtension.class)
class DataFitWindowTest {

    private final ExecutorService threads = FxExecutors.worker("test-fit");
    private DocumentViewModel document;
    private TrainingViewModel vm;
    private TrainingView view;

    @Start
    void start(Stage stage) throws Exception {
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        Graph lenet = Templates.graph(Templates.byId("lenet5").orElseThrow());
        document = DocumentViewModel.direct(lenet.withTraining(Optional.of(TrainingSettings.of(1, 64, 1e-3,
                TrainingSettings.Optimizer.ADAM, 42))));
        vm = new TrainingViewModel(document, new Dl4jTrainerService(DataSources.standard(), threads),
                new BackgroundTasks(FxExecutors.ui()), threads);
        vm.data().ensureLoaded(); // the shipped Fashion-MNIST subset, 28x28
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
    void theFitButtonsStoreTheChoiceAndTrainingRunsOnFittedImages(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.data().dataProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        Label blocker = robot.lookup("#training-blocker").queryAs(Label.class);
        assertTrue(blocker.isVisible());
        assertTrue(blocker.getText().contains("Input is 1x32x32 but Fashion-MNIST images are 1x28x28"), blocker.getText());
        Button pad = robot.lookup("#training-fit-pad").queryButton();
        Button resize = robot.lookup("#training-fit-resize").queryButton();
        Button crop = robot.lookup("#training-fit-crop").queryButton();
        assertEquals(List.of("Pad to 1x32x32", "Resize to 1x32x32", "Crop to 1x32x32"),
                List.of(pad.getText(), resize.getText(), crop.getText()));
        assertTrue(pad.isVisible() && !pad.isDisabled() && !resize.isDisabled());
        assertTrue(crop.isDisabled(), "28x28 images cannot be cropped to 32x32");
        Node cropHolder = crop.getParent();
        javafx.scene.control.Tooltip why = (javafx.scene.control.Tooltip) cropHolder.getProperties().values().stream()
                .filter(v -> v instanceof javafx.scene.control.Tooltip).findFirst().orElseThrow();
        assertTrue(why.getText().startsWith("fit crop needs images no smaller than the Input"), why.getText());
        assertTrue(robot.lookup("#training-start").queryButton().isDisabled());

        robot.clickOn(pad);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.canStart().get());
        assertEquals(Optional.of(DataPreparation.Fit.PAD), document.graph().training().orElseThrow().preparation().fit());
        assertTrue(GraphJson.write(document.graph()).contains("\"fit\": \"pad\""), "stored in the file's training object");
        assertEquals(List.of(1L, 32L, 32L), vm.data().dataProperty().get().train().exampleShape());
        assertTrue(vm.data().summaryProperty().get().endsWith("fitted to the Input by pad (the file's \"fit\")"),
                vm.data().summaryProperty().get());
        assertFalse(blocker.isVisible());

        robot.clickOn("#training-start");
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> loss = robot.lookup("#chart-loss").queryAs(LineChart.class);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.state() == TrainingViewModel.State.FAILED
                || !loss.getData().isEmpty() && loss.getData().get(0).getData().size() >= 3);
        assertEquals("", vm.messageProperty().get());
        robot.interact(vm::stop);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.state() == TrainingViewModel.State.STOPPED);
        double first = loss.getData().get(0).getData().get(0).getYValue().doubleValue();
        assertTrue(Double.isFinite(first) && first > 0, "a real loss: " + first);
    }
}
