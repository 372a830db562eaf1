package io.layerloom.app.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link ChannelPasses}: the forward normalisation is DL4J's four broadcast operations bit for bit; the
 * backward closed form matches the textbook formula computed by ND4J in double precision.
 */
class ChannelPassesTest {

    private static final int[][] SHAPES = {{64, 32, 16, 16}, {8, 4, 8, 8}, {5, 3, 7, 3}, {3, 70, 2, 1}};

    private static INDArray batch(long seed, int[] s) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, s[0], s[1], s[2], s[3]).muli(2).addi(0.5);
    }

    @Test
    void normalisationIsDl4jsFourOperationsBitForBit() {
        for (int[] s : SHAPES) {
            INDArray x = batch(s[1], s);
            long c = s[1];
            INDArray mean = x.mean(0, 2, 3);
            INDArray std = Transforms.sqrt(x.var(false, 0, 2, 3).add(1e-5), false);
            INDArray gamma = Nd4j.rand(DataType.FLOAT, c).addi(0.5);
            INDArray beta = Nd4j.randn(DataType.FLOAT, c);
            INDArray expected = x.ulike();
            Nd4j.exec(new SubOp(x, mean.reshape(1, c, 1, 1), expected));
            Nd4j.exec(new DivOp(expected, std.reshape(1, c, 1, 1), expected));
            Nd4j.exec(new MulOp(expected, gamma.reshape(1, c, 1, 1), expected));
            Nd4j.exec(new AddOp(expected, beta.reshape(1, c, 1, 1), expected));
            INDArray actual = x.ulike();
            ChannelPasses.normalise(x, mean.toFloatVector(), std.toFloatVector(), gamma.toFloatVector(), beta.toFloatVector(), actual);
            assertArrayEquals(expected.data().asFloat(), actual.data().asFloat(), 0f, java.util.Arrays.toString(s));
        }
    }

    @Test
    void backwardIsTheClosedFormInDouble() {
        for (int[] s : SHAPES) {
            INDArray x = batch(s[1] + 1, s);
            INDArray dy = batch(s[1] + 2, s).muli(0.01);
            long c = s[1];
            double eps = 1e-5;
            INDArray gamma = Nd4j.rand(DataType.FLOAT, c).addi(0.5);
            float[] mean = x.mean(0, 2, 3).toFloatVector();
            float[] invStd = Transforms.sqrt(x.var(false, 0, 2, 3).add(eps), false).rdivi(1).toFloatVector();
            float[] dGamma = new float[(int) c];
            float[] dBeta = new float[(int) c];
            INDArray dx = x.ulike();
            ChannelPasses.backward(x, dy, mean, invStd, gamma.toFloatVector(), dGamma, dBeta, dx);

            // the textbook formula, in double, with ND4J
            INDArray xd = x.castTo(DataType.DOUBLE);
            INDArray dyd = dy.castTo(DataType.DOUBLE);
            INDArray m = Nd4j.createFromArray(mean).castTo(DataType.DOUBLE).reshape(1, c, 1, 1);
            INDArray is = Nd4j.createFromArray(invStd).castTo(DataType.DOUBLE).reshape(1, c, 1, 1);
            INDArray xhat = xd.sub(m.broadcast(xd.shape())).muli(is.broadcast(xd.shape()));
            INDArray sumDy = dyd.sum(0, 2, 3);
            INDArray sumDyXhat = dyd.mul(xhat).sum(0, 2, 3);
            double count = x.length() / (double) c;
            INDArray expected = dyd.sub(sumDy.div(count).reshape(1, c, 1, 1).broadcast(xd.shape()))
                    .subi(xhat.mul(sumDyXhat.div(count).reshape(1, c, 1, 1).broadcast(xd.shape())))
                    .muli(gamma.castTo(DataType.DOUBLE).reshape(1, c, 1, 1).broadcast(xd.shape()))
                    .muli(is.broadcast(xd.shape()));
            SameTraining.assertClose(expected, dx.castTo(DataType.DOUBLE), 1e-5, "dx " + java.util.Arrays.toString(s));
            SameTraining.assertClose(sumDy, Nd4j.createFromArray(dBeta).castTo(DataType.DOUBLE), 1e-6, "dBeta");
            SameTraining.assertClose(sumDyXhat, Nd4j.createFromArray(dGamma).castTo(DataType.DOUBLE), 1e-5, "dGamma");
        }
    }

    /** With more than one ND4J thread the channels are shared among threads: the same bits as one thread. */
    @Test
    void theSameBitsOnTwoThreads() {
        int[] s = {16, 24, 8, 8};
        INDArray x = batch(11, s);
        INDArray dy = batch(12, s);
        float[] mean = x.mean(0, 2, 3).toFloatVector();
        float[] std = Transforms.sqrt(x.var(false, 0, 2, 3).add(1e-5), false).toFloatVector();
        float[] gamma = Nd4j.rand(DataType.FLOAT, 24).toFloatVector();
        float[][] results = new float[2][];
        int before = Dl4jThreads.current();
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Dl4jThreads.use(threads);
                INDArray out = x.ulike();
                ChannelPasses.normalise(x, mean, std, gamma, mean, out);
                INDArray dx = x.ulike();
                float[] dGamma = new float[24];
                float[] dBeta = new float[24];
                ChannelPasses.backward(x, dy, mean, std, gamma, dGamma, dBeta, dx);
                INDArray variance = ChannelVariance.biased(x, Nd4j.create(DataType.FLOAT, 24));
                results[threads - 1] = Nd4j.concat(0, out.reshape(-1), dx.reshape(-1), Nd4j.createFromArray(dGamma),
                        Nd4j.createFromArray(dBeta), variance).toFloatVector();
            }
        } finally {
            Dl4jThreads.use(before);
        }
        assertArrayEquals(results[0], results[1], 0f);
    }

    @Test
    void handlesContiguousFloatBatchesOfOneShapeOnly() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4);
        assertTrue(ChannelPasses.handles(x, x.ulike()));
        assertFalse(ChannelPasses.handles(x, Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5)), "another shape");
        assertFalse(ChannelPasses.handles(x.dup('f')), "'f' order");
        assertFalse(ChannelPasses.handles(x.castTo(DataType.DOUBLE)), "double");
        assertFalse(ChannelPasses.handles(x.permute(0, 1, 3, 2)), "a permuted view");
        assertTrue(ChannelPasses.handles(x.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all())),
                "a contiguous view with an offset");
    }

    @Test
    void aViewWithAnOffsetIsReadFromItsStart() {
        INDArray big = batch(3, new int[]{4, 3, 5, 5});
        INDArray view = big.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        float[] ones = {1, 1, 1};
        float[] zeros = {0, 0, 0};
        INDArray out = Nd4j.create(DataType.FLOAT, 2, 3, 5, 5);
        ChannelPasses.normalise(view, zeros, ones, ones, zeros, out);
        assertEquals(view.dup(), out);
    }
}
