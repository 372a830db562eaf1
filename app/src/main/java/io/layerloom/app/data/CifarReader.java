package io.layerloom.app.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10's binary layout ({@code cifar-10-batches-bin}): {@code data_batch_1.bin} to
 * {@code data_batch_5.bin} and {@code test_batch.bin}, each a run of records of one label byte
 * (0-9) and 3,072 pixel bytes, the 32x32 red plane, then green, then blue, rows top to bottom.
 * Images are [3, 32, 32] in [0, 1]; class names come from {@code batches.meta.txt} when it is there.
 * The folder given may also be the one holding {@code cifar-10-batches-bin}.
 */
public final class CifarReader {

    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
            "ship", "truck");
    public static final List<Long> SHAPE = List.of(3L, 32L, 32L);
    static final int PIXELS = 3 * 32 * 32;
    static final int RECORD = 1 + PIXELS;
    static final String FIRST = "data_batch_1.bin";
    static final String TEST = "test_batch.bin";

    private CifarReader() {
    }

    /** Whether {@code dir} (or its {@code cifar-10-batches-bin}) holds {@code data_batch_1.bin}. */
    public static boolean isCifarFolder(Path dir) {
        return batches(dir) != null;
    }

    public static DataHeader header(Path dir) throws DataException {
        return new DataHeader("CIFAR-10", SHAPE, classNames(require(dir)).size());
    }

    /** The training batches present (1 to 5, in order) and the test batch, if there is one. */
    public static ShippedData.TrainTest read(Path dir) throws DataException {
        Path folder = require(dir);
        List<String> classes = classNames(folder);
        List<Path> train = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Path f = folder.resolve("data_batch_" + i + ".bin");
            if (Files.isRegularFile(f)) {
                train.add(f);
            }
        }
        Path test = folder.resolve(TEST);
        return new ShippedData.TrainTest(read(train, classes), Files.isRegularFile(test) ? read(List.of(test), classes) : null);
    }

    private static LoadedData read(List<Path> files, List<String> classes) throws DataException {
        long total = 0;
        for (Path f : files) {
            total += records(f);
        }
        int n = Math.toIntExact(total);
        float[] features = new float[Math.multiplyExact(n, PIXELS)];
        int[] labels = new int[n];
        byte[] record = new byte[RECORD];
        int i = 0;
        for (Path f : files) {
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(f), 1 << 20)) {
                for (long r = records(f); r > 0; r--, i++) {
                    if (in.readNBytes(record, 0, RECORD) != RECORD) {
                        throw new DataException(f + ": ended inside record " + (i + 1));
                    }
                    int label = record[0] & 0xff;
                    if (label >= classes.size()) {
                        throw new DataException(f + ": record " + (i + 1) + " has label " + label + ", but CIFAR-10 has "
                                + classes.size() + " classes (0-" + (classes.size() - 1) + "); is this CIFAR-100's layout?");
                    }
                    labels[i] = label;
                    int base = i * PIXELS;
                    for (int p = 0; p < PIXELS; p++) {
                        features[base + p] = (record[1 + p] & 0xff) / 255f;
                    }
                }
            } catch (IOException e) {
                throw new DataException(f + ": cannot read: " + e.getMessage(), e);
            }
        }
        return new LoadedData("CIFAR-10", SHAPE, classes, features, labels);
    }

    private static long records(Path f) throws DataException {
        try {
            long size = Files.size(f);
            if (size == 0 || size % RECORD != 0) {
                throw new DataException(f + ": " + size + " bytes is not a whole number of CIFAR-10 records (1 label byte + "
                        + PIXELS + " pixel bytes = " + RECORD + " each); the file is truncated or not CIFAR-10's binary version");
            }
            return size / RECORD;
        } catch (IOException e) {
            throw new DataException(f + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Path batches(Path dir) {
        if (Files.isRegularFile(dir.resolve(FIRST))) {
            return dir;
        }
        Path inner = dir.resolve("cifar-10-batches-bin");
        return Files.isRegularFile(inner.resolve(FIRST)) ? inner : null;
    }

    private static Path require(Path dir) throws DataException {
        Path folder = batches(dir);
        if (folder == null) {
            throw new DataException(dir + ": no " + FIRST + " (CIFAR-10's binary version, cifar-10-batches-bin)");
        }
        return folder;
    }

    private static List<String> classNames(Path folder) throws DataException {
        Path meta = folder.resolve("batches.meta.txt");
        if (!Files.isRegularFile(meta)) {
            return CLASSES;
        }
        try {
            List<String> names = Files.readAllLines(meta, StandardCharsets.UTF_8).stream().map(String::trim)
                    .filter(s -> !s.isEmpty()).toList();
            if (names.size() < 2 || names.size() > 256) {
                throw new DataException(meta + ": expected one class name a line (10 for CIFAR-10), found " + names.size());
            }
            return names;
        } catch (IOException e) {
            throw new DataException(meta + ": cannot read: " + e.getMessage(), e);
        }
    }
}
