package io.layerloom.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Npy against files NumPy wrote (resources npy/, made by npy/make_fixtures.py) and against
 * broken and hostile files made here: every refusal names the file and says what to do, and
 * none allocates what the header claims.
 */
class NpyTest {

    private static final float[] A = {-1f, -0.5f, 0f, 0.5f, 1f, 1.5f};

    static Path fixture(String name) {
        try {
            return Path.of(NpyTest.class.getResource("npy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] readAll(Path file) throws Exception {
        try (Npy.Reader r = Npy.open(file)) {
            return r.read(0, Math.toIntExact(r.examples()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"f4_2x3.npy", "f4_2x3_v2.npy", "f4_2x3_v3.npy", "f8_2x3.npy"})
    void readsWhatNumpyWrote(String name) throws Exception {
        try (Npy.Reader r = Npy.open(fixture(name))) {
            assertEquals(List.of(2L, 3L), r.header().shape());
            assertEquals(name.startsWith("f8") ? Npy.Type.FLOAT64 : Npy.Type.FLOAT32, r.header().type());
            assertEquals(2, r.examples());
            assertEquals(3, r.exampleSize());
            assertArrayEquals(A, r.read(0, 2));
            assertArrayEquals(new float[] {0.5f, 1f, 1.5f}, r.read(1, 1), "the second example alone");
        }
    }

    @Test
    void readsABatchOfImages() throws Exception {
        try (Npy.Reader r = Npy.open(fixture("images_2x1x4x4.npy"))) {
            assertEquals("(2, 1, 4, 4)", r.header().shapeText());
            float[] second = r.read(1, 1);
            float[] expected = new float[16];
            for (int i = 0; i < 16; i++) {
                expected[i] = (16 + i) / 32f;
            }
            assertArrayEquals(expected, second);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty_0x3", "empty_12345x0", "empty_0", "empty_0x1x28x28", "empty_1234567890123x0x10"})
    void writesTheHeaderNumpyWrites(String name) throws Exception {
        byte[] numpy = Files.readAllBytes(fixture(name + ".npy"));
        List<Long> shape;
        try (Npy.Reader r = Npy.open(fixture(name + ".npy"))) {
            shape = r.header().shape();
        }
        assertArrayEquals(numpy, Npy.headerBytes(shape), name);
    }

    @Test
    void writesTheBytesNumpyWrites(@TempDir Path dir) throws Exception {
        Path mine = dir.resolve("a.npy");
        Npy.write(mine, List.of(2L, 3L), A);
        assertArrayEquals(Files.readAllBytes(fixture("f4_2x3.npy")), Files.readAllBytes(mine));
    }

    @Test
    void roundTripsInBatches(@TempDir Path dir) throws Exception {
        float[] values = new float[5 * 2 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i) * 1e3f;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Npy.Writer w = new Npy.Writer(bytes, List.of(5L, 2L, 3L));
        w.write(Arrays.copyOfRange(values, 0, 12));
        w.write(Arrays.copyOfRange(values, 12, 30));
        w.finish();
        Path file = dir.resolve("r.npy");
        Files.write(file, bytes.toByteArray());
        try (Npy.Reader r = Npy.open(file)) {
            assertEquals(List.of(5L, 2L, 3L), r.header().shape());
            assertArrayEquals(Arrays.copyOfRange(values, 6, 24), r.read(1, 3));
        }
        assertArrayEquals(values, readAll(file));
    }

    @Test
    void aWriterThatIsShortOrLongSaysSo() throws Exception {
        Npy.Writer w = new Npy.Writer(new ByteArrayOutputStream(), List.of(2L, 2L));
        w.write(new float[3]);
        assertEquals("wrote 3 values of the 4 the shape holds", assertThrows(IllegalStateException.class, w::finish).getMessage());
        assertThrows(IllegalStateException.class, () -> w.write(new float[2]));
    }

    private static String refusal(Path file) {
        return assertThrows(DataException.class, () -> Npy.open(file).close()).getMessage();
    }

    @Test
    void refusesFortranOrderBigEndianIntegersAndScalarsWithTheFix() {
        Path f = fixture("fortran_2x3.npy");
        assertEquals(f + ": the array is in Fortran order; LayerLoom reads C order. Save numpy.ascontiguousarray(x) instead",
                refusal(f));
        Path b = fixture("big_endian_2x3.npy");
        assertEquals(b + ": dtype '>f4' (big-endian) is not supported; LayerLoom reads float32 ('<f4') and float64 ('<f8'). "
                + "Save x.astype('<f4')", refusal(b));
        Path i = fixture("int32_2x3.npy");
        assertEquals(i + ": dtype '<i4' is not supported; LayerLoom reads float32 ('<f4') and float64 ('<f8'). "
                + "Save x.astype('<f4')", refusal(i));
        Path s = fixture("scalar.npy");
        assertEquals(s + ": holds a single value (shape ()); save an array with the examples on the first axis, "
                + "e.g. (N, C, H, W) or (N, F)", refusal(s));
    }

    /** A version 1.0 file with this header dict (padded as NumPy pads) and {@code data} bytes after it. */
    private static Path file(Path dir, String dict, int data) throws IOException {
        byte[] header = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + header.length + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header);
        Path file = dir.resolve("x.npy");
        Files.write(file, b.array());
        return file;
    }

    @Test
    void refusesAFileThatIsNotNpy(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.npy");
        Files.writeString(f, "a,b,c\n1,2,3\n");
        assertEquals(f + ": not a NumPy .npy file (it does not start with \\x93NUMPY); save the array with "
                + "numpy.save(\"x.npy\", x)", refusal(f));
        Files.write(f, new byte[0]);
        assertEquals(f + ": not a NumPy .npy file (it does not start with \\x93NUMPY); save the array with "
                + "numpy.save(\"x.npy\", x)", refusal(f), "an empty file");
        Files.write(f, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1});
        assertEquals(f + ": truncated .npy file (7 bytes, no header)", refusal(f));
        Files.write(f, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 4, 0, 10, 0});
        assertEquals(f + ": .npy format version 4.0 is not supported (1.0, 2.0 and 3.0 are); save it again with numpy.save",
                refusal(f));
    }

    @Test
    void refusesAnAbsurdHeaderLengthWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.npy");
        // version 2.0: a four-byte header length, here 2^31 + 5
        Files.write(f, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 5, 0, 0, (byte) 0x80, '{'});
        assertEquals(f + ": the .npy header claims 2147483653 bytes, more than the 10000 NumPy itself accepts; the file is "
                + "corrupt", refusal(f));
        Files.write(f, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 100, 0, '{'});
        assertEquals(f + ": truncated .npy file: the header needs 110 bytes, the file has 11", refusal(f));
    }

    @Test
    void refusesShapesThatOverflowOrPromiseMoreThanTheFileHolds(@TempDir Path dir) throws Exception {
        Path f = file(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", 0);
        assertEquals(f + ": the shape (4294967296, 4294967296) in the .npy header has more values than any file can hold; "
                + "the file is corrupt", refusal(f));
        f = file(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999, 1), }", 0);
        assertEquals(f + ": the .npy header's shape has the dimension 99999999999999999999, too large for any file; "
                + "the file is corrupt", refusal(f));
        f = file(dir, "{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,), }", 16);
        assertEquals(f + ": truncated: the shape (2305843009213693952,) of <f8 needs more than 2^63 bytes of data, the file "
                + "has 16", refusal(f), "a huge shape is caught by the file's size, before any allocation");
        f = file(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 784), }", 12);
        assertEquals(f + ": truncated: the shape (1000000, 784) of <f4 needs 3136000000 bytes of data, the file has 12",
                refusal(f));
        f = file(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 28);
        assertEquals(f + ": 28 bytes of data, but the shape (2, 3) of <f4 needs 24; the file is corrupt", refusal(f));
    }

    @Test
    void refusesHeadersThatAreNotNumpysDict(@TempDir Path dir) throws Exception {
        Path f = file(dir, "{'descr': '<f4', 'shape': (2,), }", 8);
        assertEquals(f + ": the .npy header has no 'fortran_order': {'descr': '<f4', 'shape': (2,), }", refusal(f));
        f = file(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", 8);
        assertEquals(f + ": the .npy header is not a dict NumPy writes (unexpected value at character 62): "
                + "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", refusal(f));
        f = file(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", 8);
        assertEquals(f + ": the .npy header is not a dict NumPy writes (expected a non-negative integer in the shape at "
                + "character 52): {'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", refusal(f));
        f = file(dir, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8);
        assertEquals(f + ": the .npy header is not a dict NumPy writes (unexpected value at character 11): "
                + "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", refusal(f));
        f = file(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", 8);
        assertEquals(f + ": the .npy header is not a dict NumPy writes (the header ends early at character 56): "
                + "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", refusal(f));
        f = file(dir, "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", 8);
        assertEquals(f + ": the .npy header is not a dict NumPy writes (unexpected value at character 35): "
                + "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", refusal(f));
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path f = dir.resolve("nope.npy");
        assertEquals(f + ": no such file", refusal(f));
    }
}
