package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.json.GraphJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The pooling layers that run on libnd4j's kernels compute what DL4J's own pooling layers
 * compute: same outputs, gradients, training steps and saved model, for max and average pooling
 * with and without padding, "same" padding and overlapping windows.
 */
class NativePoolingTest {

    private static final String GRAPH = "{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": ["
            + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [3, 13, 13]},"
            + "{\"id\": \"c1\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4, \"kernel\": 3, \"padding\": 1, \"activation\": \"relu\"},"
            + "{\"id\": \"max\", \"kind\": \"MaxPool2D\", \"inputs\": [\"c1\"], \"kernel\": 2},"
            + "{\"id\": \"c2\", \"kind\": \"Conv2D\", \"inputs\": [\"max\"], \"filters\": 5, \"kernel\": 3, \"activation\": \"tanh\"},"
            + "{\"id\": \"avg\", \"kind\": \"AvgPool2D\", \"inputs\": [\"c2\"], \"kernel\": 3, \"stride\": 1, \"padding\": 1},"
            + "{\"id\": \"same\", \"kind\": \"MaxPool2D\", \"inputs\": [\"avg\"], \"kernel\": 3, \"stride\": 2, \"padding\": \"same\"},"
            + "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"same\"]},"
            + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 3}]}";

    private static ComputationGraphConfiguration configuration() throws Exception {
        return Dl4jCompiler.compile(GraphJson.read(GRAPH, "native-pooling-test")).require();
    }

    /** The same network as DL4J builds it, with its own pooling layers. */
    private static ComputationGraph dl4jOwn(ComputationGraphConfiguration conf) {
        ComputationGraph net = new ComputationGraph(conf.clone());
        net.init();
        return net;
    }

    private static DataSet batch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(new int[]{6, 3, 13, 13}).subi(0.5);
        INDArray y = Nd4j.zeros(6, 3);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        return new DataSet(x, y);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        SameTraining.assertClose(expected, actual, 1e-5, what);
    }

    @Test
    void replacesEveryTwoDimensionalPoolingLayerAndNothingElse() throws Exception {
        ComputationGraph net = TrainingSetUp.initialise(configuration());
        List<String> nativeLayers = Arrays.stream(net.getLayers()).filter(NativePooling::isNative)
                .map(l -> l.conf().getLayer().getLayerName()).sorted().toList();
        assertEquals(List.of("avg", "max", "same"), nativeLayers);
        for (String name : nativeLayers) {
            Layer viaVertex = net.getLayer(name);
            assertTrue(NativePooling.isNative(viaVertex), name + " through its vertex");
            assertInstanceOf(SubsamplingLayer.class, viaVertex, "still DL4J's pooling layer type");
        }
        assertEquals(dl4jOwn(configuration()).getLayers().length, net.getLayers().length);
        Layer before = net.getLayer("max");
        NativePooling.install(net);
        assertSame(before, net.getLayer("max"), "installing twice changes nothing");
    }

    @Test
    void outputsGradientsAndTrainingStepsEqualDl4jsOwnPooling() throws Exception {
        ComputationGraphConfiguration conf = configuration();
        ComputationGraph own = dl4jOwn(conf);
        ComputationGraph fast = TrainingSetUp.initialise(conf.clone());
        assertClose(own.params(), fast.params(), "initial parameters");
        boolean helpersAllowed = Nd4j.getEnvironment().helpersAllowed();

        DataSet data = batch(7);
        assertClose(own.outputSingle(data.getFeatures()), fast.outputSingle(data.getFeatures()), "output");

        SameTraining.assertSameTraining(own, fast, data, step -> batch(100 + step), 5, 1e-5);
        assertEquals(helpersAllowed, Nd4j.getEnvironment().helpersAllowed(), "the platform-helper switch is restored");
    }

    @Test
    void aTrainedNetworkSavesAsAPlainDl4jModel() throws Exception {
        ComputationGraph fast = TrainingSetUp.initialise(configuration());
        fast.fit(batch(3));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(fast, bytes, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(fast.getConfiguration().toJson(), restored.getConfiguration().toJson());
        assertFalse(NativePooling.isNative(restored.getLayer("max")), "a restored model has DL4J's own layers");
        INDArray x = batch(4).getFeatures();
        assertClose(fast.outputSingle(x), restored.outputSingle(x), "restored output");
        assertClose(fast.outputSingle(x), NativePooling.install(restored).outputSingle(x), "restored, then installed");
    }

    @Test
    void theCompiledConfigurationKeepsDl4jsDefaultsAndIsNotChangedByInitialising() throws Exception {
        ComputationGraphConfiguration conf = configuration();
        String before = conf.toJson();
        assertEquals(org.deeplearning4j.nn.conf.CacheMode.NONE, conf.getCacheMode());
        ComputationGraph net = TrainingSetUp.initialise(conf);
        assertEquals(before, conf.toJson(), "initialise works on a copy");
        // on this native build DL4J runs no oneDNN helpers, so no cache either (it would keep im2col buffers)
        assertEquals(org.deeplearning4j.nn.conf.CacheMode.NONE, net.getConfiguration().getCacheMode());
    }

    @Test
    void anUninitialisedNetworkIsRefused() throws Exception {
        ComputationGraph net = new ComputationGraph(configuration());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NativePooling.install(net));
        assertEquals("the network is not initialised: call init() first", e.getMessage());
    }
}
