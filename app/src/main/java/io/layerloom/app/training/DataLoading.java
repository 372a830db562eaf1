package io.layerloom.app.training;

import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataPreparer;
import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.DataTransform;
import io.layerloom.app.data.ShippedData;
import io.layerloom.app.data.StreamedFolder;
import io.layerloom.app.data.StreamingImageFolder;
import io.layerloom.app.data.StreamingIterator;
import io.layerloom.model.training.DataPreparation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@code --data} spec into what a run trains on, prepared as the training object says:
 * in memory ({@link DataSources}, {@link DataPreparer}) or, for an image folder whose decoded
 * images would not fit in {@code memoryLimit} bytes, streamed from disk ({@link StreamingIterator}).
 */
public final class DataLoading {

    /** Batches decoded ahead of training when streaming: enough to hide a slow file, few enough to stay small. */
    public static final int PREFETCH = 4;

    /**
     * What to train on: {@code split} is the data in memory (empty when streamed, then
     * {@code streamedImages} counts the folder's images), {@code transform} what was done to it.
     */
    public record Loaded(TrainingService.Data data, DataTransform transform, Optional<DataSplit> split, long streamedImages,
                         Counts counts) {
    }

    /** How many examples each part holds (test 0 when there is none). */
    public record Counts(int train, int validation, int test) {
        static Counts of(DataSplit s) {
            return new Counts(s.train().count(), s.validation().count(), s.test().map(io.layerloom.app.data.LoadedData::count).orElse(0));
        }
    }

    private DataLoading() {
    }

    /** Half the heap at most for decoded data: the network, its updater and the batches need the rest. */
    public static long memoryLimit() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    public static Loaded load(DataSources sources, String spec, DataSources.Request request, List<Long> inputShape,
                              DataPreparation preparation, int batch, long memoryLimit) throws DataException {
        if (streams(spec, inputShape, memoryLimit)) {
            return streamed(Path.of(spec.trim()), request, inputShape, preparation, batch);
        }
        DataPreparer.Prepared prepared = DataPreparer.prepare(sources.resolve(spec, request.withFit(preparation.fit())), inputShape,
                preparation);
        return new Loaded(TrainingService.Data.of(prepared.split(), batch, request.seed(), inputShape), prepared.transform(),
                Optional.of(prepared.split()), 0, Counts.of(prepared.split()));
    }

    private static Loaded streamed(Path folder, DataSources.Request request, List<Long> shape, DataPreparation p, int batch)
            throws DataException {
        StreamedFolder s = StreamedFolder.scan(folder, shape, p, request.validationFraction(), request.seed(), progress -> { });
        return new Loaded(feed(s, batch, request.seed()), s.transform(), Optional.empty(), s.trainCount() + s.validationCount(),
                new Counts(s.trainCount(), s.validationCount(), 0));
    }

    /**
     * Whether {@code spec} is an image folder (not IDX, not CIFAR-10 binary) whose images, decoded
     * at {@code inputShape}, would take more than {@code memoryLimit} bytes: then it is streamed.
     */
    public static boolean streams(String spec, List<Long> inputShape, long memoryLimit) throws DataException {
        Path folder = Path.of(spec.trim());
        return inputShape.size() == 3 && !DataSources.NAMES.contains(spec.trim().toLowerCase(java.util.Locale.ROOT))
                && Files.isDirectory(folder) && !ShippedData.isIdxFolder(folder)
                && !io.layerloom.app.data.CifarReader.isCifarFolder(folder)
                && StreamingImageFolder.tooLargeForMemory(StreamingImageFolder.count(folder), inputShape, memoryLimit);
    }

    /** Mini-batches of a streamed folder, decoded on worker threads at most {@link #PREFETCH} batches ahead. */
    public static TrainingService.Data feed(StreamedFolder s, int batch, long seed) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        StreamingImageFolder.Split split = s.files();
        StreamingIterator train = new StreamingIterator(split.train(), split.classNames(), batch, seed, true, s.shape(),
                s.transform(), PREFETCH, threads);
        StreamingIterator validation = split.validation().count() == 0 ? null : new StreamingIterator(split.validation(),
                split.classNames(), batch, seed, false, s.shape(), s.transform(), PREFETCH, threads);
        return new TrainingService.Data(train, validation, null, split.classNames());
    }
}
