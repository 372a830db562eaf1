package io.layerloom.model.analysis;

import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.Padding;

/**
 * The one place where window arithmetic lives, per spatial axis: convolution and pooling output
 * sizes, "same" padding, transposed convolution, and the effective kernel of a dilated kernel.
 * Conventions (docs/format.md): out = floor((in + 2p - d(k-1) - 1) / s) + 1 for explicit padding
 * (DL4J's ConvolutionMode.Truncate); out = ceil(in / s) for "same", with the odd pixel of
 * padding at the bottom/right, as DL4J's ConvolutionMode.Same does.
 */
public final class ConvArithmetic {

    private ConvArithmetic() {
    }

    /**
     * One axis of a sliding window.
     *
     * @param out             the output size; less than 1 when the window does not fit
     * @param padBefore       the padding actually added before the axis (top or left)
     * @param paddedIn        the input size plus all padding on the axis
     * @param effectiveKernel d(k-1)+1, the span of the dilated kernel
     */
    public record WindowAxis(long out, long padBefore, long paddedIn, long effectiveKernel) {
        public boolean fits() {
            return effectiveKernel <= paddedIn;
        }
    }

    public static long effectiveKernel(int kernel, int dilation) {
        return (long) dilation * (kernel - 1) + 1;
    }

    /** A convolution or pooling window on one axis (0 height, 1 width). */
    public static WindowAxis window(long in, IntPair kernel, IntPair stride, IntPair dilation, Padding padding, int axis) {
        long k = effectiveKernel(kernel.get(axis), dilation.get(axis));
        int s = stride.get(axis);
        if (padding instanceof Padding.Explicit e) {
            long p = e.amount().get(axis);
            long padded = in + 2 * p;
            long out = padded < k ? padded - k : Math.floorDiv(padded - k, s) + 1;
            return new WindowAxis(out, p, padded, k);
        }
        long out = ceilDiv(in, s);
        long total = Math.max((out - 1) * s + k - in, 0);
        return new WindowAxis(out, total / 2, in + total, k);
    }

    /**
     * Output size of a transposed convolution on one axis: s(in - 1) + k - 2p for explicit
     * padding, in * s for "same" (DL4J's Deconvolution2D).
     */
    public static long transposedOut(long in, IntPair kernel, IntPair stride, Padding padding, int axis) {
        int s = stride.get(axis);
        if (padding instanceof Padding.Explicit e) {
            return Math.multiplyExact(s, in - 1) + kernel.get(axis) - 2L * e.amount().get(axis);
        }
        return Math.multiplyExact(in, s);
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
