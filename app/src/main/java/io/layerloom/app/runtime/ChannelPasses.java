package io.layerloom.app.runtime;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link ChannelBatchNorm}'s element passes over float NCHW batches, one channel's contiguous rows at a
 * time, in plain Java. Reason: each ND4J operation is a full pass over memory with its own call
 * overhead; the forward normalisation {@code ((x - mean) / std) * gamma + beta} as DL4J's four
 * broadcast operations took 3.2-3.8 ms on a 64x32x32x32 batch at one thread, this one pass 0.5 ms,
 * with the same bits (Java rounds every float operation as libnd4j's float loops do: no fused
 * multiply-add in either). The backward pass's closed form reads the input and its output gradient
 * twice (sums, then the gradient) instead of fifteen ND4J passes. With more than one ND4J thread the
 * work is shared among as many threads ({@link ChannelWorkers}); by default the loops run in memory
 * order, an example's run of channels at a time ({@link PlaneBlocks}), with the same arithmetic.
 */
final class ChannelPasses {

    /** -D switch: "false" runs the batch normalisation's passes as ND4J operations, to compare. */
    static final String SWITCH = "layerloom.channelPasses";

    private ChannelPasses() {
    }

    static boolean on() {
        return !"false".equalsIgnoreCase(System.getProperty(SWITCH));
    }

    /** True when every array is float, rank 4, the shape of the first, contiguous in 'c' order. */
    static boolean handles(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || a.rank() != 4 || !rowMajor(a) || !Arrays.equals(a.shape(), arrays[0].shape())
                    || a.length() >= Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** Elements in row-major order without gaps (a dimension of size 1 may have any stride). */
    static boolean rowMajor(INDArray a) {
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && a.stride(d) != expected) {
                return false;
            }
            expected *= a.size(d);
        }
        return true;
    }

    /**
     * {@code out = ((x - mean) / std) * gamma + beta} per channel, each operation rounded to float in
     * that order (DL4J's batch normalisation output, bit for bit).
     */
    static void normalise(INDArray x, float[] mean, float[] std, float[] gamma, float[] beta, INDArray out) {
        require(x, out);
        FloatBuffer in = buffer(x);
        FloatBuffer to = buffer(out);
        int examples = (int) x.size(0);
        int channels = (int) x.size(1);
        int positions = (int) (x.size(2) * x.size(3));
        if (PlaneBlocks.on()) {
            PlaneBlocks.of(examples, channels, positions).normalise(in, mean, std, gamma, beta, to);
            return;
        }
        forEachChannel(channels, c -> {
            float[] row = new float[positions];
            float m = mean[c];
            float s = std[c];
            float g = gamma[c];
            float b = beta[c];
            for (int n = 0; n < examples; n++) {
                int at = (n * channels + c) * positions;
                in.get(at, row, 0, positions);
                for (int i = 0; i < positions; i++) {
                    row[i] = ((row[i] - m) / s) * g + b;
                }
                to.put(at, row, 0, positions);
            }
        });
    }

    /**
     * The closed-form backward pass of batch normalisation with batch statistics:
     * {@code dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat))} with
     * {@code xhat = (x - mean) * invStd}; the sums in double. Writes {@code dx} (the shape of {@code x})
     * and the gradients of gamma ({@code sum(dy * xhat)}) and beta ({@code sum(dy)}) per channel.
     */
    static void backward(INDArray x, INDArray dy, float[] mean, float[] invStd, float[] gamma, float[] dGamma, float[] dBeta,
                         INDArray dx) {
        require(x, dy, dx);
        FloatBuffer xs = buffer(x);
        FloatBuffer dys = buffer(dy);
        FloatBuffer dxs = buffer(dx);
        int examples = (int) x.size(0);
        int channels = (int) x.size(1);
        int positions = (int) (x.size(2) * x.size(3));
        if (PlaneBlocks.on()) {
            PlaneBlocks.of(examples, channels, positions).backward(xs, dys, mean, invStd, gamma, dGamma, dBeta, dxs);
            return;
        }
        double count = (double) examples * positions;
        forEachChannel(channels, c -> {
            float[] xr = new float[positions];
            float[] dr = new float[positions];
            float m = mean[c];
            double sumDy = 0;
            double sumDyCentred = 0;
            for (int n = 0; n < examples; n++) {
                int at = (n * channels + c) * positions;
                xs.get(at, xr, 0, positions);
                dys.get(at, dr, 0, positions);
                double a = 0;
                double b = 0;
                for (int i = 0; i < positions; i++) {
                    a += dr[i];
                    b += dr[i] * (double) (xr[i] - m);
                }
                sumDy += a;
                sumDyCentred += b;
            }
            dBeta[c] = (float) sumDy;
            dGamma[c] = (float) (sumDyCentred * invStd[c]);
            float is = invStd[c];
            float meanDy = (float) (sumDy / count);
            float meanDyXhat = (float) (sumDyCentred * invStd[c] / count);
            float scale = gamma[c] * is;
            for (int n = 0; n < examples; n++) {
                int at = (n * channels + c) * positions;
                xs.get(at, xr, 0, positions);
                dys.get(at, dr, 0, positions);
                for (int i = 0; i < positions; i++) {
                    float xhat = (xr[i] - m) * is;
                    dr[i] = (dr[i] - meanDy - xhat * meanDyXhat) * scale;
                }
                dxs.put(at, dr, 0, positions);
            }
        });
    }

    private static void require(INDArray... arrays) {
        if (!handles(arrays)) {
            throw new IllegalArgumentException("float arrays of rank 4, of one shape and contiguous in 'c' order expected");
        }
    }

    /** The array's elements from its first (a view's buffer starts where the view does). */
    static FloatBuffer buffer(INDArray a) {
        FloatBuffer b = a.data().asNioFloat().slice();
        int start = (int) (a.offset() - a.data().offset());
        return start == 0 ? b : b.position(start).slice();
    }

    /** {@code body} for each channel: on as many threads as ND4J computes with ({@link ChannelWorkers}). */
    static void forEachChannel(int channels, IntConsumer body) {
        ChannelWorkers.forEach(channels, channels > 1 ? Dl4jThreads.current() : 1, body);
    }
}
