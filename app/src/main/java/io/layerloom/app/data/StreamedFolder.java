package io.layerloom.app.data;

import io.layerloom.model.training.DataPreparation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An image folder trained from disk ({@link StreamingIterator}) because its decoded images would
 * not fit in memory: the file lists split into training and validation, the Input's shape, and
 * the fit and normalisation training applies ({@code auto}'s statistics from a seeded sample).
 * {@link #sample} decodes a few images as training sees them, for what shows images (the data
 * preview, the augmentation preview, the predictions after a run); nothing else is decoded ahead.
 */
public record StreamedFolder(String name, StreamingImageFolder.Split files, List<Long> shape, DataTransform transform) {

    /** Images decoded for previews, from each part. */
    public static final int SAMPLE = 32;

    public StreamedFolder {
        shape = List.copyOf(shape);
    }

    /**
     * Lists {@code folder}'s images and works out the normalisation, telling {@code progress} how
     * far it got ("Listing images: 40,000 so far"); blocking, called off the UI thread.
     */
    public static StreamedFolder scan(Path folder, List<Long> shape, DataPreparation p, double validationFraction, long seed,
                                      Consumer<String> progress) throws DataException {
        DataPreparer.checkGiven(p, DataPreparer.channels(shape));
        StreamingImageFolder.Split split = StreamingImageFolder.list(folder, validationFraction, seed,
                n -> progress.accept(String.format(Locale.ROOT, "Listing %s: %,d images so far\u2026", name(folder), n)));
        List<List<Double>> stats = List.of(List.of(), List.of());
        if (p.normalization().mode() == DataPreparation.Normalization.Mode.AUTO) {
            int of = Math.min(StreamingImageFolder.STATS_SAMPLE, split.train().count());
            stats = StreamingImageFolder.stats(split.train(), shape, p.fit(), seed, n -> progress.accept(String.format(Locale.ROOT,
                    "Normalisation of %s: %,d of %,d sample images decoded\u2026", name(folder), n, of)));
        }
        return new StreamedFolder(name(folder), split, shape, DataTransform.of(p, stats));
    }

    public int trainCount() {
        return files.train().count();
    }

    public int validationCount() {
        return files.validation().count();
    }

    /**
     * Up to {@link #SAMPLE} images of each part (one of each class first), decoded, fitted and
     * normalised as training feeds them; no test part (a streamed folder has none).
     */
    public DataSplit sample() throws DataException {
        return new DataSplit(decode(files.train()), decode(files.validation()), Optional.empty());
    }

    private LoadedData decode(StreamingImageFolder.Files part) throws DataException {
        List<Integer> chosen = new ArrayList<>();
        boolean[] seen = new boolean[files.classNames().size()];
        for (int i = 0; i < part.count() && chosen.size() < SAMPLE; i++) {
            if (!seen[part.labels()[i]]) {
                seen[part.labels()[i]] = true;
                chosen.add(i);
            }
        }
        // then evenly through the rest (the files are in class order)
        for (int k = 0; k < part.count() && chosen.size() < Math.min(SAMPLE, part.count()); k++) {
            int i = (int) ((long) k * part.count() / Math.min(SAMPLE, part.count()));
            if (!chosen.contains(i)) {
                chosen.add(i);
            }
        }
        int size = Math.toIntExact(shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact));
        float[] features = new float[chosen.size() * size];
        int[] labels = new int[chosen.size()];
        for (int j = 0; j < chosen.size(); j++) {
            int i = chosen.get(j);
            System.arraycopy(ImageFolderReader.image(part.paths().get(i), shape, transform.fit()), 0, features, j * size, size);
            labels[j] = part.labels()[i];
        }
        LoadedData fitted = new LoadedData(name, shape, files.classNames(), features, labels);
        return new DataTransform(Optional.empty(), transform.mean(), transform.std()).apply(fitted, shape);
    }

    private static String name(Path folder) {
        return folder.getFileName() == null ? folder.toString() : folder.getFileName().toString();
    }
}
