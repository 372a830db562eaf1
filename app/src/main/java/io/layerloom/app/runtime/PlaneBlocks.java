package io.layerloom.app.runtime;

import java.nio.FloatBuffer;

/**
 * {@link ChannelPasses}' and {@link ChannelVariance}'s loops over an NCHW batch in memory order: each
 * work item is one example's run of consecutive channels (up to {@link #BLOCK} floats, read and
 * written with one bulk copy), and a per-channel sum is made of per-plane sums added over the examples
 * in order afterwards. Reason: going channel by channel reads one H x W plane per example with a
 * bulk copy each, and on small planes (8x8: 64 floats) the copies' own cost was most of the pass
 * (the normalisation took 0.54 ms on 64x128x8x8 against 0.26 ms on twice the elements at 16x16). The
 * arithmetic is the channel-by-channel code's, operation for operation and in the same order (each
 * plane summed alone from its first element, the planes' sums added over the examples from the first
 * in double): the same bits, whichever thread computes which item. Turned off with
 * {@code -Dlayerloom.channelBlocks=false} (the channel-by-channel loops).
 */
final class PlaneBlocks {

    /** -D switch: "false" runs the channel-by-channel loops. */
    static final String SWITCH = "layerloom.channelBlocks";

    /** Floats in one work item's block (64 KB), unless one plane is larger. */
    static final int BLOCK = 1 << 14;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[2][0]);

    private final int examples;
    private final int channels;
    private final int positions;
    private final int perRun;
    private final int runs;

    /** A body for one example's channels {@code from} (inclusive) to {@code to}, at {@code at} in the batch. */
    interface Run {
        void accept(int example, int from, int to, int at);
    }

    private PlaneBlocks(int examples, int channels, int positions) {
        this.examples = examples;
        this.channels = channels;
        this.positions = positions;
        this.perRun = Math.max(1, Math.min(channels, BLOCK / Math.max(1, positions)));
        this.runs = (channels + perRun - 1) / perRun;
    }

    static boolean on() {
        return !"false".equalsIgnoreCase(System.getProperty(SWITCH));
    }

    static PlaneBlocks of(int examples, int channels, int positions) {
        return new PlaneBlocks(examples, channels, positions);
    }

    /** {@code run} for every example's runs of channels, on as many threads as ND4J computes with. */
    void forEachRun(Run run) {
        int items = examples * runs;
        ChannelWorkers.forEach(items, items > 1 ? Dl4jThreads.current() : 1, item -> {
            int n = item / runs;
            int from = (item % runs) * perRun;
            int to = Math.min(channels, from + perRun);
            run.accept(n, from, to, (n * channels + from) * positions);
        });
    }

    /** This thread's buffer {@code which} (0 or 1) of at least one run's floats. */
    float[] buffer(int which) {
        float[][] b = BUFFERS.get();
        int size = perRun * positions;
        if (b[which].length < size) {
            b[which] = new float[size];
        }
        return b[which];
    }

    /** Per channel, the sum over the examples (from the first, in order) of {@code planes[n * channels + c]}. */
    double[] overExamples(double[] planes) {
        double[] sums = new double[channels];
        for (int n = 0; n < examples; n++) {
            for (int c = 0; c < channels; c++) {
                sums[c] += planes[n * channels + c];
            }
        }
        return sums;
    }

    /** {@code out = ((x - mean) / std) * gamma + beta}, as {@link ChannelPasses#normalise}. */
    void normalise(FloatBuffer in, float[] mean, float[] std, float[] gamma, float[] beta, FloatBuffer to) {
        forEachRun((n, from, until, at) -> {
            float[] b = buffer(0);
            int length = (until - from) * positions;
            in.get(at, b, 0, length);
            for (int c = from, o = 0; c < until; c++, o += positions) {
                float m = mean[c];
                float s = std[c];
                float g = gamma[c];
                float be = beta[c];
                for (int i = o; i < o + positions; i++) {
                    b[i] = ((b[i] - m) / s) * g + be;
                }
            }
            to.put(at, b, 0, length);
        });
    }

    /** The closed-form backward pass, as {@link ChannelPasses#backward}. */
    void backward(FloatBuffer xs, FloatBuffer dys, float[] mean, float[] invStd, float[] gamma, float[] dGamma, float[] dBeta,
                  FloatBuffer dxs) {
        double[] planeDy = new double[examples * channels];
        double[] planeDyCentred = new double[planeDy.length];
        forEachRun((n, from, until, at) -> {
            float[] xr = buffer(0);
            float[] dr = buffer(1);
            int length = (until - from) * positions;
            xs.get(at, xr, 0, length);
            dys.get(at, dr, 0, length);
            for (int c = from, o = 0; c < until; c++, o += positions) {
                float m = mean[c];
                double a = 0;
                double b = 0;
                for (int i = o; i < o + positions; i++) {
                    a += dr[i];
                    b += dr[i] * (double) (xr[i] - m);
                }
                planeDy[n * channels + c] = a;
                planeDyCentred[n * channels + c] = b;
            }
        });
        double[] sumDy = overExamples(planeDy);
        double[] sumDyCentred = overExamples(planeDyCentred);
        double count = (double) examples * positions;
        float[] meanDy = new float[channels];
        float[] meanDyXhat = new float[channels];
        float[] scale = new float[channels];
        for (int c = 0; c < channels; c++) {
            dBeta[c] = (float) sumDy[c];
            dGamma[c] = (float) (sumDyCentred[c] * invStd[c]);
            meanDy[c] = (float) (sumDy[c] / count);
            meanDyXhat[c] = (float) (sumDyCentred[c] * invStd[c] / count);
            scale[c] = gamma[c] * invStd[c];
        }
        forEachRun((n, from, until, at) -> {
            float[] xr = buffer(0);
            float[] dr = buffer(1);
            int length = (until - from) * positions;
            xs.get(at, xr, 0, length);
            dys.get(at, dr, 0, length);
            for (int c = from, o = 0; c < until; c++, o += positions) {
                float m = mean[c];
                float is = invStd[c];
                float md = meanDy[c];
                float mx = meanDyXhat[c];
                float sc = scale[c];
                for (int i = o; i < o + positions; i++) {
                    float xhat = (xr[i] - m) * is;
                    dr[i] = (dr[i] - md - xhat * mx) * sc;
                }
            }
            dxs.put(at, dr, 0, length);
        });
    }

    /** The biased variance per channel, as {@link ChannelVariance#biased}: plane sums, the mean, then squared deviations. */
    float[] variance(FloatBuffer data) {
        double[] planes = new double[examples * channels];
        forEachRun((n, from, until, at) -> {
            float[] b = buffer(0);
            data.get(at, b, 0, (until - from) * positions);
            for (int c = from, o = 0; c < until; c++, o += positions) {
                planes[n * channels + c] = ChannelVariance.sum(b, o, positions);
            }
        });
        double count = (double) examples * positions;
        double[] means = overExamples(planes);
        for (int c = 0; c < channels; c++) {
            means[c] /= count;
        }
        forEachRun((n, from, until, at) -> {
            float[] b = buffer(0);
            data.get(at, b, 0, (until - from) * positions);
            for (int c = from, o = 0; c < until; c++, o += positions) {
                planes[n * channels + c] = ChannelVariance.squaredDeviations(b, o, positions, means[c]);
            }
        });
        double[] squares = overExamples(planes);
        float[] variances = new float[channels];
        for (int c = 0; c < channels; c++) {
            variances[c] = (float) (squares[c] / count);
        }
        return variances;
    }
}
