package io.layerloom.codegen.onnx;

import static io.layerloom.codegen.onnx.OnnxTestModels.graph;
import static io.layerloom.codegen.onnx.OnnxTestModels.header;
import static io.layerloom.codegen.onnx.OnnxTestModels.le;
import static io.layerloom.codegen.onnx.OnnxTestModels.node;
import static io.layerloom.codegen.onnx.OnnxTestModels.random;
import static io.layerloom.codegen.onnx.OnnxTestModels.rawFloats;
import static io.layerloom.codegen.onnx.OnnxTestModels.floats;
import static io.layerloom.codegen.onnx.OnnxTestModels.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tensor's values stay in the file until they are taken: where its raw data lies is found in the
 * file, the values read from there are the parsed ones, and a file changed since it was read is refused.
 */
class OnnxTensorFileTest {

    /** More than the 64 KB above which values are read from the file rather than the mapping. */
    private static final int BIG = 20_000;

    @TempDir
    Path dir;

    private static float[] taken(OnnxTensor t, long from, int n, ByteOrder order, boolean direct) {
        ByteBuffer dest = (direct ? ByteBuffer.allocateDirect(n * 4) : ByteBuffer.allocate(n * 4)).order(order);
        t.copyFloats(from, dest);
        assertEquals(n * 4, dest.position());
        float[] out = new float[n];
        dest.flip();
        dest.asFloatBuffer().get(out);
        return out;
    }

    private static ModelProto model(List<TensorProto> initializers) {
        return graph("y", initializers, node("id", "Identity", List.of("x"), List.of("y")));
    }

    @Test
    void rawDataIsLocatedInTheFileAndReadFromItAsParsed() throws Exception {
        float[] big = random(BIG, 1);
        float[] small = random(7, 2);
        Path file = write(dir, "m.onnx", model(List.of(rawFloats("small", small, 7), floats("typed", small, 7),
            rawFloats("big", big, 100, 200))));
        byte[] bytes = Files.readAllBytes(file);

        OnnxModel m = new OnnxReader().read(file);

        for (OnnxTensor t : List.of(m.initializer("small").orElseThrow(), m.initializer("big").orElseThrow())) {
            OnnxTensor.FileRegion r = t.region();
            assertNotNull(r, t.name());
            int at = (int) r.offset();
            byte[] expected = le(t.name().equals("big") ? big : small);
            assertArrayEquals(expected, Arrays.copyOfRange(bytes, at, at + expected.length), t.name());
        }
        assertNull(m.initializer("typed").orElseThrow().region(), "float_data is parsed, not located");
        OnnxTensor t = m.initializer("big").orElseThrow();
        assertArrayEquals(big, taken(t, 0, BIG, ByteOrder.LITTLE_ENDIAN, true));
        assertArrayEquals(Arrays.copyOfRange(big, 3000, BIG), taken(t, 3000, BIG - 3000, ByteOrder.LITTLE_ENDIAN, false));
        assertArrayEquals(big, taken(t, 0, BIG, ByteOrder.BIG_ENDIAN, true));
        assertArrayEquals(Arrays.copyOfRange(small, 2, 5), taken(m.initializer("small").orElseThrow(), 2, 3,
            ByteOrder.LITTLE_ENDIAN, false));
        assertArrayEquals(small, taken(m.initializer("typed").orElseThrow(), 0, 7, ByteOrder.LITTLE_ENDIAN, true));
        assertThrows(IndexOutOfBoundsException.class, () -> taken(t, 1, BIG, ByteOrder.LITTLE_ENDIAN, false));
    }

    @Test
    void externalDataIsReadFromItsOwnFileAtItsOffset() throws Exception {
        float[] big = random(BIG, 3);
        byte[] data = new byte[12 + BIG * 4];
        System.arraycopy(le(big), 0, data, 12, BIG * 4);
        Files.write(dir.resolve("weights.bin"), data);
        TensorProto w = header("w", TensorProto.DataType.FLOAT_VALUE, BIG)
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin"))
            .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("12")).build();

        OnnxTensor t = new OnnxReader().read(write(dir, "ext.onnx", model(List.of(w)))).initializer("w").orElseThrow();

        assertEquals(12, t.region().offset());
        assertArrayEquals(big, taken(t, 0, BIG, ByteOrder.LITTLE_ENDIAN, true));
        assertArrayEquals(big, taken(t, 0, BIG, ByteOrder.BIG_ENDIAN, false));
    }

    @Test
    void aFileChangedAfterItWasReadIsRefusedNotReadHalfNew() throws Exception {
        Path file = write(dir, "m.onnx", model(List.of(rawFloats("big", random(BIG, 4), BIG))));
        OnnxTensor t = new OnnxReader().read(file).initializer("big").orElseThrow();

        // Re-exported to the same name: same length, other values, a later modification time.
        write(dir, "m.onnx", model(List.of(rawFloats("big", random(BIG, 5), BIG))));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(
            Files.getLastModifiedTime(file).toMillis() + 2000));

        UncheckedIOException e = assertThrows(UncheckedIOException.class,
            () -> taken(t, 0, BIG, ByteOrder.LITTLE_ENDIAN, true));
        assertEquals("the file changed after it was read, before tensor 'big' was taken from it", e.getMessage());
    }

    @Test
    void aGraphWrittenTwiceGetsNoOffsetsAndItsTensorsAreStillReadRight() throws Exception {
        float[] first = random(BIG, 6);
        float[] second = random(9, 7);
        ModelProto whole = model(List.of(rawFloats("first", first, BIG)));
        ModelProto more = ModelProto.newBuilder().setGraph(GraphProto.newBuilder()
            .addInitializer(rawFloats("second", second, 9))).build();
        byte[] bytes = concat(whole.toByteArray(), more.toByteArray());  // protobuf merges the two graphs
        Path file = Files.write(dir.resolve("twice.onnx"), bytes);

        assertArrayEquals(new long[] {-1, -1}, OnnxRawOffsets.of(ByteBuffer.wrap(bytes), 2));
        OnnxModel m = new OnnxReader().read(file);

        assertNull(m.initializer("first").orElseThrow().region());
        assertArrayEquals(first, taken(m.initializer("first").orElseThrow(), 0, BIG, ByteOrder.LITTLE_ENDIAN, true));
        assertArrayEquals(second, taken(m.initializer("second").orElseThrow(), 0, 9, ByteOrder.LITTLE_ENDIAN, true));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
