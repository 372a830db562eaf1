package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.json.GraphJson;
import java.lang.reflect.Field;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Where the products pay (a small image, many channels) the backward pass by im2col and two
 * matrix products computes DL4J's own loss, gradients and training steps, to float rounding: with
 * and without bias, padding 0 and 1, square and rectangular kernels and images. Elsewhere (too
 * few channels, a stride, a 1x1 kernel) DL4J's own backward pass runs, untouched.
 */
class ProductConvolutionTest {

    private static ComputationGraphConfiguration network(int channels, int h, int w, String conv) throws Exception {
        return Dl4jCompiler.compile(GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": ["
                + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [" + channels + ", " + h + ", " + w + "]},"
                + "{\"id\": \"c1\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": " + channels
                + ", \"kernel\": 1, \"activation\": \"relu\"},"
                + "{\"id\": \"c2\", \"kind\": \"Conv2D\", \"inputs\": [\"c1\"], " + conv + "},"
                + "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"c2\"]},"
                + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 4}]}", "product-test")).require();
    }

    private static ComputationGraph plain(ComputationGraphConfiguration conf) {
        ComputationGraph net = new ComputationGraph(conf.clone());
        net.init();
        return net;
    }

    private static DataSet batch(int channels, int h, int w, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(new int[]{6, channels, h, w}).subi(0.5);
        INDArray y = Nd4j.zeros(6, 4);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, (i * 3) % 4, 1.0);
        }
        return new DataSet(x, y);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "320|2|2|\"filters\": 320, \"kernel\": 3, \"padding\": 1, \"activation\": \"relu\"",
        "320|4|4|\"filters\": 384, \"kernel\": 3, \"padding\": 1, \"bias\": false, \"activation\": \"identity\"",
        "384|3|5|\"filters\": 320, \"kernel\": [3, 2], \"padding\": [1, 0], \"activation\": \"tanh\"",
        "320|4|4|\"filters\": 320, \"kernel\": 2, \"activation\": \"relu\""
    })
    void whereItPaysGradientsAndTrainingEqualDl4jsOwn(String spec) throws Exception {
        String[] parts = spec.split("\\|");
        int channels = Integer.parseInt(parts[0]);
        int h = Integer.parseInt(parts[1]);
        int w = Integer.parseInt(parts[2]);
        ComputationGraphConfiguration conf = network(channels, h, w, parts[3]);
        ComputationGraph own = plain(conf);
        ComputationGraph fast = ProductConvolution.install(plain(conf), true);
        assertTrue(ProductConvolution.isInstalled(fast.getLayer("c2")));
        long before = ProductConvolution.PASSES.get();
        SameTraining.assertSameTraining(own, fast, batch(channels, h, w, 11), step -> batch(channels, h, w, 50 + step),
                2, 1e-4);
        long passes = ProductConvolution.PASSES.get() - before;
        assertTrue(passes >= 3, "the products ran: " + passes + " backward passes");
        assertEquals(0, helperFailures(fast, "c2"), "the backward pass failed and DL4J fell back");
    }

    @Test
    void fewChannelsAStrideOrAOneByOneKernelKeepDl4jsOwnBackwardPass() throws Exception {
        for (String conv : new String[]{"\"filters\": 16, \"kernel\": 3, \"padding\": 1",
                "\"filters\": 320, \"kernel\": 3, \"padding\": 1, \"stride\": 2",
                "\"filters\": 512, \"kernel\": 1"}) {
            int channels = conv.contains("16,") ? 16 : 320;
            ComputationGraphConfiguration conf = network(channels, 4, 4, conv + ", \"activation\": \"relu\"");
            ComputationGraph own = plain(conf);
            ComputationGraph fast = ProductConvolution.install(plain(conf), true);
            long before = ProductConvolution.PASSES.get();
            SameTraining.assertSameTraining(own, fast, batch(channels, 4, 4, 3), step -> batch(channels, 4, 4, 7 + step),
                    1, 1e-6);
            assertEquals(before, ProductConvolution.PASSES.get(), conv);
        }
        assertFalse(ProductConvolution.pays(50, 9, 512, 512, 1), "50 positions");
        assertFalse(ProductConvolution.pays(4, 9, 256, 256, 1), "256 x 256 weights per kernel position, one thread");
        assertTrue(ProductConvolution.pays(4, 9, 256, 256, 2), "256 x 256 weights per kernel position, two threads");
        assertFalse(ProductConvolution.pays(4, 9, 255, 256, 2), "255 x 256 weights per kernel position, two threads");
        assertFalse(ProductConvolution.pays(4, 1, 1024, 1024, 2), "a 1x1 kernel");
        assertFalse(ProductConvolution.pays(50, 9, 512, 512, 8), "50 positions, eight threads");
        assertTrue(ProductConvolution.pays(49, 9, 320, 320, 1));
    }

    private static int helperFailures(ComputationGraph net, String layer) throws Exception {
        Field f = org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class.getDeclaredField("helperCountFail");
        f.setAccessible(true);
        return f.getInt(net.getLayer(layer));
    }
}
