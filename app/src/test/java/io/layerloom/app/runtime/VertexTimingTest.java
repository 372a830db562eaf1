package io.layerloom.app.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Timing the vertices changes nothing DL4J computes, and every vertex fit runs reports its time. */
class VertexTimingTest {

    /** in -> conv -> bn -> relu, added to the conv (residual) -> pool -> head. */
    private static Graph residual() {
        return new Graph("residual", "", List.of(
                Node.of("in", new LayerSpec.Input(Dims.of(2, 6, 6))),
                Node.of("c1", new LayerSpec.Conv2D(4, IntPair.of(3), IntPair.of(1), Padding.same(), IntPair.of(1),
                        ActivationFunction.IDENTITY, true), "in"),
                Node.of("bn", new LayerSpec.BatchNorm(1e-5, 0.9), "c1"),
                Node.of("relu", new LayerSpec.ActivationLayer(ActivationFunction.RELU), "bn"),
                Node.of("add", new LayerSpec.Add(), "relu", "c1"),
                Node.of("pool", new LayerSpec.GlobalAvgPool(), "add"),
                Node.of("head", new LayerSpec.Output(3, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "pool")));
    }

    @Test
    void aTimedNetworkTrainsToTheSameParametersAndScoreAsAnUntimedOne() {
        ComputationGraphConfiguration conf = Dl4jCompiler.compile(residual()).require();
        ComputationGraph plain = TrainingSetUp.initialise(conf);
        ComputationGraph timed = TrainingSetUp.initialise(conf);
        VertexTiming timing = VertexTiming.install(timed);
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 2, 6, 6);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 5, 3);
        for (int i = 0; i < 5; i++) {
            y.putScalar(i, i % 3, 1);
        }
        for (int i = 0; i < 3; i++) {
            timing.reset();
            plain.fit(new DataSet(x, y));
            timed.fit(new DataSet(x, y));
            assertEquals(plain.score(), timed.score(), 1e-6, "iteration " + i);
        }

        assertEquals(plain.params(), timed.params());
        Map<String, Long> forward = timing.forwardNanos();
        Map<String, Long> backward = timing.backwardNanos();
        for (String v : List.of("c1", "bn", "relu", "add", "pool")) {
            assertTrue(forward.get(v) > 0 && backward.get(v) > 0, v + ": " + forward.get(v) + ", " + backward.get(v));
        }
        assertTrue(backward.get("head") > 0, "the output layer runs (forward and backward) in its backward pass");
        assertTrue(timing.firstStart() < timing.lastEnd());
        assertTrue(timed.getVertex("head") instanceof LayerVertex, "DL4J's fit needs its output layers as LayerVertex");
        assertEquals(plain.output(x)[0], timed.output(x)[0]);
    }
}
