package io.layerloom.app.data.augment;

import io.layerloom.app.data.Dl4jData;
import io.layerloom.app.data.SyntheticImages;
import io.layerloom.app.data.LoadedData;
import io.layerloom.model.training.AugmentOp;
import io.layerloom.model.training.AugmentStep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import static org.junit.jupiter.api.Assertions.*;

/** The prefetching wrapper gives the batches of sequential augmentation with the same seed, epoch after epoch. */
class AugmentingIteratorTest {

    private static final List<Long> SHAPE = List.of(3L, 16L, 16L);
    private static final List<AugmentStep> STEPS = List.of(AugmentStep.of(AugmentOp.FLIP), AugmentStep.of(AugmentOp.CROP, "padding", 2),
            AugmentStep.of(AugmentOp.ROTATE, "degrees", 15, "p", 0.5), AugmentStep.of(AugmentOp.BRIGHTNESS),
            AugmentStep.of(AugmentOp.NOISE, "sigma", 0.02), AugmentStep.of(AugmentOp.CUTOUT, "size", 4));

    private static List<float[]> epoch(DataSetIterator it) {
        it.reset();
        List<float[]> out = new ArrayList<>();
        while (it.hasNext()) {
            DataSet ds = it.next();
            out.add(ds.getFeatures().dup('c').data().asFloat());
            assertEquals(ds.getFeatures().size(0), ds.getLabels().size(0));
        }
        return out;
    }

    /** What the wrapper must give: each source batch augmented on this thread with the same generators. */
    private static List<float[]> sequential(LoadedData data, long epoch) {
        DataSetIterator source = Dl4jData.shuffled(data, 32, 9, SHAPE);
        for (long e = 0; e < epoch; e++) {
            source.reset();
        }
        Augmenter a = new Augmenter(STEPS, SHAPE);
        List<float[]> out = new ArrayList<>();
        long b = 0;
        while (source.hasNext()) {
            DataSet ds = source.next();
            float[] v = ds.getFeatures().dup('c').data().asFloat();
            a.applyToBatch(v, (int) ds.getFeatures().size(0), 11, epoch, b++);
            out.add(v);
        }
        return out;
    }

    @Test
    void prefetchingWithThreeWorkersGivesTheBatchesOfSequentialAugmentation() {
        LoadedData data = SyntheticImages.generate(150, SHAPE, 4, 3);
        AugmentingIterator it = new AugmentingIterator(Dl4jData.shuffled(data, 32, 9, SHAPE), STEPS, SHAPE, 11, 3, 4);
        assertEquals(5, it.batchesPerEpoch());
        for (long e = 1; e <= 2; e++) {
            List<float[]> got = epoch(it);
            List<float[]> expected = sequential(data, e);
            assertEquals(expected.size(), got.size());
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(expected.get(i), got.get(i), "epoch " + e + " batch " + i);
            }
        }
        // an epoch abandoned half way, then reset, starts the next one cleanly
        it.reset();
        it.next();
        List<float[]> fourth = epoch(it);
        List<float[]> expected = sequential(data, 4);
        for (int i = 0; i < fourth.size(); i++) {
            assertArrayEquals(expected.get(i), fourth.get(i));
        }
    }

    @Test
    void augmentationChangesTheImagesButNotTheLabels() {
        LoadedData data = SyntheticImages.generate(40, SHAPE, 4, 3);
        DataSetIterator plain = Dl4jData.inOrder(data, 40);
        DataSet original = plain.next();
        AugmentingIterator it = new AugmentingIterator(Dl4jData.inOrder(data, 40), STEPS, SHAPE, 1, 1, 1);
        it.reset();
        DataSet augmented = it.next();
        assertFalse(it.hasNext());
        assertEquals(original.getLabels(), augmented.getLabels());
        assertNotEquals(original.getFeatures(), augmented.getFeatures());
        assertArrayEquals(original.getFeatures().shape(), augmented.getFeatures().shape());
        assertThrows(java.util.NoSuchElementException.class, it::next);
    }
}
