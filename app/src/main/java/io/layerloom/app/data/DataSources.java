package io.layerloom.app.data;

import io.layerloom.model.util.Suggest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import io.layerloom.model.training.DataPreparation;

/**
 * Resolves what a user typed for {@code --data}: a known name or a path, into a {@link DataSplit}.
 * Nothing is ever downloaded: names refer to shipped data or files already on disk.
 */
public final class DataSources {

    public static final String FASHION_SUBSET = "fashion-mnist-subset";
    public static final String FASHION = "fashion-mnist";
    public static final String DIGITS = "digits";
    public static final String IRIS = "iris";
    public static final String SYNTHETIC = "synthetic";
    public static final List<String> NAMES = List.of(FASHION_SUBSET, FASHION, DIGITS, IRIS, SYNTHETIC);
    /** Where Debian's dataset-fashion-mnist package puts the full set. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /**
     * How to split and shape the data.
     *
     * @param imageShape      [c, h, w] for image folders and synthetic images (normally the graph's Input shape)
     * @param syntheticCount  training images generated for {@code synthetic} (a fifth more for its test set)
     */
    public record Request(long seed, double validationFraction, double testFraction, List<Long> imageShape,
            int syntheticCount, int syntheticClasses, CsvReader.Options csv, Optional<DataPreparation.Fit> fit) {

        public Request(long seed, double validationFraction, double testFraction, List<Long> imageShape, int syntheticCount,
                       int syntheticClasses, CsvReader.Options csv) {
            this(seed, validationFraction, testFraction, imageShape, syntheticCount, syntheticClasses, csv, Optional.empty());
        }

        public static Request defaults() {
            return new Request(42, 0.1, 0.2, List.of(1L, 28L, 28L), 2000, 10, CsvReader.Options.lastColumn());
        }

        /** Image folders: each image fitted to {@link #imageShape} this way (pad, crop) instead of resized. */
        public Request withFit(Optional<DataPreparation.Fit> f) {
            return new Request(seed, validationFraction, testFraction, imageShape, syntheticCount, syntheticClasses, csv, f);
        }

        public Request withImageShape(List<Long> shape) {
            return new Request(seed, validationFraction, testFraction, shape, syntheticCount, syntheticClasses, csv, fit);
        }

        public Request withSeed(long newSeed) {
            return new Request(newSeed, validationFraction, testFraction, imageShape, syntheticCount, syntheticClasses, csv, fit);
        }

        public Request withValidationFraction(double f) {
            return new Request(seed, f, testFraction, imageShape, syntheticCount, syntheticClasses, csv, fit);
        }

        public Request withCsv(CsvReader.Options options) {
            return new Request(seed, validationFraction, testFraction, imageShape, syntheticCount, syntheticClasses, options, fit);
        }
    }

    private final Path fashionMnistDir;

    /** {@code fashionMnistDir}: where {@code fashion-mnist} is looked for (tests point it elsewhere). */
    public DataSources(Path fashionMnistDir) {
        this.fashionMnistDir = fashionMnistDir;
    }

    public static DataSources standard() {
        return new DataSources(DEBIAN_FASHION_MNIST);
    }

    /** Whether the full Fashion-MNIST is installed where {@code fashion-mnist} looks for it. */
    public boolean fullFashionMnistAvailable() {
        return Files.isDirectory(fashionMnistDir) && ShippedData.isIdxFolder(fashionMnistDir);
    }

    public DataSplit resolve(String spec, Request request) throws DataException {
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals(FASHION_SUBSET)) {
            ShippedData.TrainTest tt = ShippedData.fashionMnistSubset();
            return Splits.split(tt.train(), request.validationFraction(), request.seed(), tt.test());
        }
        if (lower.equals(FASHION)) {
            if (!fullFashionMnistAvailable()) {
                throw new DataException("The full Fashion-MNIST is not in " + fashionMnistDir + ". Install it with"
                        + " 'apt-get install dataset-fashion-mnist', pass the folder holding its four IDX files,"
                        + " or use '" + FASHION_SUBSET + "' (12,000 images shipped with LayerLoom).");
            }
            return idx(fashionMnistDir, request);
        }
        if (lower.equals(DIGITS)) {
            return holdOutTest(ShippedData.digits(), request);
        }
        if (lower.equals(IRIS)) {
            return Splits.standardise(holdOutTest(ShippedData.iris(), request));
        }
        if (lower.equals(SYNTHETIC) || lower.startsWith(SYNTHETIC + ":")) {
            return synthetic(s, request);
        }
        Path path = Path.of(s);
        if (looksLikePath(s) || Files.exists(path)) {
            return path(path, request);
        }
        throw new DataException("Unknown data '" + s + "'." + Suggest.didYouMean(s, NAMES) + " Use one of "
                + String.join(", ", NAMES) + ", or a path to a .csv file, an image folder (one sub-folder per class),"
                + " a folder with MNIST-style IDX files, or CIFAR-10's binary batches (data_batch_1.bin ...).");
    }

    /**
     * What {@code spec} is, without loading it: the shipped sets by name, an IDX folder from its
     * training images' header, an image folder from its class folders, a synthetic spec as written.
     * a CSV file from one pass over its header and label column ({@link CsvHeader}: no number
     * parsed, nothing kept but the distinct labels). Empty when only loading tells (an unknown
     * name, a CSV file that is not as expected); {@link #resolve} then says what is wrong.
     */
    public java.util.Optional<DataHeader> header(String spec, Request request) throws DataException {
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals(FASHION_SUBSET)) {
            return java.util.Optional.of(new DataHeader("Fashion-MNIST", List.of(1L, 28L, 28L), ShippedData.FASHION_CLASSES.size()));
        }
        if (lower.equals(FASHION)) {
            return fullFashionMnistAvailable() ? java.util.Optional.of(ShippedData.idxHeader(fashionMnistDir)) : java.util.Optional.empty();
        }
        if (lower.equals(DIGITS)) {
            return java.util.Optional.of(new DataHeader("Digits", List.of(1L, 8L, 8L), ShippedData.DIGIT_CLASSES.size()));
        }
        if (lower.equals(IRIS)) {
            return java.util.Optional.of(new DataHeader("Iris", List.of(4L), 3));
        }
        if (lower.equals(SYNTHETIC) || lower.startsWith(SYNTHETIC + ":")) {
            Synthetic parsed = Synthetic.parse(s, request);
            return java.util.Optional.of(new DataHeader("Synthetic", parsed.shape(), parsed.classes()));
        }
        Path path = Path.of(s);
        if (Files.isDirectory(path)) {
            if (ShippedData.isIdxFolder(path)) {
                return java.util.Optional.of(ShippedData.idxHeader(path));
            }
            if (CifarReader.isCifarFolder(path)) {
                return java.util.Optional.of(CifarReader.header(path));
            }
            return java.util.Optional.of(new DataHeader(path.getFileName() == null ? path.toString() : path.getFileName().toString(),
                    request.imageShape(), ImageFolderReader.classNames(path).size()));
        }
        if (Files.isRegularFile(path) && lower.endsWith(".csv")) {
            return CsvHeader.read(path, request.csv());
        }
        return java.util.Optional.empty();
    }

    private DataSplit path(Path path, Request request) throws DataException {
        if (!Files.exists(path)) {
            throw new DataException(path + ": no such file or folder");
        }
        if (Files.isDirectory(path)) {
            if (ShippedData.isIdxFolder(path)) {
                return idx(path, request);
            }
            if (CifarReader.isCifarFolder(path)) {
                ShippedData.TrainTest tt = CifarReader.read(path);
                return Splits.split(tt.train(), request.validationFraction(), request.seed(), tt.test());
            }
            LoadedData data = ImageFolderReader.read(path, request.imageShape(), request.fit());
            return Splits.split(data, request.validationFraction(), request.seed(), null);
        }
        if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            if (!Files.isRegularFile(path)) { // a FIFO nobody writes to would block for ever; one that does is read once
                throw new DataException(path + ": not a regular file but a named pipe or a device; the data is read more"
                        + " than once (its header, then the values), so save it to a .csv file and give that");
            }
            LoadedData data = CsvReader.read(path, request.csv()).data();
            return Splits.standardise(Splits.split(data, request.validationFraction(), request.seed(), null));
        }
        throw new DataException(path + ": not a .csv file or a folder; give a CSV file, an image folder (one sub-folder"
                + " per class) or a folder with IDX files");
    }

    private static DataSplit idx(Path dir, Request request) throws DataException {
        ShippedData.TrainTest tt = ShippedData.idxFolder(dir, IdxReader.ALL);
        return Splits.split(tt.train(), request.validationFraction(), request.seed(), tt.test());
    }

    private static DataSplit holdOutTest(LoadedData data, Request request) {
        LoadedData[] parts = Splits.holdOut(data, request.testFraction(), request.seed());
        return Splits.split(parts[0], request.validationFraction(), request.seed() + 1, parts[1]);
    }

    /** "synthetic", "synthetic:3x32x32" or "synthetic:3x32x32:4" (4 classes). */
    private static DataSplit synthetic(String spec, Request request) throws DataException {
        Synthetic parsed = Synthetic.parse(spec, request);
        LoadedData train = SyntheticImages.generate(request.syntheticCount(), parsed.shape(), parsed.classes(), request.seed());
        LoadedData test = SyntheticImages.generate(Math.max(parsed.classes(), request.syntheticCount() / 5), parsed.shape(),
                parsed.classes(), request.seed() + 1);
        return Splits.split(train, request.validationFraction(), request.seed(), test);
    }

    /** A synthetic spec's image shape and classes (the request's where the spec leaves them out). */
    private record Synthetic(List<Long> shape, int classes) {
        static Synthetic parse(String spec, Request request) throws DataException {
            String[] parts = spec.split(":");
            List<Long> shape = request.imageShape();
            int classes = request.syntheticClasses();
            try {
                if (parts.length > 1) {
                    List<Long> parsed = new ArrayList<>();
                    for (String d : parts[1].toLowerCase(Locale.ROOT).split("x")) {
                        parsed.add(Long.parseLong(d.trim()));
                    }
                    shape = parsed;
                }
                if (parts.length > 2) {
                    classes = Integer.parseInt(parts[2].trim());
                }
            } catch (NumberFormatException e) {
                throw new DataException("'" + spec + "': expected synthetic:CxHxW or synthetic:CxHxW:CLASSES, e.g. synthetic:1x28x28:10");
            }
            if (parts.length > 3 || shape.size() != 3 || shape.stream().anyMatch(d -> d < 1) || classes < 2) {
                throw new DataException("'" + spec + "': expected synthetic:CxHxW or synthetic:CxHxW:CLASSES with positive sizes"
                        + " and at least 2 classes, e.g. synthetic:1x28x28:10");
            }
            return new Synthetic(List.copyOf(shape), classes);
        }
    }

    private static boolean looksLikePath(String s) {
        return s.contains("/") || s.contains("\\") || s.toLowerCase(Locale.ROOT).endsWith(".csv") || s.startsWith(".")
                || s.startsWith("~");
    }
}
