package io.layerloom.codegen.dl4j;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The channel kinds' DL4J chains (Dl4jChannelOps) against their definitions written out here
 * index by index: ShuffleNet's shuffle (output channel j * g + i is input channel i * k + j), a
 * split's slice of channels, and squeeze-and-excitation's per-channel product. Each also trains a
 * step, so the chains pass gradients back to the layers before them.
 */
class ChannelKindsTest {

    private static final int C = 12;
    private static final int H = 3;
    private static final int W = 5;

    /** in -> conv (so that a gradient reaches weights) -> node under test -> flatten -> output. */
    private static Graph graph(LayerSpec spec, boolean scaled) {
        List<Node> nodes = new ArrayList<>(List.of(Node.of("in", new LayerSpec.Input(Dims.of(C, H, W)))));
        String[] inputs = {"in"};
        if (scaled) {
            nodes.add(Node.of("pool", new LayerSpec.GlobalAvgPool(), "in"));
            nodes.add(Node.of("excite", new LayerSpec.Dense(C, ActivationFunction.SIGMOID, true), "pool"));
            inputs = new String[]{"in", "excite"};
        }
        nodes.add(Node.of("k", spec, inputs));
        nodes.add(Node.of("f", new LayerSpec.Flatten(), "k"));
        nodes.add(Node.of("out", new LayerSpec.Output(3, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "f"));
        return new Graph("channels", "", nodes);
    }

    private static INDArray input() {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.rand(DataType.FLOAT, 3, C, H, W).subi(0.5);
    }

    /** Asserts equal values and that the network still trains a step (gradients through the chain). */
    private static void assertComputes(ComputationGraph net, Map<String, INDArray> acts, INDArray expected) {
        INDArray actual = acts.get("k");
        assertArrayEquals(expected.shape(), actual.shape());
        assertEquals(0, expected.sub(actual).amaxNumber().doubleValue(), 1e-6, "largest |difference|");
        // The inference path (workspaces, as predict and the ONNX check run it) gives the layers after it the same values.
        INDArray viaOutput = net.output(false, input().dup())[0];
        assertEquals(0, viaOutput.sub(acts.get("out")).amaxNumber().doubleValue(), 1e-6, "output() against feedForward");
        INDArray before = net.params().dup();
        net.fit(new MultiDataSet(new INDArray[]{input()}, new INDArray[]{Nd4j.eye(3).getRows(0, 1, 2)}));
        assertNotEquals(before, net.params(), "a training step changes the parameters");
    }

    @ParameterizedTest(name = "groups {0}")
    @CsvSource({"2", "3", "4", "12", "1"})
    void shuffleInterleavesTheGroups(int g) {
        ComputationGraph net = Dl4jOracle.check(graph(new LayerSpec.ChannelShuffle(g), false), true);
        INDArray x = input();
        int k = C / g;
        INDArray expected = Nd4j.create(DataType.FLOAT, 3, C, H, W);
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < k; j++) {
                for (int n = 0; n < 3; n++) {
                    for (int h = 0; h < H; h++) {
                        for (int w = 0; w < W; w++) {
                            expected.putScalar(new int[]{n, j * g + i, h, w}, x.getDouble(n, i * k + j, h, w));
                        }
                    }
                }
            }
        }
        assertComputes(net, net.feedForward(x, false), expected);
    }

    @ParameterizedTest(name = "parts {0}, index {1}")
    @CsvSource({"2, 0", "2, 1", "3, 2", "4, 1", "1, 0"})
    void splitKeepsItsSliceOfChannels(int parts, int index) {
        ComputationGraph net = Dl4jOracle.check(graph(new LayerSpec.ChannelSplit(parts, index), false), true);
        INDArray x = input();
        int width = C / parts;
        INDArray expected = Nd4j.create(DataType.FLOAT, 3, width, H, W);
        for (int n = 0; n < 3; n++) {
            for (int c = 0; c < width; c++) {
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        expected.putScalar(new int[]{n, c, h, w}, x.getDouble(n, index * width + c, h, w));
                    }
                }
            }
        }
        assertComputes(net, net.feedForward(x, false), expected);
    }

    @Test
    void scaleMultipliesEachChannelByItsValue() {
        ComputationGraph net = Dl4jOracle.check(graph(new LayerSpec.ChannelScale(), true), true);
        INDArray x = input();
        Map<String, INDArray> acts = net.feedForward(x, false);
        INDArray s = acts.get("excite");
        assertArrayEquals(new long[]{3, C}, s.shape());
        INDArray expected = Nd4j.create(DataType.FLOAT, 3, C, H, W);
        for (int n = 0; n < 3; n++) {
            for (int c = 0; c < C; c++) {
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        expected.putScalar(new int[]{n, c, h, w}, x.getDouble(n, c, h, w) * s.getDouble(n, c));
                    }
                }
            }
        }
        assertComputes(net, acts, expected);
    }
}
