package io.layerloom.app.designer;

import io.layerloom.app.data.DataTransform;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.designer.viewmodel.DataChoice;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import io.layerloom.app.explain.ShownInput;
import io.layerloom.app.training.TrainingEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 §1 in the whole window, headless, after a real one-epoch training on an image folder
 * (a validation split and no test set): the matrix the Training tab shows is the validation set's,
 * made by the network as it ends the run, so a click on one of its cells must open a gallery of
 * exactly that cell's validation images (as many as it counts, the images as they look), named as
 * validation images, and a click on a gallery image explains that validation image. And while a
 * run with a test set is paused after an epoch, a click on its validation matrix shows validation
 * images, not the test images of the same cell, saying that the network has moved on since.
 */
@ExtendWith(ApplicationExtension.class)
class ExplainValidationWindowTest {

    @TempDir
    Path dir;

    private DesignerWindow window;

    @Start
    void start(Stage stage) {
        window = DesignerWindow.openForTest(stage, null, new ScriptedDialogs());
    }

    @AfterEach
    void close() {
        WaitForAsyncUtils.asyncFx(() -> window.shutdown());
    }

    /** 3 classes of 12x12 grey images (a bar left, a bar right, a bar across), 70 each, some faint and noisy. */
    private Path images() throws Exception {
        Path root = dir.resolve("bars");
        Random r = new Random(5);
        String[] classes = {"across", "left", "right"};
        for (int c = 0; c < classes.length; c++) {
            Path folder = Files.createDirectories(root.resolve(classes[c]));
            for (int n = 0; n < 70; n++) {
                BufferedImage png = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
                int at = 1 + r.nextInt(4);
                int bar = 60 + r.nextInt(196);
                for (int y = 0; y < 12; y++) {
                    for (int x = 0; x < 12; x++) {
                        boolean on = c == 0 ? y == at + 3 : c == 1 ? x == at : x == 11 - at;
                        int v = Math.min(255, (on ? bar : 0) + r.nextInt(110));
                        png.getRaster().setSample(x, y, 0, v);
                    }
                }
                javax.imageio.ImageIO.write(png, "png", folder.resolve(n + ".png").toFile());
            }
        }
        return root;
    }

    private Path graph(int epochs) throws Exception {
        Path file = dir.resolve("cnn.json");
        Files.writeString(file, """
                {"format": "layerloom-graph", "version": 1, "name": "cnn",
                 "training": {"epochs": EPOCHS, "batchSize": 16, "learningRate": 0.01, "optimizer": "adam", "seed": 42,
                              "normalization": "auto"},
                 "nodes": [
                  {"id": "in", "kind": "Input", "shape": [1, 12, 12], "position": [40, 40]},
                  {"id": "c1", "kind": "Conv2D", "inputs": ["in"], "filters": 4, "kernel": 3, "activation": "relu", "position": [40, 170]},
                  {"id": "f", "kind": "Flatten", "inputs": ["c1"], "position": [40, 300]},
                  {"id": "out", "kind": "Output", "inputs": ["f"], "units": 3, "position": [40, 430]}
                 ]}""".replace("EPOCHS", Integer.toString(epochs)));
        return file;
    }


    /** Opens the graph, loads {@code data} on the Training tab and starts training. */
    private TrainingViewModel startTraining(FxRobot robot, int epochs, java.util.function.Function<TrainingViewModel, DataChoice> data)
            throws Exception {
        Path file = graph(epochs);
        WaitForAsyncUtils.asyncFx(() -> window.main().open(file)).get();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.document().file().map(file::equals).orElse(false)
                && window.document().analysis() != null && window.document().analysis().nodes().size() == 4);
        WaitForAsyncUtils.waitForFxEvents(4);
        robot.clickOn("#tab-training");
        WaitForAsyncUtils.waitForFxEvents(4);
        TrainingViewModel vm = WaitForAsyncUtils.asyncFx(() -> window.view().training().viewModel()).get();
        WaitForAsyncUtils.asyncFx(() -> vm.data().choose(data.apply(vm))).get();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.canStart().get());
        robot.clickOn("#training-start");
        return vm;
    }

    @Test
    void aClickOnAValidationMatrixCellShowsThatCellsValidationImagesAndExplainsThem(FxRobot robot) throws Exception {
        Path data = images();
        TrainingViewModel vm = startTraining(robot, 1, v -> DataChoice.folder(data));
        LoadedData validation = WaitForAsyncUtils.asyncFx(() -> vm.data().dataProperty().get()).get().validation();
        assertTrue(WaitForAsyncUtils.asyncFx(() -> vm.data().dataProperty().get().test().isEmpty()).get(), "no test set");
        assertEquals(21, validation.count(), "a tenth of 210 images");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WindowQueries.text(robot, "#training-state").equals("Finished")
                || WindowQueries.text(robot, "#training-state").equals("Failed"));
        WaitForAsyncUtils.waitForFxEvents(4);
        assertEquals("Finished", WindowQueries.text(robot, "#training-state"), () -> WindowQueries.text(robot, "#training-status"));
        TrainingEvent.Evaluated matrix = vm.evaluationProperty().get();
        assertEquals("validation", matrix.set(), "without a test set the last matrix is epoch 1's validation matrix");

        // the off-diagonal cell with most images, else the largest cell
        int[][] m = matrix.confusion();
        int[] cell = {0, 0};
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if ((i != j) == (cell[0] != cell[1]) ? m[i][j] > m[cell[0]][cell[1]] : i != j && m[i][j] > 0) {
                    cell = new int[] {i, j};
                }
            }
        }
        int count = m[cell[0]][cell[1]];
        Node target = robot.lookup("#confusion-" + cell[0] + "-" + cell[1]).query();
        WaitForAsyncUtils.asyncFx(() -> WindowQueries.scrollIntoView(target)).get();
        WaitForAsyncUtils.waitForFxEvents(4);
        robot.clickOn(target);
        WaitForAsyncUtils.waitForFxEvents(4);
        assertEquals("Explain", WaitForAsyncUtils.asyncFx(() -> ((TabPane) window.view().lookup("#bottom-tabs"))
                .getSelectionModel().getSelectedItem().getText()).get());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WindowQueries.text(robot, "#explain-gallery-title").startsWith("True "));
        WaitForAsyncUtils.waitForFxEvents(4);
        List<String> names = matrix.classNames();
        String truth = names.get(cell[0]);
        String predicted = names.get(cell[1]);
        // the network that made the matrix is the one explained: the gallery holds exactly the cell's images
        assertEquals("True " + cell[0] + " " + truth + ", predicted " + cell[1] + " " + predicted + ": " + count + " validation image"
                + (count == 1 ? "" : "s") + "; click one to explain it.", WindowQueries.text(robot, "#explain-gallery-title"));
        Pane gallery = robot.lookup("#explain-gallery").queryAs(Pane.class);
        assertEquals(count, gallery.getChildren().size());
        assertValidationImages(vm, gallery, cell);

        Node first = gallery.getChildren().get(0);
        String caption = ((Label) ((VBox) first).getChildren().get(1)).getText();
        int index = Integer.parseInt(caption.substring(1, caption.indexOf(' ')));
        WaitForAsyncUtils.asyncFx(() -> WindowQueries.scrollIntoView(first)).get();
        WaitForAsyncUtils.waitForFxEvents(4);
        robot.clickOn(first);
        String percent = caption.substring(caption.indexOf(' ') + 1);
        String expected = "Validation image " + index + ", true class " + cell[0] + " " + truth + ": predicted " + cell[1] + " "
                + predicted + " (" + percent + ")";
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> robot.lookup(".training-section-title")
                .queryAllAs(Label.class).stream().anyMatch(l -> l.getText().equals(expected))).get());
    }

    /** Each tile of {@code gallery} is a validation image of the cell's true class, drawn as it looks. */
    private static void assertValidationImages(TrainingViewModel vm, Pane gallery, int[] cell) throws Exception {
        LoadedData validation = WaitForAsyncUtils.asyncFx(() -> vm.data().dataProperty().get()).get().validation();
        List<String> names = validation.classNames();
        String truth = names.get(cell[0]);
        String predicted = names.get(cell[1]);
        DataTransform transform = WaitForAsyncUtils.asyncFx(() -> vm.data().transform()).get();
        assertTrue(transform.normalizes(), "the file asks for normalisation");
        ShownInput shown = new ShownInput(transform);
        for (Node tile : gallery.getChildren()) {
            List<Node> parts = ((VBox) tile).getChildren();
            String caption = ((Label) parts.get(1)).getText();
            int index = Integer.parseInt(caption.substring(1, caption.indexOf(' ')));
            assertEquals(cell[0], validation.labels()[index], "validation image " + index + " is of the cell's true class");
            assertEquals(cell[0] == cell[1] ? cell[0] + " " + truth : truth + " \u2192 " + predicted, ((Label) parts.get(2)).getText());
            // the thumbnail is that validation image as it looks (the Training tab's normalised values, normalisation undone)
            float[] looks = shown.shown(Arrays.copyOfRange(validation.features(), index * 144, (index + 1) * 144),
                    validation.exampleShape());
            javafx.scene.image.Image thumbnail = ((ImageView) parts.get(0)).getImage();
            for (int p = 0; p < 144; p += 5) {
                int expected = Math.round(Math.max(0, Math.min(1, looks[p])) * 255);
                int actual = thumbnail.getPixelReader().getArgb(p % 12, p / 12) & 0xff;
                assertTrue(Math.abs(expected - actual) <= 1, "validation image " + index + " pixel " + p + ": " + actual
                        + ", as it looks " + expected);
            }
        }


    }

    @Test
    void whilePausedAfterAnEpochAValidationCellShowsValidationImagesNotTheTestImages(FxRobot robot) throws Exception {
        TrainingViewModel vm = startTraining(robot, 30, v -> v.data().choices().stream()
                .filter(ch -> ch.kind() == DataChoice.Kind.SYNTHETIC).findFirst().orElseThrow());
        assertTrue(WaitForAsyncUtils.asyncFx(() -> vm.data().dataProperty().get().test().isPresent()).get(), "a test set too");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> vm.evaluationProperty().get() != null)
                .get());
        robot.clickOn("#training-pause");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WindowQueries.text(robot, "#training-state").equals("Paused"));
        Thread.sleep(1500); // an epoch whose last batch ran as Pause was pressed still ends with its evaluation
        WaitForAsyncUtils.waitForFxEvents(4);
        TrainingEvent.Evaluated matrix = WaitForAsyncUtils.asyncFx(() -> vm.evaluationProperty().get()).get();
        assertEquals("validation", matrix.set());
        String epochTitle = WaitForAsyncUtils.asyncFx(() -> vm.evaluationTitleProperty().get()).get();
        String epoch = epochTitle.replaceAll("^Validation set, epoch (\\d+):.*$", "$1");
        int[][] m = matrix.confusion();
        int[] cell = {0, 0};
        for (int i = 0; i < m.length; i++) {
            if (m[i][i] > m[cell[0]][cell[1]]) {
                cell = new int[] {i, i};
            }
        }
        Node target = robot.lookup("#confusion-" + cell[0] + "-" + cell[1]).query();
        WaitForAsyncUtils.asyncFx(() -> WindowQueries.scrollIntoView(target)).get();
        WaitForAsyncUtils.waitForFxEvents(4);
        robot.clickOn(target);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WindowQueries.text(robot, "#explain-gallery-title").startsWith("True "));
        WaitForAsyncUtils.waitForFxEvents(4);
        String title = WindowQueries.text(robot, "#explain-gallery-title");
        assertTrue(title.matches("True \\d .+, predicted \\d .+: \\d+ validation images?( \\(the 48 most confident shown\\))?;"
                + " click one to explain it\\. The matrix is from epoch " + epoch + "'s end; the network is a snapshot taken at"
                + " the click and may have trained on since, so the count may differ a little from the cell's\\."), title);
        Pane gallery = robot.lookup("#explain-gallery").queryAs(Pane.class);
        assertTrue(!gallery.getChildren().isEmpty(), "a cell on the diagonal has images");
        assertValidationImages(vm, gallery, cell);
        robot.clickOn("#training-stop");
    }

}
