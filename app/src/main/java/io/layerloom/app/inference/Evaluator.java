package io.layerloom.app.inference;

import io.layerloom.app.data.LoadedData;
import io.layerloom.app.training.InputBatch;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.app.training.TrainingService;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code layerloom evaluate}'s pass over a test set: the same figures as {@code
 * TrainingService.evaluate} (DL4J's {@link Evaluation}: accuracy, confusion matrix, precision,
 * recall and F1 by DL4J's own definitions), with less work per batch. The examples go in their
 * stored order (the figures are counts, so order does not change them) through one reused input
 * array ({@link InputBatch}), and each output row's class is taken in Java and handed to {@code
 * Evaluation.eval(predicted, actual)}, instead of a one-hot label array per batch and DL4J's
 * array-based bookkeeping (an argmax operation, then the counts moved to Java). Outputs that are
 * not one score per class (a single column, another count than the classes, more than two axes) take
 * DL4J's own path, which also refuses what does not fit as before.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /**
     * Evaluates {@code net} (set up for inference) on {@code data}, {@code batch} examples at a
     * time, fed as {@code exampleShape}; {@code timer} hears of each batch.
     */
    public static TrainingEvent.Evaluated evaluate(ComputationGraph net, LoadedData data, int batch, List<Long> exampleShape,
                                                   String set, BatchTimer timer) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be at least 1: " + batch);
        }
        InputBatch input = new InputBatch(exampleShape);
        if (input.exampleSize() != data.exampleSize()) {
            throw new IllegalArgumentException("cannot feed " + data.exampleShape() + " examples as " + exampleShape);
        }
        int k = data.numClasses();
        Evaluation eval = new Evaluation(k);
        int[] labels = data.labels();
        for (int first = 0; first < data.count(); first += batch) {
            int n = Math.min(batch, data.count() - first);
            INDArray out = net.outputSingle(false, input.of(data.features(), first, n));
            if (out.rank() == 2 && out.size(1) == k && k > 1) {
                float[] scores = out.castTo(DataType.FLOAT).dup('c').data().asFloat();
                int columns = (int) out.size(1);
                for (int i = 0; i < n; i++) {
                    eval.eval(argMax(scores, i * columns, columns), labels[first + i]);
                }
            } else {
                eval.eval(oneHot(labels, first, n, k), out);
            }
            timer.batchDone(n);
        }
        return TrainingService.evaluated(set, eval, data.classNames());
    }

    /** The index of the largest of {@code length} values from {@code offset}; ties to the lower index, compared
     * with {@code >} as ND4J's argmax compares. */
    static int argMax(float[] values, int offset, int length) {
        int best = 0;
        float max = values[offset];
        for (int j = 1; j < length; j++) {
            if (values[offset + j] > max) {
                max = values[offset + j];
                best = j;
            }
        }
        return best;
    }

    private static INDArray oneHot(int[] labels, int first, int n, int classes) {
        float[] l = new float[n * classes];
        for (int i = 0; i < n; i++) {
            l[i * classes + labels[first + i]] = 1f;
        }
        return Nd4j.create(l, new long[] {n, classes}, 'c');
    }
}
