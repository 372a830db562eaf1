package io.layerloom.app.data;

import io.layerloom.model.training.DataPreparation;
import io.layerloom.model.training.DataPreparation.Fit;
import io.layerloom.model.training.DataPreparation.Normalization;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/** Fit then per-channel normalisation, its statistics from the training part only. */
class DataPreparerTest {

    private static final List<Long> RGB8 = List.of(3L, 8L, 8L);

    private static DataSplit split() {
        LoadedData train = SyntheticImages.generate(200, RGB8, 4, 1);
        LoadedData val = SyntheticImages.generate(40, RGB8, 4, 2);
        LoadedData test = SyntheticImages.generate(40, RGB8, 4, 3);
        return new DataSplit(train, val, Optional.of(test));
    }

    @Test
    void autoUsesEachChannelsMeanAndStdOfTheTrainingPartOnly() throws Exception {
        DataSplit raw = split();
        DataPreparer.Prepared p = DataPreparer.prepare(raw, RGB8, DataPreparation.none().withNormalization(Normalization.AUTO));
        // ND4J as the oracle: per channel over examples, rows and columns, population std
        INDArray x = Nd4j.create(raw.train().features(), new long[] {200, 3, 8, 8}, 'c');
        double[] mean = x.mean(0, 2, 3).toDoubleVector();
        double[] std = x.std(false, 0, 2, 3).toDoubleVector();
        for (int c = 0; c < 3; c++) {
            assertEquals(mean[c], p.transform().mean().get(c), 1e-5);
            assertEquals(std[c], p.transform().std().get(c), 1e-5);
        }
        INDArray t = Nd4j.create(p.split().train().features(), new long[] {200, 3, 8, 8}, 'c');
        assertArrayEquals(new double[] {0, 0, 0}, t.mean(0, 2, 3).toDoubleVector(), 1e-4);
        assertArrayEquals(new double[] {1, 1, 1}, t.std(false, 0, 2, 3).toDoubleVector(), 1e-4);
        // validation and test use the training statistics
        float v = raw.validation().features()[64 * 2 + 5];
        assertEquals((v - mean[2]) / std[2], p.split().validation().features()[64 * 2 + 5], 1e-4);
        assertEquals(p.transform(), new DataTransform(Optional.empty(), p.transform().mean(), p.transform().std()));
    }

    @Test
    void theFitComesFirstAndGivenValuesAreUsedAsGiven() throws Exception {
        DataSplit raw = split();
        List<Long> input = List.of(3L, 12L, 12L);
        DataPreparation prep = new DataPreparation(Optional.of(Fit.PAD), Normalization.given(List.of(0.5), List.of(0.25)));
        DataPreparer.Prepared p = DataPreparer.prepare(raw, input, prep);
        assertEquals(input, p.split().train().exampleShape());
        assertEquals(input, p.split().test().orElseThrow().exampleShape());
        assertEquals((0 - 0.5) / 0.25, p.split().train().features()[0], 1e-6, "a padded pixel is 0 before normalising");
        assertEquals((raw.train().features()[0] - 0.5) / 0.25, p.split().train().features()[2 * 12 + 2], 1e-6);
        // the transform recorded does the same to one example (predict's path)
        float[] one = p.transform().apply(java.util.Arrays.copyOf(raw.test().orElseThrow().features(), 192), RGB8, input);
        assertArrayEquals(java.util.Arrays.copyOf(p.split().test().orElseThrow().features(), 432), one, 1e-6f);
    }

    @Test
    void badSettingsNameTheField() {
        DataSplit raw = split();
        DataException e = assertThrows(DataException.class, () -> DataPreparer.prepare(raw, List.of(3L, 4L, 4L),
                DataPreparation.none().withFit(Optional.of(Fit.PAD))));
        assertEquals("training.fit: fit pad needs images no larger than the Input: Synthetic images are 3x8x8, the Input is"
                + " 3x4x4; use crop or resize.", e.getMessage());
        e = assertThrows(DataException.class, () -> DataPreparer.prepare(raw, RGB8,
                DataPreparation.none().withNormalization(Normalization.given(List.of(0.1, 0.2), List.of(1.0, 1.0)))));
        assertEquals("training.normalization: 2 mean and std values for 3 channels; give one value per channel, or one for all.",
                e.getMessage());
    }

    @Test
    void nothingToDoLeavesTheSplitAsItWas() throws Exception {
        DataSplit raw = split();
        assertSame(raw, DataPreparer.prepare(raw, RGB8, DataPreparation.none()).split());
        assertSame(raw, DataPreparer.prepare(raw, RGB8, DataPreparation.none().withFit(Optional.of(Fit.PAD))).split());
    }
}
