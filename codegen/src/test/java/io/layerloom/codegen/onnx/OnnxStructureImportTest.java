package io.layerloom.codegen.onnx;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.Sides;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.layerloom.codegen.onnx.OnnxTestModels.cnn;
import static io.layerloom.codegen.onnx.OnnxTestModels.floats;
import static io.layerloom.codegen.onnx.OnnxTestModels.integer;
import static io.layerloom.codegen.onnx.OnnxTestModels.ints;
import static io.layerloom.codegen.onnx.OnnxTestModels.longs;
import static io.layerloom.codegen.onnx.OnnxTestModels.model;
import static io.layerloom.codegen.onnx.OnnxTestModels.node;
import static io.layerloom.codegen.onnx.OnnxTestModels.real;
import static io.layerloom.codegen.onnx.OnnxTestModels.value;
import static io.layerloom.codegen.onnx.OnnxTestModels.values;
import static io.layerloom.codegen.onnx.OnnxTestModels.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OnnxStructureImportTest {

    private static final ActivationFunction ID = ActivationFunction.IDENTITY;
    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

    @TempDir
    Path dir;

    /** A graph under construction; {@link #weight} records the trainable values LayerLoom must count. */
    private static final class Net {
        final GraphProto.Builder g = GraphProto.newBuilder().setName("net");
        long trainable;

        Net(String output, long... inputDims) {
            g.addInput(value("x", FLOAT, "N", inputDims)).addOutput(value(output, FLOAT, "N"));
        }

        Net weight(String name, long... dims) {
            trainable += count(dims);
            return constant(name, dims);
        }

        Net constant(String name, long... dims) {
            g.addInitializer(floats(name, values((int) count(dims)), dims));
            return this;
        }

        /** A running variance: the same values, made positive (the import refuses a negative variance). */
        Net variance(String name, long... dims) {
            float[] v = values((int) count(dims));
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.abs(v[i]);
            }
            g.addInitializer(floats(name, v, dims));
            return this;
        }

        private static long count(long... dims) {
            return java.util.Arrays.stream(dims).reduce(1, Math::multiplyExact);
        }

        Net op(String name, String op, List<String> in, String out, AttributeProto... attributes) {
            g.addNode(node(name, op, in, List.of(out), attributes));
            return this;
        }

        ModelProto model() {
            return OnnxTestModels.model(g.build());
        }
    }

    private Graph imported(ModelProto model) throws Exception {
        return OnnxStructureImport.toGraph(new OnnxReader().read(write(dir, "m.onnx", model)));
    }

    /** The graph's layers as expected, no error in LayerLoom's analysis, and the ONNX weights' count. */
    private Graph assertImports(Net net, List<Node> expected) throws Exception {
        Graph graph = imported(net.model());
        assertEquals(expected, graph.nodes());
        Analysis analysis = GraphAnalysis.analyze(graph);
        assertEquals(List.of(), analysis.diagnostics().stream().filter(d -> d.isError()).toList());
        assertEquals(net.trainable, analysis.totals().trainableParams());
        return graph;
    }

    private static LayerSpec.Conv2D conv(long filters, int k, int stride, Padding pad, ActivationFunction f, boolean bias) {
        return new LayerSpec.Conv2D(filters, IntPair.of(k), IntPair.of(stride), pad, IntPair.of(1), f, bias);
    }

    @Test
    void convFoldsItsReluAndAFinalGemmWithoutSoftmaxBecomesAnMseOutputWithIdentityActivation() throws Exception {
        Graph graph = imported(cnn());

        assertEquals(List.of(Node.of("input", new LayerSpec.Input(Dims.of(1, 8, 8))),
            Node.of("conv1", conv(4, 3, 1, Padding.of(1), ActivationFunction.RELU, true), "input"),
            Node.of("pool1", new LayerSpec.MaxPool2D(IntPair.of(2), IntPair.of(2), Padding.of(0)), "conv1"),
            Node.of("flatten", new LayerSpec.Flatten(), "pool1"),
            Node.of("fc", new LayerSpec.Output(10, ID, Loss.MSE, true), "flatten")), graph.nodes());
        Analysis analysis = GraphAnalysis.analyze(graph);
        assertEquals(List.of(), analysis.diagnostics());
        assertEquals(36 + 4 + 640 + 10, analysis.totals().trainableParams());
    }

    @Test
    void depthwiseConvBatchNormRelu6GlobalPoolAndGemmSoftmaxBecomeAnMcxentOutput() throws Exception {
        Net net = new Net("probs", 4, 8, 8).weight("dw.w", 8, 1, 3, 3)
            .weight("bn.scale", 8).weight("bn.b", 8).constant("bn.mean", 8).variance("bn.var", 8)
            .constant("six", new long[0]).constant("zero", new long[0]).weight("fc.w", 3, 8).weight("fc.b", 3)
            .op("dw", "Conv", List.of("x", "dw.w"), "d", integer("group", 4), ints("pads", 1, 1, 1, 1),
                ints("kernel_shape", 3, 3), ints("strides", 2, 2))
            .op("bn", "BatchNormalization", List.of("d", "bn.scale", "bn.b", "bn.mean", "bn.var"), "b",
                real("epsilon", 1e-5f), real("momentum", 0.9f))
            .op("clip", "Clip", List.of("b", "zero", "six"), "c")
            .op("gap", "GlobalAveragePool", List.of("c"), "p")
            .op("flat", "Flatten", List.of("p"), "f", integer("axis", 1))
            .op("fc", "Gemm", List.of("f", "fc.w", "fc.b"), "logits", integer("transB", 1))
            .op("softmax", "Softmax", List.of("logits"), "probs", integer("axis", 1));
        net.g.getInitializerBuilder(5).clearFloatData().addFloatData(6f);
        net.g.getInitializerBuilder(6).clearFloatData().addFloatData(0f);

        assertImports(net, List.of(Node.of("x", new LayerSpec.Input(Dims.of(4, 8, 8))),
            Node.of("dw", new LayerSpec.DepthwiseConv2D(2, IntPair.of(3), IntPair.of(2), Padding.of(1), IntPair.of(1),
                ID, false), "x"),
            Node.of("bn", new LayerSpec.BatchNorm(1e-5, 0.9), "dw"),
            Node.of("clip", new LayerSpec.ActivationLayer(ActivationFunction.RELU6), "bn"),
            Node.of("gap", new LayerSpec.GlobalAvgPool(), "clip"),
            Node.of("fc", new LayerSpec.Output(3, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "gap")));
    }

    @Test
    void asymmetricConvPadsAndAnAveragePoolCountingItsPaddingGetAZeroPadding2DBefore() throws Exception {
        Net net = new Net("y", 2, 10, 10).weight("c.w", 3, 2, 3, 3).weight("fc.w", 3 * 5 * 5, 5)
            .op("conv", "Conv", List.of("x", "c.w"), "c", ints("pads", 0, 0, 1, 1))
            .op("sig", "Sigmoid", List.of("c"), "s")
            .op("avg", "AveragePool", List.of("s"), "a", ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                ints("pads", 1, 1, 1, 1), integer("count_include_pad", 1), integer("ceil_mode", 1))
            .op("tanh", "Tanh", List.of("a"), "t")
            .op("reshape", "Reshape", List.of("t", "shape"), "r")
            .op("fc", "MatMul", List.of("r", "fc.w"), "y");
        net.g.addInitializer(longs("shape", new long[] {0, -1}, 2));

        assertImports(net, List.of(Node.of("x", new LayerSpec.Input(Dims.of(2, 10, 10))),
            Node.of("conv_pad", new LayerSpec.ZeroPadding2D(new Sides(0, 1, 0, 1)), "x"),
            Node.of("conv", conv(3, 3, 1, Padding.of(0), ActivationFunction.SIGMOID, false), "conv_pad"),
            Node.of("avg_pad", new LayerSpec.ZeroPadding2D(Sides.of(1)), "conv"),
            Node.of("avg", new LayerSpec.AvgPool2D(IntPair.of(3), IntPair.of(2), Padding.of(0)), "avg_pad"),
            Node.of("tanh", new LayerSpec.ActivationLayer(ActivationFunction.TANH), "avg"),
            Node.of("reshape", new LayerSpec.Flatten(), "tanh"),
            Node.of("fc", new LayerSpec.Output(5, ID, Loss.MSE, false), "reshape")));
    }

    @Test
    void matMulAddBecomesADenseWithBiasAndResidualAddConcatIdentityDropoutAndLeakyReluMap() throws Exception {
        Net net = new Net("y", 6).weight("w1", 6, 6).weight("b1", 6).weight("w2", 12, 1).weight("b2", 1)
            .op("mm1", "MatMul", List.of("x", "w1"), "m")
            .op("bias1", "Add", List.of("m", "b1"), "h")
            .op("act", "LeakyRelu", List.of("h"), "l", real("alpha", 0.01f))
            .op("drop", "Dropout", List.of("l"), "d")
            .op("res", "Add", List.of("d", "x"), "r")
            .op("cat", "Concat", List.of("r", "x"), "c", integer("axis", -1))
            .op("alias", "Identity", List.of("w2"), "w2.alias")
            .op("head", "Gemm", List.of("c", "w2.alias", "b2"), "g", real("alpha", 1f), real("beta", 1f))
            .op("sig", "Sigmoid", List.of("g"), "y");

        assertImports(net, List.of(Node.of("x", new LayerSpec.Input(Dims.of(6))),
            Node.of("mm1", new LayerSpec.Dense(6, ActivationFunction.LEAKYRELU, true), "x"),
            Node.of("res", new LayerSpec.Add(), "mm1", "x"),
            Node.of("cat", new LayerSpec.Concat(), "res", "x"),
            Node.of("head", new LayerSpec.Output(1, ActivationFunction.SIGMOID, Loss.XENT, true), "cat")));
    }

    @Test
    void reportsEveryUnsupportedNodeAtOnceWithWhatIsSupportedAndProducesNothing() throws Exception {
        Net net = new Net("y", 4, 8, 8).weight("g.w", 8, 2, 3, 3).weight("g.b", 8).weight("fc.w", 10, 8)
            .op("grouped", "Conv", List.of("x", "g.w", "g.b"), "a", integer("group", 2))
            .op("leaky", "LeakyRelu", List.of("a"), "b", real("alpha", 0.2f))
            .op("erf", "Erf", List.of("b"), "c")
            .op("pool", "MaxPool", List.of("c"), "p", ints("kernel_shape", 2, 2), ints("strides", 2, 2),
                integer("ceil_mode", 1))
            .op("gap", "GlobalMaxPool", List.of("p"), "q")
            .op("flat", "Flatten", List.of("q"), "f")
            .op("fc", "Gemm", List.of("f", "fc.w"), "y", integer("transA", 1), integer("transB", 1));

        OnnxUnsupportedException e = assertThrows(OnnxUnsupportedException.class, () -> imported(net.model()));

        assertEquals(List.of(
            new OnnxUnsupportedException.Unsupported("node 'grouped' (Conv)", "Conv", List.of("group=2"),
                List.of("x", "g.w", "g.b"), "grouped convolution (group 2, weight [8, 2, 3, 3]) with a bias: LayerLoom's"
                + " GroupedConv2D has none. Export the model with bias=False on that convolution (ResNeXt's have none;"
                + " a BatchNorm after it makes a bias redundant)."),
            new OnnxUnsupportedException.Unsupported("node 'leaky' (LeakyRelu)", "LeakyRelu", List.of("alpha=0.2"),
                List.of("a"), "alpha 0.2: LayerLoom's leakyrelu is DL4J's, with alpha 0.01 only."),
            new OnnxUnsupportedException.Unsupported("node 'erf' (Erf)", "Erf", List.of(), List.of("b"),
                "operator Erf is not supported."),
            new OnnxUnsupportedException.Unsupported("node 'fc' (Gemm)", "Gemm", List.of("transA=1", "transB=1"),
                List.of("f", "fc.w"), "transA 1 multiplies the transposed input; the import maps Gemm with transA = 0"
                + " only (the batch on the first axis).")),
            e.nodes());
        assertEquals("m.onnx", e.file());
        assertEquals(true, e.getMessage().startsWith("m.onnx: 4 nodes cannot be imported:\n"
            + "  - node 'grouped' (Conv), inputs [x, g.w, g.b], attributes {group=2}: grouped convolution"), e.getMessage());
        assertEquals(true, e.fix().contains(OnnxUnsupportedException.SUPPORTED), e.fix());
    }

    @Test
    void aLongReportStartsWithTheCountPerOperator() throws Exception {
        Net net = new Net("y", 4, 8, 8).weight("fc.w", 10, 4);
        String last = "x";
        for (int i = 0; i < 7; i++) {
            net.op("erf" + i, "Erf", List.of(last), "e" + i);
            last = "e" + i;
        }
        for (int i = 0; i < 3; i++) {
            net.op("sqrt" + i, "Sqrt", List.of(last), "s" + i);
            last = "s" + i;
        }
        net.op("gap", "GlobalAveragePool", List.of(last), "q")
            .op("flat", "Flatten", List.of("q"), "f")
            .op("fc", "Gemm", List.of("f", "fc.w"), "y", integer("transB", 1));

        OnnxUnsupportedException e = assertThrows(OnnxUnsupportedException.class, () -> imported(net.model()));

        assertEquals(OnnxUnsupportedException.SUMMARY_FROM, e.nodes().size());
        assertEquals(true, e.getMessage().startsWith("m.onnx: 10 nodes cannot be imported (by operator: Erf 7, Sqrt 3):\n"
            + "  - node 'erf0' (Erf), inputs [x]: operator Erf is not supported.\n"), e.getMessage());
    }

    @Test
    void ceilModeIsRefusedWhereTheLastWindowWouldHangOverTheEdge() throws Exception {
        Net net = new Net("y", 1, 7, 7).weight("fc.w", 9, 2)
            .op("pool", "MaxPool", List.of("x"), "p", ints("kernel_shape", 2, 2), ints("strides", 2, 2),
                integer("ceil_mode", 1))
            .op("flat", "Flatten", List.of("p"), "f")
            .op("fc", "MatMul", List.of("f", "fc.w"), "y");

        OnnxUnsupportedException e = assertThrows(OnnxUnsupportedException.class, () -> imported(net.model()));

        assertEquals(List.of(new OnnxUnsupportedException.Unsupported("node 'pool' (MaxPool)", "MaxPool",
            List.of("ceil_mode=1", "kernel_shape=[2, 2]", "strides=[2, 2]"), List.of("x"), "ceil_mode 1 adds a last"
            + " window hanging over the bottom edge by 1 and the right edge by 1 of its input, "
            + new io.layerloom.model.analysis.TensorType.Image(1, 7, 7).describe() + "; the import pads it with zeros,"
            + " which gives ONNX's max only where the input is never negative (after a relu, relu6 or sigmoid), and"
            + " this input may be. Export with ceil_mode=False.")), e.nodes());
    }

    @Test
    void nodeIdsAreTheOnnxNamesWhereValidAndDerivedValidAndUniqueWhereNot() throws Exception {
        String longName = "n".repeat(250);
        Net net = new Net("out", 4).weight("w1", 4, 4).weight("w2", 4, 4).weight("w3", 4, 4).weight("w4", 4, 4)
            .weight("w5", 4, 4).weight("w6", 4, 2)
            .op("", "MatMul", List.of("x", "w1"), "h\u00011")
            .op("dense", "MatMul", List.of("h\u00011", "w2"), "h2")
            .op("dense", "MatMul", List.of("h2", "w3"), "h3")
            .op("x", "MatMul", List.of("h3", "w4"), "h4")
            .op(longName, "MatMul", List.of("h4", "w5"), "h5")
            .op(" tab\there ", "MatMul", List.of("h5", "w6"), "out");

        assertImports(net, List.of(Node.of("x", new LayerSpec.Input(Dims.of(4))),
            Node.of("matmul_h_1", new LayerSpec.Dense(4, ID, false), "x"),
            Node.of("dense", new LayerSpec.Dense(4, ID, false), "matmul_h_1"),
            Node.of("dense_2", new LayerSpec.Dense(4, ID, false), "dense"),
            Node.of("x_2", new LayerSpec.Dense(4, ID, false), "dense_2"),
            Node.of("matmul_h5", new LayerSpec.Dense(4, ID, false), "x_2"),
            Node.of("matmul_out", new LayerSpec.Output(2, ID, Loss.MSE, false), "matmul_h5")));
    }

    @Test
    void batchNormalizationOfFeaturesMapsToo() throws Exception {
        Net net = new Net("y", 5).weight("s", 5).weight("b", 5).constant("m", 5).variance("v", 5)
            .weight("w", 5, 2).weight("c", 2)
            .op("bn", "BatchNormalization", List.of("x", "s", "b", "m", "v"), "n", real("epsilon", 1e-3f))
            .op("fc", "Gemm", List.of("n", "w", "c"), "y");

        assertImports(net, List.of(Node.of("x", new LayerSpec.Input(Dims.of(5))),
            Node.of("bn", new LayerSpec.BatchNorm(1e-3, 0.9), "x"),
            Node.of("fc", new LayerSpec.Output(2, ID, Loss.MSE, true), "bn")));
    }

    @Test
    void sameUpperConvBranchesKeepTheirReluApartAndConcatPaddedMaxPoolGlobalMaxPoolReshapeMinusOneMap()
            throws Exception {
        Net net = new Net("y", 3, 6, 6).weight("c.w", 4, 3, 3, 3).weight("c.b", 4).weight("fc.w", 2, 8)
            .op("conv", "Conv", List.of("x", "c.w", "c.b"), "c", string("auto_pad", "SAME_UPPER"),
                ints("strides", 2, 2))
            .op("relu", "Relu", List.of("c"), "r")
            .op("cat", "Concat", List.of("c", "r"), "k", integer("axis", 1))
            .op("pool", "MaxPool", List.of("k"), "p", ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1))
            .op("gmp", "GlobalMaxPool", List.of("p"), "g")
            .op("shape", "Constant", List.of(), "s", tensor("value", longs("", new long[] {-1, 8}, 2)))
            .op("reshape", "Reshape", List.of("g", "s"), "f")
            .op("fc", "Gemm", List.of("f", "fc.w"), "y", integer("transB", 1));

        assertImports(net, List.of(Node.of("x", new LayerSpec.Input(Dims.of(3, 6, 6))),
            Node.of("conv", conv(4, 3, 2, Padding.same(), ID, true), "x"),
            Node.of("relu", new LayerSpec.ActivationLayer(ActivationFunction.RELU), "conv"),
            Node.of("cat", new LayerSpec.Concat(), "conv", "relu"),
            Node.of("pool", new LayerSpec.MaxPool2D(IntPair.of(3), IntPair.of(1), Padding.of(1)), "cat"),
            Node.of("gmp", new LayerSpec.GlobalMaxPool(), "pool"),
            Node.of("fc", new LayerSpec.Output(2, ID, Loss.MSE, false), "gmp")));
    }

    @Test
    void refusesAReshapeThatDoesNotKeepTheBatchAxis() throws Exception {
        Net net = new Net("y", 2, 4, 4).weight("fc.w", 16, 3)
            .op("reshape", "Reshape", List.of("x", "s"), "f")
            .op("fc", "MatMul", List.of("f", "fc.w"), "y");
        net.g.addInitializer(longs("s", new long[] {-1, 16}, 2));

        OnnxUnsupportedException e = assertThrows(OnnxUnsupportedException.class, () -> imported(net.model()));

        assertEquals(List.of(new OnnxUnsupportedException.Unsupported("node 'reshape' (Reshape)", "Reshape", List.of(),
            List.of("x", "s"), "Reshape to [-1, 16] is a flatten only if 16 is the size of one example. Its input is "
            + new io.layerloom.model.analysis.TensorType.Image(2, 4, 4).describe() + ".")), e.nodes());
    }

    @Test
    void refusesAnOldOpsetAnOpenInputSizeAndAnImageAsGraphOutput() throws Exception {
        GraphProto graph = GraphProto.newBuilder().setName("g")
            .addInput(value("img", FLOAT, "N", 3, 0, 0))
            .addInput(value("im", FLOAT, "N", 3, 4, 4))
            .addOutput(value("r", FLOAT, "N", 3, 4, 4))
            .addNode(node("relu", "Relu", List.of("im"), List.of("r"))).build();
        ModelProto old = ModelProto.newBuilder(model(graph)).clearOpsetImport()
            .addOpsetImport(onnx.Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(9)).build();

        OnnxUnsupportedException e = assertThrows(OnnxUnsupportedException.class, () -> imported(old));

        assertEquals(List.of("the model", "graph input 'img'", "graph output 'r'"),
            e.nodes().stream().map(OnnxUnsupportedException.Unsupported::place).toList());
        assertEquals(List.of("it imports ai.onnx operator set 9; the import reads the operators as opsets 11 to 17"
                + " define them (re-export with e.g. torch.onnx.export(..., opset_version=17)).",
            "its type is FLOAT [N, 3, 0, 0]; the import takes float inputs [N, C, H, W] or [N, F] with every size"
                + " but N fixed.",
            "it is written by Activation 'relu' as a tensor of rank 4; a LayerLoom network ends in an output layer"
                + " over a vector [N, F] (a final Gemm or MatMul, or a Flatten / global pooling)."),
            e.nodes().stream().map(OnnxUnsupportedException.Unsupported::reason).toList());
    }

    @Test
    void aConcatOfOneTensorIsThatTensor() throws Exception {
        // DenseNet's first layer of each dense block concatenates its one input.
        Net net = new Net("y", 4).weight("w", 4, 3)
            .op("cat", "Concat", List.of("x"), "c", integer("axis", 1))
            .op("fc", "MatMul", List.of("c", "w"), "y");
        assertImports(net, List.of(Node.of("x", new LayerSpec.Input(Dims.of(4))),
            Node.of("fc", new LayerSpec.Output(3, ID, Loss.MSE, false), "x")));
    }

    @Test
    void aVectorOutputWithoutWeightsAfterItEndsInALossLayer() throws Exception {
        // SqueezeNet's head: Conv, Relu, GlobalAveragePool, Flatten (which LayerLoom's pooled vector needs
        // no node for); then the same with a final Softmax.
        Net plain = new Net("f", 3, 6, 6).weight("c.w", 5, 3, 1, 1)
            .op("conv", "Conv", List.of("x", "c.w"), "c")
            .op("relu", "Relu", List.of("c"), "r")
            .op("gap", "GlobalAveragePool", List.of("r"), "g")
            .op("flat", "Flatten", List.of("g"), "f");
        assertImports(plain, List.of(Node.of("x", new LayerSpec.Input(Dims.of(3, 6, 6))),
            Node.of("conv", new LayerSpec.Conv2D(5, IntPair.of(1), IntPair.of(1), Padding.of(0), IntPair.of(1),
                ActivationFunction.RELU, false), "x"),
            Node.of("gap", new LayerSpec.GlobalAvgPool(), "conv"),
            Node.of("gap_output", new LayerSpec.LossLayer(ID, Loss.MSE), "gap")));

        Net softmax = new Net("p", 3, 6, 6).weight("c.w", 5, 3, 1, 1)
            .op("conv", "Conv", List.of("x", "c.w"), "c")
            .op("gap", "GlobalAveragePool", List.of("c"), "g")
            .op("flat", "Flatten", List.of("g"), "f")
            .op("softmax", "Softmax", List.of("f"), "p", integer("axis", 1));
        assertImports(softmax, List.of(Node.of("x", new LayerSpec.Input(Dims.of(3, 6, 6))),
            Node.of("conv", new LayerSpec.Conv2D(5, IntPair.of(1), IntPair.of(1), Padding.of(0), IntPair.of(1),
                ID, false), "x"),
            Node.of("gap", new LayerSpec.GlobalAvgPool(), "conv"),
            Node.of("softmax", new LayerSpec.LossLayer(ActivationFunction.SOFTMAX, Loss.MCXENT), "gap")));
    }

    @Test
    void refusesAttributesOfTheWrongTypeOrUnknownAndOperatorsOfAnotherDomain() throws Exception {
        Net net = new Net("y", 3, 4, 4).weight("c.w", 2, 3, 1, 1).weight("fc.w", 2, 1)
            .op("conv", "Conv", List.of("x", "c.w"), "c", real("group", 1f))
            .op("relu", "Relu", List.of("c"), "r", integer("inplace", 1))
            .op("gap", "GlobalAveragePool", List.of("r"), "g")
            .op("flat", "Flatten", List.of("g"), "f")
            .op("fc", "MatMul", List.of("f", "fc.w"), "y");
        net.g.addNode(onnx.Onnx.NodeProto.newBuilder(net.g.getNode(4)).setDomain("com.microsoft"));
        net.g.removeNode(4);

        OnnxUnsupportedException e = assertThrows(OnnxUnsupportedException.class, () -> imported(net.model()));

        assertEquals(List.of("attribute 'group' should be an int, found group=1.0.",
                "attribute 'inplace' is not understood by the import.",
                "operator domain 'com.microsoft' is not ai.onnx."),
            e.nodes().stream().map(OnnxUnsupportedException.Unsupported::reason).toList());
    }

    @Test
    void averagePoolsExcludingTheirPaddingMapDirectlyAndClipFromZeroIsRelu() throws Exception {
        Net net = new Net("y", 2, 8, 8).constant("zero", new long[0]).weight("fc.w", 2 * 2 * 2, 3)
            .op("clip", "Clip", List.of("x", "zero"), "c")
            .op("avg1", "AveragePool", List.of("c"), "a", ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                ints("pads", 1, 1, 1, 1), integer("count_include_pad", 0))
            .op("avg2", "AveragePool", List.of("a"), "b", ints("kernel_shape", 2, 2), ints("strides", 2, 2),
                integer("count_include_pad", 1))
            .op("flat", "Flatten", List.of("b"), "f")
            .op("fc", "MatMul", List.of("f", "fc.w"), "y");
        net.g.getInitializerBuilder(0).clearFloatData().addFloatData(0f);

        assertImports(net, List.of(Node.of("x", new LayerSpec.Input(Dims.of(2, 8, 8))),
            Node.of("clip", new LayerSpec.ActivationLayer(ActivationFunction.RELU), "x"),
            Node.of("avg1", new LayerSpec.AvgPool2D(IntPair.of(3), IntPair.of(2), Padding.of(1)), "clip"),
            Node.of("avg2", new LayerSpec.AvgPool2D(IntPair.of(2), IntPair.of(2), Padding.of(0)), "avg1"),
            Node.of("flat", new LayerSpec.Flatten(), "avg2"),
            Node.of("fc", new LayerSpec.Output(3, ID, Loss.MSE, false), "flat")));
    }

    private static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
            .setS(org.nd4j.shade.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    private static AttributeProto tensor(String name, TensorProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(value)
            .build();
    }
}
