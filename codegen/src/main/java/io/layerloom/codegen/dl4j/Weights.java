package io.layerloom.codegen.dl4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The parameter values of a network in DL4J's layout, as plain data: by node id, then by the key
 * DL4J's layer gives the parameter ({@code W}, {@code b}, {@code gamma}, {@code mean}, {@code RW},
 * ...), an array of the shape DL4J's layer holds it in, values in row-major (C) order. It is what
 * ONNX import produces and ONNX export consumes, so that codegen converts weights without running
 * a network; {@code io.layerloom.app.runtime.NetworkWeights} moves it in and out of a DL4J network.
 * The float arrays are taken over, not copied: weight sets run to hundreds of megabytes. The import
 * hands on its big arrays {@link Array#lazy lazy}, read from the mapped file when a network takes them
 * ({@link Array#copyTo}); {@link #held()} turns them into held ones for keeping.
 */
public final class Weights {

    /**
     * Where a lazily read array's values come from (the import's mapped ONNX file): float32 values in
     * the array's {@link Array#sourceOrder() source order}.
     */
    @FunctionalInterface
    public interface Source {
        /**
         * Writes the values {@code from}, {@code from + 1}, ... as float32 in {@code dest}'s byte order
         * until {@code dest} is full (its remaining bytes are a multiple of 4), advancing its position.
         *
         * @throws java.io.UncheckedIOException the values cannot be read any more (the file changed or went)
         */
        void copy(long from, ByteBuffer dest);
    }

    /**
     * One parameter: its shape in DL4J's layout and its values in row-major order, either held (a
     * float array) or read on demand from a {@link Source}, so that a network can take a big model's
     * weights straight from the file without a copy of them on the heap.
     */
    public static final class Array {
        /** The side of the square blocks a matrix is transposed in: two 32 x 32 float tiles fit in L1. */
        private static final int TILE = 32;
        /** Values read at a time into a held array from a lazy source. */
        private static final int CHUNK = 1 << 18;

        private final long[] shape;
        private final float[] values;
        private final Source source;
        private final char sourceOrder;
        private final long size;

        /** Takes {@code values} over (no copy); the shape must multiply to its length. */
        public Array(long[] shape, float[] values) {
            this(shape, Objects.requireNonNull(values, "values"), null, 'c', values.length);
        }

        private Array(long[] shape, float[] values, Source source, char sourceOrder, long size) {
            this.shape = shape.clone();
            this.values = values;
            this.source = source;
            this.sourceOrder = sourceOrder;
            this.size = size;
            if (sourceOrder != 'c' && sourceOrder != 'f') {
                throw new IllegalArgumentException("order '" + sourceOrder + "' is neither 'c' nor 'f'");
            }
            long count = 1;
            for (long d : this.shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in " + Arrays.toString(this.shape));
                }
                count = Math.multiplyExact(count, d);
            }
            if (count != size) {
                throw new IllegalArgumentException("shape " + Arrays.toString(this.shape) + " needs " + count
                    + " values, got " + size);
            }
        }

        /**
         * An array whose values are read from {@code source} when asked for, never held: {@code sourceOrder}
         * 'c' when the source holds them row-major, 'f' when column-major (a matrix stored transposed).
         * At most {@link Integer#MAX_VALUE} values, as a held array.
         */
        public static Array lazy(long[] shape, char sourceOrder, Source source) {
            long count = 1;
            for (long d : shape) {
                count = Math.multiplyExact(count, Math.max(d, 0));
            }
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds more than 2^31 values");
            }
            return new Array(shape, null, Objects.requireNonNull(source, "source"), sourceOrder, count);
        }

        public long[] shape() {
            return shape.clone();
        }

        /**
         * The values in row-major order. A held array's values themselves, not a copy (callers must not
         * change them); a lazy array's are read anew on every call.
         */
        public float[] values() {
            if (values != null) {
                return values;
            }
            float[] read = new float[Math.toIntExact(size)];
            if (memoryOrder() == 'c' || spread().length <= 1) {
                ByteBuffer chunk = ByteBuffer.allocate(CHUNK * Float.BYTES).order(ByteOrder.nativeOrder());
                for (int from = 0; from < read.length; ) {
                    int n = Math.min(CHUNK, read.length - from);
                    chunk.clear().limit(n * Float.BYTES);
                    source.copy(from, chunk);
                    chunk.flip().asFloatBuffer().get(read, from, n);
                    from += n;
                }
            } else {
                transpose(FloatBuffer.wrap(read));
            }
            return read;
        }

        public int size() {
            return (int) size;
        }

        /** Whether the values are read from a source when asked for rather than held. */
        public boolean lazy() {
            return values == null;
        }

        /** The same values, held: this array if it holds them already. */
        public Array held() {
            return values != null ? this : new Array(shape, values());
        }

        /**
         * Whether {@link #copyTo} can lay the values out in {@code order}: always in the order they are
         * held or stored in, and in the other one for a matrix (a shape with at most two sizes above 1).
         */
        public boolean canCopyIn(char order) {
            return order == memoryOrder() || spread().length <= 2 && (order == 'c' || order == 'f');
        }

        /**
         * Writes every value as float32 in {@code dest}'s byte order, laid out in {@code order} ('c'
         * row-major, 'f' column-major) for this shape, advancing {@code dest}'s position: how a network
         * takes the values into its own parameter memory with no other copy (a transposed matrix is
         * transposed on the way, from the source in blocks of rows).
         *
         * @throws IllegalArgumentException {@code dest} has less room, or {@link #canCopyIn} is false
         */
        public void copyTo(ByteBuffer dest, char order) {
            if (dest.remaining() < size * Float.BYTES) {
                throw new IllegalArgumentException("room for " + dest.remaining() / Float.BYTES + " values, "
                    + this + " has " + size);
            }
            if (!canCopyIn(order)) {
                throw new IllegalArgumentException(this + " is held in '" + memoryOrder() + "' order and cannot be"
                    + " laid out in '" + order + "' order");
            }
            long[] sizes = spread();
            if (order == memoryOrder() || sizes.length <= 1) {
                ByteBuffer run = dest.slice().limit((int) size * Float.BYTES).order(dest.order());
                if (values != null) {
                    run.asFloatBuffer().put(values);
                } else {
                    source.copy(0, run);
                }
                dest.position(dest.position() + (int) size * Float.BYTES);
                return;
            }
            transpose(dest.slice().order(dest.order()).asFloatBuffer());
            dest.position(dest.position() + (int) size * Float.BYTES);
        }

        /** Memory holds a rows x cols matrix row by row; {@code out} gets its transpose, cols x rows. */
        private void transpose(FloatBuffer out) {
            long[] sizes = spread();
            boolean rowMajor = memoryOrder() == 'c';
            int rows = (int) (rowMajor ? sizes[0] : sizes[1]);
            int cols = (int) (rowMajor ? sizes[1] : sizes[0]);
            // A block of whole rows at a time: the reads stay sequential, and each column's run of the
            // block's rows is written in one piece.
            float[] block = new float[TILE * cols];
            ByteBuffer blockBytes = values != null ? null
                : ByteBuffer.allocate(block.length * Float.BYTES).order(ByteOrder.nativeOrder());
            float[] run = new float[TILE];
            for (int r0 = 0; r0 < rows; r0 += TILE) {
                int n = Math.min(TILE, rows - r0);
                if (values != null) {
                    System.arraycopy(values, r0 * cols, block, 0, n * cols);
                } else {
                    blockBytes.clear().limit(n * cols * Float.BYTES);
                    source.copy((long) r0 * cols, blockBytes);
                    blockBytes.flip().asFloatBuffer().get(block, 0, n * cols);
                }
                for (int c = 0; c < cols; c++) {
                    for (int r = 0; r < n; r++) {
                        run[r] = block[r * cols + c];
                    }
                    out.put(c * rows + r0, run, 0, n);
                }
            }
        }

        /** The order the values are laid out in where they are: held arrays row-major, lazy ones as their source. */
        private char memoryOrder() {
            return values != null ? 'c' : sourceOrder;
        }

        /** The sizes above 1, in order: their layout is the only one that matters. */
        private long[] spread() {
            return Arrays.stream(shape).filter(d -> d > 1).toArray();
        }

        @Override
        public String toString() {
            return "Array" + Arrays.toString(shape);
        }
    }

    private final Map<String, Map<String, Array>> byNode;

    private Weights(Map<String, Map<String, Array>> byNode) {
        Map<String, Map<String, Array>> copy = new LinkedHashMap<>();
        byNode.forEach((id, params) -> copy.put(id, Collections.unmodifiableMap(new LinkedHashMap<>(params))));
        this.byNode = Collections.unmodifiableMap(copy);
    }

    public static Weights of(Map<String, Map<String, Array>> byNode) {
        return new Weights(byNode);
    }

    public static Weights none() {
        return new Weights(Map.of());
    }

    /** The nodes that have parameters here, in insertion order. */
    public Set<String> nodes() {
        return byNode.keySet();
    }

    /** The parameters of {@code nodeId} by DL4J key; empty if it has none here. */
    public Map<String, Array> of(String nodeId) {
        return byNode.getOrDefault(nodeId, Map.of());
    }

    public Map<String, Map<String, Array>> asMap() {
        return byNode;
    }

    /** How many values in all. */
    public long count() {
        return byNode.values().stream().flatMap(m -> m.values().stream()).mapToLong(Array::size).sum();
    }

    /**
     * The same weights with every array's values held in memory: for weights kept after the file they
     * were read from may have changed (the designer keeps an import's weights until it is saved).
     */
    public Weights held() {
        Map<String, Map<String, Array>> held = new LinkedHashMap<>();
        byNode.forEach((id, params) -> params.forEach((key, a) ->
            held.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(key, a.held())));
        return new Weights(held);
    }

    /** The same weights without the given nodes' (for layers whose shape the user changed). */
    public Weights without(List<String> nodeIds) {
        Map<String, Map<String, Array>> kept = new LinkedHashMap<>(byNode);
        nodeIds.forEach(kept::remove);
        return new Weights(kept);
    }

    /** Collects weights node by node. */
    public static final class Builder {
        private final Map<String, Map<String, Array>> byNode = new LinkedHashMap<>();

        public Builder put(String nodeId, String key, Array array) {
            byNode.computeIfAbsent(nodeId, k -> new LinkedHashMap<>()).put(key, array);
            return this;
        }

        public Weights build() {
            return new Weights(byNode);
        }
    }

    public static Builder builder() {
        return new Builder();
    }
}
