package io.layerloom.app.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.json.GraphJson;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Separate ReLU and ReLU6 layers on {@link ReluActivation}'s passes compute DL4J's own values bit for bit,
 * forward and backward, including exact zeros (and sixes) in the input; other activation layers stay DL4J's.
 */
class ReluActivationTest {

    private static ComputationGraph network(String activation) throws Exception {
        ComputationGraphConfiguration conf = Dl4jCompiler.compile(GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": ["
                + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [3, 6, 6]},"
                + "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4, \"kernel\": 3, \"padding\": 1, \"activation\": \"identity\"},"
                + "{\"id\": \"a\", \"kind\": \"Activation\", \"inputs\": [\"c\"], " + activation + "},"
                + "{\"id\": \"pool\", \"kind\": \"GlobalAvgPool\", \"inputs\": [\"a\"]},"
                + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"pool\"], \"units\": 3}]}", "relu-test")).require();
        return TrainingSetUp.initialise(conf);
    }

    private static void assertBitwise(INDArray expected, INDArray actual, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        float[] e = expected.dup().data().asFloat();
        float[] a = actual.dup().data().asFloat();
        for (int i = 0; i < e.length; i++) {
            // +0 and -0 are the same gradient
            assertEquals(e[i] == 0 ? 0 : Float.floatToIntBits(e[i]), a[i] == 0 ? 0 : Float.floatToIntBits(a[i]), what + " at " + i);
        }
    }

    @Test
    void installedOnPlainReluLayersOnly() throws Exception {
        assertEquals(true, ReluActivation.isInstalled(network("\"activation\": \"relu\"").getLayer("a")));
        assertEquals(true, ReluActivation.isInstalled(network("\"activation\": \"relu6\"").getLayer("a")));
        assertEquals(false, ReluActivation.isInstalled(network("\"activation\": \"leakyrelu\"").getLayer("a")));
        assertEquals(false, ReluActivation.isInstalled(network("\"activation\": \"tanh\"").getLayer("a")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "relu6"})
    void dl4jsForwardAndBackwardBitForBit(String activation) throws Exception {
        Layer fast = network("\"activation\": \"" + activation + "\"").getLayer("a");
        Layer dl4j = new org.deeplearning4j.nn.layers.ActivationLayer(fast.conf(), DataType.FLOAT);
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.randn(DataType.FLOAT, 16, 8, 9, 9).muli(4);
        // exact zeros and values next to zero, where relu's derivative decides
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).assign(0);
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).muli(1e-38);
        // ReLU6's upper corner: exactly 6 and its float neighbours
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(2)).assign(6);
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(3)).assign(Math.nextDown(6f));
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(4)).assign(Math.nextUp(6f));
        INDArray dy = Nd4j.randn(DataType.FLOAT, 16, 8, 9, 9);
        LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
        for (boolean training : new boolean[]{true, false}) {
            fast.setInput(x.dup(), none);
            dl4j.setInput(x.dup(), none);
            assertBitwise(dl4j.activate(training, none), fast.activate(training, none), "forward, training " + training);
        }
        fast.setInput(x.dup(), none);
        dl4j.setInput(x.dup(), none);
        assertBitwise(dl4j.backpropGradient(dy.dup(), none).getSecond(), fast.backpropGradient(dy.dup(), none).getSecond(), "backward");
        // an input gradient laid out otherwise than the input (a view in 'f' order)
        INDArray dyF = dy.dup('f');
        assertBitwise(dl4j.backpropGradient(dyF, none).getSecond(), fast.backpropGradient(dyF, none).getSecond(), "backward, 'f' gradient");
    }

    @Test
    void trainsAsDl4jBitForBit() throws Exception {
        // ChannelBatchNormTest's residual network has two ReLU layers; with both set-ups on, bit for bit
        ChannelBatchNormTest.sameTrainingAsDl4jBitForBit(8, 4);
        ComputationGraph fast = TrainingSetUp.initialise(ChannelBatchNormTest.residual(8, 4));
        assertEquals(true, ReluActivation.isInstalled(fast.getLayer("r1")));
        assertEquals(true, ReluActivation.isInstalled(fast.getLayer("r2")));
    }
}
