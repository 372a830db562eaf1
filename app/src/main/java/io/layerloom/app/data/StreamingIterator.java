package io.layerloom.app.data;

import io.layerloom.model.training.DataPreparation.Fit;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mini-batches decoded from image files on worker threads, at most {@code prefetch} batches ahead
 * of the consumer (decoding or decoded): memory holds the file list and those batches, whatever
 * the folder's size. Order and shuffling are as {@link Dl4jData}'s (a new seeded order each epoch).
 * Each image is fitted to the Input's shape and normalised by the run's {@link DataTransform}.
 */
public final class StreamingIterator implements DataSetIterator, Dl4jData.Sized {

    private static final long serialVersionUID = 1L;

    private final transient StreamingImageFolder.Files files;
    private final List<String> classNames;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final List<Long> shape;
    private final transient Optional<Fit> fit;
    private final transient DataTransform transform;
    private final int prefetch;
    private final transient ThreadPoolExecutor workers;
    private final transient ArrayDeque<Future<float[]>> ahead = new ArrayDeque<>();
    private final transient AtomicInteger decoded = new AtomicInteger();
    private int[] order;
    private int submitted;
    private int position;
    private int epoch;
    private int peakAhead;
    private transient DataSetPreProcessor preProcessor;

    /**
     * @param prefetch batches decoded ahead at most (at least 1)
     * @param threads  decoding threads (daemon; they end when idle)
     */
    public StreamingIterator(StreamingImageFolder.Files files, List<String> classNames, int batchSize, long seed, boolean shuffle,
                             List<Long> shape, DataTransform transform, int prefetch, int threads) {
        if (batchSize < 1 || prefetch < 1 || threads < 1) {
            throw new IllegalArgumentException("batch, prefetch and threads must be at least 1: " + batchSize + ", " + prefetch
                    + ", " + threads);
        }
        this.files = files;
        this.classNames = List.copyOf(classNames);
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.shape = List.copyOf(shape);
        this.fit = transform.fit();
        this.transform = transform;
        this.prefetch = prefetch;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "layerloom-decode-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        workers.allowCoreThreadTimeOut(true);
        reset();
    }

    /** The largest number of batches that were decoding or decoded ahead of the consumer at once (at most prefetch). */
    public int peakAhead() {
        return peakAhead;
    }

    /** Images decoded since creation. */
    public int decodedImages() {
        return decoded.get();
    }

    @Override
    public void reset() {
        for (Future<float[]> f : ahead) {
            f.cancel(false);
        }
        ahead.clear();
        order = new int[files.count()];
        Arrays.setAll(order, i -> i);
        if (shuffle) {
            Splits.shuffle(order, new SplittableRandom(seed + 1_000_003L * epoch));
        }
        epoch++;
        position = 0;
        submitted = 0;
    }

    @Override
    public boolean hasNext() {
        return position < order.length;
    }

    @Override
    public int batchesPerEpoch() {
        return (files.count() + batchSize - 1) / batchSize;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch finished; call reset()");
        }
        fill();
        int[] indices = Arrays.copyOfRange(order, position, Math.min(order.length, position + batchSize));
        float[] features;
        try {
            features = ahead.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for images", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
        position += indices.length;
        fill();
        DataSet ds = dataSet(features, indices);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** Keeps {@code prefetch} batches submitted ahead of the consumer (fewer at the epoch's end). */
    private void fill() {
        while (ahead.size() < prefetch && submitted < order.length) {
            int[] indices = Arrays.copyOfRange(order, submitted, Math.min(order.length, submitted + batchSize));
            submitted += indices.length;
            ahead.addLast(workers.submit(() -> decode(indices)));
        }
        peakAhead = Math.max(peakAhead, ahead.size());
    }

    private float[] decode(int[] indices) throws DataException {
        int size = Math.toIntExact(shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact));
        float[] out = new float[indices.length * size];
        int channels = DataPreparer.channels(shape);
        for (int i = 0; i < indices.length; i++) {
            float[] image = ImageFolderReader.image(files.paths().get(indices[i]), shape, fit);
            transform.normalize(image, channels);
            System.arraycopy(image, 0, out, i * size, size);
            decoded.incrementAndGet();
        }
        return out;
    }

    private DataSet dataSet(float[] features, int[] indices) {
        long[] dims = new long[shape.size() + 1];
        dims[0] = indices.length;
        for (int i = 0; i < shape.size(); i++) {
            dims[i + 1] = shape.get(i);
        }
        float[] labels = new float[indices.length * classNames.size()];
        for (int i = 0; i < indices.length; i++) {
            labels[i * classNames.size() + files.labels()[indices[i]]] = 1f;
        }
        return new DataSet(Nd4j.create(features, dims, 'c'),
                Nd4j.create(labels, new long[] {indices.length, classNames.size()}, 'c'));
    }

    @Override
    public int inputColumns() {
        return Math.toIntExact(shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact));
    }

    @Override
    public int totalOutcomes() {
        return classNames.size();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** It prefetches itself: DL4J must not wrap it in another prefetching iterator. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return classNames;
    }
}
