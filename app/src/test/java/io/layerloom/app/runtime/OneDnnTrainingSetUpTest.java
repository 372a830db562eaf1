package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.json.GraphJson;
import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/**
 * LayerLoom's training set-up on the native build the app runs (oneDNN, DL4J's helpers on; a
 * surefire execution of its own sets them): the same loss and gradients as DL4J by itself, and
 * no layer helper that fails (DL4J would swallow the failure and fall back to its slow code for
 * the rest of the run), and a report with every fast path on. The other tests run
 * with DL4J's helpers off (its default) and cannot see oneDNN's refusals.
 */
class OneDnnTrainingSetUpTest {

    private static ComputationGraphConfiguration network(String conv) throws Exception {
        return Dl4jCompiler.compile(GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": ["
                + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [3, 16, 16]},"
                + "{\"id\": \"c1\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], " + conv + "},"
                + "{\"id\": \"p\", \"kind\": \"MaxPool2D\", \"inputs\": [\"c1\"], \"kernel\": 2},"
                + "{\"id\": \"c2\", \"kind\": \"Conv2D\", \"inputs\": [\"p\"], \"filters\": 4, \"kernel\": 3, \"padding\": 1, \"activation\": \"relu\"},"
                + "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"c2\"]},"
                + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 3}]}", "onednn-test")).require();
    }

    private static int failures(Layer layer) throws Exception {
        Field f = ConvolutionLayer.class.getDeclaredField("helperCountFail");
        f.setAccessible(true);
        return f.getInt(layer);
    }

    @Test
    void theReportSaysEveryFastPathIsOnAndTheShimIsEffective() {
        RuntimeReport report = Dl4jRuntime.report();
        assertEquals(RuntimeReport.fastPaths(report.versions(), true, true), report.fastPaths());
        assertTrue(report.fastPaths().stream().allMatch(RuntimeReport.FastPath::on), report::text);
        assertTrue(report.shimEffective(), "DL4J's oneDNN check answers yes through org.nd4j.nativeblas.Nd4jCpu");
        assertTrue(report.nativeBuild().oneDnn(), report::text);
        assertTrue(report.nativeBuild().build().endsWith("-onednn"), report::text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'\"filters\": 6, \"kernel\": 5, \"padding\": 2, \"activation\": \"relu\"' | true",
        "'\"filters\": 6, \"kernel\": 3, \"stride\": 2, \"padding\": 1, \"activation\": \"relu\"' | false",
        "'\"filters\": 6, \"kernel\": 7, \"stride\": 2, \"padding\": 3, \"bias\": false, \"activation\": \"relu\"' | false",
        "'\"filters\": 6, \"kernel\": 3, \"padding\": \"same\", \"bias\": false, \"activation\": \"relu\"' | true",
        "'\"filters\": 6, \"kernel\": 3, \"dilation\": 2, \"padding\": 2, \"activation\": \"tanh\"' | false"
    })
    void sameGradientsAsDl4jAndNoHelperFails(String conv, boolean installed) throws Exception {
        ComputationGraphConfiguration conf = network(conv);
        ComputationGraphConfiguration plainConf = conf.clone();
        plainConf.setCacheMode(CacheMode.NONE);
        ComputationGraph own = new ComputationGraph(plainConf);
        own.init();
        ComputationGraph fast = TrainingSetUp.initialise(conf.clone());
        assertInstanceOf(MKLDNNConvHelper.class, ((ConvolutionLayer) own.getLayer("c2")).getHelper(),
                "this test needs ND4J's oneDNN build with DL4J's helpers (see app/pom.xml, execution 'onednn')");
        boolean dilated = conv.contains("dilation");
        if (dilated) {
            // DL4J's own oneDNN helper fails on a dilated convolution; LayerLoom's set-up does not try it
            assertNull(((ConvolutionLayer) fast.getLayer("c1")).getHelper(), "dilated: DL4J's built-in code from the start");
        }
        assertEquals(installed, FirstLayerConvolution.isInstalled(fast.getLayer("c1")));
        assertEquals(CacheMode.DEVICE, fast.getConfiguration().getCacheMode(), "pre-activations kept where helpers run");
        assertEquals(CacheMode.NONE, conf.getCacheMode(), "the compiled configuration is not changed");
        assertTrue(NativePooling.isNative(fast.getLayer("p")));

        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(new int[]{8, 3, 16, 16});
        INDArray y = Nd4j.zeros(8, 3);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        for (int step = 0; step < 3; step++) {
            for (ComputationGraph net : new ComputationGraph[]{own, fast}) {
                net.setInputs(x);
                net.setLabels(y);
                net.computeGradientAndScore();
            }
            assertEquals(own.score(), fast.score(), 1e-5 * Math.abs(own.score()), "loss");
            for (String key : own.gradient().gradientForVariable().keySet()) {
                SameTraining.assertClose(own.gradient().getGradientFor(key), fast.gradient().getGradientFor(key), 1e-4,
                        "gradient " + key + " at step " + step);
            }
            own.fit(new INDArray[]{x}, new INDArray[]{y});
            fast.fit(new INDArray[]{x}, new INDArray[]{y});
        }
        for (String layer : new String[]{"c1", "c2"}) {
            assertEquals(dilated && layer.equals("c1") ? 1 : 0, failures(own.getLayer(layer)),
                    "DL4J's own helper on " + layer + " (it fails on a dilated convolution)");
            assertEquals(0, failures(fast.getLayer(layer)), "a helper failed on " + layer + " and DL4J fell back");
        }
    }

    /**
     * Batch normalisation on LayerLoom's passes (DL4J's built-in arithmetic, bit for bit) trains as
     * DL4J does with its oneDNN helper, to float rounding; oneDNN's helper still serves what they
     * leave alone (dense input, inference).
     */
    @Test
    void batchNormTrainsAsDl4jWithItsOneDnnHelper() throws Exception {
        ComputationGraphConfiguration conf = ChannelBatchNormTest.residual(8, 4);
        ComputationGraph own = ChannelBatchNormTest.dl4jAlone(conf);
        assertInstanceOf(MKLDNNBatchNormHelper.class, ((BatchNormalization) own.getLayer("bn1")).getHelper(),
                "this test needs ND4J's oneDNN build with DL4J's helpers (see app/pom.xml, execution 'onednn')");
        ComputationGraph fast = TrainingSetUp.initialise(conf);
        assertTrue(ChannelBatchNorm.isInstalled(fast.getLayer("bn1")));
        INDArray[] first = ChannelBatchNormTest.batch(1, 8, 8);
        SameTraining.assertSameTraining(own, fast, new INDArray[]{first[0]}, new INDArray[]{first[1]}, step -> {
            INDArray[] b = ChannelBatchNormTest.batch(2 + step, 8, 8);
            return new INDArray[][]{{b[0]}, {b[1]}};
        }, 3, 1e-4);
    }
}
