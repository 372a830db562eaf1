package io.layerloom.app.designer.viewmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.data.DataTransform;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.explain.BarsNetwork;
import io.layerloom.app.explain.Explainer;
import io.layerloom.app.training.TrainedNetwork;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * The Explain tab after training on normalised inputs: the Training tab's test images are
 * normalised as training normalised them (the network gets those), while the input picture, the
 * Grad-CAM overlay and the gallery's thumbnails show the images as they look.
 */
class ExplainNormalisedTest {

    private static final List<Long> SHAPE = List.of(1L, 12L, 12L);
    private static final DataTransform NORMALISED = new DataTransform(Optional.empty(), List.of(0.3), List.of(0.2));

    private final Queue<Runnable> background = new ArrayDeque<>();

    private void runBackground() {
        while (!background.isEmpty()) {
            background.poll().run();
        }
    }

    @Test
    void picturesAndThumbnailsShowTheImagesAsTheyLook() throws Exception {
        var net = BarsNetwork.trained(1);
        LoadedData raw = BarsNetwork.images(20, 99);
        LoadedData normalised = NORMALISED.apply(raw, SHAPE);
        assertFalse(Arrays.equals(raw.features(), normalised.features()));
        // the Training tab holds the data as training fed it (normalised), and the transform it applied
        ExplainViewModel vm = new ExplainViewModel(DocumentViewModel.direct(BarsNetwork.graph()),
                () -> Optional.of(ExplainFixtures.trained(net, normalised, false, NORMALISED)), BackgroundTasks.direct(),
                background::add);
        vm.activeProperty().set(true);
        runBackground();
        Explainer plain = Explainer.of(BarsNetwork.graph(), TrainedNetwork.snapshot(net, SHAPE));
        float[] image0 = Arrays.copyOf(raw.features(), 144);
        assertClose(plain.image(image0), vm.imageProperty().get());
        // the network got the image normalised once, as in training: its answer is the one on those values
        Explainer.Answer onNormalised = plain.answer(Arrays.copyOf(normalised.features(), 144));
        assertEquals(String.format(java.util.Locale.ROOT, " (%.0f%%)", onNormalised.confidence() * 100),
                vm.imageTitleProperty().get().substring(vm.imageTitleProperty().get().lastIndexOf(' ')));
        assertTrue(vm.camTitleProperty().get().contains(String.format(java.util.Locale.ROOT, "(probability %.2f)",
                onNormalised.probabilities()[onNormalised.predicted()])), vm.camTitleProperty().get());

        vm.openCell(0, 0);
        runBackground();
        assertFalse(vm.gallery().isEmpty());
        for (ExplainViewModel.GalleryItem item : vm.gallery()) {
            float[] expected = Arrays.copyOfRange(raw.features(), item.index() * 144, (item.index() + 1) * 144);
            assertArrayEquals(expected, item.image().values(), 1e-6f, "thumbnail of test image " + item.index());
        }
    }

    private static void assertClose(Explainer.Picture expected, Explainer.Picture actual) {
        assertEquals(expected.width(), actual.width());
        for (int i = 0; i < expected.argb().length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                int d = Math.abs((expected.argb()[i] >> shift & 255) - (actual.argb()[i] >> shift & 255));
                if (d > 1) {
                    throw new AssertionError("pixel " + i + " differs by " + d);
                }
            }
        }
    }
}
