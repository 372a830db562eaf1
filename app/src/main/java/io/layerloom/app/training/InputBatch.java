package io.layerloom.app.training;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network's input for one batch after another, in one native array per batch size that each
 * batch's values are copied into, instead of a new array per batch: a new array costs its
 * allocation and first touch in native memory and its release by the garbage collector, about a
 * fifth of a LeNet-5 forward pass at batch 256 (docs/benchmarks.md, "Inference against PyTorch").
 * The array a call returns is valid until the next call; the network's output (detached from its
 * workspaces by {@code output}) does not refer to it. Not thread-safe.
 */
public final class InputBatch {

    private final long[] exampleShape;
    private final int exampleSize;
    private INDArray full;
    private INDArray last;

    /** @param exampleShape one example's shape, as the graph's Input produces it */
    public InputBatch(List<Long> exampleShape) {
        this.exampleShape = exampleShape.stream().mapToLong(Long::longValue).toArray();
        long size = 1;
        for (long d : this.exampleShape) {
            size = Math.multiplyExact(size, d);
        }
        this.exampleSize = Math.toIntExact(size);
    }

    /** Values per example. */
    public int exampleSize() {
        return exampleSize;
    }

    /**
     * The {@code count} examples that start at example {@code first} of {@code values} (examples one
     * after another in C order) as a float array [count, example shape...].
     */
    public INDArray of(float[] values, int first, int count) {
        INDArray x = array(count);
        x.data().asNioFloat().put(values, Math.multiplyExact(first, exampleSize), Math.multiplyExact(count, exampleSize));
        return x;
    }

    /** The array for {@code count} examples: the one kept for that size, else a new one kept instead. */
    private INDArray array(int count) {
        if (full != null && full.size(0) == count) {
            return full;
        }
        if (last != null && last.size(0) == count) {
            return last;
        }
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = count;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        INDArray x = Nd4j.create(DataType.FLOAT, shape, 'c');
        // the first size asked for is the batch size; any other is the last, shorter batch
        if (full == null) {
            full = x;
        } else {
            last = x;
        }
        return x;
    }
}
