package io.layerloom.app.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link ChannelVariance} gives DL4J's own per-channel variance ({@code x.var(false, 0, 2, 3)}, libnd4j's
 * reduction) bit for bit: on thousands of channels of many shapes, spreads and offsets (a mean a
 * thousand times the spread among them), on views and on constant channels.
 */
class ChannelVarianceTest {

    /** Per-channel spreads and offsets of the random batches (a mean a thousand times the spread among them). */
    private static final double[] SPREADS = {1e-3, 0.02, 1, 30};
    private static final double[] OFFSETS = {0, -0.2, 5, 1000};

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int c = 0; c < expected.length; c++) {
            assertEquals(Float.floatToIntBits(expected[c]), Float.floatToIntBits(actual[c]),
                    what + ", channel " + c + ": " + expected[c] + " against " + actual[c]);
        }
    }

    private static void assertBitwiseEqual(INDArray x, String what) {
        INDArray into = Nd4j.createUninitialized(DataType.FLOAT, x.size(1));
        assertSameBits(x.var(false, 0, 2, 3).toFloatVector(), ChannelVariance.biased(x, into).toFloatVector(), what);
    }

    @Test
    void dl4jsVarianceBitForBitOnRandomBatches() {
        int[][] shapes = {{64, 32, 32, 32}, {8, 4, 8, 8}, {64, 64, 16, 16}, {5, 3, 7, 3}, {64, 128, 8, 8}, {2, 7, 1, 5},
            {16, 256, 4, 4}, {3, 1000, 1, 2}};
        int cases = 0;
        for (int[] s : shapes) {
            for (int i = 0; i < SPREADS.length; i++) {
                Nd4j.getRandom().setSeed(31L * cases + 7);
                INDArray x = Nd4j.randn(DataType.FLOAT, s[0], s[1], s[2], s[3]).muli(SPREADS[i]).addi(OFFSETS[(i + cases) % OFFSETS.length]);
                assertBitwiseEqual(x, "shape " + java.util.Arrays.toString(s) + ", spread " + SPREADS[i]);
                cases++;
            }
        }
    }

    private static void assertMeanBitwiseEqual(INDArray x, String what) {
        INDArray into = Nd4j.createUninitialized(DataType.FLOAT, x.size(1));
        assertSameBits(x.mean(0, 2, 3).toFloatVector(), ChannelVariance.mean(x, into).toFloatVector(), what);
    }

    @Test
    void dl4jsMeanBitForBitOnRandomBatchesWithOneAndTwoThreads() {
        // channels below, at and past a group of eight; planes from 1x2 to 32x32
        int[][] shapes = {{64, 32, 32, 32}, {8, 4, 8, 8}, {64, 64, 16, 16}, {5, 3, 7, 3}, {64, 128, 8, 8}, {2, 7, 1, 5},
            {16, 256, 4, 4}, {3, 1000, 1, 2}, {7, 9, 5, 5}, {1, 17, 3, 3}};
        int before = Dl4jThreads.current();
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Dl4jThreads.use(threads);
                int cases = 0;
                for (int[] s : shapes) {
                    for (int i = 0; i < SPREADS.length; i++) {
                        Nd4j.getRandom().setSeed(37L * cases + threads);
                        INDArray x = Nd4j.randn(DataType.FLOAT, s[0], s[1], s[2], s[3]).muli(SPREADS[i])
                                .addi(OFFSETS[(i + cases) % OFFSETS.length]);
                        String what = "shape " + java.util.Arrays.toString(s) + ", spread " + SPREADS[i] + ", threads " + threads;
                        assertMeanBitwiseEqual(x, what);
                        assertMeanBitwiseEqual(org.nd4j.linalg.ops.transforms.Transforms.relu(x, true), "relu, " + what);
                        cases++;
                    }
                }
            }
        } finally {
            Dl4jThreads.use(before);
        }
        INDArray big = Nd4j.rand(DataType.FLOAT, 10, 6, 9, 9);
        assertMeanBitwiseEqual(big.get(NDArrayIndex.interval(3, 10), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()),
                "a view with an offset");
        assertMeanBitwiseEqual(Nd4j.rand(DataType.FLOAT, 4, 5, 5, 7).permute(0, 3, 1, 2), "permuted");
    }

    @Test
    void afterARelu() {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 32, 16, 12, 12);
        assertBitwiseEqual(org.nd4j.linalg.ops.transforms.Transforms.relu(x, true), "relu of a normal batch");
    }

    @Test
    void constantChannelsHaveVarianceZero() {
        INDArray x = Nd4j.valueArrayOf(new long[]{4, 3, 5, 5}, 0.3f, DataType.FLOAT);
        assertBitwiseEqual(x, "constant");
        assertEquals(0f, ChannelVariance.biased(x, Nd4j.create(DataType.FLOAT, 3)).getFloat(1));
    }

    @Test
    void viewsAndArraysWithAnOffset() {
        Nd4j.getRandom().setSeed(9);
        INDArray big = Nd4j.rand(DataType.FLOAT, 10, 6, 9, 9);
        // examples 3..9: contiguous, with an offset into the buffer
        assertBitwiseEqual(big.get(NDArrayIndex.interval(3, 10), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()), "offset");
        // a strided view (every other column): copied first
        assertBitwiseEqual(big.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 9)), "strided");
        // NHWC data permuted to NCHW
        assertBitwiseEqual(Nd4j.rand(DataType.FLOAT, 4, 5, 5, 7).permute(0, 3, 1, 2), "permuted");
    }

    @Test
    void refusesWhatItDoesNotHandle() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChannelVariance.biased(Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 4), Nd4j.create(DataType.FLOAT, 3)));
        assertEquals("a float array of rank 4 expected, got DOUBLE of shape [2, 3, 4, 4]", e.getMessage());
    }
}
