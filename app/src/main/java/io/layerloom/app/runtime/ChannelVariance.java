package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.Dl4jVersion;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The biased per-channel variance of a float NCHW batch, {@code x.var(false, 0, 2, 3)} as DL4J's
 * batch normalisation computes it, in two passes over contiguous rows accumulated in double
 * precision. Reason: in {@link Dl4jVersion#TARGET} libnd4j computes it with its summary-statistics
 * reduction, which updates the mean and the second, third and fourth moments in double precision
 * element by element (divisions in a dependency chain): about 13 ms on a 64x32x32x32 batch at one
 * thread, where these two passes take under 2 ms. Both accumulate in double and round once to
 * float, so the float results are the same (a difference needs the two double results, each within
 * about 1e-13 of the exact variance, on two sides of a float rounding boundary: about one channel in
 * ten million; {@code ChannelVarianceTest} compares them bit for bit on thousands of channels, and
 * {@code ChannelBatchNormTest} whole training steps). Removal: when libnd4j's variance is as fast.
 */
final class ChannelVariance {

    /** -D switch: "false" computes the variance with DL4J's own reduction, to compare. */
    static final String SWITCH = "layerloom.channelVariance";

    private ChannelVariance() {
    }

    /** Whether the batch normalisation uses {@link #biased} (unless switched off with {@link #SWITCH}). */
    static boolean on() {
        return !"false".equalsIgnoreCase(System.getProperty(SWITCH));
    }

    /** True for what {@link #biased} computes: a float array of rank 4. */
    static boolean handles(INDArray x) {
        return x.rank() == 4 && x.dataType() == DataType.FLOAT && x.length() < Integer.MAX_VALUE;
    }

    /**
     * Writes the biased variance of each channel of {@code x} (float, [N, C, H, W]) over the
     * examples and positions into {@code into} (float, C elements, contiguous). Returns {@code into}.
     */
    static INDArray biased(INDArray x, INDArray into) {
        INDArray in = contiguous(x);
        int examples = (int) in.size(0);
        int channels = (int) in.size(1);
        int positions = (int) (in.size(2) * in.size(3));
        float[] variances = PlaneBlocks.on() ? PlaneBlocks.of(examples, channels, positions).variance(ChannelPasses.buffer(in))
                : channelByChannel(ChannelPasses.buffer(in), examples, channels, positions);
        return write(variances, into);
    }

    /** -D switch: "false" computes the mean with DL4J's own reduction, to compare. */
    static final String MEAN_SWITCH = "layerloom.channelMean";

    /** Channels whose sums run side by side in {@link #mean}: independent chains of additions. */
    static final int MEAN_GROUP = 8;

    /** Whether the batch normalisation uses {@link #mean} (unless switched off with {@link #MEAN_SWITCH}). */
    static boolean meanOn() {
        return !"false".equalsIgnoreCase(System.getProperty(MEAN_SWITCH));
    }

    /**
     * Writes the mean of each channel of {@code x} (float, [N, C, H, W]) over the examples and
     * positions into {@code into} (float, C elements), as {@code x.mean(0, 2, 3)} computes it in
     * {@link Dl4jVersion#TARGET}: one float sum per channel, element after element in memory order
     * (example, row, column), divided by the count as a float; the same bits ({@code
     * ChannelVarianceTest}). Reason: libnd4j's reduction runs each channel's chain of dependent
     * additions alone and on one thread (1.4-1.5 ms on a 64x32x32x32 batch at one thread and at
     * two); here {@value #MEAN_GROUP} channels' chains advance side by side and channel groups share
     * ND4J's threads, each chain still in its own order. Returns {@code into}.
     */
    static INDArray mean(INDArray x, INDArray into) {
        INDArray in = contiguous(x);
        int examples = (int) in.size(0);
        int channels = (int) in.size(1);
        int positions = (int) (in.size(2) * in.size(3));
        FloatBuffer data = ChannelPasses.buffer(in);
        float[] sums = new float[channels];
        int groups = (channels + MEAN_GROUP - 1) / MEAN_GROUP;
        ChannelWorkers.forEach(groups, groups > 1 ? Dl4jThreads.current() : 1, g -> {
            int from = g * MEAN_GROUP;
            if (channels - from >= MEAN_GROUP) {
                sumEight(data, examples, channels, positions, from, sums);
                return;
            }
            for (int c = from; c < channels; c++) {
                float s = 0;
                for (int n = 0; n < examples; n++) {
                    for (int i = (n * channels + c) * positions, end = i + positions; i < end; i++) {
                        s += data.get(i);
                    }
                }
                sums[c] = s;
            }
        });
        float total = (float) ((long) examples * positions);
        for (int c = 0; c < channels; c++) {
            sums[c] /= total;
        }
        return write(sums, into);
    }

    /** {@code x} in 'c' order without gaps (itself or a copy); refuses what {@link #handles} does not. */
    private static INDArray contiguous(INDArray x) {
        if (!handles(x)) {
            throw new IllegalArgumentException("a float array of rank 4 expected, got " + x.dataType() + " of shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        return Shape.hasDefaultStridesForShape(x) && x.ordering() == 'c' ? x : x.dup('c');
    }

    /** {@code values} into {@code into}: one bulk copy where it is a float vector without gaps (a native call per element was 0.3 ms on 32). */
    private static INDArray write(float[] values, INDArray into) {
        if (into.dataType() == DataType.FLOAT && into.length() == values.length && (into.length() == 1 || into.isVector()
                && into.elementWiseStride() == 1)) {
            ChannelPasses.buffer(into).put(0, values);
        } else {
            for (int c = 0; c < values.length; c++) {
                into.putScalar(c, values[c]);
            }
        }
        return into;
    }

    /** The sums of channels {@code from} to {@code from + 7} into {@code sums}, each over its elements in memory order. */
    private static void sumEight(FloatBuffer d, int examples, int channels, int p, int from, float[] sums) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        for (int n = 0; n < examples; n++) {
            for (int i = (n * channels + from) * p, end = i + p; i < end; i++) {
                s0 += d.get(i);
                s1 += d.get(p + i);
                s2 += d.get(2 * p + i);
                s3 += d.get(3 * p + i);
                s4 += d.get(4 * p + i);
                s5 += d.get(5 * p + i);
                s6 += d.get(6 * p + i);
                s7 += d.get(7 * p + i);
            }
        }
        sums[from] = s0;
        sums[from + 1] = s1;
        sums[from + 2] = s2;
        sums[from + 3] = s3;
        sums[from + 4] = s4;
        sums[from + 5] = s5;
        sums[from + 6] = s6;
        sums[from + 7] = s7;
    }

    /** The variances one channel at a time: its planes of every example summed, then their squared deviations. */
    private static float[] channelByChannel(FloatBuffer data, int examples, int channels, int positions) {
        double count = (double) examples * positions;
        float[] variances = new float[channels];
        ChannelPasses.forEachChannel(channels, c -> {
            float[] row = new float[positions];
            double sum = 0;
            for (int n = 0; n < examples; n++) {
                data.get((n * channels + c) * positions, row, 0, positions);
                sum += sum(row);
            }
            double mean = sum / count;
            double squares = 0;
            for (int n = 0; n < examples; n++) {
                data.get((n * channels + c) * positions, row, 0, positions);
                squares += squaredDeviations(row, mean);
            }
            variances[c] = (float) (squares / count);
        });
        return variances;
    }

    /** Four independent sums: no chain of dependent additions (the order matters not in double here). */
    private static double sum(float[] row) {
        return sum(row, 0, row.length);
    }

    /** {@link #sum(float[])} of {@code row[from .. from + length)}, lane by lane from {@code from}. */
    static double sum(float[] row, int from, int length) {
        double a = 0;
        double b = 0;
        double c = 0;
        double d = 0;
        int i = 0;
        for (; i + 3 < length; i += 4) {
            a += row[from + i];
            b += row[from + i + 1];
            c += row[from + i + 2];
            d += row[from + i + 3];
        }
        for (; i < length; i++) {
            a += row[from + i];
        }
        return (a + b) + (c + d);
    }

    private static double squaredDeviations(float[] row, double mean) {
        return squaredDeviations(row, 0, row.length, mean);
    }

    /** {@link #squaredDeviations(float[], double)} of {@code row[from .. from + length)}, lane by lane from {@code from}. */
    static double squaredDeviations(float[] row, int from, int length, double mean) {
        double a = 0;
        double b = 0;
        double c = 0;
        double d = 0;
        int i = 0;
        for (; i + 3 < length; i += 4) {
            double u = row[from + i] - mean;
            double v = row[from + i + 1] - mean;
            double w = row[from + i + 2] - mean;
            double z = row[from + i + 3] - mean;
            a += u * u;
            b += v * v;
            c += w * w;
            d += z * z;
        }
        for (; i < length; i++) {
            double u = row[from + i] - mean;
            a += u * u;
        }
        return (a + b) + (c + d);
    }
}
