package io.layerloom.app.cli;

import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.codegen.onnx.OnnxTestModels;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.layer.LayerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** layerloom import: both files on success, every other command works on them; nothing written on failure. */
class ImportCommandTest {

    @TempDir
    Path dir;

    private Path onnx(ModelProto model) throws Exception {
        return OnnxTestModels.write(dir, "model.onnx", model);
    }

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesTheLaidOutGraphAndTheNetworkWithTheOnnxWeightsWhichEvaluateReads() throws Exception {
        Path model = onnx(OnnxTestModels.cnn());
        Path out = dir.resolve("cnn.json");

        run("import", model.toString(), out.toString()).exits(0)
                .outContains("Imported model.onnx: 5 nodes, 690 trainable parameters", "Wrote " + out);

        assertEquals(List.of("cnn.dl4j.json", "cnn.dl4j.zip", "cnn.json", "model.onnx"), files());
        Graph graph = GraphJson.read(out);
        assertEquals("model", graph.name(), "named after the file, not the exporter's graph name");
        assertEquals(List.of("input", "conv1", "pool1", "flatten", "fc"), graph.nodes().stream().map(Node::id).toList());
        assertEquals(List.of("Input", "Conv2D", "MaxPool2D", "Flatten", "Output"),
                graph.nodes().stream().map(Node::kind).map(LayerKind::name).toList());
        assertEquals(true, graph.nodes().stream().allMatch(n -> n.position().isPresent()));
        Weights saved = NetworkWeights.read(ModelSerializer.restoreComputationGraph(
                dir.resolve("cnn.dl4j.zip").toFile(), false), ParameterVertices.of(graph));
        assertArrayEquals(OnnxTestModels.values(36), saved.of("conv1").get("W").values());
        assertArrayEquals(new long[] {64, 10}, saved.of("fc").get("W").shape());
        // fc.weight is [10, 64] in ONNX (transB); DL4J holds its transpose: DL4J's W[1][0] is ONNX's [0][1].
        assertEquals(OnnxTestModels.values(640)[1], saved.of("fc").get("W").values()[10]);

        run("evaluate", out.toString()).exits(2).errContains("which data? Give --data");
        run("evaluate", out.toString(), "--data", "synthetic:1x8x8:10", "--json").exits(0);
    }

    @Test
    void unsupportedOperatorsAreAllListedWithWhatIsSupportedAndNothingIsWritten() throws Exception {
        ModelProto m = OnnxTestModels.cnn();
        var g = m.getGraph().toBuilder();
        NodeProto relu = g.getNode(1).toBuilder().setOpType("Erf").build();
        NodeProto pool = g.getNode(2).toBuilder().addAttribute(OnnxTestModels.ints("dilations", 2, 2)).build();
        g.setNode(1, relu).setNode(2, pool);
        Path model = onnx(m.toBuilder().setGraph(g).build());
        Path out = dir.resolve("cnn.json");
        Files.writeString(out, "old");

        run("import", model.toString(), out.toString()).exits(1)
                .errContains("model.onnx: 2 nodes cannot be imported:",
                        "  - node 'relu1' (Erf), inputs [conv_out]: operator Erf is not supported.",
                        "  - node 'pool1' (MaxPool), inputs [relu_out], attributes {dilations=[2, 2], kernel_shape=[2, 2],"
                                + " strides=[2, 2]}: dilated or column-major MaxPool",
                        "LayerLoom imports only Conv (group 1", "Nothing was written.");

        assertEquals(List.of("cnn.json", "model.onnx"), files());
        assertEquals("old", Files.readString(out));
    }

    @Test
    void aFileThatIsNotOnnxOrIsTruncatedGetsAClearErrorAndNothingIsWritten() throws Exception {
        Path json = dir.resolve("graph.onnx");
        Files.writeString(json, "{\"format\": \"layerloom-graph\"}");
        run("import", json.toString(), dir.resolve("a.json").toString()).exits(2)
                .errContains("graph.onnx: the file is not an ONNX model", "Nothing was written.");

        byte[] whole = OnnxTestModels.cnn().toByteArray();
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        run("import", cut.toString(), dir.resolve("b.json").toString()).exits(2)
                .errContains("cut.onnx: the file is truncated");

        run("import", dir.resolve("missing.onnx").toString(), dir.resolve("c.json").toString()).exits(2)
                .errContains("missing.onnx: the file does not exist.");
        assertEquals(List.of("cut.onnx", "graph.onnx"), files());
    }

    @Test
    void aGraphOutputWrittenByAPoolingIsRefusedNamingItAndWhatTheImportNeeds() throws Exception {
        ModelProto m = OnnxTestModels.cnn();
        var g = m.getGraph().toBuilder().removeNode(4).removeNode(3).setOutput(0,
                OnnxTestModels.value("pool_out", onnx.Onnx.TensorProto.DataType.FLOAT_VALUE, "batch", 4, 4, 4));
        Path model = onnx(m.toBuilder().setGraph(g).build());

        run("import", model.toString(), dir.resolve("p.json").toString()).exits(1)
                .errContains("graph output 'pool_out', inputs []: it is written by MaxPool2D 'pool1' as a tensor of rank 4; a"
                        + " LayerLoom network ends in an output layer over a vector [N, F]");
        assertEquals(List.of("model.onnx"), files());
    }
}
