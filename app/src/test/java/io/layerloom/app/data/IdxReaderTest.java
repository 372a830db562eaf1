package io.layerloom.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    static byte[] images(int magic, int count, int rows, int cols, int pixelBytes) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixelBytes);
        b.putInt(magic).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < pixelBytes; i++) {
            b.put((byte) (i * 7));
        }
        return b.array();
    }

    static byte[] labels(int... values) {
        ByteBuffer b = ByteBuffer.allocate(8 + values.length);
        b.putInt(IdxReader.LABELS_MAGIC).putInt(values.length);
        for (int v : values) {
            b.put((byte) v);
        }
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(raw);
        }
        return out.toByteArray();
    }

    Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void roundTripPlainAndGzipped() throws Exception {
        byte[] raw = images(IdxReader.IMAGES_MAGIC, 3, 2, 2, 12);
        IdxReader.Images plain = IdxReader.readImages(write("a-idx3-ubyte", raw), IdxReader.ALL);
        IdxReader.Images gz = IdxReader.readImages(write("a-idx3-ubyte.gz", gzip(raw)), IdxReader.ALL);
        assertEquals(3, plain.count());
        assertEquals(2, plain.rows());
        assertArrayEquals(plain.pixels(), gz.pixels());
        for (int i = 0; i < 12; i++) {
            assertEquals(((i * 7) & 0xff) / 255f, plain.pixels()[i], 1e-7);
        }
        assertArrayEquals(new int[] {0, 9, 3}, IdxReader.readLabels(write("l.gz", gzip(labels(0, 9, 3))), IdxReader.ALL, 10));
    }

    @Test
    void limitReadsOnlyTheFirstRecords() throws Exception {
        IdxReader.Images im = IdxReader.readImages(write("a.gz", gzip(images(IdxReader.IMAGES_MAGIC, 3, 2, 2, 12))), 2);
        assertEquals(2, im.count());
        assertEquals(8, im.pixels().length);
        assertArrayEquals(new int[] {4}, IdxReader.readLabels(write("l", labels(4, 5)), 1, 10));
    }

    @Test
    void badMagic() throws Exception {
        Path p = write("train-images-idx3-ubyte", images(0x12345678, 1, 2, 2, 4));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(p, IdxReader.ALL));
        assertEquals("train-images-idx3-ubyte: not an IDX image file: magic number 0x12345678, expected 2051 (0x00000803)",
                e.getMessage());
    }

    @Test
    void labelsGivenAsImages() throws Exception {
        Path p = write("train-labels-idx1-ubyte.gz", gzip(labels(1, 2)));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(p, IdxReader.ALL));
        assertEquals("train-labels-idx1-ubyte.gz: IDX magic 2049 (a label file) has 1 dimensions, expected 2051 with 3"
                + " (count, rows, columns) for a image file", e.getMessage());
    }

    @Test
    void truncatedPixels() throws Exception {
        Path p = write("train-images-idx3-ubyte.gz", gzip(images(IdxReader.IMAGES_MAGIC, 60000, 28, 28, 1024)));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(p, IdxReader.ALL));
        assertEquals("train-images-idx3-ubyte.gz: expected 47,040,000 bytes of pixels for 60,000 images of 28x28,"
                + " found 1,024 (truncated file?)", e.getMessage());
    }

    @Test
    void truncatedGzipStream() throws Exception {
        byte[] gz = gzip(images(IdxReader.IMAGES_MAGIC, 10, 28, 28, 7840));
        Path p = write("x.gz", Arrays.copyOf(gz, gz.length / 2));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(p, IdxReader.ALL));
        assertTrue(e.getMessage().startsWith("x.gz: corrupt gzip data"), e.getMessage());
    }

    @Test
    void wrongDimensionCount() throws Exception {
        Path p = write("imgs", images(0x0802, 1, 2, 2, 4));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(p, IdxReader.ALL));
        assertTrue(e.getMessage().startsWith("imgs: IDX magic 2050 has 2 dimensions, expected 2051 with 3"), e.getMessage());
    }

    @Test
    void emptyImagesAndExtraData() throws Exception {
        Path zero = write("zero", images(IdxReader.IMAGES_MAGIC, 1, 0, 28, 0));
        assertEquals("zero: images of 0x28 pixels are empty; the header is corrupt",
                assertThrows(DataException.class, () -> IdxReader.readImages(zero, IdxReader.ALL)).getMessage());
        Path extra = write("extra", images(IdxReader.IMAGES_MAGIC, 1, 2, 2, 5));
        assertTrue(assertThrows(DataException.class, () -> IdxReader.readImages(extra, IdxReader.ALL)).getMessage()
                .startsWith("extra: more data after the 1 images of 2x2"));
    }

    @Test
    void labelOutOfRange() throws Exception {
        Path p = write("train-labels-idx1-ubyte", labels(1, 2, 12));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(p, IdxReader.ALL, 10));
        assertEquals("train-labels-idx1-ubyte: label 12 of example 2 is out of range 0..9 (10 classes)", e.getMessage());
    }

    @Test
    void truncatedLabelsAndHeader() throws Exception {
        byte[] l = labels(1, 2, 3);
        Path p = write("l", Arrays.copyOf(l, l.length - 1));
        assertEquals("l: expected 3 labels, found 2 (truncated file?)",
                assertThrows(DataException.class, () -> IdxReader.readLabels(p, IdxReader.ALL, 10)).getMessage());
        Path h = write("h", Arrays.copyOf(images(IdxReader.IMAGES_MAGIC, 1, 2, 2, 4), 10));
        assertTrue(assertThrows(DataException.class, () -> IdxReader.readImages(h, IdxReader.ALL)).getMessage()
                .startsWith("h: the header ends after 10 bytes; expected 16"));
    }

    @Test
    void notGzipButNamedGz() throws Exception {
        Path p = write("train-images-idx3-ubyte.gz", "<html>404 not found</html>".getBytes());
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(p, IdxReader.ALL));
        assertEquals("train-images-idx3-ubyte.gz: not an IDX image file: magic number 0x3c68746d, expected 2051"
                + " (0x00000803) (the name ends in .gz but the content is not gzip either)", e.getMessage());
        Path empty = write("e.gz", new byte[0]);
        assertEquals("e.gz: the file is empty",
                assertThrows(DataException.class, () -> IdxReader.readImages(empty, IdxReader.ALL)).getMessage());
    }

    @Test
    void imagesAndLabelsMustAgree() throws Exception {
        IdxReader.Images im = IdxReader.readImages(write("i", images(IdxReader.IMAGES_MAGIC, 3, 2, 2, 12)), IdxReader.ALL);
        DataException e = assertThrows(DataException.class,
                () -> IdxReader.pair("X", ShippedData.DIGIT_CLASSES, "i", im, "l", new int[] {1, 2}));
        assertEquals("l: 2 labels but i has 3 images; the two files must belong together", e.getMessage());
    }
}
