package io.layerloom.app.data.augment;

import io.layerloom.app.data.Dl4jData;
import io.layerloom.model.training.AugmentStep;
import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Wraps any training iterator of images [N, C, H, W] (values in [0, 1], after they are fitted to
 * the Input's shape, before normalisation) and augments its batches ahead of the training loop:
 * one thread reads the source in order, {@code workers} threads augment, and at most
 * {@code ahead} batches wait, read or augmented, so memory stays bounded. A pre-processor set
 * on this iterator (a normaliser) runs after the augmentation, on the worker.
 *
 * <p>Batch b of epoch e (e counts {@link #reset()} calls) is augmented with the generators of
 * {@link Augmenter#random}: the same as {@link Augmenter#applyToBatch} done one batch at a time.
 * Threads are daemons that end two seconds after the last batch, so a stopped run leaves none.
 */
public final class AugmentingIterator implements DataSetIterator, Dl4jData.Sized {

    private static final long serialVersionUID = 1L;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final transient DataSetIterator source;
    private final transient Augmenter augmenter;
    private final long seed;
    private final int ahead;
    private final transient ThreadPoolExecutor reader;
    private final transient ThreadPoolExecutor workers;
    private final transient ArrayDeque<Pending> window = new ArrayDeque<>();
    private transient DataSetPreProcessor preProcessor;
    private long epoch;
    private long submitted;
    private boolean sourceEnded;

    private record Pending(CompletableFuture<Optional<DataSet>> read, CompletableFuture<Optional<DataSet>> done) {
    }

    /**
     * @param imageShape [channels, height, width] of each example
     * @param workers    augmenting threads (1 on a 2-core machine leaves a core to training)
     * @param ahead      batches prepared ahead of the loop, at least 1
     */
    public AugmentingIterator(DataSetIterator source, List<AugmentStep> steps, List<Long> imageShape, long seed, int workers,
                              int ahead) {
        if (workers < 1 || ahead < 1) {
            throw new IllegalArgumentException("workers and ahead must be at least 1: " + workers + ", " + ahead);
        }
        this.source = source;
        this.augmenter = new Augmenter(steps, imageShape);
        this.seed = seed;
        this.ahead = ahead;
        int pool = POOLS.incrementAndGet();
        this.reader = daemons(1, "layerloom-augment-read-" + pool);
        this.workers = daemons(workers, "layerloom-augment-" + pool);
    }

    /** With one worker per spare core (at least one) and twice as many batches ahead. */
    public static AugmentingIterator of(DataSetIterator source, List<AugmentStep> steps, List<Long> imageShape, long seed) {
        int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() - 1));
        return new AugmentingIterator(source, steps, imageShape, seed, workers, 2 * workers + 1);
    }

    private static ThreadPoolExecutor daemons(int threads, String name) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor e = new ThreadPoolExecutor(threads, threads, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    private void fill() {
        while (window.size() < ahead && !sourceEnded) {
            long batchIndex = submitted++;
            long epochNow = epoch;
            CompletableFuture<Optional<DataSet>> read = CompletableFuture.supplyAsync(
                    () -> source.hasNext() ? Optional.of(source.next()) : Optional.<DataSet>empty(), reader);
            CompletableFuture<Optional<DataSet>> done = read.thenApplyAsync(
                    ds -> ds.map(d -> augment(d, epochNow, batchIndex)), workers);
            window.add(new Pending(read, done));
            // a read that is already known empty ends the epoch; later ones would be empty too
            if (read.isDone() && read.join().isEmpty()) {
                sourceEnded = true;
            }
        }
    }

    private DataSet augment(DataSet ds, long epochNow, long batchIndex) {
        INDArray features = ds.getFeatures();
        long[] shape = features.shape();
        int count = (int) shape[0];
        if (features.length() != (long) count * augmenter.imageSize()) {
            throw new IllegalArgumentException("augmentation expected images of " + augmenter.imageSize() + " values, got a batch"
                    + " shaped " + java.util.Arrays.toString(shape));
        }
        float[] values = features.castTo(DataType.FLOAT).dup('c').data().asFloat();
        augmenter.applyToBatch(values, count, seed, epochNow, batchIndex);
        DataSet out = new DataSet(Nd4j.create(values, shape, 'c'), ds.getLabels(), ds.getFeaturesMaskArray(),
                ds.getLabelsMaskArray());
        if (preProcessor != null) {
            preProcessor.preProcess(out);
        }
        return out;
    }

    @Override
    public boolean hasNext() {
        fill();
        Pending head = window.peek();
        if (head == null) {
            return false;
        }
        if (join(head.read()).isEmpty()) {
            sourceEnded = true;
            return false;
        }
        return true;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch finished; call reset()");
        }
        Pending head = window.poll();
        fill();
        return join(head.done()).orElseThrow();
    }

    @Override
    public DataSet next(int num) {
        return next();
    }

    /** Waits for the reads under way (the source is read by one thread at a time), then starts the next epoch. */
    @Override
    public void reset() {
        drain();
        source.reset();
        epoch++;
    }

    private void drain() {
        for (Pending p : window) {
            p.done().cancel(false);
            try {
                p.read().join();
            } catch (CompletionException | java.util.concurrent.CancellationException ignored) {
                // the batch is dropped with its error; the next epoch reads afresh
            }
        }
        window.clear();
        submitted = 0;
        sourceEnded = false;
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public int batchesPerEpoch() {
        if (source instanceof Dl4jData.Sized sized) {
            return sized.batchesPerEpoch();
        }
        // counted on the source itself, unaugmented; the epoch starts again from its first batch
        drain();
        source.reset();
        int n = 0;
        while (source.hasNext()) {
            source.next();
            n++;
        }
        source.reset();
        return n;
    }

    @Override
    public int inputColumns() {
        return source.inputColumns();
    }

    @Override
    public int totalOutcomes() {
        return source.totalOutcomes();
    }

    @Override
    public boolean resetSupported() {
        return source.resetSupported();
    }

    /** It prefetches already: DL4J need not wrap it in another asynchronous iterator. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int batch() {
        return source.batch();
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
        return source.getLabels();
    }
}
