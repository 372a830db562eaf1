package io.layerloom.app.designer.viewmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.DataTransform;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.designer.service.TrainerService;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.explain.BarsNetwork;
import io.layerloom.app.explain.Explainer;
import io.layerloom.app.explain.Misclassified;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.app.training.TrainedNetwork;
import io.layerloom.model.graph.Edit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Explain tab's logic on a real network whose answer is known (bars on the left or the right,
 * {@link BarsNetwork}): it opens the Training tab's network or the saved model, follows the canvas
 * selection, maps a clicked unit to its input patch, fills the gallery of a confusion cell with
 * exactly that cell's test images, and says what to do when there is nothing to explain. Work runs
 * on a queued background executor, so that the progress shown while it waits can be checked.
 */
class ExplainViewModelTest {

    static ComputationGraph net;
    static LoadedData test;

    private final Queue<Runnable> background = new ArrayDeque<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        net = BarsNetwork.trained(2);
        test = BarsNetwork.images(40, 99);
    }

    private static ExplainViewModel.Trained trained(boolean running) {
        return ExplainFixtures.trained(net, test, running);
    }

    private ExplainViewModel model(DocumentViewModel document, Optional<ExplainViewModel.Trained> training) {
        return new ExplainViewModel(document, () -> training, BackgroundTasks.direct(), background::add);
    }

    private void runBackground() {
        while (!background.isEmpty()) {
            background.poll().run();
        }
    }

    @Test
    void withNothingTrainedItSaysWhatToDo() {
        ExplainViewModel vm = model(DocumentViewModel.direct(BarsNetwork.graph()), Optional.empty());
        vm.activeProperty().set(true);
        runBackground();
        assertEquals(ExplainViewModel.NOTHING, vm.messageProperty().get());
        assertNull(vm.filtersProperty().get());
        assertTrue(vm.layers().isEmpty());
    }

    @Test
    void opensTheTrainingTabsNetworkInTheBackgroundAndShowsFiltersFeatureMapsAndGradCam() {
        DocumentViewModel document = DocumentViewModel.direct(BarsNetwork.graph());
        ExplainViewModel vm = model(document, Optional.of(trained(true)));
        vm.activeProperty().set(true);
        assertTrue(vm.busyProperty().get(), "opening runs in the background");
        assertEquals("Taking a snapshot of the network being trained\u2026", vm.progressProperty().get());
        assertNull(vm.filtersProperty().get());
        runBackground();
        assertFalse(vm.busyProperty().get());
        assertEquals("", vm.progressProperty().get());
        assertTrue(vm.sourceProperty().get().startsWith("A snapshot of the network being trained, taken at "));
        assertEquals(List.of("c1", "c2"), vm.layers());
        assertEquals("c2", vm.layerProperty().get(), "the last convolution first");
        assertEquals("4 filters of 'c1' (3x3, 1 input channel)", vm.filtersTitleProperty().get());
        assertEquals(4, vm.filtersProperty().get().tiles());
        assertEquals("6 channels of 'c2' (8x8)", vm.mapsTitleProperty().get());
        assertEquals(List.of("the predicted class", "0 left", "1 right"), vm.classChoices());
        Explainer.Answer answer = answerOf(0);
        assertEquals("Test image 0, true class 0 left: predicted " + (answer.predicted() == 0 ? "0 left" : "1 right")
                + String.format(java.util.Locale.ROOT, " (%.0f%%)", answer.confidence() * 100), vm.imageTitleProperty().get());
        assertTrue(vm.camTitleProperty().get().startsWith("Grad-CAM of " + (answer.predicted() == 0 ? "0 left" : "1 right")),
                vm.camTitleProperty().get());
        assertEquals(12 * 21, vm.gradCamProperty().get().width(), "the input enlarged to about 256 pixels");

        vm.classChoiceProperty().set(2);
        runBackground();
        assertTrue(vm.camTitleProperty().get().startsWith("Grad-CAM of 1 right (probability "), vm.camTitleProperty().get());
        vm.testIndexProperty().set(41);
        assertEquals("Test image 41 does not exist: the test set has 40 images, 0 to 39.", vm.messageProperty().get());
        assertTrue(background.isEmpty(), "nothing to compute");
    }

    private static Explainer.Answer answerOf(int index) {
        try {
            Explainer e = Explainer.of(BarsNetwork.graph(), TrainedNetwork.snapshot(net, List.of(1L, 12L, 12L)));
            int size = 144;
            return e.answer(java.util.Arrays.copyOfRange(test.features(), index * size, (index + 1) * size));
        } catch (Explainer.Problem e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void followsTheCanvasSelectionAndSaysWhyALayerHasNoFeatureMaps() {
        DocumentViewModel document = DocumentViewModel.direct(BarsNetwork.graph());
        ExplainViewModel vm = model(document, Optional.of(trained(false)));
        vm.refresh();
        runBackground();
        assertEquals("The network trained on the Training tab.", vm.sourceProperty().get());
        document.select("f");
        assertEquals("'f' has no feature maps (it gives [384]): select a convolution, pooling or activation layer on the canvas.",
                vm.layerNoteProperty().get());
        assertEquals("c2", vm.layerProperty().get(), "the shown layer stays");
        document.select("c1");
        assertEquals("", vm.layerNoteProperty().get());
        assertEquals("c1", vm.layerProperty().get());
        assertTrue(vm.busyProperty().get());
        runBackground();
        assertEquals("4 channels of 'c1' (10x10)", vm.mapsTitleProperty().get());

        vm.selectUnit(3, 2, 7);
        assertEquals(new Explainer.Patch(2, 7, 4, 9, 3, 3), vm.patchProperty().get());
        assertEquals("'c1' channel 3, unit (2, 7) sees input rows 2\u20134, columns 7\u20139 (a 3x3 field)", vm.unitTextProperty().get());
        assertEquals(12, vm.imageColumns());

        document.apply(new Edit.SetParam("c2", "filters", 8L));
        assertEquals("The graph has changed since this network was opened: Refresh to explain it as it is now.",
                vm.messageProperty().get());
    }

    @Test
    void aConfusionCellFillsTheGalleryWithExactlyThatCellsImagesAndAClickExplainsOne() throws Exception {
        DocumentViewModel document = DocumentViewModel.direct(BarsNetwork.graph());
        ExplainViewModel vm = model(document, Optional.of(trained(false)));
        // clicked before the tab was ever opened: the network opens first, then the cell
        vm.openCell(1, 1);
        runBackground();
        List<Misclassified.Miss> all = Explainer.of(BarsNetwork.graph(), TrainedNetwork.snapshot(net, List.of(1L, 12L, 12L)))
                .answers(test);
        List<Misclassified.Miss> cell = all.stream().filter(m -> m.truth() == 1 && m.predicted() == 1).toList();
        assertFalse(cell.isEmpty());
        assertEquals(cell.size(), vm.gallery().size());
        assertEquals(cell.stream().map(Misclassified.Miss::index).sorted().toList(),
                vm.gallery().stream().map(ExplainViewModel.GalleryItem::index).sorted().toList());
        assertTrue(vm.gallery().stream().allMatch(g -> g.index() % 2 == 1 && Boolean.TRUE.equals(g.image().verdict())));
        assertEquals("True 1 right, predicted 1 right: " + cell.size() + " test images; click one to explain it.",
                vm.galleryTitleProperty().get());
        int wrong = (int) all.stream().filter(m -> m.truth() == 0 && m.predicted() == 1).count();
        vm.openCell(0, 1);
        assertTrue(background.isEmpty(), "the answers are computed once");
        assertEquals(wrong, vm.gallery().size());

        vm.openCell(1, 1);
        int picked = vm.gallery().get(0).index();
        vm.chooseTestImage(picked);
        runBackground();
        assertTrue(vm.imageTitleProperty().get().startsWith("Test image " + picked + ", true class 1 right: predicted 1 right"),
                vm.imageTitleProperty().get());
    }

    @Test
    void aValidationMatrixCellShowsTheValidationImagesAndAClickExplainsThatValidationImage() throws Exception {
        LoadedData validation = BarsNetwork.images(30, 7);
        ExplainViewModel vm = model(DocumentViewModel.direct(BarsNetwork.graph()),
                Optional.of(ExplainFixtures.trained(net, validation, test, false, DataTransform.NONE)));
        Explainer plain = Explainer.of(BarsNetwork.graph(), TrainedNetwork.snapshot(net, List.of(1L, 12L, 12L)));
        List<Misclassified.Miss> onValidation = plain.answers(validation);
        List<Integer> cell = onValidation.stream().filter(m -> m.truth() == 1 && m.predicted() == 1).map(Misclassified.Miss::index)
                .sorted().toList();
        List<Integer> testCell = plain.answers(test).stream().filter(m -> m.truth() == 1 && m.predicted() == 1)
                .map(Misclassified.Miss::index).sorted().toList();
        assertFalse(cell.isEmpty());
        assertFalse(cell.size() == testCell.size(), "the two sets' cells differ, so the set shown is the one asked for");

        vm.openCell(1, 1, "validation");
        runBackground();
        assertEquals(cell, vm.gallery().stream().map(ExplainViewModel.GalleryItem::index).sorted().toList());
        assertTrue(vm.gallery().stream().allMatch(g -> g.set().equals("validation")));
        assertEquals("True 1 right, predicted 1 right: " + cell.size() + " validation images; click one to explain it.",
                vm.galleryTitleProperty().get(), "a finished run: the matrix and the network agree, no note");
        for (ExplainViewModel.GalleryItem g : vm.gallery()) {
            assertArrayEquals(java.util.Arrays.copyOfRange(validation.features(), g.index() * 144, (g.index() + 1) * 144),
                    g.image().values(), "thumbnail of validation image " + g.index());
        }

        vm.openCell(1, 1, "test");
        assertFalse(background.isEmpty(), "the test answers are computed on their own");
        runBackground();
        assertEquals(testCell, vm.gallery().stream().map(ExplainViewModel.GalleryItem::index).sorted().toList());
        assertEquals("True 1 right, predicted 1 right: " + testCell.size() + " test images; click one to explain it.",
                vm.galleryTitleProperty().get());
        vm.openCell(1, 1, "validation");
        assertTrue(background.isEmpty(), "each set's answers are computed once");
        assertEquals(cell.size(), vm.gallery().size());

        // the picked validation image is the one explained, not the test image of the same index
        int picked = vm.gallery().stream().mapToInt(ExplainViewModel.GalleryItem::index).filter(i -> i != vm.testIndexProperty().get())
                .findFirst().orElseThrow();
        float[] pixels = java.util.Arrays.copyOfRange(validation.features(), picked * 144, (picked + 1) * 144);
        Explainer.Answer answer = plain.answer(pixels);
        vm.chooseImage("validation", picked);
        runBackground();
        assertEquals("Validation image " + picked + ", true class 1 right: predicted 1 right" + String.format(java.util.Locale.ROOT,
                " (%.0f%%)", answer.confidence() * 100), vm.imageTitleProperty().get());
        assertArrayEquals(plain.image(pixels).argb(), vm.imageProperty().get().argb());
        // the spinner still means the test set
        vm.testIndexProperty().set(3);
        runBackground();
        assertTrue(vm.imageTitleProperty().get().startsWith("Test image 3, true class "), vm.imageTitleProperty().get());
        vm.chooseImage("validation", 30);
        assertEquals("Validation image 30 does not exist: the validation set has 30 images, 0 to 29.", vm.messageProperty().get());
    }

    @Test
    void whileTrainingACellClickTakesANewSnapshotAndSaysTheValidationMatrixIsOlder() {
        LoadedData validation = BarsNetwork.images(30, 7);
        ExplainViewModel vm = model(DocumentViewModel.direct(BarsNetwork.graph()),
                Optional.of(ExplainFixtures.trained(net, validation, test, true, DataTransform.NONE)));
        vm.activeProperty().set(true);
        runBackground();
        vm.openCell(0, 0, "validation", 3);
        assertEquals("Taking a snapshot of the network being trained\u2026", vm.progressProperty().get(),
                "the tab's snapshot is older than the matrix: a new one first");
        runBackground();
        String title = vm.galleryTitleProperty().get();
        assertEquals("True 0 left, predicted 0 left: " + vm.gallery().size() + " validation images; click one"
                + " to explain it. The matrix is from epoch 3's end; the network is a snapshot taken at the click and may have"
                + " trained on since, so the count may differ a little from the cell's.", title);
        vm.openCell(0, 0, "test");
        assertFalse(background.isEmpty(), "again a new snapshot");
        runBackground();
        assertTrue(vm.galleryTitleProperty().get().endsWith(" test images; click one to explain it."),
                "the test matrix comes after training: no note");
        assertThrows(IllegalArgumentException.class, () -> vm.openCell(0, 0, "train"));
    }

    @Test
    void withoutTheTrainingTabItOpensTheModelSavedBesideTheGraphAndAnImageFile() throws Exception {
        Path file = dir.resolve("bars.json");
        Files.writeString(file, BarsNetwork.GRAPH);
        DocumentViewModel document = DocumentViewModel.direct(BarsNetwork.graph());
        document.replace(BarsNetwork.graph(), file);
        ExplainViewModel vm = model(document, Optional.empty());
        vm.refresh();
        runBackground();
        assertEquals("No trained model for bars.json: bars.dl4j.zip does not exist. Train the graph on the Training tab (or with"
                + " 'layerloom train'), then explain.", vm.messageProperty().get());

        ModelFiles.save(net, ModelFiles.modelFor(file, null), new ModelFiles.Provenance("bars.json", null, 5, 0, Double.NaN));
        vm.refresh();
        assertEquals("Opening the saved model\u2026", vm.progressProperty().get());
        runBackground();
        assertEquals("The model saved beside bars.json: bars.dl4j.zip.", vm.sourceProperty().get());
        assertEquals("No test images: choose an image file.", vm.messageProperty().get(), "the record names no data");
        assertNotNull(vm.filtersProperty().get());

        java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(12, 12, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 12; y++) {
            png.setRGB(9, y, 0xffffff);
            png.setRGB(10, y, 0xffffff);
        }
        Path image = dir.resolve("right.png");
        javax.imageio.ImageIO.write(png, "png", image.toFile());
        vm.chooseImageFile(image);
        runBackground();
        assertEquals("", vm.messageProperty().get());
        assertTrue(vm.imageTitleProperty().get().startsWith("right.png: predicted 1"), vm.imageTitleProperty().get());
        vm.chooseImageFile(dir.resolve("missing.png"));
        runBackground();
        assertTrue(vm.messageProperty().get().endsWith(". Choose a PNG, JPEG, GIF or BMP image."), vm.messageProperty().get());
    }
}
