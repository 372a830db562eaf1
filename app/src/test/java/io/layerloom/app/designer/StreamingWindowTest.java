package io.layerloom.app.designer;

import io.layerloom.app.data.DataSources;
import io.layerloom.app.designer.service.Dl4jTrainerService;
import io.layerloom.app.designer.service.FxExecutors;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.view.TrainingView;
import io.layerloom.app.designer.viewmodel.DataChoice;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import io.layerloom.app.runs.RunFiles;
import io.layerloom.app.runs.RunRecord;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.training.TrainingSettings;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The window streams an image folder too large for memory as {@code train} does (here the limit
 * is set tiny, so that 120 small images count as too many): the scan shows its progress in the
 * data summary, the run trains from disk batch by batch, and its record counts the folder's
 * images, not the few decoded for the previews.
 */
@ExtendWith(ApplicationExtension.class)
class StreamingWindowTest {

    @TempDir
    static Path dir;
    private final ExecutorService threads = FxExecutors.worker("test-streaming");
    private DocumentViewModel document;
    private TrainingViewModel vm;
    private TrainingView view;
    private final List<String> summaries = new CopyOnWriteArrayList<>();

    /** Three classes of 40 8x8 images each, a class's images of one grey level with noise. */
    private static Path folder() throws Exception {
        Path root = dir.resolve("shades");
        java.util.Random random = new java.util.Random(3);
        for (int c = 0; c < 3; c++) {
            Path d = Files.createDirectories(root.resolve("c" + c));
            for (int i = 0; i < 40; i++) {
                BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        int v = Math.max(0, Math.min(255, 40 + 80 * c + random.nextInt(30)));
                        img.setRGB(x, y, v << 16 | v << 8 | v);
                    }
                }
                ImageIO.write(img, "png", d.resolve(String.format("%03d.png", i)).toFile());
            }
        }
        return root;
    }

    @Start
    void start(Stage stage) throws Exception {
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        Path file = dir.resolve("tiny.json");
        GraphJson.write(GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "name": "tiny", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [1, 8, 8]},
                  {"id": "flat", "kind": "Flatten", "inputs": ["in"]},
                  {"id": "dense", "kind": "Dense", "inputs": ["flat"], "units": 16, "activation": "relu"},
                  {"id": "out", "kind": "Output", "inputs": ["dense"], "units": 3}
                ]}""", "tiny.json").withTraining(Optional.of(TrainingSettings.of(2, 16, 1e-2,
                TrainingSettings.Optimizer.ADAM, 42))), file);
        document = DocumentViewModel.direct(GraphJson.read(file));
        document.markSaved(file);
        // 1 KB for decoded images: the folder's 120 x 256 bytes are "too large", so it streams
        vm = new TrainingViewModel(document, new Dl4jTrainerService(DataSources.standard(), threads, 1024),
                new BackgroundTasks(FxExecutors.ui()), threads);
        vm.data().summaryProperty().addListener((o, was, is) -> summaries.add(is));
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
    void aFolderTooLargeForMemoryIsScannedWithProgressAndTrainsFromDisk(FxRobot robot) throws Exception {
        Path images = folder();
        robot.interact(() -> vm.data().choose(DataChoice.folder(images)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.canStart().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.data().streamed().isPresent(), "streamed");
        assertTrue(summaries.stream().anyMatch(s -> s.startsWith("Listing shades: ")), "the scan's progress: " + summaries);
        assertEquals("shades: 108 training, 12 validation images, streamed from disk (too many to hold in memory; decoded batch"
                + " by batch as training reads them); 3 classes; images 1x8x8", vm.data().summaryProperty().get());
        assertTrue(vm.data().dataProperty().get().train().count() <= 32, "only a sample is decoded for the previews");
        assertEquals(8, robot.lookup("#training-samples").queryParent().getChildrenUnmodifiable().size(), "eight thumbnails");

        robot.clickOn("#training-start");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.state() == TrainingViewModel.State.FINISHED
                || vm.state() == TrainingViewModel.State.FAILED);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", vm.messageProperty().get());
        assertEquals(TrainingViewModel.State.FINISHED, vm.state());
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> loss = robot.lookup("#chart-loss").queryAs(LineChart.class);
        assertEquals(2 * (int) Math.ceil(108 / 16.0), loss.getData().get(0).getData().size(), "every streamed batch of both epochs");
        assertEquals("validation", vm.evaluationProperty().get().set(), "evaluated on the streamed validation images");

        RunRecord run = RunFiles.list(dir.resolve("tiny.json")).runs().get(0);
        assertEquals(new RunRecord.DataRef(images.toString(), 108, 12, 0), run.data());
        assertTrue(run.epochs().get(1).validationLoss() < run.epochs().get(0).validationLoss(), "it learns: " + run.epochs());
    }
}
