package io.layerloom.app.cli;

import static io.layerloom.app.cli.CliRunner.path;
import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.onnx.OnnxModel;
import io.layerloom.codegen.onnx.OnnxReader;
import io.layerloom.model.json.GraphJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerloom export}: weights from the trained model or the seed, and every refusal writing nothing. */
class ExportCommandTest {

    @TempDir
    Path dir;

    private Path tiny() throws Exception {
        return Files.copy(Path.of(path("tiny.json")), dir.resolve("tiny.json"));
    }

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static float[] floats(OnnxModel m, String name) {
        java.nio.FloatBuffer b = m.initializer(name).orElseThrow().floatData();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void withoutATrainedModelTheSeedInitialisesTheWeightsAndTheCommandSaysSo() throws Exception {
        Path graph = tiny();
        Path out = dir.resolve("tiny.onnx");
        CliRunner.Run r = run("export", graph.toString(), "--format", "onnx", "--out", out.toString()).exits(0);
        assertEquals("wrote " + out + " (" + Files.size(out) + " bytes, ONNX opset 13) with weights initialised from "
            + "the graph's seed 42 (no trained model beside the graph: train it first to export trained weights)\n",
            r.out().replace("\r\n", "\n"));
        OnnxModel m = new OnnxReader().read(out);
        assertEquals(List.of("LayerLoom", 7L, 13L, "in", "out"), List.of(m.producer().split(" ")[0], m.irVersion(),
            m.defaultOpset().orElseThrow(), m.inputs().get(0).name(), m.outputs().get(0).name()));
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(GraphJson.read(graph)).require());
        assertArrayEquals(NetworkWeights.read(net, ParameterVertices.of(GraphJson.read(graph))).of("c1").get("W").values(),
            floats(m, "c1/W"));
        assertEquals(List.of("tiny.json", "tiny.onnx"), files());
    }

    @Test
    void theTrainedModelBesideTheGraphGivesTheWeights() throws Exception {
        Path graph = tiny();
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(GraphJson.read(graph), 5).require());
        ModelSerializer.writeModel(net, dir.resolve("tiny.dl4j.zip").toFile(), false);
        Path out = dir.resolve("sub/tiny.onnx");
        CliRunner.Run r = run("export", graph.toString(), "--format", "onnx", "--out", out.toString()).exits(0);
        assertEquals("wrote " + out + " (" + Files.size(out) + " bytes, ONNX opset 13) with the weights of "
            + dir.resolve("tiny.dl4j.zip").toAbsolutePath() + "\n", r.out().replace("\r\n", "\n"));
        assertArrayEquals(NetworkWeights.read(net, ParameterVertices.of(GraphJson.read(graph))).of("out").get("W").values(),
            floats(new OnnxReader().read(out), "out/W"));
    }

    @Test
    void aModelOfAnotherGraphIsRefusedNamingTheParameters() throws Exception {
        Path graph = tiny();
        Path other = dir.resolve("other.json");
        Files.writeString(other, Files.readString(graph).replace("\"filters\": 8", "\"filters\": 6"));
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(GraphJson.read(other)).require());
        Path model = dir.resolve("other.dl4j.zip");
        ModelSerializer.writeModel(net, model.toFile(), false);
        Path out = dir.resolve("tiny.onnx");
        run("export", graph.toString(), "--format", "onnx", "--out", out.toString(), "--model", model.toString())
            .exits(2).errContains(model + " does not match the graph",
                "node 'c1', parameter 'W': the graph needs [8, 1, 5, 5], the weights hold [6, 1, 5, 5]",
                "node 'out', parameter 'W': the graph needs [1152, 10], the weights hold [864, 10]");
        assertFalse(Files.exists(out));
    }

    @Test
    void layersWithoutAnOnnxEquivalentAreAllNamedAndNothingIsWritten() throws Exception {
        Path graph = dir.resolve("rnn.json");
        Files.writeString(graph, "{\"format\": \"layerloom-graph\", \"version\": 1, \"name\": \"rnn\", \"nodes\": ["
            + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4, 6]},"
            + "{\"id\": \"r1\", \"kind\": \"SimpleRNN\", \"inputs\": [\"in\"], \"units\": 5, \"activation\": \"relu6\","
            + " \"returnSequences\": true},"
            + "{\"id\": \"a\", \"kind\": \"Activation\", \"inputs\": [\"r1\"], \"activation\": \"softmax\"},"
            + "{\"id\": \"l\", \"kind\": \"LSTM\", \"inputs\": [\"a\"], \"units\": 3, \"activation\": \"selu\"},"
            + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"l\"], \"units\": 2}]}");
        Path out = dir.resolve("rnn.onnx");
        run("export", graph.toString(), "--format", "onnx", "--out", out.toString()).exits(1)
            .errContains("3 nodes have no ONNX equivalent (opset 13)",
                "SimpleRNN 'r1': activation relu6 inside a recurrent layer",
                "Activation 'a': softmax over an image or a sequence",
                "LSTM 'l': activation selu inside a recurrent layer");
        assertFalse(Files.exists(out));
    }

    @Test
    void aGraphWithErrorsIsNotExported() throws Exception {
        Path out = dir.resolve("bad.onnx");
        run("export", path("kernel-too-large.json"), "--format", "onnx", "--out", out.toString()).exits(1)
            .errContains("cannot be exported", "kernel");
        assertFalse(Files.exists(out));
    }

    @Test
    void theCommandLineIsChecked() throws Exception {
        Path out = dir.resolve("x.onnx");
        run("export", path("tiny.json"), "--format", "tflite", "--out", out.toString()).exits(2)
            .errContains("--format must be one of: onnx; got 'tflite'.");
        run("export", path("tiny.json"), "--out", out.toString()).exits(2).errContains("--format");
        run("export", path("tiny.json"), "--format", "onnx").exits(2).errContains("--out");
        run("export", dir.resolve("missing.json").toString(), "--format", "onnx", "--out", out.toString()).readError()
            .errContains("no such file");
        run("export", path("tiny.json"), "--format", "onnx", "--out", out.toString(), "--model",
            dir.resolve("none.dl4j.zip").toString()).readError().errContains("no such model file");
        assertFalse(Files.exists(out));
    }
}
