package io.layerloom.codegen.dl4j;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A Cropping2D's output is an array of its own (ArrayCopies#cropping copies DL4J's view), so
 * the layers after it may change it in place: found by the random networks of
 * RandomGraphOracleTest (a channel split after a cropping failed in training and feedForward,
 * "Length must be >= 1") and TrainingSetUpPropertyTest (a dropout after a cropping dropped values
 * of the network's input in place). Without the copy every test here fails.
 */
class CroppedOutputTest {

    private static Graph graph(String between, String kind, String params) throws Exception {
        String before = between.isEmpty() ? "crop" : "mid";
        String mid = between.isEmpty() ? "" : "{\"id\": \"mid\", \"kind\": \"" + between + "\", \"inputs\": [\"crop\"]"
                + (between.equals("Dropout") ? ", \"rate\": 0.5" : ", \"activation\": \"relu\"") + "},";
        return GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"name\": \"cropped\", \"nodes\": ["
                + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4, 6, 6]},"
                + "{\"id\": \"conv\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4, \"kernel\": 1, \"activation\": \"identity\"},"
                + "{\"id\": \"crop\", \"kind\": \"Cropping2D\", \"inputs\": [\"conv\"], \"cropping\": 1}," + mid
                + "{\"id\": \"k\", \"kind\": \"" + kind + "\", \"inputs\": [\"" + before + "\"], " + params + "},"
                + "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"k\"]},"
                + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 2, \"activation\": \"softmax\", \"loss\": \"mcxent\"}]}",
                "cropped.json");
    }

    @ParameterizedTest(name = "{1} {2} after a cropping {0}")
    @CsvSource(delimiter = '|', value = {
            "|ChannelSplit|\"parts\": 2, \"index\": 1",
            "|ChannelSplit|\"parts\": 4, \"index\": 3",
            "|ChannelShuffle|\"groups\": 2",
            "Dropout|ChannelSplit|\"parts\": 2, \"index\": 1",
            "Activation|ChannelSplit|\"parts\": 2, \"index\": 1",
            "Activation|ChannelShuffle|\"groups\": 4"})
    void runsInTrainingAndInference(String between, String kind, String params) throws Exception {
        Graph g = graph(between == null ? "" : between, kind, params);
        ComputationGraph net = Dl4jOracle.check(g, true);
        INDArray[] in = Dl4jOracle.inputs(g, Dl4jCompiler.compile(g), 3);
        Map<String, INDArray> acts = net.feedForward(in, false);
        INDArray before = acts.get(between == null ? "crop" : "mid");
        INDArray expected = kind.equals("ChannelSplit") ? slice(before, params) : shuffle(before, params.endsWith("2") ? 2 : 4);
        assertEquals(0, expected.sub(acts.get("k")).amaxNumber().doubleValue(), 0.0, "the channels it keeps");
        INDArray params0 = net.params().dup();
        net.fit(new MultiDataSet(in, Dl4jOracle.labels(Dl4jCompiler.compile(g), 3)));
        assertNotEquals(params0, net.params(), "a training step changes the convolution before the cropping");
    }

    private static INDArray slice(INDArray x, String params) {
        int parts = params.contains("\"parts\": 4") ? 4 : 2;
        int index = params.endsWith("3") ? 3 : 1;
        long width = x.size(1) / parts;
        // dup first: ND4J slices a cropping's view past channel 0 wrongly (the bug this test is about)
        return x.dup().get(NDArrayIndex.all(), NDArrayIndex.interval(index * width, (index + 1) * width), NDArrayIndex.all(),
                NDArrayIndex.all()).dup();
    }

    /** ShuffleNet's shuffle by its definition: output channel j * g + i is input channel i * k + j. */
    private static INDArray shuffle(INDArray x, int g) {
        long c = x.size(1);
        long k = c / g;
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape());
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < k; j++) {
                out.get(NDArrayIndex.all(), NDArrayIndex.point(j * g + i), NDArrayIndex.all(), NDArrayIndex.all())
                        .assign(x.dup().get(NDArrayIndex.all(), NDArrayIndex.point(i * k + j), NDArrayIndex.all(), NDArrayIndex.all()));
            }
        }
        return out;
    }

    /** in -> crop -> (Dropout | Activation) -> flatten -> output: the network's input array is left as it was. */
    @ParameterizedTest(name = "{0} after a cropping of the input")
    @CsvSource({"Dropout", "Activation"})
    void theInputIsNotChangedInPlace(String kind) throws Exception {
        Graph g = GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"name\": \"cropped\", \"nodes\": ["
                + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1, 8, 8]},"
                + "{\"id\": \"crop\", \"kind\": \"Cropping2D\", \"inputs\": [\"in\"], \"cropping\": 1},"
                + "{\"id\": \"k\", \"kind\": \"" + kind + "\", \"inputs\": [\"crop\"], "
                + (kind.equals("Dropout") ? "\"rate\": 0.5" : "\"activation\": \"tanh\"") + "},"
                + "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"k\"]},"
                + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 2, \"activation\": \"softmax\", \"loss\": \"mcxent\"}]}",
                "cropped.json");
        ComputationGraph net = Dl4jOracle.check(g, true);
        Dl4jCompiler.Compilation c = Dl4jCompiler.compile(g);
        INDArray[] in = Dl4jOracle.inputs(g, c, 5);
        INDArray before = in[0].dup();
        net.fit(new MultiDataSet(in, Dl4jOracle.labels(c, 5)));
        assertEquals(before, in[0], "training");
        net.feedForward(in, true);
        assertEquals(before, in[0], "a training pass");
        INDArray out = net.output(in)[0].dup();
        assertEquals(before, in[0], "predicting");
        assertEquals(out, net.output(in)[0], "predicting twice");
    }
}
