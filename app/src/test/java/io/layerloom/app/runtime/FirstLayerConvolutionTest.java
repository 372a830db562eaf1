package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.json.GraphJson;
import java.lang.reflect.Field;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Where the first-layer pass is installed (stride 1, no dilation) it computes DL4J's weight and
 * bias gradients and training steps, for one and several channels, square and rectangular
 * kernels, with and without padding and bias, and with "same" padding (handed back to DL4J's
 * code). Strided and dilated first layers are deliberately not installed: they keep DL4J's own
 * backward pass, untouched.
 */
class FirstLayerConvolutionTest {

    private static ComputationGraphConfiguration network(int channels, int size, String conv) throws Exception {
        return Dl4jCompiler.compile(GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": ["
                + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [" + channels + ", " + size + ", " + size + "]},"
                + "{\"id\": \"c1\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], " + conv + "},"
                + "{\"id\": \"c2\", \"kind\": \"Conv2D\", \"inputs\": [\"c1\"], \"filters\": 3, \"kernel\": 2, \"activation\": \"relu\"},"
                + "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"c2\"]},"
                + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 4}]}", "first-layer-test")).require();
    }

    private static ComputationGraph plain(ComputationGraphConfiguration conf) {
        ComputationGraph net = new ComputationGraph(conf.clone());
        net.init();
        return net;
    }

    private static DataSet batch(int channels, int size, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(new int[]{5, channels, size, size}).subi(0.5);
        INDArray y = Nd4j.zeros(5, 4);
        for (int i = 0; i < 5; i++) {
            y.putScalar(i, (i * 3) % 4, 1.0);
        }
        return new DataSet(x, y);
    }

    private static org.deeplearning4j.nn.layers.convolution.ConvolutionLayer convolution(ComputationGraph net, String name) {
        return (org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) net.getLayer(name);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "1|12|\"filters\": 6, \"kernel\": 5, \"padding\": 2, \"activation\": \"relu\"",
        "3|11|\"filters\": 4, \"kernel\": 3, \"padding\": 1, \"activation\": \"tanh\"",
        "2|10|\"filters\": 3, \"kernel\": 4, \"activation\": \"sigmoid\"",
        "3|9|\"filters\": 2, \"kernel\": [3, 2], \"padding\": [1, 0], \"bias\": false, \"activation\": \"relu\"",
        "2|9|\"filters\": 3, \"kernel\": 3, \"padding\": \"same\", \"bias\": false, \"activation\": \"relu\""
    })
    void whereInstalledGradientsAndTrainingEqualDl4jsOwn(String spec) throws Exception {
        String[] parts = spec.split("\\|");
        int channels = Integer.parseInt(parts[0]);
        int size = Integer.parseInt(parts[1]);
        ComputationGraphConfiguration conf = network(channels, size, parts[2]);
        ComputationGraph own = plain(conf);
        ComputationGraph fast = FirstLayerConvolution.install(plain(conf), true);
        assertTrue(FirstLayerConvolution.isInstalled(fast.getLayer("c1")), "stride 1, no dilation, reads the input");
        assertFalse(FirstLayerConvolution.isInstalled(fast.getLayer("c2")), "c2 reads a layer, not an input");

        SameTraining.assertSameTraining(own, fast, batch(channels, size, 11), step -> batch(channels, size, 50 + step),
                3, 2e-5);
        // DL4J swallows a failing helper and falls back to its own code: make sure ours ran throughout
        assertEquals(0, helperFailures(fast, "c1"), "the backward pass failed and DL4J fell back");
    }

    /**
     * With a stride the swapped convolution would be a dilated one, which oneDNN refuses, and
     * DL4J's own oneDNN helper fails on dilated layers: those first layers keep the helper DL4J
     * gave them (none on this build), so their backward pass is DL4J's own.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "3|11|\"filters\": 4, \"kernel\": 3, \"stride\": 2, \"padding\": 1, \"activation\": \"tanh\"",
        "2|13|\"filters\": 5, \"kernel\": 3, \"dilation\": 2, \"activation\": \"relu\"",
        "1|14|\"filters\": 4, \"kernel\": 4, \"stride\": 3, \"activation\": \"sigmoid\"",
        "3|9|\"filters\": 2, \"kernel\": [3, 2], \"stride\": [1, 2], \"padding\": [1, 0], \"bias\": false, \"activation\": \"relu\"",
        "2|9|\"filters\": 3, \"kernel\": 3, \"stride\": 2, \"padding\": \"same\", \"activation\": \"relu\""
    })
    void stridedAndDilatedFirstLayersAreLeftToDl4j(String spec) throws Exception {
        String[] parts = spec.split("\\|");
        ComputationGraph net = plain(network(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), parts[2]));
        Object dl4jsHelper = convolution(net, "c1").getHelper();
        FirstLayerConvolution.install(net, true);
        assertFalse(FirstLayerConvolution.isInstalled(net.getLayer("c1")));
        assertSame(dl4jsHelper, convolution(net, "c1").getHelper(), "the layer keeps the helper DL4J gave it");
    }

    private static int helperFailures(ComputationGraph net, String layer) throws Exception {
        Field f = org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class.getDeclaredField("helperCountFail");
        f.setAccessible(true);
        return f.getInt(net.getLayer(layer));
    }

    @Test
    void withoutALayerHelperDl4jsOwnCodeIsLeftAlone() throws Exception {
        ComputationGraph net = TrainingSetUp.initialise(network(1, 12, "\"filters\": 6, \"kernel\": 5"));
        if (net.getLayer("c1") instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer c
                && c.getHelper() == null) {
            assertFalse(FirstLayerConvolution.isInstalled(c), "no oneDNN helper on this native build");
        } else {
            assertTrue(FirstLayerConvolution.isInstalled(net.getLayer("c1")), "oneDNN helper present: installed");
        }
        ComputationGraph twice = FirstLayerConvolution.install(FirstLayerConvolution.install(plain(net.getConfiguration()), true), true);
        assertTrue(FirstLayerConvolution.isInstalled(twice.getLayer("c1")), "installing twice keeps one");
    }
}
