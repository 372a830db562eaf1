package io.layerloom.app.runtime;

import java.util.List;
import java.util.function.IntFunction;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/** Assertions that two networks compute the same thing: arrays, loss, gradients, training steps. */
final class SameTraining {

    private SameTraining() {
    }

    /**
     * Equal shapes, and values within {@code relative} of the expected array's largest value
     * (at least 0.01: float rounding in gradients that are nearly zero everywhere is not a difference).
     */
    static void assertClose(INDArray expected, INDArray actual, double relative, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double scale = Math.max(1e-2, expected.amaxNumber().doubleValue());
        INDArray same = actual.dataType() == expected.dataType() ? actual : actual.castTo(expected.dataType());
        double diff = expected.sub(same).amaxNumber().doubleValue();
        assertTrue(diff <= relative * scale, what + ": differs by " + diff + " (largest value " + scale + ")");
    }

    /** The arrays in the network's data type (an oracle may compute in double). */
    private static INDArray[] cast(INDArray[] arrays, ComputationGraph net) {
        DataType type = net.params().dataType();
        return java.util.Arrays.stream(arrays).map(a -> a.dataType() == type ? a : a.castTo(type)).toArray(INDArray[]::new);
    }

    /**
     * The same loss and gradients on {@code data}, then the same parameters after {@code steps}
     * training steps on {@code batches.apply(0..steps-1)}.
     */
    static void assertSameTraining(ComputationGraph expected, ComputationGraph actual, DataSet data,
                                   IntFunction<DataSet> batches, int steps, double relative) {
        assertSameTraining(expected, actual, new INDArray[]{data.getFeatures()}, new INDArray[]{data.getLabels()},
                step -> {
                    DataSet next = batches.apply(step);
                    return new INDArray[][]{{next.getFeatures()}, {next.getLabels()}};
                }, steps, relative);
    }

    /**
     * As above for networks with several inputs or outputs. Dropout draws from ND4J's random
     * generator, which is reseeded before each network's pass so both draw the same masks.
     */
    static void assertSameTraining(ComputationGraph expected, ComputationGraph actual, INDArray[] inputs,
                                   INDArray[] labels, IntFunction<INDArray[][]> batches, int steps, double relative) {
        for (ComputationGraph net : List.of(expected, actual)) {
            Nd4j.getRandom().setSeed(12345);
            net.setInputs(cast(inputs, net));
            net.setLabels(cast(labels, net));
            net.computeGradientAndScore();
        }
        assertEquals(expected.score(), actual.score(), 1e-6 * Math.abs(expected.score()), "loss");
        Gradient a = expected.gradient();
        Gradient b = actual.gradient();
        assertEquals(a.gradientForVariable().keySet(), b.gradientForVariable().keySet());
        for (String key : a.gradientForVariable().keySet()) {
            assertClose(a.getGradientFor(key), b.getGradientFor(key), relative, "gradient " + key);
        }
        for (int step = 0; step < steps; step++) {
            INDArray[][] next = batches.apply(step);
            for (ComputationGraph net : List.of(expected, actual)) {
                Nd4j.getRandom().setSeed(1000 + step);
                net.fit(cast(next[0], net), cast(next[1], net));
            }
        }
        assertClose(expected.params(), actual.params(), relative, "parameters after " + steps + " training steps");
    }
}
