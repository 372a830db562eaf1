package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A channel split or shuffle after a Cropping2D (directly, or through a dropout or activation
 * that DL4J passes the cropping's view through): DL4J 1.0.0-M2.1 failed these in training and in
 * feedForward ("Length must be >= 1"), found by RandomGraphOracleTest in CI. {@link CroppedInputs}
 * copies the view first; without it every network here fails.
 */
class CroppedChannelsTest {

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

    @Test
    void onlyASliceOfACroppingCopiesFirst() throws Exception {
        Graph cropped = graph("", "ChannelSplit", "\"parts\": 2, \"index\": 1");
        var analysis = GraphAnalysis.analyze(cropped);
        assertEquals(java.util.List.of("k/copy", "k/slice"), map(cropped, analysis, "k").helperNames("k"));
        assertEquals(java.util.List.of(), map(cropped, analysis, "f").helperNames("f"), "a flatten after a cropping is as it was");
        Graph plain = GraphJson.read(GraphJson.write(cropped).replace("\"inputs\": [\"crop\"], \"parts\"",
                "\"inputs\": [\"conv\"], \"parts\""), "plain.json");
        assertEquals(java.util.List.of("k/slice"), map(plain, GraphAnalysis.analyze(plain), "k").helperNames("k"));
    }

    private static Dl4jElement map(Graph g, io.layerloom.model.analysis.Analysis a, String id) {
        var node = g.require(id);
        return Dl4jMapping.map(node, g, a, node.inputs().stream().map(in -> a.node(in).orElseThrow().output().orElseThrow()).toList(),
                a.node(id).orElseThrow().output().orElseThrow());
    }
}
