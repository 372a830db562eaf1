package io.layerloom.app.interchange;

import static io.layerloom.codegen.onnx.OnnxTestModels.integer;
import static io.layerloom.codegen.onnx.OnnxTestModels.ints;
import static io.layerloom.codegen.onnx.OnnxTestModels.real;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.layerloom.codegen.onnx.OnnxImported;
import io.layerloom.codegen.onnx.OnnxNet;
import io.layerloom.codegen.onnx.OnnxTestModels;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.Totals;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerKind;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every operator the import maps, checked against ONNX Runtime: a small ONNX model with random
 * weights is run by ONNX Runtime and, imported, by DL4J; the outputs agree to 1e-4 of the largest,
 * and the imported trainable parameters are the ONNX model's.
 */
class OnnxImportOracleTest {

    private static final long BATCH = 2;

    @TempDir
    Path dir;

    /** Imports {@code net}, runs both, compares; returns the imported graph's layer kinds in order. */
    private List<String> assertSameAsOnnxRuntime(OnnxNet net) throws Exception {
        Path file = dir.resolve("m.onnx");
        Files.write(file, net.model().toByteArray());
        long[] shape = LongStream.concat(LongStream.of(BATCH), LongStream.of(net.inputDims)).toArray();
        float[] x = OnnxTestModels.random((int) OnnxNet.count(shape), 99);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] expected;
        long[] expectedShape;
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
             OrtSession.Result result = session.run(Map.of("x", input))) {
            OnnxTensor y = (OnnxTensor) result.get(0);
            expectedShape = y.getInfo().getShape();
            FloatBuffer b = y.getFloatBuffer();
            expected = new float[b.remaining()];
            b.get(expected);
        }

        OnnxImported imported = OnnxImporter.read(file, OnnxImporter.Progress.NONE);
        ComputationGraph dl4j = OnnxImporter.network(imported);
        INDArray out = dl4j.outputSingle(Nd4j.create(x, shape, 'c'));
        assertArrayEquals(expectedShape, out.shape());
        float[] actual = out.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        double largest = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(largest > 0, "a model whose outputs are all zero checks nothing");
        double tolerance = 1e-4 * largest;
        assertTrue(worst <= tolerance, "largest difference " + worst + " > " + tolerance + " (largest output " + largest
            + "); ONNX Runtime " + java.util.Arrays.toString(expected) + ", DL4J " + java.util.Arrays.toString(actual));

        Totals totals = GraphAnalysis.analyze(imported.graph()).totals();
        assertEquals(net.trainable, totals.trainableParams());
        assertEquals(totals.params(), imported.weights().count());
        assertEquals(dl4j.numParams(), imported.weights().count());
        return imported.graph().nodes().stream().map(Node::kind).map(LayerKind::name).toList();
    }

    @Test
    void convWithBiasReluMaxPoolFlattenAndGemmTransposed() throws Exception {
        OnnxNet net = new OnnxNet("y", 3, 8, 8).weight("c.w", 5, 3, 3, 3).weight("c.b", 5).weight("fc.w", 4, 80)
            .weight("fc.b", 4)
            .op("conv", "Conv", List.of("x", "c.w", "c.b"), "c", ints("pads", 1, 1, 1, 1), ints("kernel_shape", 3, 3))
            .op("relu", "Relu", List.of("c"), "r")
            .op("pool", "MaxPool", List.of("r"), "p", ints("kernel_shape", 2, 2), ints("strides", 2, 2))
            .op("flat", "Flatten", List.of("p"), "f")
            .op("fc", "Gemm", List.of("f", "fc.w", "fc.b"), "y", integer("transB", 1));
        assertEquals(List.of("Input", "Conv2D", "MaxPool2D", "Flatten", "Output"), assertSameAsOnnxRuntime(net));
    }

    @Test
    void depthwiseConvWithAMultiplierBatchNormRelu6AndGlobalAveragePool() throws Exception {
        OnnxNet net = new OnnxNet("y", 4, 7, 7).weight("dw.w", 8, 1, 3, 3).weight("dw.b", 8)
            .weight("bn.g", 8).weight("bn.b", 8).statistic("bn.m", false, 8).statistic("bn.v", true, 8)
            .constant("zero", new float[] {0}).constant("six", new float[] {6})
            .weight("fc.w", 3, 8).weight("fc.b", 3)
            .op("dw", "Conv", List.of("x", "dw.w", "dw.b"), "d", integer("group", 4), ints("pads", 1, 1, 1, 1),
                ints("strides", 2, 2))
            .op("bn", "BatchNormalization", List.of("d", "bn.g", "bn.b", "bn.m", "bn.v"), "n", real("epsilon", 1e-3f))
            .op("clip", "Clip", List.of("n", "zero", "six"), "c")
            .op("gap", "GlobalAveragePool", List.of("c"), "p")
            .op("flat", "Flatten", List.of("p"), "f")
            .op("fc", "Gemm", List.of("f", "fc.w", "fc.b"), "y", integer("transB", 1));
        assertEquals(List.of("Input", "DepthwiseConv2D", "BatchNorm", "Activation", "GlobalAvgPool", "Output"),
            assertSameAsOnnxRuntime(net));
    }

    /** ResNeXt's grouped 3x3: group 4 of 8 channels (2 per group), 12 filters, stride 2, no bias; then BN and ReLU. */
    @Test
    void groupedConvBatchNormReluAndGlobalAveragePool() throws Exception {
        OnnxNet net = new OnnxNet("y", 8, 9, 9).weight("g.w", 12, 2, 3, 3)
            .weight("bn.g", 12).weight("bn.b", 12).statistic("bn.m", false, 12).statistic("bn.v", true, 12)
            .weight("fc.w", 3, 12).weight("fc.b", 3)
            .op("grouped", "Conv", List.of("x", "g.w"), "g", integer("group", 4), ints("pads", 1, 1, 1, 1),
                ints("strides", 2, 2), ints("kernel_shape", 3, 3))
            .op("bn", "BatchNormalization", List.of("g", "bn.g", "bn.b", "bn.m", "bn.v"), "n")
            .op("relu", "Relu", List.of("n"), "r")
            .op("gap", "GlobalAveragePool", List.of("r"), "p")
            .op("flat", "Flatten", List.of("p"), "f")
            .op("fc", "Gemm", List.of("f", "fc.w", "fc.b"), "y", integer("transB", 1));
        assertEquals(List.of("Input", "GroupedConv2D", "BatchNorm", "Activation", "GlobalAvgPool", "Output"),
            assertSameAsOnnxRuntime(net));
    }

    /** A grouped convolution straight into the output's flattening: its own values reach the comparison. */
    @Test
    void groupedConvWithDilationAndARectangularKernelThenGemm() throws Exception {
        OnnxNet net = new OnnxNet("y", 6, 7, 8).weight("g.w", 9, 2, 3, 2).weight("fc.w", 4, 9 * 3 * 8).weight("fc.b", 4)
            .op("grouped", "Conv", List.of("x", "g.w"), "g", integer("group", 3), ints("pads", 0, 1, 0, 1),
                ints("dilations", 2, 2))
            .op("flat", "Flatten", List.of("g"), "f")
            .op("fc", "Gemm", List.of("f", "fc.w", "fc.b"), "y", integer("transB", 1));
        assertEquals(List.of("Input", "GroupedConv2D", "Flatten", "Output"), assertSameAsOnnxRuntime(net));
    }

    @Test
    void gemmWithAlphaBetaAnUntransposedWeightAndABroadcastBiasThenTanh() throws Exception {
        OnnxNet net = new OnnxNet("y", 6).weight("w1", 6, 5).weight("b1", 1, 5).weight("w2", 3, 5).weight("b2", 1)
            .op("fc1", "Gemm", List.of("x", "w1", "b1"), "h", real("alpha", 0.5f), real("beta", 2f))
            .op("tanh", "Tanh", List.of("h"), "t")
            .op("fc2", "Gemm", List.of("t", "w2", "b2"), "y", integer("transB", 1), real("beta", -1.5f));
        net.trainable += 2;  // DL4J holds a bias per unit: the one value broadcast over 3 units becomes 3
        assertEquals(List.of("Input", "Dense", "Output"), assertSameAsOnnxRuntime(net));
    }

    @Test
    void matMulAddEluHardSigmoidSoftmaxLayerAndBatchNormOfFeatures() throws Exception {
        OnnxNet net = new OnnxNet("y", 6).weight("w1", 6, 5).weight("b1", 5)
            .weight("bn.g", 5).weight("bn.b", 5).statistic("bn.m", false, 5).statistic("bn.v", true, 5)
            .weight("w2", 5, 4).weight("w3", 4, 3).weight("b3", 3)
            .op("mm1", "MatMul", List.of("x", "w1"), "m")
            .op("add1", "Add", List.of("m", "b1"), "a")
            .op("elu", "Elu", List.of("a"), "e")
            .op("bn", "BatchNormalization", List.of("e", "bn.g", "bn.b", "bn.m", "bn.v"), "n")
            .op("hs", "HardSigmoid", List.of("n"), "h")
            .op("mm2", "MatMul", List.of("h", "w2"), "m2")
            .op("relu", "Relu", List.of("m2"), "r")
            .op("softmax", "Softmax", List.of("r"), "s", integer("axis", 1))
            .op("mm3", "MatMul", List.of("s", "w3"), "m3")
            .op("add3", "Add", List.of("m3", "b3"), "y");
        assertEquals(List.of("Input", "Dense", "BatchNorm", "Activation", "Dense", "Activation", "Output"),
            assertSameAsOnnxRuntime(net));
    }

    @Test
    void swishAsConvTimesItsSigmoidAndMulOfTwoBranches() throws Exception {
        OnnxNet net = new OnnxNet("y", 2, 6, 6).weight("c1.w", 4, 2, 3, 3).weight("c2.w", 4, 2, 1, 1)
            .weight("fc.w", 2, 4).weight("fc.b", 2)
            .op("c1", "Conv", List.of("x", "c1.w"), "a", ints("pads", 1, 1, 1, 1))
            .op("sig", "Sigmoid", List.of("a"), "s")
            .op("swish", "Mul", List.of("a", "s"), "w")
            .op("c2", "Conv", List.of("x", "c2.w"), "b")
            .op("tanh", "Tanh", List.of("b"), "t")
            .op("mul", "Mul", List.of("w", "t"), "m")
            .op("gap", "ReduceMean", List.of("m"), "p", ints("axes", 2, 3), integer("keepdims", 0))
            .op("fc", "Gemm", List.of("p", "fc.w", "fc.b"), "y", integer("transB", 1));
        assertEquals(List.of("Input", "Conv2D", "Conv2D", "Multiply", "GlobalAvgPool", "Output"),
            assertSameAsOnnxRuntime(net));
    }

    @Test
    void convTransposeWithStrideAndPaddingThenReduceMeanKeepingDims() throws Exception {
        OnnxNet net = new OnnxNet("y", 3, 4, 4).weight("d.w", 3, 5, 3, 3).weight("d.b", 5).weight("fc.w", 5, 2)
            .op("deconv", "ConvTranspose", List.of("x", "d.w", "d.b"), "d", ints("strides", 2, 2),
                ints("pads", 1, 1, 1, 1), ints("kernel_shape", 3, 3))
            .op("relu", "Relu", List.of("d"), "r")
            .op("mean", "ReduceMean", List.of("r"), "p", ints("axes", -2, -1))
            .op("flat", "Flatten", List.of("p"), "f")
            .op("fc", "Gemm", List.of("f", "fc.w"), "y");
        assertEquals(List.of("Input", "Deconv2D", "GlobalAvgPool", "Output"), assertSameAsOnnxRuntime(net));
    }

    @Test
    void padWithZerosLrnAveragePoolCountingPaddingLeakyReluConcatAndAdd() throws Exception {
        OnnxNet net = new OnnxNet("y", 3, 6, 6).longs("pads", 0, 0, 1, 0, 0, 0, 2, 1)
            .weight("c.w", 6, 3, 3, 3).weight("fc.w", 2, 12 * 7 * 5)
            .op("pad", "Pad", List.of("x", "pads"), "p")
            .op("conv", "Conv", List.of("p", "c.w"), "c")
            .op("lrn", "LRN", List.of("c"), "l", integer("size", 3), real("alpha", 0.5f), real("beta", 0.75f),
                real("bias", 2f))
            .op("avg", "AveragePool", List.of("l"), "a", ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1),
                integer("count_include_pad", 1))
            .op("leaky", "LeakyRelu", List.of("a"), "k", real("alpha", 0.01f))
            .op("sum", "Add", List.of("k", "l"), "s")
            .op("cat", "Concat", List.of("s", "c"), "t", integer("axis", 1))
            .op("flat", "Flatten", List.of("t"), "f")
            .op("fc", "Gemm", List.of("f", "fc.w"), "y", integer("transB", 1));
        assertEquals(List.of("Input", "ZeroPadding2D", "Conv2D", "LocalResponseNorm", "ZeroPadding2D", "AvgPool2D",
            "Activation", "Add", "Concat", "Flatten", "Output"), assertSameAsOnnxRuntime(net));
    }

    @Test
    void maxPoolWithCeilModeOverAReluGetsTheOverhangAsZeroPaddingAndPyTorchsRuleForTheLastWindow() throws Exception {
        OnnxNet net = new OnnxNet("y", 2, 8, 8).weight("c.w", 3, 2, 1, 1).weight("fc.w", 3 * 5 * 5 + 3 * 3 * 3, 2)
            .op("conv", "Conv", List.of("x", "c.w"), "c")
            .op("relu", "Relu", List.of("c"), "r")
            .op("pool", "MaxPool", List.of("r"), "p", ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                ints("pads", 1, 1, 1, 1), integer("ceil_mode", 1))
            .op("pool2", "MaxPool", List.of("p"), "q", ints("kernel_shape", 2, 2), ints("strides", 2, 2),
                integer("ceil_mode", 1))
            .op("f1", "Flatten", List.of("p"), "a")
            .op("f2", "Flatten", List.of("q"), "b")
            .op("cat", "Concat", List.of("a", "b"), "f", integer("axis", 1))
            .op("fc", "MatMul", List.of("f", "fc.w"), "y");
        assertEquals(List.of("Input", "Conv2D", "ZeroPadding2D", "MaxPool2D", "ZeroPadding2D", "MaxPool2D", "Flatten",
            "Flatten", "Concat", "Output"), assertSameAsOnnxRuntime(net));
    }

    @Test
    void squeezeAndExcitationAsEfficientNetWritesItScaleFirstWithSwishAndSigmoid() throws Exception {
        OnnxNet net = new OnnxNet("y", 3, 5, 7).weight("c.w", 6, 3, 3, 3).weight("c.b", 6)
            .weight("sq.w", 2, 6, 1, 1).weight("sq.b", 2).weight("ex.w", 6, 2, 1, 1).weight("ex.b", 6)
            .weight("fc.w", 4, 6).weight("fc.b", 4)
            .op("conv", "Conv", List.of("x", "c.w", "c.b"), "c", ints("pads", 1, 1, 1, 1), ints("kernel_shape", 3, 3))
            .op("squeeze", "GlobalAveragePool", List.of("c"), "p")
            .op("reduce", "Conv", List.of("p", "sq.w", "sq.b"), "q", ints("kernel_shape", 1, 1), ints("strides", 1, 1),
                ints("pads", 0, 0, 0, 0), ints("dilations", 1, 1), integer("group", 1))
            .op("sig1", "Sigmoid", List.of("q"), "qs")
            .op("swish", "Mul", List.of("q", "qs"), "r")
            .op("expand", "Conv", List.of("r", "ex.w", "ex.b"), "e", ints("kernel_shape", 1, 1))
            .op("sig2", "Sigmoid", List.of("e"), "s")
            .op("excite", "Mul", List.of("s", "c"), "m")
            .op("gap", "GlobalAveragePool", List.of("m"), "g")
            .op("flat", "Flatten", List.of("g"), "f")
            .op("fc", "Gemm", List.of("f", "fc.w", "fc.b"), "y", integer("transB", 1));
        assertEquals(List.of("Input", "Conv2D", "GlobalAvgPool", "Dense", "Dense", "ChannelScale",
            "GlobalAvgPool", "Output"), assertSameAsOnnxRuntime(net));
    }

    @Test
    void squeezeAndExcitationWithTheImageFirstAndReluKeepsTheImageShapeForTheLayersAfter() throws Exception {
        OnnxNet net = new OnnxNet("y", 4, 6, 3).weight("sq.w", 3, 4, 1, 1).weight("sq.b", 3).weight("ex.w", 4, 3, 1, 1)
            .weight("ex.b", 4).weight("c.w", 2, 4, 3, 3).weight("fc.w", 2 * 4 * 1, 3)
            .op("squeeze", "ReduceMean", List.of("x"), "p", ints("axes", 2, 3))
            .op("reduce", "Conv", List.of("p", "sq.w", "sq.b"), "q")
            .op("relu", "Relu", List.of("q"), "r")
            .op("expand", "Conv", List.of("r", "ex.w", "ex.b"), "e")
            .op("sig", "Sigmoid", List.of("e"), "s")
            .op("excite", "Mul", List.of("x", "s"), "m")
            .op("conv", "Conv", List.of("m", "c.w"), "c")
            .op("flat", "Flatten", List.of("c"), "f")
            .op("fc", "MatMul", List.of("f", "fc.w"), "y");
        assertEquals(List.of("Input", "GlobalAvgPool", "Dense", "Dense", "ChannelScale", "Conv2D",
            "Flatten", "Output"), assertSameAsOnnxRuntime(net));
    }

    /**
     * Squeeze-and-excitation whose scale is a Linear's vector made [N, C, 1, 1] by two Unsqueezes, as
     * PyTorch writes s[:, :, None, None] and s.unsqueeze(-1).unsqueeze(-1) (found by exporting random
     * LayerLoom networks through benchmarks/training/torch_graph.py).
     */
    @Test
    void squeezeAndExcitationWithAVectorUnsqueezedTwice() throws Exception {
        OnnxNet net = new OnnxNet("y", 4, 5, 3).weight("ex.w", 4, 4).weight("ex.b", 4).weight("fc.w", 4 * 5 * 3, 3)
            .longs("two", 2).longs("last", -1)
            .op("squeeze", "GlobalAveragePool", List.of("x"), "p")
            .op("flat1", "Flatten", List.of("p"), "v", integer("axis", 1))
            .op("expand", "Gemm", List.of("v", "ex.w", "ex.b"), "e", integer("transB", 1))
            .op("sig", "Sigmoid", List.of("e"), "s")
            .op("u1", "Unsqueeze", List.of("s", "two"), "s1")
            .op("u2", "Unsqueeze", List.of("s1", "last"), "s2")
            .op("excite", "Mul", List.of("x", "s2"), "m")
            .op("flat", "Flatten", List.of("m"), "f", integer("axis", 1))
            .op("fc", "MatMul", List.of("f", "fc.w"), "y");
        assertEquals(List.of("Input", "GlobalAvgPool", "Dense", "ChannelScale", "Flatten", "Output"),
            assertSameAsOnnxRuntime(net));
    }

    /**
     * ShuffleNet v2's unit as PyTorch 1.13 writes it (torchvision's shufflenet_v2 files): x.chunk(2,
     * dim=1) as two Slices whose bounds come from Shape, Gather, Add, Div and Mul of the channel
     * count, and channel_shuffle as a Reshape to [N, 2, C/2, H, W] (its shape a Concat of constants),
     * a Transpose of the group axes and a Reshape to [N, -1, H, W]. The shuffle's channel order
     * reaches the output through the Flatten and the Gemm.
     */
    @Test
    void shuffleNetV2sChunkAndChannelShuffleAsPyTorchWritesThem() throws Exception {
        OnnxNet net = new OnnxNet("y", 4, 5, 6).weight("c.w", 8, 4, 1, 1).weight("r.w", 4, 4, 3, 3)
            .weight("fc.w", 3, 8 * 5 * 6).weight("fc.b", 3)
            .longs("one", 1).longs("zero", 0).longs("two", 2).longs("n", 2).longs("k", 4).longs("h", 5).longs("w", 6)
            .longs("minus", -1)
            .op("conv", "Conv", List.of("x", "c.w"), "c", ints("kernel_shape", 1, 1))
            .op("shape", "Shape", List.of("c"), "s")
            .op("gather", "Gather", List.of("s", "one"), "ch", integer("axis", 0))
            .op("add", "Add", List.of("ch", "one"), "ch1")
            .op("div", "Div", List.of("ch1", "two"), "half")
            .op("mul", "Mul", List.of("half", "one"), "end0")
            .op("slice0", "Slice", List.of("c", "zero", "end0", "one"), "left")
            .op("mul2", "Mul", List.of("half", "two"), "end1")
            .op("slice1", "Slice", List.of("c", "end0", "end1", "one"), "right")
            .op("rconv", "Conv", List.of("right", "r.w"), "r", ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1))
            .op("relu", "Relu", List.of("r"), "rr")
            .op("cat", "Concat", List.of("left", "rr"), "j", integer("axis", 1))
            .op("shape5", "Concat", List.of("n", "two", "k", "h", "w"), "s5", integer("axis", 0))
            .op("groups", "Reshape", List.of("j", "s5"), "j5")
            .op("swap", "Transpose", List.of("j5"), "t5", ints("perm", 0, 2, 1, 3, 4))
            .op("shape4", "Concat", List.of("n", "minus", "h", "w"), "s4", integer("axis", 0))
            .op("back", "Reshape", List.of("t5", "s4"), "sh")
            .op("flat", "Flatten", List.of("sh"), "f")
            .op("fc", "Gemm", List.of("f", "fc.w", "fc.b"), "y", integer("transB", 1));
        assertEquals(List.of("Input", "Conv2D", "ChannelSplit", "ChannelSplit", "Conv2D", "Concat", "ChannelShuffle",
            "Flatten", "Output"), assertSameAsOnnxRuntime(net));
    }

    /**
     * MobileNet v3's activations as PyTorch writes them: Hardswish at opset 13 (x * HardSigmoid(x)
     * with alpha 1/6), the HardSwish operator, and squeeze-and-excitation gated by a HardSigmoid
     * with alpha 1/6 (hardsigmoid_torch), beside an ONNX-default HardSigmoid (DL4J's).
     */
    @Test
    void mobileNetV3sHardSwishHardSigmoidAndTheirSqueezeAndExcitation() throws Exception {
        OnnxNet net = new OnnxNet("y", 3, 6, 5).weight("c.w", 8, 3, 3, 3).weight("c.b", 8)
            .weight("sq.w", 4, 8, 1, 1).weight("sq.b", 4).weight("ex.w", 8, 4, 1, 1).weight("ex.b", 8)
            .weight("d.w", 6, 8, 1, 1).weight("fc.w", 3, 6).weight("fc.b", 3)
            .op("conv", "Conv", List.of("x", "c.w", "c.b"), "c", ints("pads", 1, 1, 1, 1), ints("kernel_shape", 3, 3))
            .op("gate", "HardSigmoid", List.of("c"), "g", real("alpha", 1f / 6), real("beta", 0.5f))
            .op("hswish", "Mul", List.of("c", "g"), "h")
            .op("squeeze", "GlobalAveragePool", List.of("h"), "p")
            .op("reduce", "Conv", List.of("p", "sq.w", "sq.b"), "q", ints("kernel_shape", 1, 1))
            .op("relu", "Relu", List.of("q"), "r")
            .op("expand", "Conv", List.of("r", "ex.w", "ex.b"), "e", ints("kernel_shape", 1, 1))
            .op("scale", "HardSigmoid", List.of("e"), "s", real("alpha", 1f / 6), real("beta", 0.5f))
            .op("excite", "Mul", List.of("s", "h"), "m")
            .op("proj", "Conv", List.of("m", "d.w"), "d")
            .op("hswish2", "HardSwish", List.of("d"), "k")
            .op("dl4j", "HardSigmoid", List.of("k"), "l")
            .op("gap", "GlobalAveragePool", List.of("l"), "o")
            .op("flat", "Flatten", List.of("o"), "f")
            .op("fc", "Gemm", List.of("f", "fc.w", "fc.b"), "y", integer("transB", 1));
        assertEquals(List.of("Input", "Conv2D", "GlobalAvgPool", "Dense", "Dense", "ChannelScale",
            "Conv2D", "Activation", "GlobalAvgPool", "Output"), assertSameAsOnnxRuntime(net));
    }

    /** The same values at the scale where both clips of the hard sigmoid are reached (inputs up to +-40). */
    @Test
    void hardSwishAndHardSigmoidBeyondTheirClips() throws Exception {
        float[] w = new float[4 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 2 == 0 ? 1 : -1) * (2 + i);
        }
        OnnxNet net = new OnnxNet("y", 3, 4, 4).weight("c.w", w, 4, 3, 1, 1).weight("fc.w", 2, 4 * 16)
            .op("conv", "Conv", List.of("x", "c.w"), "c")
            .op("hswish", "HardSwish", List.of("c"), "h")
            .op("gate", "HardSigmoid", List.of("h"), "g", real("alpha", 1f / 6))
            .op("flat", "Flatten", List.of("g"), "f")
            .op("fc", "Gemm", List.of("f", "fc.w"), "y", integer("transB", 1));
        assertEquals(List.of("Input", "Conv2D", "Activation", "Flatten", "Output"), assertSameAsOnnxRuntime(net));
    }
}
