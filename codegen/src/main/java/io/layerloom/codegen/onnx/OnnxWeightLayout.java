package io.layerloom.codegen.onnx;

import io.layerloom.codegen.dl4j.Weights;
import java.util.List;

/**
 * Moves ONNX weight tensors into the layout DL4J 1.0.0-M2.1's layers hold their parameters in (each
 * checked against a real layer's {@code paramTable()} and, in the app's tests, against ONNX Runtime's
 * outputs). Where the layouts agree up to a matrix's order (Conv and ConvTranspose kernels, biases,
 * a MatMul's or Gemm's matrix) the array is {@link Weights.Array#lazy lazy}: the network reads it from
 * the file when it is built, into its own memory, and no copy is made on the heap. Elsewhere (small
 * tensors: depthwise and grouped kernels, running variances, scaled matrices) one new array is made.
 */
final class OnnxWeightLayout {

    /** The side of the square blocks a matrix is transposed in: two 32 x 32 float tiles fit in L1. */
    private static final int TILE = 32;

    private OnnxWeightLayout() {
    }

    private static long[] shape(List<Long> dims) {
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** The tensor's values, read from the file when a network takes them, laid out as {@code shape} in {@code order}. */
    private static Weights.Array lazy(long[] shape, char order, OnnxTensor t) {
        return Weights.Array.lazy(shape, order, t::copyFloats);
    }

    /** As ONNX holds it: Conv W [out, in, kh, kw] is ConvolutionLayer's, ConvTranspose W [in, out, kh, kw] Deconvolution2D's. */
    static Weights.Array same(OnnxTensor t) {
        return lazy(shape(t.dims()), 'c', t);
    }

    /** A bias or per-channel vector, rank 1 as DL4J M2.1 holds biases, times {@code scale} (Gemm's beta). */
    static Weights.Array vector(OnnxTensor t, long size, float scale) {
        if (t.size() == size && scale == 1f) {
            return lazy(new long[] {size}, 'c', t);
        }
        float[] v = t.floatArray();
        // A single value broadcast over every unit (Gemm allows a scalar C), scaled by beta.
        float[] out = new float[Math.toIntExact(size)];
        for (int i = 0; i < out.length; i++) {
            out[i] = v[v.length == 1 ? 0 : i] * scale;
        }
        return new Weights.Array(new long[] {size}, out);
    }

    /**
     * A dense matrix as DL4J's DenseLayer and OutputLayer hold it, [in, out], times {@code alpha}:
     * Gemm with transB = 1 (PyTorch's Linear) holds it as [out, in] and is transposed.
     */
    static Weights.Array dense(OnnxTensor w, boolean transposed, float alpha) {
        long rows = w.dims().get(0);
        long cols = w.dims().get(1);
        long in = transposed ? cols : rows;
        long out = transposed ? rows : cols;
        if (alpha == 1f) {
            // Transposed, the file's rows are the columns of [in, out]: column-major order, as DL4J's
            // dense layers hold their matrix, so the network reads it from the file as it is.
            return lazy(new long[] {in, out}, transposed ? 'f' : 'c', w);
        }
        float[] v = w.floatArray();
        float[] t = new float[v.length];
        if (!transposed) {
            for (int k = 0; k < v.length; k++) {
                t[k] = alpha * v[k];
            }
            return new Weights.Array(new long[] {in, out}, t);
        }
        // In square tiles, so that both the rows read and the rows written stay in cache: a plain
        // double loop strides through one of them a row at a time (0.5 s for a 4096 x 4096 matrix).
        int ins = Math.toIntExact(in);
        int outs = Math.toIntExact(out);
        for (int i0 = 0; i0 < ins; i0 += TILE) {
            int i1 = Math.min(ins, i0 + TILE);
            for (int o0 = 0; o0 < outs; o0 += TILE) {
                int o1 = Math.min(outs, o0 + TILE);
                for (int i = i0; i < i1; i++) {
                    for (int o = o0; o < o1; o++) {
                        t[i * outs + o] = alpha * v[o * ins + i];
                    }
                }
            }
        }
        return new Weights.Array(new long[] {in, out}, t);
    }

    /**
     * A 1x1 Conv weight [out, in, 1, 1] as a Dense layer's [in, out]: the trailing 1x1 leave the
     * row-major order of [out, in] unchanged, so it is Gemm's transposed matrix.
     */
    static Weights.Array pointwise(OnnxTensor w) {
        return dense(w, true, 1f);
    }

    /**
     * A depthwise kernel: ONNX's grouped Conv weight [channels * multiplier, 1, kh, kw], output
     * channel c * multiplier + m, as DepthwiseConvolution2D's [kh, kw, channels, multiplier].
     */
    static Weights.Array depthwise(OnnxTensor w, long channels) {
        int out = Math.toIntExact(w.dims().get(0));
        int kh = Math.toIntExact(w.dims().get(2));
        int kw = Math.toIntExact(w.dims().get(3));
        int multiplier = Math.toIntExact(out / channels);
        float[] v = w.floatArray();
        float[] t = new float[v.length];
        for (int o = 0; o < out; o++) {
            int c = o / multiplier;
            int m = o % multiplier;
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    t[((y * kw + x) * (int) channels + c) * multiplier + m] = v[(o * kh + y) * kw + x];
                }
            }
        }
        return new Weights.Array(new long[] {kh, kw, channels, multiplier}, t);
    }

    /**
     * A grouped Conv weight [G*m, k, kh, kw] (group G, k = C_in/G input channels per group, output
     * channel g*m + j) as the depthwise kernel [kh, kw, C_in, m] of LayerLoom's GroupedConv2D in
     * DL4J (Dl4jMapping.groupedConv2D): W[g*m + j][i][y][x] goes to [y][x][g*k + i][j].
     */
    static Weights.Array grouped(OnnxTensor w, long groups) {
        int out = Math.toIntExact(w.dims().get(0));
        int k = Math.toIntExact(w.dims().get(1));
        int kh = Math.toIntExact(w.dims().get(2));
        int kw = Math.toIntExact(w.dims().get(3));
        int g = Math.toIntExact(groups);
        int m = out / g;
        int channels = g * k;
        float[] v = w.floatArray();
        float[] t = new float[v.length];
        for (int o = 0; o < out; o++) {
            int group = o / m;
            int j = o % m;
            for (int i = 0; i < k; i++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        t[((y * kw + x) * channels + group * k + i) * m + j] = v[((o * k + i) * kh + y) * kw + x];
                    }
                }
            }
        }
        return new Weights.Array(new long[] {kh, kw, channels, m}, t);
    }

    /**
     * A running variance as DL4J's BatchNormalization holds it by default (useLogStd): the log10 of
     * the standard deviation without epsilon, log10(sqrt(var)); DL4J adds epsilon itself.
     */
    static Weights.Array log10StdDev(OnnxTensor var) {
        float[] v = var.floatArray();
        float[] t = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            t[i] = (float) (0.5 * Math.log10(v[i]));
        }
        return new Weights.Array(new long[] {v.length}, t);
    }
}
