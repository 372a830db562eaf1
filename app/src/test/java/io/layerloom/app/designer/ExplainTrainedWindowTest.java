package io.layerloom.app.designer;

import io.layerloom.app.designer.viewmodel.DataChoice;
import io.layerloom.app.designer.viewmodel.SampleImage;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import io.layerloom.app.training.TrainingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 §1 in the whole window, headless, after a real (short) training on the Training tab:
 * a click on a real confusion-matrix cell opens the Explain tab with that cell's test images in
 * the gallery (true class, predicted class, confidence; as many as the cell counts), and the
 * Explain tab shows the network just trained (filters, feature maps, Grad-CAM), with the Training
 * tab's own answer for test image 0 and the image as it looks (the file normalises: the network
 * gets the normalised values once, the picture undoes it).
 */
@ExtendWith(ApplicationExtension.class)
class ExplainTrainedWindowTest {

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

    /** A small CNN on 1x12x12 synthetic images, 3 classes, normalised as the file says ("auto"). */
    private Path graph() throws Exception {
        Path file = dir.resolve("cnn.json");
        Files.writeString(file, """
                {"format": "layerloom-graph", "version": 1, "name": "cnn",
                 "training": {"epochs": 2, "batchSize": 32, "learningRate": 0.01, "optimizer": "adam", "seed": 42,
                              "normalization": "auto"},
                 "nodes": [
                  {"id": "in", "kind": "Input", "shape": [1, 12, 12], "position": [40, 40]},
                  {"id": "c1", "kind": "Conv2D", "inputs": ["in"], "filters": 4, "kernel": 3, "activation": "relu", "position": [40, 170]},
                  {"id": "f", "kind": "Flatten", "inputs": ["c1"], "position": [40, 300]},
                  {"id": "out", "kind": "Output", "inputs": ["f"], "units": 3, "position": [40, 430]}
                ]}""");
        return file;
    }


    private TrainingViewModel trainToTheEnd(FxRobot robot) throws Exception {
        Path file = graph();
        WaitForAsyncUtils.asyncFx(() -> window.main().open(file)).get();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.document().file().map(file::equals).orElse(false)
                && window.document().analysis() != null && window.document().analysis().nodes().size() == 4);
        WaitForAsyncUtils.waitForFxEvents(4);
        robot.clickOn("#tab-training");
        WaitForAsyncUtils.waitForFxEvents(4);
        TrainingViewModel vm = WaitForAsyncUtils.asyncFx(() -> window.view().training().viewModel()).get();
        WaitForAsyncUtils.asyncFx(() -> vm.data().choose(vm.data().choices().stream()
                .filter(ch -> ch.kind() == DataChoice.Kind.SYNTHETIC).findFirst().orElseThrow())).get();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.canStart().get());
        robot.clickOn("#training-start");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WindowQueries.text(robot, "#training-state").equals("Finished")
                || WindowQueries.text(robot, "#training-state").equals("Failed"));
        WaitForAsyncUtils.waitForFxEvents(4);
        assertEquals("Finished", WindowQueries.text(robot, "#training-state"), () -> WindowQueries.text(robot, "#training-status"));
        return vm;
    }

    private static boolean showsImage(FxRobot robot, String id) {
        return robot.lookup(id).tryQueryAs(ImageView.class).map(v -> v.getImage() != null).orElse(false);
    }

    private Tab selectedBottomTab() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> ((TabPane) window.view().lookup("#bottom-tabs")).getSelectionModel()
                .getSelectedItem()).get();
    }

    @Test
    void aClickOnAConfusionCellShowsThatCellsTestImagesInTheGallery(FxRobot robot) throws Exception {
        TrainingViewModel vm = trainToTheEnd(robot);
        TrainingEvent.Evaluated test = vm.evaluationProperty().get();
        assertNotNull(test, "a confusion matrix after the run");
        assertEquals("test", test.set());
        // the off-diagonal cell with most images, else the largest cell
        int[] cell = {0, 0};
        int[][] m = test.confusion();
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                boolean better = (i != j) == (cell[0] != cell[1]) ? m[i][j] > m[cell[0]][cell[1]] : i != j && m[i][j] > 0;
                if (better) {
                    cell[0] = i;
                    cell[1] = j;
                }
            }
        }
        int count = m[cell[0]][cell[1]];
        assertTrue(count > 0, "a cell with images");
        Node target = robot.lookup("#confusion-" + cell[0] + "-" + cell[1]).query();
        WaitForAsyncUtils.asyncFx(() -> WindowQueries.scrollIntoView(target)).get();
        WaitForAsyncUtils.waitForFxEvents(4);
        robot.clickOn(target);
        WaitForAsyncUtils.waitForFxEvents(4);

        assertEquals("Explain", selectedBottomTab().getText(), "the click opens the Explain tab");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WindowQueries.text(robot, "#explain-gallery-title").startsWith("True "));
        WaitForAsyncUtils.waitForFxEvents(4);
        List<String> names = test.classNames();
        String truth = names.get(cell[0]);
        String predicted = names.get(cell[1]);
        assertEquals("True " + cell[0] + " " + truth + ", predicted " + cell[1] + " " + predicted + ": " + count + " test image"
                        + (count == 1 ? "" : "s") + (count > 48 ? " (the 48 most confident shown)" : "") + "; click one to explain it.",
                WindowQueries.text(robot, "#explain-gallery-title"), "the gallery holds as many images as the clicked cell counts");
        Pane gallery = robot.lookup("#explain-gallery").queryAs(Pane.class);
        assertEquals(Math.min(count, 48), gallery.getChildren().size());
        double previous = Double.POSITIVE_INFINITY;
        for (Node tile : gallery.getChildren()) {
            List<Node> parts = ((VBox) tile).getChildren();
            assertNotNull(((ImageView) parts.get(0)).getImage(), "each tile shows its image");
            String caption = ((Label) parts.get(1)).getText();
            String detail = ((Label) parts.get(2)).getText();
            assertTrue(caption.matches("#\\d+ \\d+%"), caption);
            double confidence = Double.parseDouble(caption.substring(caption.indexOf(' ') + 1, caption.length() - 1));
            assertTrue(confidence <= previous, "most confident first: " + caption);
            previous = confidence;
            assertEquals(cell[0] == cell[1] ? cell[0] + " " + truth : truth + " \u2192 " + predicted, detail);
        }
    }

    @Test
    void theExplainTabShowsTheNetworkJustTrained(FxRobot robot) throws Exception {
        TrainingViewModel vm = trainToTheEnd(robot);
        // the Training tab's own prediction for test image 0, made by the run on its (normalised) test data
        SampleImage first = WaitForAsyncUtils.asyncFx(() -> vm.predictions().get(0)).get();
        robot.clickOn("#tab-explain");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> showsImage(robot, "#explain-gradcam")
                && showsImage(robot, "#explain-maps"));
        WaitForAsyncUtils.waitForFxEvents(4);
        assertEquals("The network trained on the Training tab.", WindowQueries.text(robot, "#explain-source"));
        List<String> titles = WaitForAsyncUtils.asyncFx(() -> robot.lookup(".training-section-title").queryAllAs(Label.class)
                .stream().map(Label::getText).toList()).get();
        assertTrue(titles.contains("4 filters of 'c1' (3x3, 1 input channel)"), titles.toString());
        assertTrue(titles.contains("4 channels of 'c1' (10x10)"), titles.toString());
        String percent = first.detail().split(" ")[0];
        // the same answer: the network just trained, given the test image as training fed it (normalised once)
        assertTrue(titles.stream().anyMatch(t -> t.startsWith("Test image 0, true class ") && t.endsWith(" " + first.caption()
                + " (" + percent + ")")), "predicted " + first.caption() + " " + percent + " as the Training tab says: " + titles);
        assertTrue(titles.stream().anyMatch(t -> t.startsWith("Grad-CAM of ")), titles.toString());
        for (String id : List.of("#explain-input", "#explain-maps", "#explain-gradcam", "#explain-filters")) {
            assertTrue(showsImage(robot, id), id + " shows a picture");
        }
        // the input picture is test image 0 as it looks: the Training tab's (normalised) values, normalisation undone once
        io.layerloom.app.data.LoadedData test = io.layerloom.app.designer.service.TrainerService.predictionSet(
                WaitForAsyncUtils.asyncFx(() -> vm.data().dataProperty().get()).get());
        io.layerloom.app.data.DataTransform transform = WaitForAsyncUtils.asyncFx(() -> vm.data().transform()).get();
        assertTrue(transform.normalizes(), "the file asks for normalisation");
        float[] shown = new io.layerloom.app.explain.ShownInput(transform).shown(java.util.Arrays.copyOf(test.features(), 144),
                test.exampleShape());
        java.awt.image.BufferedImage expected = io.layerloom.app.explain.ExplainPictures.image(
                org.nd4j.linalg.factory.Nd4j.create(shown, new long[] {1, 12, 12}, 'c'));
        javafx.scene.image.Image input = robot.lookup("#explain-input").queryAs(ImageView.class).getImage();
        assertEquals(expected.getWidth(), (int) input.getWidth());
        for (int y = 0; y < expected.getHeight(); y += 7) {
            for (int x = 0; x < expected.getWidth(); x += 7) {
                int e = expected.getRGB(x, y) & 0xff;
                int a = input.getPixelReader().getArgb(x, y) & 0xff;
                assertTrue(Math.abs(e - a) <= 1, "input pixel (" + x + ", " + y + "): " + a + ", as it looks " + e);
            }
        }
    }

}
