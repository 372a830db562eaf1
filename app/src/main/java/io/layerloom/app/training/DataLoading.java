package io.layerloom.app.training;

import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataPreparer;
import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.DataTransform;
import io.layerloom.app.data.ShippedData;
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
        Path folder = Path.of(spec.trim());
        if (inputShape.size() == 3 && !DataSources.NAMES.contains(spec.trim().toLowerCase(java.util.Locale.ROOT))
                && Files.isDirectory(folder) && !ShippedData.isIdxFolder(folder)
                && !io.layerloom.app.data.CifarReader.isCifarFolder(folder)
                && StreamingImageFolder.tooLargeForMemory(StreamingImageFolder.count(folder), inputShape, memoryLimit)) {
            return streamed(folder, request, inputShape, preparation, batch);
        }
        DataPreparer.Prepared prepared = DataPreparer.prepare(sources.resolve(spec, request.withFit(preparation.fit())), inputShape,
                preparation);
        return new Loaded(TrainingService.Data.of(prepared.split(), batch, request.seed(), inputShape), prepared.transform(),
                Optional.of(prepared.split()), 0, Counts.of(prepared.split()));
    }

    private static Loaded streamed(Path folder, DataSources.Request request, List<Long> shape, DataPreparation p, int batch)
            throws DataException {
        DataPreparer.checkGiven(p, DataPreparer.channels(shape));
        StreamingImageFolder.Split split = StreamingImageFolder.list(folder, request.validationFraction(), request.seed());
        List<List<Double>> stats = p.normalization().mode() == DataPreparation.Normalization.Mode.AUTO
                ? StreamingImageFolder.stats(split.train(), shape, p.fit(), request.seed()) : List.of(List.of(), List.of());
        DataTransform t = DataTransform.of(p, stats);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        StreamingIterator train = new StreamingIterator(split.train(), split.classNames(), batch, request.seed(), true, shape, t,
                PREFETCH, threads);
        StreamingIterator validation = split.validation().count() == 0 ? null : new StreamingIterator(split.validation(),
                split.classNames(), batch, request.seed(), false, shape, t, PREFETCH, threads);
        return new Loaded(new TrainingService.Data(train, validation, null, split.classNames()), t, Optional.empty(),
                split.train().count() + split.validation().count(),
                new Counts(split.train().count(), split.validation().count(), 0));
    }
}
