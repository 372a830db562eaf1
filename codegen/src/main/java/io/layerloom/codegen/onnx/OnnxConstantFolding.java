package io.layerloom.codegen.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * Slice, Concat and Unsqueeze of constants, computed at import: what torch.onnx.export writes
 * with {@code do_constant_folding=False} to reorder an nn.LSTM's gates (PyTorch's i, f, g, o to
 * ONNX's i, o, f, c) out of its initializers, and its biases and the Unsqueeze to [1, 4H, I]. The
 * result is an ordinary constant the LSTM then reads. Float and int64 tensors; Slice with step 1.
 */
final class OnnxConstantFolding {

    private OnnxConstantFolding() {
    }

    /** The values of {@code t} as doubles would lose int64 precision: copy through these two arrays instead. */
    private static Object data(OnnxTensor t) {
        if (t.elementType() == OnnxElementType.FLOAT) {
            return t.floatArray();
        }
        long[] v = new long[(int) t.size()];
        t.longData().get(v);
        return v;
    }

    private static OnnxTensor make(String name, OnnxElementType type, List<Long> dims, Object values) {
        return type == OnnxElementType.FLOAT ? OnnxTensor.ofFloats(name, dims, (float[]) values)
            : OnnxTensor.ofLongs(name, dims, (long[]) values);
    }

    private static Object allocate(OnnxElementType type, int n) {
        return type == OnnxElementType.FLOAT ? new float[n] : new long[n];
    }

    /** Rows of {@code t} viewed as [outer, axis size, inner], copied from {@code [lo, hi)} of the axis. */
    static OnnxTensor slice(String name, OnnxTensor t, int axis, long lo, long hi) {
        List<Long> dims = new ArrayList<>(t.dims());
        long inner = 1;
        for (int k = axis + 1; k < dims.size(); k++) {
            inner *= dims.get(k);
        }
        long outer = 1;
        for (int k = 0; k < axis; k++) {
            outer *= dims.get(k);
        }
        long size = dims.get(axis);
        dims.set(axis, hi - lo);
        Object from = data(t);
        Object to = allocate(t.elementType(), (int) (outer * (hi - lo) * inner));
        for (long o = 0; o < outer; o++) {
            System.arraycopy(from, (int) ((o * size + lo) * inner), to, (int) (o * (hi - lo) * inner),
                (int) ((hi - lo) * inner));
        }
        return make(name, t.elementType(), dims, to);
    }

    /** {@code parts} joined on {@code axis}; they agree on every other dimension and on the type. */
    static OnnxTensor concat(String name, List<OnnxTensor> parts, int axis) {
        OnnxTensor first = parts.get(0);
        List<Long> dims = new ArrayList<>(first.dims());
        long outer = 1;
        for (int k = 0; k < axis; k++) {
            outer *= dims.get(k);
        }
        long total = 0;
        for (OnnxTensor p : parts) {
            total += p.dims().get(axis);
        }
        dims.set(axis, total);
        Object to = allocate(first.elementType(), (int) OnnxTensor.elementCount(dims));
        int at = 0;
        for (long o = 0; o < outer; o++) {
            for (OnnxTensor p : parts) {
                int block = (int) (p.size() / outer);
                System.arraycopy(data(p), (int) (o * block), to, at, block);
                at += block;
            }
        }
        return make(name, first.elementType(), dims, to);
    }

    /** {@code t} with axes of size 1 inserted at {@code axes} (of the result). */
    static OnnxTensor unsqueeze(String name, OnnxTensor t, long[] axes) {
        int rank = t.dims().size() + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            inserted[(int) (a < 0 ? a + rank : a)] = true;
        }
        List<Long> dims = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < rank; i++) {
            dims.add(inserted[i] ? 1L : t.dims().get(k++));
        }
        return make(name, t.elementType(), dims, data(t));
    }
}
