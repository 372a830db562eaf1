package io.layerloom.app.data;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/** Feeds a {@link LoadedData} to DL4J: features [batch, c, h, w] or [batch, n], labels one-hot [batch, classes]. */
public final class Dl4jData {

    private Dl4jData() {
    }

    /** Mini-batches in a new seeded order every epoch ({@code reset()}); the same seed gives the same orders. */
    public static DataSetIterator shuffled(LoadedData data, int batchSize, long seed) {
        return new Iterator(data, batchSize, seed, true, data.exampleShape());
    }

    /** Mini-batches in the data's order, for evaluation. */
    public static DataSetIterator inOrder(LoadedData data, int batchSize) {
        return new Iterator(data, batchSize, 0, false, data.exampleShape());
    }

    /** Mini-batches with each example reshaped to {@code exampleShape} (e.g. [784] for a flat Input). */
    public static DataSetIterator shuffled(LoadedData data, int batchSize, long seed, List<Long> exampleShape) {
        return new Iterator(data, batchSize, seed, true, exampleShape);
    }

    /** The examples at {@code indices} as one DataSet. */
    public static DataSet batch(LoadedData data, int[] indices, List<Long> exampleShape) {
        int size = Math.toIntExact(data.exampleSize());
        float[] f = new float[indices.length * size];
        float[] l = new float[indices.length * data.numClasses()];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(data.features(), indices[i] * size, f, i * size, size);
            l[i * data.numClasses() + data.labels()[indices[i]]] = 1f;
        }
        long[] shape = new long[exampleShape.size() + 1];
        shape[0] = indices.length;
        for (int i = 0; i < exampleShape.size(); i++) {
            shape[i + 1] = exampleShape.get(i);
        }
        INDArray features = Nd4j.create(f, shape, 'c');
        INDArray labels = Nd4j.create(l, new long[] {indices.length, data.numClasses()}, 'c');
        return new DataSet(features, labels);
    }

    /** An iterator that knows how many batches an epoch has without preparing them. */
    public interface Sized {
        int batchesPerEpoch();
    }

    private static final class Iterator implements DataSetIterator, Sized {

        private static final long serialVersionUID = 1L;

        private final transient LoadedData data;
        private final int batchSize;
        private final long seed;
        private final boolean shuffle;
        private final List<Long> exampleShape;
        private int[] order;
        private int position;
        private int epoch;
        private transient DataSetPreProcessor preProcessor;

        Iterator(LoadedData data, int batchSize, long seed, boolean shuffle, List<Long> exampleShape) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
            }
            long size = exampleShape.stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
            if (size != data.exampleSize()) {
                throw new IllegalArgumentException("cannot feed " + data.exampleShape() + " examples as " + exampleShape);
            }
            this.data = data;
            this.batchSize = batchSize;
            this.seed = seed;
            this.shuffle = shuffle;
            this.exampleShape = List.copyOf(exampleShape);
            reset();
        }

        @Override
        public void reset() {
            order = new int[data.count()];
            Arrays.setAll(order, i -> i);
            if (shuffle) {
                Splits.shuffle(order, new SplittableRandom(seed + 1_000_003L * epoch));
            }
            epoch++;
            position = 0;
        }

        @Override
        public boolean hasNext() {
            return position < order.length;
        }

        @Override
        public int batchesPerEpoch() {
            return (data.count() + batchSize - 1) / batchSize;
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
            int n = Math.min(num, order.length - position);
            DataSet ds = Dl4jData.batch(data, Arrays.copyOfRange(order, position, position + n), exampleShape);
            position += n;
            if (preProcessor != null) {
                preProcessor.preProcess(ds);
            }
            return ds;
        }

        @Override
        public int inputColumns() {
            return Math.toIntExact(data.exampleSize());
        }

        @Override
        public int totalOutcomes() {
            return data.numClasses();
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return true;
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
            return data.classNames();
        }
    }
}
