package io.layerloom.app.data;

import io.layerloom.model.training.DataPreparation.Fit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * An image folder (one sub-folder per class) too large to hold decoded in memory: only the file
 * list is kept; {@link StreamingIterator} decodes each batch from disk on worker threads, a
 * bounded number of batches ahead. Validation is a seeded, per-class share of the files, as
 * {@link Splits} holds out in memory.
 */
public final class StreamingImageFolder {

    /** Normalisation "auto" of a streamed folder: its statistics come from this many training images (seeded). */
    public static final int STATS_SAMPLE = 5_000;

    /** The files of one part and their class indices. */
    public record Files(List<Path> paths, int[] labels) {
        public int count() {
            return paths.size();
        }
    }

    /** A folder split into training and validation files. */
    public record Split(String name, List<String> classNames, Files train, Files validation) {
    }

    private StreamingImageFolder() {
    }

    /** Whether decoding {@code files} images of {@code shape} as floats would take more than {@code limitBytes}. */
    public static boolean tooLargeForMemory(long files, List<Long> shape, long limitBytes) {
        long size = shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
        return files > limitBytes / Math.max(1, size * Float.BYTES);
    }

    /** How many images the folder holds, counted without decoding them. */
    public static long count(Path folder) throws DataException {
        long n = 0;
        for (Path dir : classDirs(folder)) {
            n += images(dir).size();
        }
        return n;
    }

    public static Split list(Path folder, double validationFraction, long seed) throws DataException {
        return list(folder, validationFraction, seed, listed -> { });
    }

    /** The same, telling {@code progress} how many images are listed so far after each class folder. */
    public static Split list(Path folder, double validationFraction, long seed, java.util.function.IntConsumer progress)
            throws DataException {
        List<Path> dirs = classDirs(folder);
        if (dirs.size() < 2) {
            throw new DataException(folder + ": found " + dirs.size() + " class folders; put the images in one sub-folder per"
                    + " class, at least 2 classes");
        }
        List<String> names = new ArrayList<>();
        List<Path> trainPaths = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<Path> valPaths = new ArrayList<>();
        List<Integer> valLabels = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (Path dir : dirs) {
            int label = names.size();
            names.add(dir.getFileName().toString());
            List<Path> files = images(dir);
            if (files.isEmpty()) {
                throw new DataException(dir + ": no images (PNG, JPEG, GIF or BMP) in this class folder");
            }
            int[] order = new int[files.size()];
            Arrays.setAll(order, i -> i);
            Splits.shuffle(order, random);
            int held = (int) Math.round(files.size() * validationFraction);
            boolean[] isHeld = new boolean[files.size()];
            for (int i = 0; i < held; i++) {
                isHeld[order[i]] = true;
            }
            for (int i = 0; i < files.size(); i++) {
                (isHeld[i] ? valPaths : trainPaths).add(files.get(i));
                (isHeld[i] ? valLabels : trainLabels).add(label);
            }
            progress.accept(trainPaths.size() + valPaths.size());
        }
        String name = folder.getFileName() == null ? folder.toString() : folder.getFileName().toString();
        return new Split(name, names, new Files(trainPaths, ints(trainLabels)), new Files(valPaths, ints(valLabels)));
    }

    /**
     * Each channel's mean and standard deviation over up to {@link #STATS_SAMPLE} training images
     * chosen by {@code seed}, fitted to {@code shape} as training will feed them.
     */
    public static List<List<Double>> stats(Files train, List<Long> shape, Optional<Fit> fit, long seed) throws DataException {
        return stats(train, shape, fit, seed, decoded -> { });
    }

    /** The same, telling {@code progress} every 250 images how many are decoded. */
    public static List<List<Double>> stats(Files train, List<Long> shape, Optional<Fit> fit, long seed,
                                           java.util.function.IntConsumer progress) throws DataException {
        int[] order = new int[train.count()];
        Arrays.setAll(order, i -> i);
        Splits.shuffle(order, new SplittableRandom(seed));
        int n = Math.min(STATS_SAMPLE, order.length);
        int size = Math.toIntExact(shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact));
        float[] features = new float[n * size];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ImageFolderReader.image(train.paths().get(order[i]), shape, fit), 0, features, i * size, size);
            if ((i + 1) % 250 == 0) {
                progress.accept(i + 1);
            }
        }
        LoadedData sample = new LoadedData("sample", shape, List.of("a", "b"), features, new int[n]);
        return DataPreparer.stats(sample, DataPreparer.channels(shape), n);
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<Path> classDirs(Path folder) throws DataException {
        return list(folder).stream().filter(java.nio.file.Files::isDirectory).toList();
    }

    private static List<Path> images(Path dir) throws DataException {
        return list(dir).stream().filter(ImageFolderReader::isImageName).toList();
    }

    private static List<Path> list(Path dir) throws DataException {
        try (Stream<Path> s = java.nio.file.Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir + ": cannot list the folder: " + e.getMessage(), e);
        }
    }
}
