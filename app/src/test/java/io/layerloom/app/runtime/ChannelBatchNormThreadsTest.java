package io.layerloom.app.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ChannelBatchNorm} computes the same bits on one thread and on two: the forward output, the
 * batch statistics DL4J's running statistics are updated from, the input's gradient and the gradients
 * of gamma and beta, with both backward arithmetics (DL4J's formula, and the closed form used where
 * DL4J would run its oneDNN helper), on its worker threads and on the common fork-join pool; and the
 * same bits in memory order as channel by channel.
 */
class ChannelBatchNormThreadsTest {

    private static final int[][] SHAPES = {{16, 32, 16, 16}, {8, 128, 8, 8}, {5, 3, 7, 3}, {64, 64, 4, 4}};

    @AfterEach
    void backToOne() {
        Dl4jThreads.use(1); // surefire runs every test with OMP_NUM_THREADS=1
        System.clearProperty(ChannelWorkers.SWITCH);
        System.clearProperty(PlaneBlocks.SWITCH);
    }

    /** The loops in memory order ({@link PlaneBlocks}, the default) give the channel-by-channel loops' bits. */
    @Test
    void planeBlocksGiveTheChannelByChannelBits() {
        for (int[] s : SHAPES) {
            for (boolean closedForm : new boolean[]{false, true}) {
                for (int threads = 1; threads <= 2; threads++) {
                    float[] blocks = step(s, closedForm, threads);
                    System.setProperty(PlaneBlocks.SWITCH, "false");
                    float[] channels = step(s, closedForm, threads);
                    System.clearProperty(PlaneBlocks.SWITCH);
                    assertArrayEquals(channels, blocks, 0f, Arrays.toString(s) + (closedForm ? " closed form, " : " DL4J's formula, ") + threads);
                }
            }
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBits() {
        for (int[] s : SHAPES) {
            for (boolean closedForm : new boolean[]{false, true}) {
                String what = Arrays.toString(s) + (closedForm ? " closed form" : " DL4J's formula");
                assertArrayEquals(step(s, closedForm, 1), step(s, closedForm, 2), 0f, what + ", worker threads");
                System.setProperty(ChannelWorkers.SWITCH, "false");
                assertArrayEquals(step(s, closedForm, 1), step(s, closedForm, 2), 0f, what + ", common fork-join pool");
                System.clearProperty(ChannelWorkers.SWITCH);
            }
        }
    }

    /** One training step's forward and backward pass on {@code threads} threads, its results in one array. */
    private static float[] step(int[] s, boolean closedForm, int threads) {
        Dl4jThreads.use(threads);
        assertEquals(threads, Dl4jThreads.current());
        Nd4j.getRandom().setSeed(s[1] * 31L + s[2]);
        INDArray x = Nd4j.randn(DataType.FLOAT, s[0], s[1], s[2], s[3]).muli(1.5).addi(0.25);
        INDArray dy = Nd4j.randn(DataType.FLOAT, s[0], s[1], s[2], s[3]).muli(0.01);
        INDArray gamma = Nd4j.rand(DataType.FLOAT, 1, s[1]).addi(0.5);
        INDArray beta = Nd4j.randn(DataType.FLOAT, 1, s[1]);
        INDArray runningMean = Nd4j.zeros(DataType.FLOAT, 1, s[1]);
        INDArray runningVar = Nd4j.ones(DataType.FLOAT, 1, s[1]);
        ChannelBatchNorm helper = new ChannelBatchNorm(closedForm ? new NotCalled() : null);
        LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
        INDArray out = helper.preOutput(x, true, x.shape(), gamma, beta, runningMean, runningVar, 0.9, 1e-5, CNN2DFormat.NCHW, none);
        List<INDArray> results = new ArrayList<>(List.of(out, helper.getMeanCache(DataType.FLOAT).dup(),
                helper.getVarCache(DataType.FLOAT).dup()));
        INDArray dGamma = Nd4j.zeros(DataType.FLOAT, 1, s[1]);
        INDArray dBeta = Nd4j.zeros(DataType.FLOAT, 1, s[1]);
        Pair<Gradient, INDArray> back = helper.backpropGradient(x, dy, x.shape(), gamma, beta, dGamma, dBeta, 1e-5, CNN2DFormat.NCHW, none);
        results.addAll(List.of(back.getSecond(), dGamma, dBeta));
        return Nd4j.concat(0, results.stream().map(a -> a.reshape(a.length())).toArray(INDArray[]::new)).toFloatVector();
    }

    /** A oneDNN helper stand-in: ChannelBatchNorm then takes the closed form, and hands nothing here over to it. */
    private static final class NotCalled implements BatchNormalizationHelper {
        @Override
        public boolean checkSupported(double eps, boolean fixedGammaBeta) {
            throw new AssertionError("not handed over");
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma, INDArray beta,
                                                         INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
                                                         LayerWorkspaceMgr workspaceMgr) {
            throw new AssertionError("not handed over");
        }

        @Override
        public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean, INDArray var,
                                  double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
            throw new AssertionError("not handed over");
        }

        @Override
        public INDArray getMeanCache(DataType dataType) {
            throw new AssertionError("not handed over");
        }

        @Override
        public INDArray getVarCache(DataType dataType) {
            throw new AssertionError("not handed over");
        }

        @Override
        public Map<String, Long> helperMemoryUse() {
            return Map.of();
        }

        @Override
        public boolean checkSupported() {
            return true;
        }
    }
}
