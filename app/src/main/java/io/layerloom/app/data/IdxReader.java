package io.layerloom.app.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), gzipped or not: gzip is recognised by its
 * magic bytes 0x1f 0x8b, not by the file name. Images (magic 2051: count, rows, cols of unsigned
 * bytes) become floats in [0, 1]; labels (magic 2049) are checked against the number of classes.
 * Every defect is a {@link DataException} naming the file and what is wrong with it.
 */
public final class IdxReader {

    /** IDX magic for a 3-dimensional unsigned-byte file: images. */
    public static final int IMAGES_MAGIC = 0x0803;
    /** IDX magic for a 1-dimensional unsigned-byte file: labels. */
    public static final int LABELS_MAGIC = 0x0801;
    /** No limit on the number of records read. */
    public static final int ALL = Integer.MAX_VALUE;

    private static final float[] SCALE = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            SCALE[i] = i / 255f;
        }
    }

    /** Grey images, pixels row-major, image after image, scaled to [0, 1]. */
    public record Images(int count, int rows, int cols, float[] pixels) {
    }

    private IdxReader() {
    }

    public static Images readImages(Path file, int limit) throws DataException {
        try (InputStream in = Files.newInputStream(file)) {
            return readImages(file.getFileName().toString(), in, limit);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static int[] readLabels(Path file, int limit, int numClasses) throws DataException {
        try (InputStream in = Files.newInputStream(file)) {
            return readLabels(file.getFileName().toString(), in, limit, numClasses);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Only the header of an IDX image file: {count, rows, columns}, without reading a pixel. */
    public static int[] imageHeader(Path file) throws DataException {
        try (InputStream in = open(file.getFileName().toString(), Files.newInputStream(file))) {
            return header(file.getFileName().toString(), in, IMAGES_MAGIC, "image", "count, rows, columns");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads at most {@code limit} images; {@code name} is the file name used in messages. */
    public static Images readImages(String name, InputStream raw, int limit) throws DataException {
        try (InputStream in = open(name, raw)) {
            int[] dims = header(name, in, IMAGES_MAGIC, "image", "count, rows, columns");
            int declared = dims[0];
            int rows = dims[1];
            int cols = dims[2];
            if (rows == 0 || cols == 0) {
                throw new DataException(name + ": images of " + rows + "x" + cols + " pixels are empty; the header is corrupt");
            }
            int count = Math.min(declared, limit);
            long expected = (long) count * rows * cols;
            if (expected > Integer.MAX_VALUE - 16) {
                throw new DataException(name + ": " + fmt(count) + " images of " + rows + "x" + cols
                        + " do not fit in memory at once (" + fmt(expected) + " bytes); read fewer with a limit");
            }
            byte[] bytes = in.readNBytes((int) expected);
            if (bytes.length < expected) {
                throw new DataException(name + ": expected " + fmt(expected) + " bytes of pixels for " + fmt(count)
                        + " images of " + rows + "x" + cols + ", found " + fmt(bytes.length) + " (truncated file?)");
            }
            if (count == declared && in.read() >= 0) {
                throw new DataException(name + ": more data after the " + fmt(declared) + " images of " + rows + "x"
                        + cols + " the header declares; the header or the file is corrupt");
            }
            float[] pixels = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = SCALE[bytes[i] & 0xff];
            }
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw streamError(name, e);
        }
    }

    /** Reads at most {@code limit} labels, each checked to be in 0 .. numClasses - 1. */
    public static int[] readLabels(String name, InputStream raw, int limit, int numClasses) throws DataException {
        try (InputStream in = open(name, raw)) {
            int declared = header(name, in, LABELS_MAGIC, "label", "count")[0];
            int count = Math.min(declared, limit);
            byte[] bytes = in.readNBytes(count);
            if (bytes.length < count) {
                throw new DataException(name + ": expected " + fmt(count) + " labels, found " + fmt(bytes.length)
                        + " (truncated file?)");
            }
            if (count == declared && in.read() >= 0) {
                throw new DataException(name + ": more data after the " + fmt(declared)
                        + " labels the header declares; the header or the file is corrupt");
            }
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xff;
                if (labels[i] >= numClasses) {
                    throw new DataException(name + ": label " + labels[i] + " of example " + fmt(i) + " is out of range 0.."
                            + (numClasses - 1) + " (" + numClasses + " classes)");
                }
            }
            return labels;
        } catch (IOException e) {
            throw streamError(name, e);
        }
    }

    /** Images and labels of one split as a {@link LoadedData}; their counts must agree. */
    public static LoadedData pair(String dataName, java.util.List<String> classNames, String imagesName, Images images,
            String labelsName, int[] labels) throws DataException {
        if (images.count() != labels.length) {
            throw new DataException(labelsName + ": " + fmt(labels.length) + " labels but " + imagesName + " has "
                    + fmt(images.count()) + " images; the two files must belong together");
        }
        return new LoadedData(dataName, java.util.List.of(1L, (long) images.rows(), (long) images.cols()), classNames,
                images.pixels(), labels);
    }

    private static InputStream open(String name, InputStream raw) throws IOException, DataException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 < 0) {
            throw new DataException(name + ": the file is empty");
        }
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    private static int[] header(String name, InputStream in, int expectedMagic, String kind, String dimNames)
            throws IOException, DataException {
        byte[] m = in.readNBytes(4);
        if (m.length < 4) {
            throw new DataException(name + ": only " + m.length + " bytes; an IDX " + kind + " file starts with a 4-byte magic number");
        }
        int magic = ((m[0] & 0xff) << 24) | ((m[1] & 0xff) << 16) | ((m[2] & 0xff) << 8) | (m[3] & 0xff);
        int expectedDims = expectedMagic & 0xff;
        if (m[0] != 0 || m[1] != 0 || m[2] != 0x08) {
            String gz = name.endsWith(".gz") ? " (the name ends in .gz but the content is not gzip either)" : "";
            throw new DataException(name + ": not an IDX " + kind + " file: magic number " + hex(magic) + ", expected "
                    + expectedMagic + " (" + hex(expectedMagic) + ")" + gz);
        }
        if (magic != expectedMagic) {
            String what = magic == IMAGES_MAGIC ? " (an image file)" : magic == LABELS_MAGIC ? " (a label file)" : "";
            throw new DataException(name + ": IDX magic " + magic + what + " has " + (magic & 0xff) + " dimensions, expected "
                    + expectedMagic + " with " + expectedDims + " (" + dimNames + ") for a " + kind + " file");
        }
        int[] dims = new int[expectedDims];
        for (int i = 0; i < expectedDims; i++) {
            byte[] d = in.readNBytes(4);
            if (d.length < 4) {
                throw new DataException(name + ": the header ends after " + (4 + 4 * i + d.length) + " bytes; expected "
                        + (4 + 4 * expectedDims) + " (" + dimNames + ")");
            }
            long v = ((long) (d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
            if (v > Integer.MAX_VALUE) {
                throw new DataException(name + ": dimension " + i + " is " + fmt(v) + ", too large; the header is corrupt");
            }
            dims[i] = (int) v;
        }
        return dims;
    }

    private static DataException streamError(String name, IOException e) {
        if (e instanceof ZipException || e instanceof EOFException) {
            return new DataException(name + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
        return new DataException(name + ": cannot read: " + e.getMessage(), e);
    }

    private static String hex(int v) {
        return String.format(Locale.ROOT, "0x%08x", v);
    }

    static String fmt(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
