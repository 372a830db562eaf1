package io.layerloom.app.interchange;

import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.onnx.OnnxExport;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * ShuffleNet v2's unit and EfficientNet's squeeze-and-excitation drawn with the channel kinds:
 * ONNX Runtime runs the export (Reshape-Transpose-Reshape, Slice, Unsqueeze and a broadcasting
 * Mul) to DL4J's outputs, and the import reads the file back to the same layers and weights.
 */
class OnnxChannelKindsTest {

    private static final IntPair ONE = IntPair.of(1);

    private static Conv2D conv(int filters, int k, ActivationFunction f) {
        return new Conv2D(filters, IntPair.of(k), ONE, Padding.of(k / 2), ONE, f, true);
    }

    /** Split in two, one half through convolutions, joined and shuffled; then a squeeze-and-excitation. */
    static Graph unit() {
        return new Graph("channels", "", List.of(
            Node.of("in", new Input(Dims.of(4, 5, 6))),
            Node.of("wide", conv(12, 1, ActivationFunction.RELU), "in"),
            Node.of("left", new ChannelSplit(2, 0), "wide"),
            Node.of("right", new ChannelSplit(2, 1), "wide"),
            Node.of("c", conv(6, 3, ActivationFunction.RELU), "right"),
            Node.of("cat", new Concat(), "left", "c"),
            Node.of("shuffle", new ChannelShuffle(3), "cat"),
            Node.of("third", new ChannelSplit(3, 2), "shuffle"),
            Node.of("pool", new GlobalAvgPool(), "shuffle"),
            Node.of("squeeze", new Dense(3, ActivationFunction.SWISH, true), "pool"),
            Node.of("excite", new Dense(12, ActivationFunction.SIGMOID, true), "squeeze"),
            Node.of("scale", new ChannelScale(), "shuffle", "excite"),
            Node.of("mix", conv(4, 1, ActivationFunction.IDENTITY), "third"),
            Node.of("flat", new Flatten(), "scale"),
            Node.of("flat2", new Flatten(), "mix"),
            Node.of("both", new Concat(), "flat", "flat2"),
            Node.of("out", new LayerSpec.Output(3, ActivationFunction.IDENTITY, Loss.MSE, true), "both")));
    }

    @Test
    void onnxRuntimeComputesWhatDl4jComputes() throws Exception {
        Graph graph = unit();
        OnnxRuntimeCheck.check(graph, OnnxRuntimeCheck.network(graph, 0.3), 3);
    }

    @Test
    void eachKindAloneInOnnxRuntime() throws Exception {
        OnnxRuntimeCheck.check(OnnxExportKindsTest.chain(Dims.of(6, 3, 2), new ChannelShuffle(3)),
            OnnxRuntimeCheck.network(OnnxExportKindsTest.chain(Dims.of(6, 3, 2), new ChannelShuffle(3)), 0.3), 3);
        Graph split = OnnxExportKindsTest.chain(Dims.of(6, 3, 2), new ChannelSplit(3, 1));
        OnnxRuntimeCheck.check(split, OnnxRuntimeCheck.network(split, 0.3), 3);
        Graph scale = new Graph("scale", "", List.of(Node.of("in", new Input(Dims.of(4, 3, 2))),
            Node.of("pool", new GlobalAvgPool(), "in"),
            Node.of("excite", new Dense(4, ActivationFunction.SIGMOID, true), "pool"),
            Node.of("scale", new ChannelScale(), "in", "excite"),
            Node.of("flat", new Flatten(), "scale"),
            Node.of("out", new LayerSpec.Output(3, ActivationFunction.IDENTITY, Loss.MSE, true), "flat")));
        OnnxRuntimeCheck.check(scale, OnnxRuntimeCheck.network(scale, 0.3), 3);
    }

    @Test
    void theChannelKindsComeBackFromTheirOnnxExport(@TempDir Path dir) throws Exception {
        Graph graph = unit();
        var weights = NetworkWeights.read(OnnxRuntimeCheck.network(graph, 0.3), ParameterVertices.of(graph));
        Path file = dir.resolve("channels.onnx");
        Files.write(file, OnnxExport.bytes(graph, weights, "test"));
        var imported = OnnxImporter.read(file, OnnxImporter.Progress.NONE);
        assertEquals(graph.nodes().stream().map(Node::spec).toList(),
            imported.graph().nodes().stream().map(Node::spec).toList());
        assertArrayEquals(weights.of("excite").get("W").values(),
            imported.weights().of(imported.graph().nodes().get(10).id()).get("W").values());
    }
}
