package io.layerloom.codegen.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Lazy arrays (the import's, read from the file when a network takes them) give the same values as
 * held ones in both memory orders, on sizes that are not multiples of the transposing block.
 */
class WeightsArrayTest {

    private static float[] counting(int n) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = k + 0.5f;
        }
        return v;
    }

    /** A source over {@code stored} (little-endian, as an ONNX file holds floats), counting its reads. */
    private static Weights.Source source(float[] stored, AtomicInteger reads) {
        ByteBuffer bytes = ByteBuffer.allocate(stored.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(stored);
        return (from, dest) -> {
            reads.incrementAndGet();
            FloatBuffer f = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            int n = dest.remaining() / Float.BYTES;
            dest.asFloatBuffer().put(f.position((int) from).limit((int) from + n));
            dest.position(dest.position() + n * Float.BYTES);
        };
    }

    private static float[] copied(Weights.Array a, char order, ByteOrder bytes) {
        ByteBuffer dest = ByteBuffer.allocate(a.size() * Float.BYTES + 8).order(bytes);
        dest.position(4);  // somewhere inside a bigger buffer, as a parameter view in the flat vector
        a.copyTo(dest, order);
        assertEquals(4 + a.size() * Float.BYTES, dest.position(), "position advanced past the values");
        float[] out = new float[a.size()];
        dest.position(4);
        dest.asFloatBuffer().get(out);
        return out;
    }

    /** The row-major values of [rows, cols] in column-major order. */
    private static float[] columnMajor(float[] rowMajor, int rows, int cols) {
        float[] t = new float[rowMajor.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = rowMajor[r * cols + c];
            }
        }
        return t;
    }

    @Test
    void aRowMajorSourceIsCopiedInOnePieceAndTransposedOnRequest() {
        int rows = 45;
        int cols = 70;
        float[] v = counting(rows * cols);
        AtomicInteger reads = new AtomicInteger();
        Weights.Array a = Weights.Array.lazy(new long[] {rows, cols}, 'c', source(v, reads));

        assertTrue(a.lazy());
        assertArrayEquals(v, a.values());
        assertArrayEquals(v, copied(a, 'c', ByteOrder.LITTLE_ENDIAN));
        reads.set(0);
        assertArrayEquals(v, copied(a, 'c', ByteOrder.BIG_ENDIAN));
        assertEquals(1, reads.get(), "one read straight into the destination");
        assertArrayEquals(columnMajor(v, rows, cols), copied(a, 'f', ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void aMatrixStoredTransposedIsRowMajorToReadersAndCopiedAsStoredIntoColumnMajor() {
        // ONNX's Gemm with transB = 1 stores [out, in]; DL4J's dense layer holds [in, out] column-major.
        int in = 70;
        int out = 45;
        float[] stored = counting(out * in);
        Weights.Array a = Weights.Array.lazy(new long[] {in, out}, 'f', source(stored, new AtomicInteger()));

        float[] rowMajor = a.values();
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                assertEquals(stored[o * in + i], rowMajor[i * out + o], "W[" + i + "][" + o + "]");
            }
        }
        assertArrayEquals(stored, copied(a, 'f', ByteOrder.LITTLE_ENDIAN));
        assertArrayEquals(rowMajor, copied(a, 'c', ByteOrder.BIG_ENDIAN));
        assertArrayEquals(rowMajor, a.held().values());
        assertFalse(a.held().lazy());
    }

    @Test
    void aHeldArrayIsHandedOnAndCopiedInEitherOrder() {
        float[] v = counting(6);
        Weights.Array a = new Weights.Array(new long[] {2, 3}, v);

        assertSame(v, a.values());
        assertSame(a, a.held());
        assertArrayEquals(v, copied(a, 'c', ByteOrder.nativeOrder()));
        assertArrayEquals(new float[] {0.5f, 3.5f, 1.5f, 4.5f, 2.5f, 5.5f}, copied(a, 'f', ByteOrder.nativeOrder()));
    }

    @Test
    void sizesOfOneDoNotMakeAVectorAMatrixAndHigherRanksKeepTheirOrder() {
        float[] v = counting(5);
        Weights.Array row = Weights.Array.lazy(new long[] {1, 5}, 'f', source(v, new AtomicInteger()));
        assertArrayEquals(v, row.values());
        assertArrayEquals(v, copied(row, 'c', ByteOrder.LITTLE_ENDIAN));

        Weights.Array kernel = Weights.Array.lazy(new long[] {2, 3, 2, 2}, 'c', source(counting(24), new AtomicInteger()));
        assertTrue(kernel.canCopyIn('c'));
        assertFalse(kernel.canCopyIn('f'));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> kernel.copyTo(ByteBuffer.allocate(96), 'f'));
        assertEquals("Array[2, 3, 2, 2] is held in 'c' order and cannot be laid out in 'f' order", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> kernel.copyTo(ByteBuffer.allocate(92), 'c'));
    }

    @Test
    void heldWeightsReadEveryLazyArrayOnceAndKeepTheRest() {
        AtomicInteger reads = new AtomicInteger();
        float[] b = {1, 2};
        Weights w = Weights.builder()
            .put("fc", "W", Weights.Array.lazy(new long[] {2, 2}, 'f', source(new float[] {1, 2, 3, 4}, reads)))
            .put("fc", "b", new Weights.Array(new long[] {2}, b))
            .build();

        Weights held = w.held();

        assertEquals(List.of("W", "b"), List.copyOf(held.of("fc").keySet()));
        assertFalse(held.of("fc").get("W").lazy());
        assertArrayEquals(new float[] {1, 3, 2, 4}, held.of("fc").get("W").values());
        assertSame(b, held.of("fc").get("b").values());
        assertNotSame(w, held);
        assertEquals(w.count(), held.count());
        assertEquals(Map.of(), Weights.none().held().asMap());
    }
}
