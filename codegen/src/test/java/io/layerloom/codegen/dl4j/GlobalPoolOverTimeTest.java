package io.layerloom.codegen.dl4j;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A global pooling over time, then a Dense layer, runs through DL4J's {@code output()} (prediction
 * and evaluation use it) and gives the mean or maximum over time of the sequence before it. Before
 * session 10 the pooling's type was restored by a RnnToFeedForward PreprocessorVertex, which passes
 * the 2-d array on in the pooling's workspace, and {@code output()} refused every such network
 * ("array is defined in incorrect workspace"); {@code feedForward}, which the oracles use, did not
 * check. Found by the random channel networks run through ONNX Runtime (app's
 * RandomChannelGraphsOnnxRuntimeTest).
 */
class GlobalPoolOverTimeTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void outputRunsAndPoolsOverTime(boolean average) {
        LayerSpec pool = average ? new LayerSpec.GlobalAvgPool() : new LayerSpec.GlobalMaxPool();
        Graph graph = new Graph("pooled", "", List.of(
                Node.of("in", new LayerSpec.Input(Dims.of(4, 7))),
                Node.of("rnn", new LayerSpec.SimpleRNN(5, ActivationFunction.TANH, true), "in"),
                Node.of("pool", pool, "rnn"),
                Node.of("dense", new LayerSpec.Dense(6, ActivationFunction.RELU, true), "pool"),
                Node.of("out", new LayerSpec.Output(3, ActivationFunction.IDENTITY, Loss.MSE, true), "dense")));
        ComputationGraph net = new ComputationGraph(Dl4jCompiler.compile(graph).require());
        net.init();
        INDArray x = Nd4j.rand(2, 4, 7).subi(0.5);

        INDArray out = net.output(false, x.dup())[0];

        Map<String, INDArray> all = net.feedForward(x.dup(), false);
        INDArray sequence = all.get("rnn");
        INDArray expected = average ? sequence.mean(2) : sequence.max(2);
        assertArrayEquals(new long[]{2, 5}, all.get("pool").shape());
        assertTrue(expected.equalsWithEps(all.get("pool"), 1e-6), () -> expected + " vs " + all.get("pool"));
        assertTrue(all.get("out").equalsWithEps(out, 1e-6), () -> all.get("out") + " vs " + out);
    }
}
