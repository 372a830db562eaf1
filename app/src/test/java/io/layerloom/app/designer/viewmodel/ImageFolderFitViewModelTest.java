package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.designer.service.Dl4jTrainerService;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.training.DataPreparation;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The window reads an image folder as {@code train} does: fitted to the Input by the training
 * object's "fit" (pad keeps the pixels on a zero border, crop keeps the centre, resize and no fit
 * scale), and reads it again when the fit changes.
 */
class ImageFolderFitViewModelTest {

    /** Two classes of three white 28x28 images each. */
    private static Path folder(Path dir) throws Exception {
        for (String c : List.of("a", "b")) {
            Files.createDirectories(dir.resolve(c));
            for (int i = 0; i < 3; i++) {
                BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
                java.awt.Graphics2D g = img.createGraphics();
                g.setColor(java.awt.Color.WHITE);
                g.fillRect(0, 0, 28, 28);
                g.dispose();
                ImageIO.write(img, "png", dir.resolve(c).resolve(i + ".png").toFile());
            }
        }
        return dir;
    }

    @Test
    void anImageFolderIsFittedByTheStoredFit(@TempDir Path dir) throws Exception {
        Path images = folder(dir.resolve("imgs"));
        DocumentViewModel document = DocumentViewModel.direct(TrainingViewModelTest.dense("[1, 32, 32]"));
        document.apply(new Edit.SetParam("out", "units", 2L));
        TrainingViewModel vm = new TrainingViewModel(document, new Dl4jTrainerService(DataSources.standard(), Runnable::run),
                BackgroundTasks.direct(), Runnable::run);
        vm.data().choose(DataChoice.folder(images));
        // no fit: resized, as train reads a folder without one; every pixel white
        LoadedData resized = vm.data().dataProperty().get().train();
        assertEquals(List.of(1L, 32L, 32L), resized.exampleShape());
        assertEquals(1f, resized.features()[0], 1e-6f);

        vm.settings().setFit(Optional.of(DataPreparation.Fit.PAD));
        LoadedData padded = vm.data().dataProperty().get().train();
        assertEquals(List.of(1L, 32L, 32L), padded.exampleShape());
        assertEquals(0f, padded.features()[0], "the corner is on the zero border");
        assertEquals(1f, padded.features()[2 * 32 + 2], 1e-6f, "the image starts 2 pixels in");
        assertEquals("", vm.data().problemProperty().get());

        vm.settings().setFit(Optional.of(DataPreparation.Fit.CROP));
        assertNull(vm.data().dataProperty().get(), "28x28 images cannot be cropped to 32x32");
        assertTrue(vm.data().problemProperty().get().contains("fit crop needs images no smaller than the Input"), "<" +
                vm.data().problemProperty().get());
    }

    @Test
    void aFitChosenWhileAnotherChoiceLoadsReloadsThatChoice() throws Exception {
        io.layerloom.app.designer.FakeTrainer trainer = new io.layerloom.app.designer.FakeTrainer();
        trainer.split = io.layerloom.app.designer.FakeTrainer.images(1, 8, 8, 3, 30);
        DocumentViewModel document = DocumentViewModel.direct(TrainingViewModelTest.dense("[1, 16, 16]"));
        java.util.ArrayDeque<Runnable> queued = new java.util.ArrayDeque<>();
        TrainingViewModel vm = new TrainingViewModel(document, trainer, new BackgroundTasks(Runnable::run), queued::add);
        vm.data().choose(DataChoice.named("digits", DataSources.DIGITS));
        while (!queued.isEmpty()) {
            queued.poll().run();
        }
        assertNotNull(vm.data().blockingProperty().get(), "8x8 images on a 1x16x16 Input");
        vm.data().choose(DataChoice.named("iris", DataSources.IRIS)); // still loading when the fit is chosen
        vm.settings().setFit(Optional.of(DataPreparation.Fit.PAD));
        while (!queued.isEmpty()) {
            queued.poll().run();
        }
        // the first iris request is superseded before it runs; the one made for the fit loads iris, not digits again
        assertEquals(List.of(DataSources.DIGITS, DataSources.IRIS), trainer.loadedSources,
                "the newest choice is reloaded with the fit, not the last loaded");
        assertEquals(DataSources.IRIS, vm.data().source());
        assertEquals(Optional.of(DataPreparation.Fit.PAD), vm.data().transform().fit());
        assertEquals(List.of(1L, 16L, 16L), vm.data().dataProperty().get().train().exampleShape());
    }
}
