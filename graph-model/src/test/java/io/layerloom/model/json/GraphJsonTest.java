package io.layerloom.model.json;

import io.layerloom.model.TestGraphs;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Padding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

class GraphJsonTest {

    private static GraphFormatException readError(String text) {
        return assertThrows(GraphFormatException.class, () -> GraphJson.read(text, "bad.json"));
    }

    private static String file(String nodes) {
        return "{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": [" + nodes + "]}";
    }

    @Test
    void readsTheIssuesExample() {
        Graph g = TestGraphs.parse(TestGraphs.TINY);
        assertEquals("tiny", g.name());
        assertEquals(5, g.size());
        LayerSpec.Conv2D c1 = (LayerSpec.Conv2D) g.require("c1").spec();
        assertEquals(new LayerSpec.Conv2D(8, IntPair.of(5), IntPair.of(1), Padding.of(0), IntPair.of(1),
                io.layerloom.model.layer.ActivationFunction.RELU, true), c1);
        LayerSpec.MaxPool2D p1 = (LayerSpec.MaxPool2D) g.require("p1").spec();
        assertEquals(IntPair.of(2), p1.stride(), "pooling stride defaults to its kernel");
        assertEquals(List.of("f"), g.require("out").inputs());
    }

    @Test
    void writingIsCanonicalAndRoundTrips() throws Exception {
        Graph g = TestGraphs.parse(TestGraphs.TINY);
        String text = GraphJson.write(g);
        assertEquals(g, GraphJson.read(text, "again"));
        assertEquals(text, GraphJson.write(GraphJson.read(text, "again")));
        assertTrue(text.contains("{\"id\": \"c1\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 8, \"kernel\": 5, "
                + "\"stride\": 1, \"padding\": 0, \"dilation\": 1, \"activation\": \"relu\", \"bias\": true}"), text);
    }

    @Test
    void pytorchsHardActivationsRoundTripUnderTheirOwnNamesBesideDl4jsHardSigmoid() throws Exception {
        Graph g = GraphJson.read(file("""
                {"id": "in", "kind": "Input", "shape": [3, 8, 8]},
                {"id": "c", "kind": "Conv2D", "inputs": ["in"], "filters": 4, "kernel": 3, "activation": "hardswish"},
                {"id": "hs", "kind": "Activation", "inputs": ["c"], "activation": "hardsigmoid_torch"},
                {"id": "dl4j", "kind": "Activation", "inputs": ["hs"], "activation": "hardsigmoid"}
                """), "hard.json");
        assertEquals(ActivationFunction.HARDSWISH, ((LayerSpec.Conv2D) g.require("c").spec()).activation());
        assertEquals(new LayerSpec.ActivationLayer(ActivationFunction.HARDSIGMOID_TORCH), g.require("hs").spec());
        assertEquals(new LayerSpec.ActivationLayer(ActivationFunction.HARDSIGMOID), g.require("dl4j").spec());
        String text = GraphJson.write(g);
        assertEquals(g, GraphJson.read(text, "again"));
        assertTrue(text.contains("\"activation\": \"hardswish\"") && text.contains("\"activation\": \"hardsigmoid_torch\"")
                && text.contains("\"activation\": \"hardsigmoid\""), text);
        GraphFormatException e = readError(file("""
                {"id": "in", "kind": "Input", "shape": [4]},
                {"id": "a", "kind": "Activation", "inputs": ["in"], "activation": "hardswich"}
                """));
        assertTrue(e.getMessage().contains("hardswish"), e.getMessage());
    }

    @Test
    void formsOfKernelPaddingAndSidesRoundTrip() throws Exception {
        Graph g = TestGraphs.parse(file("""
                {"id": "in", "kind": "Input", "shape": [3, 32, 32], "position": [10.5, -3]},
                {"id": "c", "kind": "Conv2D", "inputs": ["in"], "kernel": [3, 5], "padding": "same", "stride": [1, 2]},
                {"id": "v", "kind": "Conv2D", "inputs": ["c"], "padding": "valid"},
                {"id": "z", "kind": "ZeroPadding2D", "inputs": ["v"], "padding": [0, 1, 0, 1]},
                {"id": "z2", "kind": "ZeroPadding2D", "inputs": ["z"], "padding": [2, 3]},
                {"id": "b", "kind": "BatchNorm", "inputs": ["z2"], "eps": 0.001, "momentum": 0.99}
                """));
        String text = GraphJson.write(g);
        assertTrue(text.contains("\"kernel\": [3, 5], \"stride\": [1, 2], \"padding\": \"same\""), text);
        assertTrue(text.contains("\"padding\": [0, 1, 0, 1]"), text);
        assertTrue(text.contains("\"padding\": [2, 3]"), text);
        assertTrue(text.contains("\"eps\": 0.001, \"momentum\": 0.99"), text);
        assertTrue(text.contains("\"position\": [10.5, -3]"), text);
        assertEquals(g, GraphJson.read(text, "again"));
        assertEquals(Padding.of(0), ((LayerSpec.Conv2D) g.require("v").spec()).padding());
    }

    @Test
    void unknownFieldsAreKeptVerbatimForTheAnalysisToReport() throws Exception {
        Graph g = TestGraphs.parse(file("""
                {"id": "in", "kind": "Input", "shape": [4], "colour": {"r": 1, "tags": ["a", "b"]}}
                """));
        assertEquals(Map.of("colour", "{\"r\": 1, \"tags\": [\"a\", \"b\"]}"), g.require("in").unknownFields());
        String text = GraphJson.write(g);
        assertEquals(g, GraphJson.read(text, "again"));
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        GraphFormatException e = readError("{\n  \"format\": \"layerloom-graph\",\n  \"version\": 1,\n  \"nodes\": [\n    {\"id\": \"a\",}\n  ]\n}");
        assertEquals(5, e.line());
        assertTrue(e.getMessage().startsWith("bad.json:5:"), e.getMessage());
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void unknownKindNamesTheNodeAndSuggests() {
        GraphFormatException e = readError(file("{\"id\": \"c1\", \"kind\": \"Conv2d\"}"));
        assertEquals("c1", e.node().orElseThrow());
        assertTrue(e.getMessage().contains("unknown kind 'Conv2d'. Did you mean 'Conv2D'?"), e.getMessage());
        assertEquals(1, e.line());
    }

    @Test
    void wrongTypesNameNodeFieldAndPosition() {
        GraphFormatException e = readError(file("{\"id\": \"c1\", \"kind\": \"Conv2D\",\n \"filters\": \"eight\"}"));
        assertEquals("bad.json:2:13: node 'c1': field 'filters': must be a whole number, got a string \"eight\".", e.getMessage());
        e = readError(file("{\"id\": \"c1\", \"kind\": \"Conv2D\", \"kernel\": [1, 2, 3]}"));
        assertTrue(e.getMessage().contains("field 'kernel': must be n or [h, w]"), e.getMessage());
        e = readError(file("{\"id\": \"c1\", \"kind\": \"Conv2D\", \"padding\": \"samee\"}"));
        assertTrue(e.getMessage().contains("Did you mean 'same'?"), e.getMessage());
        e = readError(file("{\"id\": \"c1\", \"kind\": \"Conv2D\", \"activation\": \"Relu\"}"));
        assertTrue(e.getMessage().contains("unknown activation 'Relu'. Did you mean 'relu'?"), e.getMessage());
        e = readError(file("{\"id\": \"d\", \"kind\": \"Dense\", \"units\": 1e30}"));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        e = readError(file("{\"id\": \"d\", \"kind\": \"Dense\", \"units\": 2.5}"));
        assertTrue(e.getMessage().contains("must be a whole number, got 2.5"), e.getMessage());
    }

    @Test
    void headerProblems() {
        assertTrue(readError("").getMessage().contains("the file is empty"));
        assertTrue(readError("[1, 2]").getMessage().contains("holds an array"));
        assertTrue(readError("{\"format\": \"other\", \"version\": 1, \"nodes\": []}").getMessage().contains("not a LayerLoom graph"));
        GraphFormatException newer = readError("{\"format\": \"layerloom-graph\", \"version\": " + (GraphJson.VERSION + 1) + ", \"nodes\": []}");
        assertTrue(newer.getMessage().contains("newer LayerLoom"), newer.getMessage());
        assertTrue(readError("{\"format\": \"layerloom-graph\", \"version\": 0, \"nodes\": []}").getMessage()
                .endsWith("field 'version': the version must be at least 1, got 0."));
        GraphFormatException huge = readError(file("{\"id\": \"d\", \"kind\": \"Dense\", \"units\": 1e999999999}"));
        assertTrue(huge.getMessage().contains("node 'd': field 'units': the number 1e999999999 has an exponent beyond \u00b11000"), huge.getMessage());
        GraphFormatException comma = readError("{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": [1,]}");
        assertTrue(comma.getMessage().contains("trailing comma"), comma.getMessage());
        assertTrue(readError("{\"format\": \"layerloom-graph\", \"version\": 1}").getMessage().contains("missing \"nodes\""));
        GraphFormatException typo = readError("{\"format\": \"layerloom-graph\", \"version\": 1, \"nodez\": []}");
        assertTrue(typo.getMessage().contains("Did you mean 'nodes'?"), typo.getMessage());
        GraphFormatException dup = readError("{\"format\": \"layerloom-graph\", \"format\": \"x\"}");
        assertTrue(dup.getMessage().contains("appears twice"), dup.getMessage());
        assertTrue(readError(file("{\"kind\": \"Dense\"}")).getMessage().contains("node #1 has no \"id\""));
        assertTrue(readError(file("3")).getMessage().contains("node #1 must be an object"));
        assertTrue(readError("{} {}").getMessage().contains("after the end"));
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        GraphFormatException e = readError(deep);
        assertTrue(e.getMessage().startsWith("bad.json:1:201: the JSON is nested more than 200 levels deep"), e.getMessage());
    }

    @Test
    void savingIsAtomicAndFilesReadBack(@TempDir Path dir) throws Exception {
        Graph g = TestGraphs.parse(TestGraphs.TINY).withName("ünïcode \"quoted\"");
        Path file = dir.resolve("m.json");
        GraphJson.write(g, file);
        assertEquals(g, GraphJson.read(file));
        GraphJson.write(g.withName("second"), file);
        assertEquals("second", GraphJson.read(file).name());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void fileLevelProblems(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve("bin.json");
        Files.write(binary, new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> GraphJson.read(binary));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        Path bom = dir.resolve("bom.json");
        Files.writeString(bom, "\uFEFF" + TestGraphs.TINY, StandardCharsets.UTF_8);
        assertEquals(5, GraphJson.read(bom).size());
    }

    @Test
    void idsThatLookLikeCodeAreWrittenSafely() throws Exception {
        String id = "a\"b*/c\\d\u00e9\u4e2d\n";
        Graph g = new Graph("n", "", List.of(Node.of(id, new LayerSpec.Input(io.layerloom.model.layer.Dims.of(3)))
                .withPosition(new Position(1, 2))));
        String text = GraphJson.write(g);
        assertTrue(text.contains("\"a\\\"b*/c\\\\d\u00e9\u4e2d\\n\""), text);
        assertEquals(g, GraphJson.read(text, "ids"));
    }

    @Test
    void trainingSettingsRoundTripWithDefaultsForWhatIsLeftOut() throws Exception {
        Graph g = GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"training\": "
                + "{\"optimizer\": \"adamw\", \"weightDecay\": 0.01, \"schedule\": \"cosine\", \"epochs\": 20}, \"nodes\": []}", "t.json");
        var t = g.training().orElseThrow();
        assertEquals(io.layerloom.model.training.TrainingSettings.Optimizer.ADAMW, t.optimizer());
        assertEquals(20, t.epochs());
        assertEquals(0.001, t.learningRate());
        assertEquals(64, t.batchSize());
        String text = GraphJson.write(g);
        assertTrue(text.contains("\"training\": {\"optimizer\": \"adamw\", \"learningRate\": 0.001, \"schedule\": \"cosine\""), text);
        assertEquals(g, GraphJson.read(text, "again"));
        assertEquals(java.util.Optional.empty(), TestGraphs.parse(TestGraphs.TINY).training());
    }

    @Test
    void badTrainingSettingsSayWhatToDo() {
        GraphFormatException e = readError("{\"format\": \"layerloom-graph\", \"version\": 1, \"training\": {\"learningrate\": 1}, \"nodes\": []}");
        assertTrue(e.getMessage().contains("field 'training': unknown training setting 'learningrate'. Did you mean 'learningRate'?"), e.getMessage());
        e = readError("{\"format\": \"layerloom-graph\", \"version\": 1, \"training\": {\"optimizer\": \"adamw\"}, \"nodes\": []}");
        assertTrue(e.getMessage().endsWith("adamw needs a weightDecay greater than 0 (0.01 is common)."), e.getMessage());
        e = readError("{\"format\": \"layerloom-graph\", \"version\": 1, \"training\": {\"optimizer\": \"adm\"}, \"nodes\": []}");
        assertTrue(e.getMessage().contains("unknown optimizer 'adm'. Did you mean 'adam'?"), e.getMessage());
        e = readError("{\"format\": \"layerloom-graph\", \"version\": 1, \"training\": {\"epochs\": \"ten\"}, \"nodes\": []}");
        assertTrue(e.getMessage().contains("must be a whole number"), e.getMessage());
    }
}
