package io.layerloom.codegen.onnx;

import static io.layerloom.codegen.onnx.OnnxTestModels.integer;
import static io.layerloom.codegen.onnx.OnnxTestModels.ints;
import static io.layerloom.codegen.onnx.OnnxTestModels.real;
import static io.layerloom.codegen.onnx.OnnxTestModels.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.Sides;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import's weights in DL4J's layout, the operators added to the structural import, and their refusals. */
class OnnxImportTest {

    private static final ActivationFunction ID = ActivationFunction.IDENTITY;

    @TempDir
    Path dir;

    private OnnxImported imported(OnnxNet net) throws Exception {
        return OnnxImport.run(new OnnxReader().read(OnnxTestModels.write(dir, "m.onnx", net.model())));
    }

    /** Each parameter as "shape values", comparable whole. */
    private static Map<String, Map<String, String>> described(Weights w) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        w.asMap().forEach((node, params) -> params.forEach((key, a) -> out.computeIfAbsent(node, k -> new LinkedHashMap<>())
            .put(key, Arrays.toString(a.shape()) + " " + Arrays.toString(a.values()))));
        return out;
    }

    @Test
    void weightsAreInDl4jLayoutDepthwiseChannelsMultipliedBatchNormAsLog10StdDevGemmScaledAndTransposed()
        throws Exception {
        float[] v = values(8);
        float[] fc = values(12);
        OnnxNet net = new OnnxNet("y", 2, 3, 3).weight("dw.w", v, 4, 1, 1, 2)
            .weight("bn.g", new float[] {1, 2, 3, 4}, 4).weight("bn.b", new float[] {5, 6, 7, 8}, 4)
            .constant("bn.m", new float[] {0, 1, 2, 3}, 4).constant("bn.v", new float[] {1, 100, 0.01f, 0}, 4)
            .weight("fc.w", fc, 3, 4).weight("fc.b", new float[] {1, 2, 3}, 3)
            .op("dw", "Conv", List.of("x", "dw.w"), "d", integer("group", 2))
            .op("bn", "BatchNormalization", List.of("d", "bn.g", "bn.b", "bn.m", "bn.v"), "n")
            .op("gap", "GlobalAveragePool", List.of("n"), "p")
            .op("flat", "Flatten", List.of("p"), "f")
            .op("fc", "Gemm", List.of("f", "fc.w", "fc.b"), "y", integer("transB", 1), real("alpha", 2f),
                real("beta", 0.5f));

        OnnxImported imported = imported(net);

        Map<String, Map<String, String>> expected = new LinkedHashMap<>();
        // ONNX output channel c * 2 + m is DL4J's [kh][kw][c][m].
        expected.put("dw", Map.of("W", "[1, 2, 2, 2] " + Arrays.toString(new float[] {v[0], v[2], v[4], v[6], v[1], v[3],
            v[5], v[7]})));
        expected.put("bn", Map.of("gamma", "[4] [1.0, 2.0, 3.0, 4.0]", "beta", "[4] [5.0, 6.0, 7.0, 8.0]",
            "mean", "[4] [0.0, 1.0, 2.0, 3.0]", "log10stdev", "[4] [0.0, 1.0, -1.0, -Infinity]"));
        float[] w = new float[12];
        for (int i = 0; i < 4; i++) {
            for (int o = 0; o < 3; o++) {
                w[i * 3 + o] = 2 * fc[o * 4 + i];
            }
        }
        expected.put("fc", Map.of("W", "[4, 3] " + Arrays.toString(w), "b", "[3] [0.5, 1.0, 1.5]"));
        assertEquals(expected, described(imported.weights()));
        assertEquals(net.trainable, GraphAnalysis.analyze(imported.graph()).totals().trainableParams());
        assertEquals(net.trainable + 8, imported.weights().count());
    }

    @Test
    void swishFoldsIntoTheConvAndReduceMeanPadLrnAndConvTransposeMap() throws Exception {
        OnnxNet net = new OnnxNet("y", 3, 6, 6).longs("pads", 0, 0, 1, 2, 0, 0, 3, 4)
            .weight("c.w", 4, 3, 3, 3).weight("d.w", 4, 2, 2, 2).weight("d.b", 2).weight("fc.w", 5, 2)
            .op("pad", "Pad", List.of("x", "pads"), "p", OnnxTestModels.string("mode", "constant"))
            .op("conv", "Conv", List.of("p", "c.w"), "c")
            .op("sig", "Sigmoid", List.of("c"), "s")
            .op("swish", "Mul", List.of("s", "c"), "w")
            .op("lrn", "LRN", List.of("w"), "l", integer("size", 5))
            .op("up", "ConvTranspose", List.of("l", "d.w", "d.b"), "u", ints("strides", 2, 2), ints("pads", 1, 1, 1, 1))
            .op("mean", "ReduceMean", List.of("u"), "r", ints("axes", 2, 3), integer("keepdims", 0))
            .op("fc", "Gemm", List.of("r", "fc.w"), "y");

        OnnxImported imported = imported(net);

        assertEquals(List.of(Node.of("x", new LayerSpec.Input(Dims.of(3, 6, 6))),
            Node.of("pad", new LayerSpec.ZeroPadding2D(new Sides(1, 3, 2, 4)), "x"),
            Node.of("conv", new LayerSpec.Conv2D(4, IntPair.of(3), IntPair.of(1), Padding.of(0), IntPair.of(1),
                ActivationFunction.SWISH, false), "pad"),
            Node.of("lrn", new LayerSpec.LocalResponseNorm(5, 1, 1e-4 / 5, 0.75), "conv"),
            Node.of("up", new LayerSpec.Deconv2D(2, IntPair.of(2), IntPair.of(2), Padding.of(1), ID, true), "lrn"),
            Node.of("mean", new LayerSpec.GlobalAvgPool(), "up"),
            Node.of("fc", new LayerSpec.Output(2, ID, Loss.MSE, false), "mean")), imported.graph().nodes());
        assertEquals(List.of(), GraphAnalysis.analyze(imported.graph()).diagnostics());
        assertEquals(List.of("conv", "up", "fc"), List.copyOf(imported.weights().nodes()));
    }

    @Test
    void pytorchsHardSigmoidAndHardSwishMapToTheirOwnActivationsAndOnnxsDefaultToDl4js() throws Exception {
        ActivationFunction hs = ActivationFunction.HARDSIGMOID_TORCH;
        ActivationFunction hw = ActivationFunction.HARDSWISH;
        OnnxNet net = new OnnxNet("y", 3, 4, 4).weight("c1.w", 4, 3, 1, 1).weight("c2.w", 4, 4, 1, 1)
            .weight("c3.w", 4, 4, 1, 1).weight("fc.w", 2, 4)
            .op("c1", "Conv", List.of("x", "c1.w"), "a")
            // PyTorch's Hardswish at opset 13: x * HardSigmoid(x, alpha 1/6), folded into the Conv.
            .op("gate", "HardSigmoid", List.of("a"), "g", real("alpha", 1f / 6))
            .op("swish", "Mul", List.of("a", "g"), "b")
            .op("c2", "Conv", List.of("b", "c2.w"), "c")
            .op("hswish", "HardSwish", List.of("c"), "d")
            .op("c3", "Conv", List.of("d", "c3.w"), "e")
            // Read twice: an Activation layer of its own, then another HardSigmoid of DL4J's slope.
            .op("hsig", "HardSigmoid", List.of("e"), "h", real("alpha", 1f / 6), real("beta", 0.5f))
            .op("dl4j", "HardSigmoid", List.of("h"), "k")
            .op("sum", "Add", List.of("k", "e"), "s")
            .op("mean", "ReduceMean", List.of("s"), "r", ints("axes", 2, 3), integer("keepdims", 0))
            .op("fc", "Gemm", List.of("r", "fc.w"), "y", integer("transB", 1));

        OnnxImported imported = imported(net);

        IntPair one = IntPair.of(1);
        assertEquals(List.of(Node.of("x", new LayerSpec.Input(Dims.of(3, 4, 4))),
            Node.of("c1", new LayerSpec.Conv2D(4, one, one, Padding.of(0), one, hw, false), "x"),
            Node.of("c2", new LayerSpec.Conv2D(4, one, one, Padding.of(0), one, hw, false), "c1"),
            Node.of("c3", new LayerSpec.Conv2D(4, one, one, Padding.of(0), one, ID, false), "c2"),
            Node.of("hsig", new LayerSpec.ActivationLayer(hs), "c3"),
            Node.of("dl4j", new LayerSpec.ActivationLayer(ActivationFunction.HARDSIGMOID), "hsig"),
            Node.of("sum", new LayerSpec.Add(), "dl4j", "c3"),
            Node.of("mean", new LayerSpec.GlobalAvgPool(), "sum"),
            Node.of("fc", new LayerSpec.Output(2, ID, Loss.MSE, false), "mean")), imported.graph().nodes());

        OnnxNet other = new OnnxNet("y", 4).weight("fc.w", 2, 4)
            .op("hs", "HardSigmoid", List.of("x"), "a", real("alpha", 1f / 6), real("beta", 0.4f))
            .op("fc", "Gemm", List.of("a", "fc.w"), "y", integer("transB", 1));
        OnnxUnsupportedException e = assertThrows(OnnxUnsupportedException.class, () -> imported(other));
        assertEquals("alpha 0.16666667, beta 0.4: the import maps HardSigmoid with beta 0.5 and alpha 0.2 (DL4J's"
            + " hardsigmoid, ONNX's default) or 1/6 (PyTorch's Hardsigmoid, hardsigmoid_torch) only.",
            e.nodes().get(0).reason());
    }

    @Test
    void everyOperatorThatComputesSomethingElseIsRefusedWithTheValuesFound() throws Exception {
        OnnxNet net = new OnnxNet("y", 4, 6, 6).longs("pads", 0, 0, 1, 1, 0, 0, 1, 1).weight("d.w", 4, 4, 3, 3)
            .constant("two", new float[] {2}).weight("bn.g", 4).weight("bn.b", 4).constant("bn.m", new float[4], 4)
            .constant("bn.v", new float[] {1, -1, 1, 1}, 4).weight("fc.w", 3, 4 * 13 * 13).weight("sq.w", 4, 4, 3, 3)
            .op("hs", "HardSigmoid", List.of("x"), "a", real("alpha", 0.25f))
            .op("elu", "Elu", List.of("a"), "b", real("alpha", 0.5f))
            .op("pad", "Pad", List.of("b", "pads"), "c", OnnxTestModels.string("mode", "reflect"))
            .op("lrn", "LRN", List.of("c"), "d", integer("size", 4))
            .op("up", "ConvTranspose", List.of("d", "d.w"), "e", ints("output_padding", 1, 1), ints("strides", 2, 2))
            .op("twice", "Mul", List.of("e", "two"), "f")
            .op("gap", "GlobalAveragePool", List.of("f"), "g")
            .op("sq", "Conv", List.of("g", "sq.w"), "s", ints("pads", 1, 1, 1, 1))
            .op("se", "Mul", List.of("f", "g"), "h")
            .op("bn", "BatchNormalization", List.of("h", "bn.g", "bn.b", "bn.m", "bn.v"), "i")
            .op("mean", "ReduceMean", List.of("i"), "j", ints("axes", 1, 2, 3))
            .op("flat", "Flatten", List.of("j"), "k")
            .op("fc", "Gemm", List.of("k", "fc.w"), "y", integer("transB", 1));

        OnnxUnsupportedException e = assertThrows(OnnxUnsupportedException.class, () -> imported(net));

        assertEquals(List.of(
            new OnnxUnsupportedException.Unsupported("node 'hs' (HardSigmoid)", "HardSigmoid", List.of("alpha=0.25"),
                List.of("x"), "alpha 0.25, beta 0.5: the import maps HardSigmoid with beta 0.5 and alpha 0.2 (DL4J's"
                + " hardsigmoid, ONNX's default) or 1/6 (PyTorch's Hardsigmoid, hardsigmoid_torch) only."),
            new OnnxUnsupportedException.Unsupported("node 'elu' (Elu)", "Elu", List.of("alpha=0.5"), List.of("a"),
                "alpha 0.5: LayerLoom's elu is DL4J's, with alpha 1 only."),
            new OnnxUnsupportedException.Unsupported("node 'pad' (Pad)", "Pad", List.of("mode=\"reflect\""),
                List.of("b", "pads"), "mode \"reflect\", pads pads INT64 [8] [0, 0, 1, 1, 0, 0, 1, 1]; the import maps"
                + " Pad with zeros (constant mode, value 0) on height and width, none negative, as ZeroPadding2D."),
            new OnnxUnsupportedException.Unsupported("node 'lrn' (LRN)", "LRN", List.of("size=4"), List.of("c"),
                "size 4; the import maps LRN of an odd size (ONNX and DL4J centre an even window differently)."),
            new OnnxUnsupportedException.Unsupported("node 'up' (ConvTranspose)", "ConvTranspose",
                List.of("output_padding=[1, 1]", "strides=[2, 2]"), List.of("d", "d.w"), "the import maps ConvTranspose"
                + " with group 1, dilation 1 and no output_padding only (LayerLoom's Deconv2D)."),
            new OnnxUnsupportedException.Unsupported("node 'twice' (Mul)", "Mul", List.of(), List.of("e", "two"),
                "multiplies by the constant 'two'; the import maps Mul of two layer outputs of one shape, x * Sigmoid(x)"
                + " as swish and x * HardSigmoid(x) as hardswish."),
            new OnnxUnsupportedException.Unsupported("node 'sq' (Conv)", "Conv", List.of("pads=[1, 1, 1, 1]"),
                List.of("g", "sq.w"), "input 'g' is a global pooling's [N, C, 1, 1], which LayerLoom holds as a vector"
                + " [C]; the import maps a Conv on it only with kernel 1x1, stride 1, no padding and group 1 (as a Dense"
                + " layer), not weight [4, 4, 3, 3], strides 1, pads 1, group 1."),
            new OnnxUnsupportedException.Unsupported("node 'se' (Mul)", "Mul", List.of(), List.of("f", "g"),
                "it scales 'f' per channel, but that image's height and width are unknown (a node before it could not"
                + " be mapped), and the import needs them to repeat the scale."),
            new OnnxUnsupportedException.Unsupported("node 'bn' (BatchNormalization)", "BatchNormalization", List.of(),
                List.of("h", "bn.g", "bn.b", "bn.m", "bn.v"), "running variance 'bn.v' holds -1.0 at channel 1; a"
                + " variance is never negative or NaN."),
            new OnnxUnsupportedException.Unsupported("node 'mean' (ReduceMean)", "ReduceMean",
                List.of("axes=[1, 2, 3]"), List.of("i"), "the import maps ReduceMean over axes [2, 3]"
                + " (height and width) of an image only, as a global average pooling.")), e.nodes());
    }
}
