package io.layerloom.app.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.Dl4jTraining;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.training.TrainingSettings;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation on LayerLoom's per-channel passes ({@link ChannelBatchNorm}) trains exactly as
 * DL4J's own code does: the same loss, gradients, running statistics and parameters after training
 * steps, bit for bit, on small images and on CIFAR-sized ones.
 */
class ChannelBatchNormTest {

    /** A residual block of WIDTH channels on SIZE x SIZE images, BatchNorm after each convolution, and a BatchNorm after a Dense. */
    static ComputationGraphConfiguration residual(int size, int width) throws Exception {
        String conv = "\"kind\": \"Conv2D\", \"filters\": " + width + ", \"kernel\": 3, \"padding\": 1, \"activation\": \"identity\", \"bias\": false";
        return Dl4jCompiler.compile(GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": ["
                + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [3, " + size + ", " + size + "]},"
                + "{\"id\": \"c1\", \"inputs\": [\"in\"], " + conv + "},"
                + "{\"id\": \"bn1\", \"kind\": \"BatchNorm\", \"inputs\": [\"c1\"]},"
                + "{\"id\": \"r1\", \"kind\": \"Activation\", \"inputs\": [\"bn1\"], \"activation\": \"relu\"},"
                + "{\"id\": \"c2\", \"inputs\": [\"r1\"], " + conv + ", \"stride\": 2},"
                + "{\"id\": \"bn2\", \"kind\": \"BatchNorm\", \"inputs\": [\"c2\"]},"
                + "{\"id\": \"s\", \"kind\": \"Conv2D\", \"inputs\": [\"r1\"], \"filters\": " + width + ", \"kernel\": 1, \"stride\": 2, \"activation\": \"identity\", \"bias\": false},"
                + "{\"id\": \"sbn\", \"kind\": \"BatchNorm\", \"inputs\": [\"s\"]},"
                + "{\"id\": \"add\", \"kind\": \"Add\", \"inputs\": [\"bn2\", \"sbn\"]},"
                + "{\"id\": \"r2\", \"kind\": \"Activation\", \"inputs\": [\"add\"], \"activation\": \"relu\"},"
                + "{\"id\": \"pool\", \"kind\": \"GlobalAvgPool\", \"inputs\": [\"r2\"]},"
                + "{\"id\": \"d\", \"kind\": \"Dense\", \"inputs\": [\"pool\"], \"units\": 6, \"activation\": \"identity\", \"bias\": false},"
                + "{\"id\": \"dbn\", \"kind\": \"BatchNorm\", \"inputs\": [\"d\"]},"
                + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"dbn\"], \"units\": 3}]}", "batch-norm-test"),
                Dl4jCompiler.DEFAULT_SEED, Dl4jTraining.updater(TrainingSettings.Optimizer.SGD, 0.05)).require();
    }

    static ComputationGraph dl4jAlone(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration plain = conf.clone();
        plain.setCacheMode(CacheMode.NONE);
        ComputationGraph own = new ComputationGraph(plain);
        own.init();
        return own;
    }

    static INDArray[] batch(long seed, int examples, int size) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, examples, 3, size, size);
        INDArray y = Nd4j.zeros(DataType.FLOAT, examples, 3);
        for (int i = 0; i < examples; i++) {
            y.putScalar(i, (i + seed) % 3, 1.0);
        }
        return new INDArray[]{x, y};
    }

    /**
     * The same loss, gradients, running statistics and parameters after training steps as DL4J's own
     * float code, bit for bit (tolerance 0): a rounding difference in a batch normalisation's output
     * can flip a ReLU further on (a pre-activation of -4e-9 against +4e-8, out of terms summing to
     * 4.7, in the random graph TrainingSetUpPropertyTest found), which changes a gradient element
     * from 5e-4 to 0: no tolerance tells that from an error, so the helper rounds as DL4J does.
     */
    static void sameTrainingAsDl4jBitForBit(int size, int width) throws Exception {
        ComputationGraphConfiguration conf = residual(size, width);
        ComputationGraph own = dl4jAlone(conf);
        ComputationGraph fast = TrainingSetUp.initialise(conf);
        for (Layer l : fast.getLayers()) {
            assertEquals(l instanceof BatchNormalization, ChannelBatchNorm.isInstalled(l), l.conf().getLayer().getLayerName());
        }
        INDArray[] first = batch(1, 8, size);
        SameTraining.assertSameTraining(own, fast, new INDArray[]{first[0]}, new INDArray[]{first[1]}, step -> {
            INDArray[] b = batch(2 + step, 8, size);
            return new INDArray[][]{{b[0]}, {b[1]}};
        }, 3, 0);
        assertEquals(own.score(), fast.score(), "loss of the last step");
        INDArray[] test = batch(9, 5, size);
        SameTraining.assertClose(own.outputSingle(test[0]), fast.outputSingle(test[0]), 0, "inference with the running statistics");
    }

    @Test
    void sameTrainingAsDl4jOnSmallImagesWithDl4jsBuiltInCode() throws Exception {
        assertTrue(Boolean.parseBoolean(System.getProperty(Dl4jRuntime.HELPERS_DISABLE, "true")),
                "this execution runs with DL4J's helpers off; OneDnnTrainingSetUpTest runs the oneDNN case");
        sameTrainingAsDl4jBitForBit(8, 4);
    }

    @Test
    void sameTrainingAsDl4jOnCifarSizedImagesWithDl4jsBuiltInCode() throws Exception {
        sameTrainingAsDl4jBitForBit(32, 32);
    }
}
