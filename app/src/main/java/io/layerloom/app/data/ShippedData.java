package io.layerloom.app.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The data sets shipped inside the application (resources of this package) and the IDX folder
 * layout of (Fashion-)MNIST. Licences: fashion-mnist-subset/LICENSE (MIT) and
 * SKLEARN-DATA-LICENSE (BSD-3-Clause).
 */
public final class ShippedData {

    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final List<String> DIGIT_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** Training and test part of an IDX data set. */
    public record TrainTest(LoadedData train, LoadedData test) {
    }

    private ShippedData() {
    }

    /** The first 12,000 training and 2,000 test images of Fashion-MNIST. */
    public static TrainTest fashionMnistSubset() {
        try {
            return new TrainTest(resourcePair("fashion-mnist-subset/", TRAIN_IMAGES + ".gz", TRAIN_LABELS + ".gz"),
                    resourcePair("fashion-mnist-subset/", TEST_IMAGES + ".gz", TEST_LABELS + ".gz"));
        } catch (DataException e) {
            throw new IllegalStateException("shipped Fashion-MNIST subset is broken: " + e.getMessage(), e);
        }
    }

    /**
     * The four IDX files in {@code dir} (gzipped or not, "train-images-idx3-ubyte" or MNIST's
     * "train-images.idx3-ubyte" spelling). Class names are Fashion-MNIST's when the folder's name
     * says "fashion", digits otherwise (MNIST).
     */
    public static TrainTest idxFolder(Path dir, int limit) throws DataException {
        List<String> classes = idxClassNames(dir);
        String name = classes == FASHION_CLASSES ? "Fashion-MNIST" : "MNIST";
        return new TrainTest(filePair(dir, name, classes, TRAIN_IMAGES, TRAIN_LABELS, limit),
                filePair(dir, name, classes, TEST_IMAGES, TEST_LABELS, limit));
    }

    /** What {@link #idxFolder} would read, from the training images' header alone. */
    public static DataHeader idxHeader(Path dir) throws DataException {
        List<String> classes = idxClassNames(dir);
        int[] dims = IdxReader.imageHeader(require(dir, TRAIN_IMAGES));
        return new DataHeader(classes == FASHION_CLASSES ? "Fashion-MNIST" : "MNIST", List.of(1L, (long) dims[1], (long) dims[2]),
                classes.size());
    }

    /** Whether {@code dir} holds a training images file of the IDX layout. */
    public static boolean isIdxFolder(Path dir) {
        return find(dir, TRAIN_IMAGES) != null;
    }

    /** 1,797 8x8 grey digits as images [1, 8, 8], pixel values 0-16 scaled to [0, 1]. */
    public static LoadedData digits() {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(resource("digits.csv.gz")), StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null;) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                float[] px = new float[64];
                for (int i = 0; i < 64; i++) {
                    px[i] = Float.parseFloat(f[i]) / 16f;
                }
                rows.add(px);
                labels.add((int) Float.parseFloat(f[64]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("shipped digits.csv.gz is unreadable", e);
        }
        float[] features = new float[rows.size() * 64];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, features, i * 64, 64);
        }
        return new LoadedData("Digits", List.of(1L, 8L, 8L), DIGIT_CLASSES, features,
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** An IDX folder's class names: Fashion-MNIST's when its path says "fashion", the digits otherwise. */
    static List<String> idxClassNames(Path dir) {
        boolean fashion = dir.toAbsolutePath().normalize().toString().toLowerCase(java.util.Locale.ROOT).contains("fashion");
        return fashion ? FASHION_CLASSES : DIGIT_CLASSES;
    }

    /**
     * Fisher's 150 irises as vectors [4], NOT standardised (that is fitted on a training part).
     * Class names come from scikit-learn's header "150,4,setosa,versicolor,virginica".
     */
    public static LoadedData iris() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(resource("iris.csv"), StandardCharsets.US_ASCII))) {
            String headerLine = in.readLine();
            String[] header = headerLine.split(",");
            CsvReader.Table table = CsvReader.read("iris.csv", "Iris", in, CsvReader.Options.lastColumn());
            LoadedData d = table.data();
            List<String> classes = d.classNames();
            if (header.length == 2 + d.numClasses() && header[0].trim().matches("\\d+")
                    && classes.equals(DIGIT_CLASSES.subList(0, d.numClasses()))) {
                classes = List.of(header).subList(2, header.length).stream().map(String::trim).toList();
            }
            return new LoadedData("Iris", d.exampleShape(), classes, d.features(), d.labels());
        } catch (IOException e) {
            throw new UncheckedIOException("shipped iris.csv is unreadable", e);
        } catch (DataException e) {
            throw new IllegalStateException("shipped iris.csv is broken: " + e.getMessage(), e);
        }
    }

    private static LoadedData resourcePair(String dir, String images, String labels) throws DataException {
        try (InputStream i = resource(dir + images); InputStream l = resource(dir + labels)) {
            return IdxReader.pair("Fashion-MNIST", FASHION_CLASSES, images, IdxReader.readImages(images, i, IdxReader.ALL),
                    labels, IdxReader.readLabels(labels, l, IdxReader.ALL, FASHION_CLASSES.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LoadedData filePair(Path dir, String name, List<String> classes, String images, String labels, int limit)
            throws DataException {
        Path imageFile = require(dir, images);
        Path labelFile = require(dir, labels);
        return IdxReader.pair(name, classes, imageFile.getFileName().toString(), IdxReader.readImages(imageFile, limit),
                labelFile.getFileName().toString(), IdxReader.readLabels(labelFile, limit, classes.size()));
    }

    private static Path require(Path dir, String base) throws DataException {
        Path p = find(dir, base);
        if (p == null) {
            throw new DataException(dir + ": no " + base + " or " + base + ".gz; an IDX folder needs the four files "
                    + String.join(", ", TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS) + " (gzipped or not)");
        }
        return p;
    }

    private static Path find(Path dir, String base) {
        String mnistSpelling = base.replace("-idx", ".idx");
        for (String n : List.of(base + ".gz", base, mnistSpelling + ".gz", mnistSpelling)) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static InputStream resource(String name) {
        InputStream in = ShippedData.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("resource io/layerloom/app/data/" + name + " is missing from the build");
        }
        return in;
    }
}
