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
 * Batch normalisation on LayerLoom's per-channel passes ({@link ChannelBatchNorm}) trains as DL4J's
 * own code does. On small images both agree to float rounding (loss, gradients, running statistics
 * and parameters after training steps); on larger ones DL4J's own float code is itself off by up to
 * a few percent of the largest gradient (its variance and broadcasts along axis 1 lose precision),
 * so there the oracle is DL4J's own code in double precision, which LayerLoom's float gradients
 * must match more closely than DL4J's float gradients do.
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

    /** Small images: the same loss, gradients, running statistics and training steps as DL4J's own float code. */
    static void sameTrainingAsDl4jOnSmallImages() throws Exception {
        ComputationGraphConfiguration conf = residual(8, 4);
        ComputationGraph own = dl4jAlone(conf);
        ComputationGraph fast = TrainingSetUp.initialise(conf);
        for (Layer l : fast.getLayers()) {
            assertEquals(l instanceof BatchNormalization, ChannelBatchNorm.isInstalled(l), l.conf().getLayer().getLayerName());
        }
        INDArray[] first = batch(1, 8, 8);
        SameTraining.assertSameTraining(own, fast, new INDArray[]{first[0]}, new INDArray[]{first[1]}, step -> {
            INDArray[] b = batch(2 + step, 8, 8);
            return new INDArray[][]{{b[0]}, {b[1]}};
        }, 3, 1e-4);
        INDArray[] test = batch(9, 5, 8);
        SameTraining.assertClose(own.outputSingle(test[0]), fast.outputSingle(test[0]), 1e-4, "inference with the running statistics");
    }

    /**
     * Larger images: every float gradient of LayerLoom's set-up within 5e-3 of the largest value of
     * DL4J's own gradient in double precision, and never farther from it than DL4J's float code is
     * (with 1e-4 of slack for rounding in the other layers).
     */
    static void closerToDl4jInDoubleThanDl4jsOwnFloat() throws Exception {
        ComputationGraphConfiguration conf = residual(32, 32);
        ComputationGraph own = dl4jAlone(conf);
        ComputationGraph fast = TrainingSetUp.initialise(conf);
        ComputationGraph exact = own.convertDataType(DataType.DOUBLE);
        INDArray[] b = batch(4, 16, 32);
        for (ComputationGraph net : new ComputationGraph[]{own, fast, exact}) {
            DataType type = net == exact ? DataType.DOUBLE : DataType.FLOAT;
            net.setInputs(b[0].castTo(type));
            net.setLabels(b[1].castTo(type));
            net.computeGradientAndScore();
        }
        assertEquals(exact.score(), fast.score(), 1e-5 * Math.abs(exact.score()), "loss");
        boolean dl4jFloatOff = false;
        for (String key : exact.gradient().gradientForVariable().keySet()) {
            INDArray expected = exact.gradient().getGradientFor(key).castTo(DataType.FLOAT);
            double scale = Math.max(1e-2, expected.amaxNumber().doubleValue());
            double ours = expected.sub(fast.gradient().getGradientFor(key)).amaxNumber().doubleValue() / scale;
            double theirs = expected.sub(own.gradient().getGradientFor(key)).amaxNumber().doubleValue() / scale;
            assertTrue(ours <= 5e-3, key + ": LayerLoom's gradient differs from DL4J's in double by " + ours);
            assertTrue(ours <= theirs + 1e-4, key + ": " + ours + " from DL4J in double, DL4J's float " + theirs);
            dl4jFloatOff |= theirs > 1e-3;
        }
        assertTrue(dl4jFloatOff, "DL4J's float code no longer loses precision here: compare with it directly");
    }

    @Test
    void sameTrainingAsDl4jOnSmallImagesWithDl4jsBuiltInCode() throws Exception {
        assertTrue(Boolean.parseBoolean(System.getProperty(Dl4jRuntime.HELPERS_DISABLE, "true")),
                "this execution runs with DL4J's helpers off; OneDnnTrainingSetUpTest runs the oneDNN case");
        sameTrainingAsDl4jOnSmallImages();
    }

    @Test
    void closerToDl4jInDoubleThanDl4jsFloatWithDl4jsBuiltInCode() throws Exception {
        closerToDl4jInDoubleThanDl4jsOwnFloat();
    }
}
