package io.layerloom.codegen.onnx;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A tensor read from an ONNX file (an initializer or a Constant's value): its name, element type,
 * dims and values in ONNX's row-major order. Immutable: the values are only handed out as read-only
 * buffers, because weight tensors run to hundreds of megabytes and a defensive copy per read would
 * double the import's memory. The dims always multiply to the number of values; the reader checked
 * that before it allocated them.
 */
public final class OnnxTensor {

    private final String name;
    private final OnnxElementType elementType;
    private final List<Long> dims;
    private final float[] floats;
    private final long[] longs;

    private OnnxTensor(String name, OnnxElementType elementType, List<Long> dims, float[] floats, long[] longs) {
        this.name = Objects.requireNonNull(name, "name");
        this.elementType = elementType;
        this.dims = List.copyOf(dims);
        this.floats = floats;
        this.longs = longs;
        long count = elementCount(this.dims);
        long held = floats != null ? floats.length : longs.length;
        if (count != held) {
            throw new IllegalArgumentException("tensor '" + name + "': dims " + this.dims + " need " + count
                + " values, got " + held);
        }
    }

    /** A float32 tensor; the array is taken over, not copied. */
    static OnnxTensor ofFloats(String name, List<Long> dims, float[] values) {
        return new OnnxTensor(name, OnnxElementType.FLOAT, dims, values, null);
    }

    /** An int64 tensor; the array is taken over, not copied. */
    static OnnxTensor ofLongs(String name, List<Long> dims, long[] values) {
        return new OnnxTensor(name, OnnxElementType.INT64, dims, null, values);
    }

    /** A float32 tensor built from a copy of the values (for tests and exporters). */
    public static OnnxTensor floats(String name, List<Long> dims, float... values) {
        return ofFloats(name, dims, values.clone());
    }

    /** An int64 tensor built from a copy of the values. */
    public static OnnxTensor longs(String name, List<Long> dims, long... values) {
        return ofLongs(name, dims, values.clone());
    }

    /** The product of the dims (1 for a scalar); the dims must be non-negative and not overflow. */
    static long elementCount(List<Long> dims) {
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + dims);
            }
            count = Math.multiplyExact(count, d);
        }
        return count;
    }

    public String name() {
        return name;
    }

    public OnnxElementType elementType() {
        return elementType;
    }

    public List<Long> dims() {
        return dims;
    }

    /** The number of values: the product of the dims. */
    public long size() {
        return floats != null ? floats.length : longs.length;
    }

    /** The float32 values, read-only; throws for an int64 tensor. */
    public FloatBuffer floatData() {
        if (floats == null) {
            throw new IllegalStateException("tensor '" + name + "' is INT64, not FLOAT");
        }
        return FloatBuffer.wrap(floats).asReadOnlyBuffer();
    }

    /**
     * The float32 values themselves, not a copy, for the import to hand on to {@code Weights} where
     * ONNX's layout is DL4J's: a second copy of every weight would double the import's peak memory.
     * Callers must not change them.
     */
    float[] floatArray() {
        if (floats == null) {
            throw new IllegalStateException("tensor '" + name + "' is INT64, not FLOAT");
        }
        return floats;
    }

    /** The int64 values, read-only; throws for a float32 tensor. */
    public LongBuffer longData() {
        if (longs == null) {
            throw new IllegalStateException("tensor '" + name + "' is FLOAT, not INT64");
        }
        return LongBuffer.wrap(longs).asReadOnlyBuffer();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OnnxTensor t && name.equals(t.name) && elementType == t.elementType
            && dims.equals(t.dims) && Arrays.equals(floats, t.floats) && Arrays.equals(longs, t.longs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, elementType, dims, Arrays.hashCode(floats), Arrays.hashCode(longs));
    }

    /** Name, type and dims, and the values when there are few enough to read. */
    @Override
    public String toString() {
        String head = name + " " + elementType + " " + dims;
        if (size() > 16) {
            return head + " (" + size() + " values)";
        }
        return head + " " + (floats != null ? Arrays.toString(floats) : Arrays.toString(longs));
    }
}
