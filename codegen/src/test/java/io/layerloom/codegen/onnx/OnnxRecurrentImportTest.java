package io.layerloom.codegen.onnx;

import static io.layerloom.codegen.onnx.OnnxTestModels.integer;
import static io.layerloom.codegen.onnx.OnnxTestModels.ints;
import static io.layerloom.codegen.onnx.OnnxTestModels.real;
import static io.layerloom.codegen.onnx.OnnxTestModels.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX's LSTM as PyTorch's exporter writes it around an nn.LSTM: the layers, the weights in DL4J's layout, the refusals. */
class OnnxRecurrentImportTest {

    private static final ActivationFunction TANH = ActivationFunction.TANH;

    @TempDir
    Path dir;

    private OnnxImported imported(OnnxNet net) throws Exception {
        return OnnxImport.run(new OnnxReader().read(OnnxTestModels.write(dir, "m.onnx", net.model())));
    }

    private List<OnnxUnsupportedException.Unsupported> refused(OnnxNet net) {
        return assertThrows(OnnxUnsupportedException.class, () -> imported(net)).nodes();
    }

    /** PyTorch counts two biases per direction; DL4J's LSTM holds their sum, 4H values fewer. */
    private static long layerLoomCount(OnnxNet net, long hidden, int directions, int layers) {
        return net.trainable - 4 * hidden * directions * layers;
    }

    @Test
    void aBatchFirstClassifierIsAnLstmOfItsLastStepIntoTheOutputLayer() throws Exception {
        OnnxNet net = OnnxLstmNets.classifier(6, 3, 4, true, 1, 1, 2);

        OnnxImported imported = imported(net);

        assertEquals(List.of(Node.of("x", new LayerSpec.Input(Dims.of(3, 6))),
            Node.of("lstm0", new LayerSpec.LSTM(4, TANH, false, false), "x"),
            Node.of("fc", new LayerSpec.Output(2, ActivationFunction.IDENTITY, Loss.MSE, true), "lstm0")),
            imported.graph().nodes());
        assertEquals(List.of(), GraphAnalysis.analyze(imported.graph()).diagnostics());
        assertEquals(layerLoomCount(net, 4, 1, 1), GraphAnalysis.analyze(imported.graph()).totals().trainableParams());
        assertEquals(List.of("W", "RW", "b"), List.copyOf(imported.weights().of("lstm0").keySet()));
    }

    /**
     * The gate blocks by name: ONNX holds i, o, f, c; DL4J's LSTM c (cell input), f, o, i. Each
     * DL4J value is looked up from its gate's ONNX block, and the bias is Wb + Rb.
     */
    @Test
    void weightsMoveFromOnnxIofcRowsToDl4jCfoiColumnsAndTheTwoBiasesAdd() throws Exception {
        int h = 2;
        int in = 3;
        float[] w = values(4 * h * in);
        float[] r = values(4 * h * h);
        float[] bias = values(8 * h);
        OnnxNet net = OnnxLstmNets.withInput("y", 5, in, false);
        net.weight("l.W", w, 1, 4 * h, in).weight("l.R", r, 1, 4 * h, h).weight("l.B", bias, 1, 8 * h);
        net.g.addNode(OnnxTestModels.node("l", "LSTM", List.of("x", "l.W", "l.R", "l.B"), List.of("", "l/Y_h"),
            integer("hidden_size", h)));
        net.longs("axis0", 0).op("sq", "Squeeze", List.of("l/Y_h", "axis0"), "h")
            .weight("fc.w", in, h).op("fc", "MatMul", List.of("h", "fc.w"), "y");

        Map<String, Weights.Array> p = imported(net).weights().of("l");

        List<String> onnx = List.of("i", "o", "f", "c");
        List<String> dl4j = List.of("c", "f", "o", "i");
        float[] expectedW = new float[in * 4 * h];
        float[] expectedR = new float[h * 4 * h];
        float[] expectedB = new float[4 * h];
        for (String gate : onnx) {
            int from = onnx.indexOf(gate);
            int to = dl4j.indexOf(gate);
            for (int u = 0; u < h; u++) {
                for (int c = 0; c < in; c++) {
                    expectedW[c * 4 * h + to * h + u] = w[(from * h + u) * in + c];
                }
                for (int c = 0; c < h; c++) {
                    expectedR[c * 4 * h + to * h + u] = r[(from * h + u) * h + c];
                }
                expectedB[to * h + u] = bias[from * h + u] + bias[4 * h + from * h + u];
            }
        }
        assertArrayEquals(new long[] {in, 4 * h}, p.get("W").shape());
        assertArrayEquals(expectedW, p.get("W").values());
        assertArrayEquals(new long[] {h, 4 * h}, p.get("RW").shape());
        assertArrayEquals(expectedR, p.get("RW").values());
        assertArrayEquals(new long[] {4 * h}, p.get("b").shape());
        assertArrayEquals(expectedB, p.get("b").values());
    }

    @Test
    void aTimeMajorBidirectionalTwoLayerLstmKeepsTheFirstLayersSequence() throws Exception {
        OnnxNet net = OnnxLstmNets.classifier(5, 3, 4, false, 2, 2, 3);

        OnnxImported imported = imported(net);

        assertEquals(List.of(Node.of("x", new LayerSpec.Input(Dims.of(3, 5))),
            Node.of("lstm0", new LayerSpec.LSTM(4, TANH, true, true), "x"),
            Node.of("lstm1", new LayerSpec.LSTM(4, TANH, false, true), "lstm0"),
            Node.of("fc", new LayerSpec.Output(3, ActivationFunction.IDENTITY, Loss.MSE, true), "lstm1")),
            imported.graph().nodes());
        assertEquals(List.of(), GraphAnalysis.analyze(imported.graph()).diagnostics());
        assertEquals(layerLoomCount(net, 4, 2, 2), GraphAnalysis.analyze(imported.graph()).totals().trainableParams());
        assertEquals(List.of("fW", "fRW", "fb", "bW", "bRW", "bb"), List.copyOf(imported.weights().of("lstm1").keySet()));
        assertArrayEquals(new long[] {8, 16}, imported.weights().of("lstm1").get("bW").shape());
    }

    @Test
    void aSliceOfTheLastStepReshapedToTheBatchAndTheFinalStateGiveVectors() throws Exception {
        OnnxNet net = OnnxLstmNets.withInput("y", 4, 2, true);
        net.op("tm", "Transpose", List.of("x"), "xt", ints("perm", 1, 0, 2));
        OnnxLstmNets.lstm(net, "a", "xt", 2, 3, 1, false, OnnxLstmNets.strings("activations", "Sigmoid", "Tanh", "Tanh"));
        OnnxLstmNets.lstm(net, "b", "xt", 2, 3, 1, false);
        net.longs("minus1", -1).longs("big", Long.MAX_VALUE).longs("axis0", 0).longs("flat", 0, -1)
            .op("sq", "Squeeze", List.of("a/Y", "axis0_1"), "ay")
            .longs("axis0_1", 1)
            .op("bm", "Transpose", List.of("ay"), "ab", ints("perm", 1, 0, 2))
            .longs("axis1", 1)
            .op("slice", "Slice", List.of("ab", "minus1", "big", "axis1"), "s")
            .op("reshape", "Reshape", List.of("s", "flat"), "av")
            .op("hn", "Squeeze", List.of("b/Y_h", "axis0"), "bv")
            .op("cat", "Concat", List.of("av", "bv"), "h", integer("axis", 1))
            .weight("fc.w", 2, 6).op("fc", "Gemm", List.of("h", "fc.w"), "y", integer("transB", 1));

        OnnxImported imported = imported(net);

        assertEquals(List.of(Node.of("x", new LayerSpec.Input(Dims.of(2, 4))),
            Node.of("a", new LayerSpec.LSTM(3, TANH, false, false), "x"),
            Node.of("b", new LayerSpec.LSTM(3, TANH, false, false), "x"),
            Node.of("cat", new LayerSpec.Concat(), "a", "b"),
            Node.of("fc", new LayerSpec.Output(2, ActivationFunction.IDENTITY, Loss.MSE, false), "cat")),
            imported.graph().nodes());
        assertEquals(List.of(), GraphAnalysis.analyze(imported.graph()).diagnostics());
    }

    @Test
    void whatDl4jsLstmCannotComputeIsRefusedNamingTheNodeAndWhy() throws Exception {
        OnnxNet net = OnnxLstmNets.withInput("y", 4, 2, false);
        net.weight("p.P", 1, 9).constant("h0", new float[] {0, 0.5f, 0}, 1, 1, 3);
        OnnxLstmNets.lstm(net, "peep", "x", 2, 3, 1, false);
        net.g.setNode(net.g.getNodeCount() - 1, net.g.getNode(net.g.getNodeCount() - 1).toBuilder()
            .addAllInput(List.of("", "", "", "p.P")).build());
        OnnxLstmNets.lstm(net, "clip", "x", 2, 3, 1, false, real("clip", 3f));
        OnnxLstmNets.lstm(net, "relu", "x", 2, 3, 1, false, OnnxLstmNets.strings("activations", "HardSigmoid", "Tanh",
            "Tanh"));
        OnnxLstmNets.lstm(net, "state", "x", 2, 3, 1, false);
        net.g.setNode(net.g.getNodeCount() - 1, net.g.getNode(net.g.getNodeCount() - 1).toBuilder()
            .addAllInput(List.of("", "h0")).build());
        OnnxLstmNets.lstm(net, "rev", "x", 2, 3, 1, false, OnnxTestModels.string("direction", "reverse"));
        OnnxLstmNets.lstm(net, "forget", "x", 2, 3, 1, false, integer("input_forget", 1));
        OnnxLstmNets.lstm(net, "bi", "x", 2, 3, 2, false);
        OnnxLstmNets.lstm(net, "fwd", "x", 2, 3, 1, false);
        OnnxLstmNets.scalar(net, "first", 0);
        net.op("first_step", "Gather", List.of("fwd/Y", "first"), "g", integer("axis", 0))
            .op("bi_state", "Identity", List.of("bi/Y_h"), "y");

        List<OnnxUnsupportedException.Unsupported> refused = refused(net);

        assertEquals(List.of("node 'peep' (LSTM)", "node 'clip' (LSTM)", "node 'relu' (LSTM)", "node 'state' (LSTM)",
            "node 'rev' (LSTM)", "node 'forget' (LSTM)", "node 'bi' (LSTM)", "node 'first_step' (Gather)"),
            refused.stream().map(u -> u.place().replaceAll(" \\(node \\d+\\)", "")).toList());
        assertEquals(List.of(
            "peephole weights P 'p.P' are given; DL4J's LSTM has no peepholes (GravesLSTM's are not ONNX's).",
            "attribute 'clip'; DL4J's LSTM has no cell clipping, so the import maps an LSTM without it.",
            "activations [HardSigmoid, Tanh, Tanh]; DL4J's LSTM uses sigmoid gates and one activation for the cell"
                + " input and output, the same in both directions: the import maps [Sigmoid, f, f] with f one of tanh,"
                + " relu, sigmoid, leakyrelu, elu, hardsigmoid, softplus.",
            "initial_h 'h0' is not zero; LayerLoom's LSTM starts every sequence from a zero state.",
            "direction \"reverse\"; LayerLoom's LSTM reads a sequence forwards, or both ways when bidirectional (a"
                + " reverse-only LSTM has no LayerLoom layer).",
            "input_forget 1 couples the input and forget gates; DL4J's LSTM keeps them apart.",
            "its final state Y_h 'bi/Y_h' of a bidirectional LSTM is read: its backward half is the state after the"
                + " whole sequence read backwards, which LayerLoom's LSTM does not give; take the output's last step"
                + " instead (output[:, -1] in PyTorch)."),
            refused.subList(0, 7).stream().map(OnnxUnsupportedException.Unsupported::reason).toList());
        assertEquals("takes index 0 of axis 0 (T=4, size 4) of [T=4, directions=1, N, features=3] from LSTM 'fwd'; the"
            + " import maps taking the last time step only (index -1), which a LayerLoom LSTM gives with"
            + " returnSequences false.", refused.get(7).reason());
        assertEquals(List.of("clip=3.0", "hidden_size=3"), refused.get(1).attributes());
    }

    @Test
    void anLstmReadBothAsASequenceAndAsItsLastStepIsRefused() throws Exception {
        OnnxNet net = OnnxLstmNets.withInput("y", 4, 2, false);
        OnnxLstmNets.lstm(net, "a", "x", 2, 3, 1, true);
        String seq = OnnxLstmNets.sequence(net, "a", 1);
        OnnxLstmNets.lstm(net, "b", seq, 3, 3, 1, false);
        OnnxLstmNets.scalar(net, "last", -1);
        net.op("last_a", "Gather", List.of(seq, "last"), "ha", integer("axis", 0))
            .longs("axis0", 0).op("hb", "Squeeze", List.of("b/Y_h", "axis0"), "hb")
            .op("sum", "Add", List.of("ha", "hb"), "h")
            .weight("fc.w", 3, 2).op("fc", "MatMul", List.of("h", "fc.w"), "y");

        List<OnnxUnsupportedException.Unsupported> refused = refused(net);

        assertEquals(1, refused.size());
        assertEquals("node 'sum' (Add)", refused.get(0).place().replaceAll(" \\(node \\d+\\)", ""));
        assertEquals("LSTM 'a' is read both as a whole sequence and as its last step; a LayerLoom LSTM gives one of"
            + " them (returnSequences), so the import maps either.", refused.get(0).reason());
    }

    /**
     * LayerLoom's own export (OnnxRecurrentExport: [N, F, T] input, Transpose, LSTM, Transpose,
     * Reshape, Gather of the last index, Flatten) imports back to the same layers and, to the bit,
     * the same weights: the export writes DL4J's bias as Wb and zeros as Rb.
     */
    @Test
    void layerLoomsOwnExportOfStackedAndBidirectionalLstmsImportsBackToTheSameLayersAndWeights() throws Exception {
        Graph graph = new Graph("g", "", List.of(Node.of("in", new LayerSpec.Input(Dims.of(3, 5))),
            Node.of("l1", new LayerSpec.LSTM(4, TANH, true, false), "in"),
            Node.of("l2", new LayerSpec.LSTM(2, ActivationFunction.RELU, false, true), "l1"),
            Node.of("out", new LayerSpec.Output(3, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "l2")));
        Weights.Builder w = Weights.builder();
        long seed = 5;
        for (String[] p : new String[][] {{"l1", "W", "3", "16"}, {"l1", "RW", "4", "16"}, {"l1", "b", "16"},
            {"l2", "fW", "4", "8"}, {"l2", "fRW", "2", "8"}, {"l2", "fb", "8"},
            {"l2", "bW", "4", "8"}, {"l2", "bRW", "2", "8"}, {"l2", "bb", "8"}, {"out", "W", "4", "3"}, {"out", "b", "3"}}) {
            long[] shape = java.util.Arrays.stream(p, 2, p.length).mapToLong(Long::parseLong).toArray();
            w.put(p[0], p[1], new Weights.Array(shape, OnnxTestModels.random((int) OnnxNet.count(shape), seed++)));
        }
        Weights weights = w.build();

        OnnxImported imported = OnnxImport.run(new OnnxReader().read(
            OnnxTestModels.write(dir, "m.onnx", OnnxExport.model(graph, weights, "test"))));

        assertEquals(graph.nodes().stream().map(Node::spec).toList(),
            imported.graph().nodes().stream().map(Node::spec).toList());
        List<String> ids = imported.graph().nodes().stream().map(Node::id).toList();
        Map<String, String> renamed = Map.of("l1", ids.get(1), "l2", ids.get(2), "out", ids.get(3));
        weights.asMap().forEach((node, params) -> params.forEach((key, a) -> {
            Weights.Array back = imported.weights().of(renamed.get(node)).get(key);
            assertArrayEquals(a.shape(), back.shape(), node + " " + key);
            assertArrayEquals(a.values(), back.values(), node + " " + key);
        }));
    }

    /** PyTorch's Linear on the whole output (MatMul, then Add with the bias first): an RnnOutput, the graph's output. */
    @Test
    void aLinearAtEveryStepIsAnRnnOutputWithItsBias() throws Exception {
        OnnxNet net = OnnxLstmNets.withInput("y", 5, 3, true);
        net.op("tm", "Transpose", List.of("x"), "xt", ints("perm", 1, 0, 2));
        OnnxLstmNets.lstm(net, "l", "xt", 3, 4, 1, true);
        String seq = OnnxLstmNets.sequence(net, "l", 1);
        float[] w = values(4 * 2);
        net.op("bm", "Transpose", List.of(seq), "s", ints("perm", 1, 0, 2))
            .weight("fc.w", w, 4, 2).weight("fc.b", new float[] {1, 2}, 2)
            .op("fc", "MatMul", List.of("s", "fc.w"), "m").op("bias", "Add", List.of("fc.b", "m"), "y");

        OnnxImported imported = imported(net);

        assertEquals(List.of(Node.of("x", new LayerSpec.Input(Dims.of(3, 5))),
            Node.of("l", new LayerSpec.LSTM(4, TANH, true, false), "x"),
            Node.of("fc", new LayerSpec.RnnOutput(2, ActivationFunction.IDENTITY, Loss.MSE, true), "l")),
            imported.graph().nodes());
        assertEquals(List.of(), GraphAnalysis.analyze(imported.graph()).diagnostics());
        assertArrayEquals(w, imported.weights().of("fc").get("W").values());
        assertArrayEquals(new float[] {1, 2}, imported.weights().of("fc").get("b").values());
    }

    /**
     * torch.onnx.export with do_constant_folding=False reorders the gates (PyTorch's i, f, g, o)
     * with Slice and Concat of the initializers and Unsqueeze-s them to [1, 4H, I]: the import
     * computes that, and gets the weights of the same LSTM written with ONNX's W directly.
     */
    @Test
    void gatesReorderedBySliceConcatAndUnsqueezeOfInitializersAreComputed() throws Exception {
        int h = 2;
        int in = 3;
        float[] ifgo = values(4 * h * in);
        float[] iofc = new float[ifgo.length];
        int[] from = {0, 3, 1, 2};  // ONNX's i, o, f, c are PyTorch's blocks 0, 3, 1, 2
        for (int j = 0; j < 4; j++) {
            System.arraycopy(ifgo, from[j] * h * in, iofc, j * h * in, h * in);
        }
        OnnxNet direct = OnnxLstmNets.withInput("y", 4, in, false);
        direct.weight("l.W", iofc, 1, 4 * h, in).weight("l.R", 1, 4 * h, h);
        OnnxNet unfolded = OnnxLstmNets.withInput("y", 4, in, false);
        unfolded.weight("w_ih", ifgo, 4 * h, in).weight("l.R", 1, 4 * h, h)
            .longs("s0", 0).longs("e0", h).longs("s1", 3 * h).longs("e1", 4 * h).longs("s2", h).longs("e2", 3 * h)
            .longs("axis0", 0)
            .op("i", "Slice", List.of("w_ih", "s0", "e0", "axis0"), "wi")
            .op("o", "Slice", List.of("w_ih", "s1", "e1", "axis0"), "wo")
            .op("fc", "Slice", List.of("w_ih", "s2", "e2"), "wfc")
            .op("cat", "Concat", List.of("wi", "wo", "wfc"), "w", integer("axis", 0))
            .op("unsq", "Unsqueeze", List.of("w", "axis0"), "l.W");
        for (OnnxNet net : List.of(direct, unfolded)) {
            net.g.addNode(OnnxTestModels.node("l", "LSTM", List.of("x", "l.W", "l.R"), List.of("", "l/Y_h"),
                integer("hidden_size", h)));
            net.longs("sq", 0).op("hn", "Squeeze", List.of("l/Y_h", "sq"), "y");
        }

        Map<String, Weights.Array> expected = imported(direct).weights().of("l");
        Map<String, Weights.Array> actual = imported(unfolded).weights().of("l");

        for (String key : List.of("W", "RW", "b")) {
            assertArrayEquals(expected.get(key).shape(), actual.get(key).shape(), key);
            assertArrayEquals(expected.get(key).values(), actual.get(key).values(), key);
        }
    }
}
