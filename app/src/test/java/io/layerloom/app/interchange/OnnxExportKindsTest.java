package io.layerloom.app.interchange;

import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.Sides;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.layerloom.model.layer.ActivationFunction.*;

/**
 * Every exportable kind, each padding mode and every activation, in small graphs: ONNX Runtime
 * runs the exported model to DL4J's outputs (randomised parameters, batch 3).
 */
class OnnxExportKindsTest {

    private static final IntPair ONE = IntPair.of(1);

    /** in -> layers... (each reading the one before) -> [Flatten when an image] -> Output(identity). */
    static Graph chain(Dims input, LayerSpec... layers) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of("in", new Input(input)));
        String last = "in";
        for (int i = 0; i < layers.length; i++) {
            nodes.add(Node.of("l" + i, layers[i], last));
            last = "l" + i;
        }
        Graph g = new Graph("kinds", "", nodes);
        TensorType t = GraphAnalysis.analyze(g).node(last).orElseThrow().output().orElseThrow();
        if (t instanceof TensorType.Image) {
            nodes.add(Node.of("flat", new Flatten(), last));
            last = "flat";
        }
        if (t instanceof TensorType.Sequence) {
            nodes.add(Node.of("out", new RnnOutput(3, IDENTITY, Loss.MSE, true), last));
        } else {
            nodes.add(Node.of("out", new LayerSpec.Output(3, IDENTITY, Loss.MSE, true), last));
        }
        return new Graph("kinds", "", nodes);
    }

    static Graph image(LayerSpec... layers) {
        return chain(Dims.of(3, 7, 7), layers);
    }

    private static Conv2D conv(int filters, int k, int s, Padding p, int d, ActivationFunction f, boolean bias) {
        return new Conv2D(filters, IntPair.of(k), IntPair.of(s), p, IntPair.of(d), f, bias);
    }

    static Stream<Named<Graph>> graphs() {
        List<Named<Graph>> out = new ArrayList<>();
        out.add(Named.of("Conv2D explicit padding, dilation 2, no bias",
            image(conv(4, 3, 1, Padding.of(2, 1), 2, IDENTITY, false))));
        out.add(Named.of("Conv2D same, stride 2, odd input, kernel 3", image(conv(4, 3, 2, Padding.same(), 1, RELU, true))));
        out.add(Named.of("Conv2D same, stride 2, kernel 4 (uneven padding)",
            image(conv(4, 4, 2, Padding.same(), 1, IDENTITY, true))));
        out.add(Named.of("Conv2D same, dilation 2", image(conv(4, 3, 1, Padding.same(), 2, IDENTITY, true))));
        out.add(Named.of("Conv2D 1x3 kernel, stride 1x2", image(new Conv2D(4, new IntPair(1, 3), new IntPair(1, 2),
            Padding.of(0, 1), ONE, TANH, true))));
        out.add(Named.of("DepthwiseConv2D multiplier 2, same, stride 2", image(new DepthwiseConv2D(2, IntPair.of(3),
            IntPair.of(2), Padding.same(), ONE, RELU6, true))));
        out.add(Named.of("DepthwiseConv2D multiplier 1, explicit, no bias", image(new DepthwiseConv2D(1,
            IntPair.of(3), ONE, Padding.of(1), ONE, IDENTITY, false))));
        out.add(Named.of("GroupedConv2D 4 groups of 2 channels, 12 filters, explicit", chain(Dims.of(8, 7, 7),
            new GroupedConv2D(12, 4, IntPair.of(3), ONE, Padding.of(1), ONE))));
        out.add(Named.of("GroupedConv2D 2 groups, same, stride 2, dilation 2, 2x3 kernel", chain(Dims.of(6, 7, 7),
            new GroupedConv2D(4, 2, new IntPair(2, 3), IntPair.of(2), Padding.same(), IntPair.of(2)))));
        out.add(Named.of("SeparableConv2D multiplier 2, explicit", image(new SeparableConv2D(5, 2, IntPair.of(3), ONE,
            Padding.of(1), ONE, ELU, true))));
        out.add(Named.of("SeparableConv2D same, stride 2, no bias", image(new SeparableConv2D(4, 1, IntPair.of(3),
            IntPair.of(2), Padding.same(), ONE, IDENTITY, false))));
        out.add(Named.of("Deconv2D explicit, stride 2", image(new Deconv2D(4, IntPair.of(3), IntPair.of(2), Padding.of(1),
            SIGMOID, true))));
        out.add(Named.of("Deconv2D same, kernel 3, stride 2", image(new Deconv2D(4, IntPair.of(3), IntPair.of(2),
            Padding.same(), IDENTITY, true))));
        out.add(Named.of("Deconv2D same, kernel 2, stride 3", image(new Deconv2D(2, IntPair.of(2), IntPair.of(3),
            Padding.same(), IDENTITY, false))));
        out.add(Named.of("MaxPool2D same, 3 / 2", image(new MaxPool2D(IntPair.of(3), IntPair.of(2), Padding.same()))));
        out.add(Named.of("MaxPool2D explicit padding 1", image(new MaxPool2D(IntPair.of(3), IntPair.of(2), Padding.of(1)))));
        out.add(Named.of("AvgPool2D explicit padding 1 (padding not counted)", image(new AvgPool2D(IntPair.of(3),
            IntPair.of(2), Padding.of(1)))));
        out.add(Named.of("AvgPool2D same, 2 / 2 on 7x7", image(new AvgPool2D(IntPair.of(2), IntPair.of(2), Padding.same()))));
        out.add(Named.of("AvgPool2D floor, 2 / 2 on 7x7", image(new AvgPool2D(IntPair.of(2), IntPair.of(2), Padding.of(0)))));
        out.add(Named.of("GlobalAvgPool", image(new GlobalAvgPool())));
        out.add(Named.of("GlobalMaxPool", image(new GlobalMaxPool())));
        out.add(Named.of("ZeroPadding2D uneven", image(new ZeroPadding2D(new Sides(1, 2, 0, 3)))));
        out.add(Named.of("Cropping2D uneven", image(new Cropping2D(new Sides(1, 0, 2, 1)))));
        out.add(Named.of("Upsampling2D 2x3", image(new Upsampling2D(new IntPair(2, 3)))));
        out.add(Named.of("BatchNorm on an image", image(new BatchNorm(1e-3, 0.9))));
        out.add(Named.of("BatchNorm on a vector", chain(Dims.of(6), new BatchNorm(1e-5, 0.9))));
        out.add(Named.of("LocalResponseNorm size 5", chain(Dims.of(8, 4, 4), new LocalResponseNorm(5, 2, 1e-2, 0.75))));
        out.add(Named.of("LocalResponseNorm size 4", chain(Dims.of(8, 4, 4), new LocalResponseNorm(4, 1, 0.1, 0.5))));
        out.add(Named.of("Dropout", image(new Dropout(0.5))));
        out.add(Named.of("Reshape image to image, Flatten", image(new Reshape(Dims.of(7, 3, 7)))));
        out.add(Named.of("Flatten of a vector", chain(Dims.of(5), new Flatten())));
        for (ActivationFunction f : ActivationFunction.values()) {
            out.add(Named.of("Dense " + f, chain(Dims.of(6), new Dense(5, f, true))));
            if (f != SOFTMAX) {
                out.add(Named.of("Activation " + f + " on an image", image(new ActivationLayer(f))));
            }
        }
        // PyTorch's hard activations, which DL4J builds as steps after the layer.
        out.add(Named.of("Conv2D hardswish, explicit", image(conv(4, 3, 1, Padding.of(1), 1, HARDSWISH, true))));
        out.add(Named.of("DepthwiseConv2D hardsigmoid_torch, same", image(new DepthwiseConv2D(2, IntPair.of(3),
            IntPair.of(2), Padding.same(), ONE, HARDSIGMOID_TORCH, true))));
        out.add(Named.of("SeparableConv2D hardswish, then Activation hardsigmoid_torch", image(new SeparableConv2D(4, 1,
            IntPair.of(3), ONE, Padding.of(1), ONE, HARDSWISH, false), new ActivationLayer(HARDSIGMOID_TORCH))));
        out.add(Named.of("Deconv2D hardsigmoid_torch, then Activation hardswish", image(new Deconv2D(3, IntPair.of(2),
            IntPair.of(2), Padding.of(0), HARDSIGMOID_TORCH, true), new ActivationLayer(HARDSWISH))));
        out.add(Named.of("Dense without bias", chain(Dims.of(6), new Dense(5, IDENTITY, false))));
        out.add(Named.of("Output softmax, no bias", new Graph("o", "", List.of(Node.of("in", new Input(Dims.of(4))),
            Node.of("out", new LayerSpec.Output(6, SOFTMAX, Loss.MCXENT, false), "in")))));
        out.add(Named.of("Add, Multiply, Concat of three branches", merges()));
        out.add(Named.of("Embedding of an index", chain(Dims.of(1), new Embedding(9, 4, true))));
        out.add(Named.of("Embedding of a sequence of indices, LSTM", chain(Dims.of(1, 6), new Embedding(9, 4, true),
            new LSTM(5, TANH, false, false))));
        out.add(Named.of("SimpleRNN last step", chain(Dims.of(4, 6), new SimpleRNN(5, TANH, false))));
        out.add(Named.of("SimpleRNN relu, sequences", chain(Dims.of(4, 6), new SimpleRNN(5, RELU, true))));
        out.add(Named.of("LSTM sequences, then bidirectional LSTM last step", chain(Dims.of(4, 6),
            new LSTM(5, TANH, true, false), new LSTM(3, SIGMOID, false, true))));
        out.add(Named.of("Bidirectional LSTM sequences, RnnOutput softmax", new Graph("b", "", List.of(
            Node.of("in", new Input(Dims.of(4, 6))), Node.of("lstm", new LSTM(5, TANH, true, true), "in"),
            Node.of("out", new RnnOutput(3, SOFTMAX, Loss.MCXENT, true), "lstm")))));
        return out.stream();
    }

    private static Graph merges() {
        return new Graph("merges", "", List.of(Node.of("in", new Input(Dims.of(3, 5, 5))),
            Node.of("a", conv(4, 3, 1, Padding.of(1), 1, RELU, true), "in"),
            Node.of("b", conv(4, 1, 1, Padding.of(0), 1, IDENTITY, true), "in"),
            Node.of("c", conv(4, 3, 1, Padding.same(), 1, TANH, true), "in"),
            Node.of("sum", new Add(), "a", "b", "c"),
            Node.of("product", new Multiply(), "a", "b", "c"),
            Node.of("joined", new Concat(), "sum", "product", "in"),
            Node.of("flat", new Flatten(), "joined"),
            Node.of("out", new LayerSpec.Output(3, IDENTITY, Loss.MSE, true), "flat")));
    }

    @ParameterizedTest
    @MethodSource("graphs")
    void onnxRuntimeComputesWhatDl4jComputes(Graph graph) throws Exception {
        OnnxRuntimeCheck.check(graph, OnnxRuntimeCheck.network(graph, 0.3), 3);
    }

    /**
     * A hardswish convolution and a hardsigmoid_torch Dense written by the export (HardSigmoid with
     * alpha 1/6, and a Mul for hardswish) come back as the same layers with the same weights.
     */
    @org.junit.jupiter.api.Test
    void pytorchsHardActivationsComeBackFromTheirOnnxExport(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Graph graph = new Graph("hard", "", List.of(Node.of("in", new Input(Dims.of(3, 6, 6))),
            Node.of("c", conv(4, 3, 1, Padding.of(1), 1, HARDSWISH, true), "in"),
            Node.of("a", new ActivationLayer(HARDSIGMOID_TORCH), "c"),
            Node.of("p", new GlobalAvgPool(), "a"),
            Node.of("d", new Dense(5, HARDSIGMOID_TORCH, true), "p"),
            Node.of("out", new LayerSpec.Output(3, IDENTITY, Loss.MSE, true), "d")));
        var weights = io.layerloom.app.runtime.NetworkWeights.read(OnnxRuntimeCheck.network(graph, 0.3),
            io.layerloom.codegen.dl4j.ParameterVertices.of(graph));
        java.nio.file.Path file = dir.resolve("hard.onnx");
        java.nio.file.Files.write(file, io.layerloom.codegen.onnx.OnnxExport.bytes(graph, weights, "test"));
        var imported = OnnxImporter.read(file, OnnxImporter.Progress.NONE);
        org.junit.jupiter.api.Assertions.assertEquals(graph.nodes().stream().map(Node::spec).toList(),
            imported.graph().nodes().stream().map(Node::spec).toList());
        for (String id : List.of("c", "d")) {
            String back = imported.graph().nodes().stream().filter(n -> n.spec().equals(graph.require(id).spec()))
                .findFirst().orElseThrow().id();
            org.junit.jupiter.api.Assertions.assertArrayEquals(weights.of(id).get("W").values(),
                imported.weights().of(back).get("W").values(), id);
        }
    }

    /** Conv(group = 4) written by the export is read back by the import as the same GroupedConv2D with the same weights. */
    @org.junit.jupiter.api.Test
    void aGroupedConvolutionComesBackFromItsOnnxExport(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        GroupedConv2D spec = new GroupedConv2D(12, 4, new IntPair(3, 2), IntPair.of(2), Padding.of(1, 0), ONE);
        Graph graph = chain(Dims.of(8, 9, 9), spec);
        var weights = io.layerloom.app.runtime.NetworkWeights.read(OnnxRuntimeCheck.network(graph, 0.3),
            io.layerloom.codegen.dl4j.ParameterVertices.of(graph));
        java.nio.file.Path file = dir.resolve("grouped.onnx");
        java.nio.file.Files.write(file, io.layerloom.codegen.onnx.OnnxExport.bytes(graph, weights, "test"));
        var imported = OnnxImporter.read(file, OnnxImporter.Progress.NONE);
        List<Node> grouped = imported.graph().nodes().stream().filter(n -> n.spec() instanceof GroupedConv2D).toList();
        org.junit.jupiter.api.Assertions.assertEquals(List.of(spec), grouped.stream().map(Node::spec).toList());
        org.junit.jupiter.api.Assertions.assertArrayEquals(weights.of("l0").get("W").values(),
            imported.weights().of(grouped.get(0).id()).get("W").values());
        org.junit.jupiter.api.Assertions.assertArrayEquals(weights.of("l0").get("W").shape(),
            imported.weights().of(grouped.get(0).id()).get("W").shape());
    }
}
