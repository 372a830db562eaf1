package io.layerloom.codegen.onnx;

import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.codegen.onnx.OnnxAttributeReader.Refusal;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.Sides;
import io.layerloom.model.util.Text;
import java.util.Optional;

/**
 * The sliding-window operators of the import: Conv (as Conv2D, DepthwiseConv2D or GroupedConv2D, or as Dense when it is
 * 1x1 on a global pooling's output), ConvTranspose
 * (as Deconv2D), MaxPool, AveragePool, and Pad with zeros (as ZeroPadding2D). It reads their window attributes as ONNX defines them (pads as
 * [top, left, bottom, right]) and maps them only where LayerLoom computes the same thing: asymmetric
 * convolution padding becomes a ZeroPadding2D before the layer, AveragePool counting its zero
 * padding (PyTorch's default) does too because DL4J leaves padding out of the divisor, and ceil_mode
 * is accepted only where the analysis shows the last window fits exactly.
 */
final class OnnxWindows {

    private OnnxWindows() {
    }

    static void conv(OnnxLayerBuilder im, OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
        if (im.pooledVectors.contains(im.data(n, 0))) {
            pointwise(im, n, a);
            return;
        }
        String x = im.image(n, 0);
        OnnxTensor w = im.weight(n, 1, 4);
        long out = w.dims().get(0);
        IntPair kernel = new IntPair(Math.toIntExact(w.dims().get(2)), Math.toIntExact(w.dims().get(3)));
        Optional<OnnxTensor> bias = kernelAndBias(im, n, a, w, kernel, out);
        long group = a.integer("group", 1);
        IntPair stride = a.pair("strides", 1);
        IntPair dilation = a.pair("dilations", 1);
        Sides pads = pads(a);
        Padding padding = padding(a, pads);
        if (padding == null) {
            x = im.emitBefore(n, "_pad", new LayerSpec.ZeroPadding2D(pads), x);
            padding = Padding.of(0);
        }
        LayerSpec spec;
        Weights.Array kernelWeights;
        if (group == 1) {
            spec = new LayerSpec.Conv2D(out, kernel, stride, padding, dilation, ActivationFunction.IDENTITY,
                bias.isPresent());
            kernelWeights = OnnxWeightLayout.same(w);
        } else if (group > 1 && w.dims().get(1) == 1 && out % group == 0) {
            spec = new LayerSpec.DepthwiseConv2D(Math.toIntExact(out / group), kernel, stride, padding, dilation,
                ActivationFunction.IDENTITY, bias.isPresent());
            kernelWeights = OnnxWeightLayout.depthwise(w, group);
        } else if (group > 1 && out % group == 0) {
            if (bias.isPresent()) {
                // DL4J has no bias-only layer to add after the grouped convolution's chain, and a
                // 1x1 depthwise layer or a BatchNorm holding it would add parameters PyTorch has not.
                throw new Refusal("grouped convolution (group " + group + ", weight " + w.dims() + ") with a bias:"
                    + " LayerLoom's GroupedConv2D has none. Export the model with bias=False on that convolution"
                    + " (ResNeXt's have none; a BatchNorm after it makes a bias redundant).");
            }
            spec = new LayerSpec.GroupedConv2D(out, Math.toIntExact(group), kernel, stride, padding, dilation);
            kernelWeights = OnnxWeightLayout.grouped(w, group);
        } else {
            throw new Refusal("grouped convolution, group " + group + " with weight " + w.dims()
                + ": group must divide the " + out + " output channels.");
        }
        String id = im.emit(n, spec, 4, x);
        im.param(id, "W", kernelWeights);
        if (bias.isPresent()) {
            im.param(id, "b", OnnxWeightLayout.vector(bias.get(), out, 1f));
        }
    }

    /**
     * A 1x1 Conv on a global pooling's [N, C, 1, 1] (the squeeze of squeeze-and-excitation), which
     * LayerLoom holds as a vector [C]: each output is a weighted sum of the C values plus a bias,
     * which is a Dense layer exactly. Its output is again such a vector, so an activation after it
     * folds into the Dense and a second 1x1 Conv maps the same way. Anything with a window or
     * padding would look outside the single pixel and is refused.
     */
    private static void pointwise(OnnxLayerBuilder im, OnnxNode n, OnnxAttributeReader a) throws Refusal {
        String x = im.data(n, 0);
        OnnxTensor w = im.weight(n, 1, 4);
        long out = w.dims().get(0);
        IntPair kernel = new IntPair(Math.toIntExact(w.dims().get(2)), Math.toIntExact(w.dims().get(3)));
        Optional<OnnxTensor> bias = kernelAndBias(im, n, a, w, kernel, out);
        String auto = a.string("auto_pad", "NOTSET");
        if (!kernel.equals(IntPair.of(1)) || a.integer("group", 1) != 1 || !a.pair("strides", 1).equals(IntPair.of(1))
            || !pads(a).equals(Sides.of(0)) || !(auto.equals("NOTSET") || auto.equals("VALID"))) {
            throw new Refusal("input '" + Text.display(x) + "' is a global pooling's [N, C, 1, 1], which LayerLoom holds"
                + " as a vector [C]; the import maps a Conv on it only with kernel 1x1, stride 1, no padding and group 1"
                + " (as a Dense layer), not weight " + w.dims() + ", strides " + a.pair("strides", 1) + ", pads "
                + pads(a) + ", group " + a.integer("group", 1) + ".");
        }
        String id = im.emit(n, new LayerSpec.Dense(out, ActivationFunction.IDENTITY, bias.isPresent()), 4, x);
        im.pooledVectors.add(n.outputs().get(0));
        im.param(id, "W", OnnxWeightLayout.pointwise(w));
        if (bias.isPresent()) {
            im.param(id, "b", OnnxWeightLayout.vector(bias.get(), out, 1f));
        }
    }

    /** Checks kernel_shape against the weight; the bias, if any, of {@code out} floats. */
    private static Optional<OnnxTensor> kernelAndBias(OnnxLayerBuilder im, OnnxNode n, OnnxAttributeReader a, OnnxTensor w,
                                                      IntPair kernel, long out) throws Refusal {
        if (!a.pair("kernel_shape", 0).equals(IntPair.of(0)) && !a.pair("kernel_shape", 0).equals(kernel)) {
            throw new Refusal("kernel_shape " + a.pair("kernel_shape", 0) + " differs from the weight's " + w.dims() + ".");
        }
        Optional<OnnxTensor> bias = im.optionalConstant(n, 2).isPresent() ? Optional.of(im.weight(n, 2, 1))
            : Optional.empty();
        if (bias.isPresent() && bias.get().size() != out) {
            throw new Refusal("bias " + bias.get().dims() + " for " + out + " filters.");
        }
        return bias;
    }

    /** ConvTranspose as Deconv2D: group 1, no dilation or output padding, the same padding on both sides. */
    static void convTranspose(OnnxLayerBuilder im, OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("auto_pad", "dilations", "group", "kernel_shape", "output_padding", "pads", "strides");
        String x = im.image(n, 0);
        OnnxTensor w = im.weight(n, 1, 4);
        long out = w.dims().get(1);
        IntPair kernel = new IntPair(Math.toIntExact(w.dims().get(2)), Math.toIntExact(w.dims().get(3)));
        Optional<int[]> outputPadding = a.ints("output_padding", 2);
        if (a.integer("group", 1) != 1 || !a.pair("dilations", 1).equals(IntPair.of(1))
            || (outputPadding.isPresent() && (outputPadding.get()[0] != 0 || outputPadding.get()[1] != 0))) {
            throw new Refusal("the import maps ConvTranspose with group 1, dilation 1 and no output_padding only"
                + " (LayerLoom's Deconv2D).");
        }
        Optional<OnnxTensor> bias = kernelAndBias(im, n, a, w, kernel, out);
        String auto = a.string("auto_pad", "NOTSET");
        Sides pads = pads(a);
        if (!(auto.equals("NOTSET") && pads.isSymmetric()) && !auto.equals("VALID")) {
            throw new Refusal("auto_pad \"" + Text.display(auto) + "\" with pads " + pads + "; the import maps"
                + " ConvTranspose with the same explicit padding on both sides, or VALID.");
        }
        Padding padding = auto.equals("VALID") ? Padding.of(0) : Padding.of(pads.top(), pads.left());
        String id = im.emit(n, new LayerSpec.Deconv2D(out, kernel, a.pair("strides", 1), padding,
            ActivationFunction.IDENTITY, bias.isPresent()), 4, x);
        im.param(id, "W", OnnxWeightLayout.same(w));
        if (bias.isPresent()) {
            im.param(id, "b", OnnxWeightLayout.vector(bias.get(), out, 1f));
        }
    }

    /** Pad with zeros (constant mode, value 0) of height and width only, as ZeroPadding2D. */
    static void pad(OnnxLayerBuilder im, OnnxNode n, OnnxAttributeReader a) throws Refusal {
        String mode = a.allow("mode").string("mode", "constant");
        String x = im.image(n, 0);
        OnnxTensor p = im.constant(n, 1);
        Optional<OnnxTensor> value = im.optionalConstant(n, 2);
        long[] v = new long[8];
        if (p.elementType() == OnnxElementType.INT64 && p.size() == 8) {
            p.longData().get(v);
        }
        boolean zero = value.isEmpty() || (value.get().elementType() == OnnxElementType.FLOAT && value.get().size() == 1
            && value.get().floatData().get(0) == 0f);
        boolean spatial = p.elementType() == OnnxElementType.INT64 && p.size() == 8 && v[0] == 0 && v[1] == 0
            && v[4] == 0 && v[5] == 0 && java.util.Arrays.stream(v).allMatch(d -> d >= 0 && d <= Integer.MAX_VALUE);
        if (!mode.equals("constant") || !zero || !spatial) {
            throw new Refusal("mode \"" + Text.display(mode) + "\", pads " + p + (value.isPresent() ? ", value "
                + value.get() : "") + "; the import maps Pad with zeros (constant mode, value 0) on height and width,"
                + " none negative, as ZeroPadding2D.");
        }
        im.emit(n, new LayerSpec.ZeroPadding2D(new Sides((int) v[2], (int) v[6], (int) v[3], (int) v[7])), 4, x);
    }

    static void pool(OnnxLayerBuilder im, int order, OnnxNode n, OnnxAttributeReader a) throws Refusal {
        boolean max = n.opType().equals("MaxPool");
        if (max) {
            a.allow("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides");
            if (!a.pair("dilations", 1).equals(IntPair.of(1)) || a.integer("storage_order", 0) != 0) {
                throw new Refusal("dilated or column-major MaxPool; the import maps dilation 1, storage_order 0.");
            }
            if (n.outputs().size() > 1 && im.readers.getOrDefault(n.outputs().get(1), 0) > 0) {
                throw new Refusal("its indices output is used; LayerLoom's pooling gives values only.");
            }
        } else {
            a.allow("auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides");
        }
        String x = im.image(n, 0);
        IntPair kernel = a.pair("kernel_shape", 0);
        if (kernel.h() < 1 || kernel.w() < 1) {
            throw new Refusal("kernel_shape is missing.");
        }
        IntPair stride = a.pair("strides", 1);
        Sides pads = pads(a);
        Padding padding = padding(a, pads);
        boolean countsPad = !max && a.integer("count_include_pad", 0) != 0 && !pads.equals(Sides.of(0));
        if (countsPad) {
            // DL4J's average leaves padding out of the divisor; zeros padded first are counted, as ONNX asks.
            x = im.emitBefore(n, "_pad", new LayerSpec.ZeroPadding2D(pads), x);
            padding = Padding.of(0);
        } else if (padding == null) {
            throw new Refusal("asymmetric pads " + pads + "; LayerLoom pools with the same padding on both sides.");
        }
        if (a.integer("ceil_mode", 0) != 0) {
            if (!(padding instanceof Padding.Explicit p)) {
                throw new Refusal("ceil_mode 1 with auto_pad; the import maps ceil_mode only with explicit pads.");
            }
            IntPair pad = p.amount();
            Optional<TensorType> in = im.typeSoFar(x);
            if (in.isPresent() && in.get() instanceof TensorType.Image img) {
                x = ceilMode(im, n, max, x, img, kernel, stride, pad);
            } else {
                im.shapeCheck(order, n, x, t -> fits(t, kernel, stride, pad), "ceil_mode 1 rounds the output size up,"
                    + " and LayerLoom rounds down; they agree only where the windows tile the padded input exactly."
                    + " Export with ceil_mode=False, or pad the input so they do.");
            }
        }
        im.emit(n, max ? new LayerSpec.MaxPool2D(kernel, stride, padding) : new LayerSpec.AvgPool2D(kernel, stride, padding),
            4, x);
    }

    /**
     * ceil_mode 1 adds a last window hanging over the bottom or right edge where the windows do not
     * tile the padded input. A MaxPool gets that overhang as zeros from a ZeroPadding2D before it,
     * which is ONNX's max wherever the input is never negative (ONNX ignores the overhang; a zero
     * never beats a non-negative value). An AveragePool would divide by the overhang too: refused.
     */
    private static String ceilMode(OnnxLayerBuilder im, OnnxNode n, boolean max, String x, TensorType.Image img,
                                   IntPair kernel, IntPair stride, IntPair pad) throws Refusal {
        int bottom = overhang(img.height(), kernel.h(), stride.h(), pad.h());
        int right = overhang(img.width(), kernel.w(), stride.w(), pad.w());
        if (bottom == 0 && right == 0) {
            return x;
        }
        String at = "ceil_mode 1 adds a last window hanging over the bottom edge by " + bottom + " and the right edge by "
            + right + " of its input, " + img.describe() + "; ";
        if (!max) {
            throw new Refusal(at + "ONNX averages it over the part inside, which LayerLoom's AvgPool2D cannot. Export"
                + " with ceil_mode=False, or pad the input so the windows tile it.");
        }
        if (!im.nonNegative(im.producer.get(x), 8)) {
            throw new Refusal(at + "the import pads it with zeros, which gives ONNX's max only where the input is never"
                + " negative (after a relu, relu6 or sigmoid), and this input may be. Export with ceil_mode=False.");
        }
        return im.emitBefore(n, "_ceil", new LayerSpec.ZeroPadding2D(new Sides(0, bottom, 0, right)), x);
    }

    /** How far ONNX's ceil_mode windows reach past the padded input (0 when they tile it), as PyTorch counts them. */
    static int overhang(long size, int kernel, int stride, int pad) {
        long span = size + 2L * pad - kernel;
        if (span < 0) {
            return 0;
        }
        long out = (span + stride - 1) / stride + 1;
        if ((out - 1) * stride >= size + pad) {
            out--;  // a last window starting in the right padding is dropped
        }
        return (int) Math.max(0, (out - 1) * stride + kernel - (size + 2L * pad));
    }

    private static boolean fits(TensorType t, IntPair kernel, IntPair stride, IntPair pad) {
        if (!(t instanceof TensorType.Image im)) {
            return false;
        }
        return (im.height() + 2L * pad.h() - kernel.h()) % stride.h() == 0
            && (im.width() + 2L * pad.w() - kernel.w()) % stride.w() == 0;
    }

    /** ONNX pads [top, left, bottom, right] as sides; zero when absent. */
    private static Sides pads(OnnxAttributeReader a) throws Refusal {
        return a.ints("pads", 4).map(p -> new Sides(p[0], p[2], p[1], p[3])).orElse(Sides.of(0));
    }

    /** The layer's padding, or null when only a ZeroPadding2D before it can express the pads. */
    private static Padding padding(OnnxAttributeReader a, Sides pads) throws Refusal {
        String auto = a.string("auto_pad", "NOTSET");
        switch (auto) {
            case "NOTSET":
                return pads.isSymmetric() ? Padding.of(pads.top(), pads.left()) : null;
            case "VALID":
                return Padding.of(0);
            case "SAME_UPPER":
                // DL4J's Same puts the odd extra row and column at the bottom and right, as SAME_UPPER does.
                return Padding.same();
            default:
                throw new Refusal("auto_pad \"" + Text.display(auto) + "\"; the import maps NOTSET, VALID and"
                    + " SAME_UPPER.");
        }
    }

    /**
     * LRN: ONNX divides alpha by the size, DL4J does not, so DL4J's alpha is ONNX's over the size.
     * With an even size their windows differ by a channel, so only odd sizes map.
     */
    static void lrn(OnnxLayerBuilder b, OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("alpha", "beta", "bias", "size");
        String x = b.image(n, 0);
        long size = a.integer("size", 0);
        if (size < 1 || size % 2 == 0 || size > Integer.MAX_VALUE) {
            throw new Refusal("size " + size + "; the import maps LRN of an odd size (ONNX and DL4J centre an even"
                + " window differently).");
        }
        double alpha = OnnxAttributeReader.decimal(a.real("alpha", 1e-4f)) / size;
        b.emit(n, new LayerSpec.LocalResponseNorm((int) size, OnnxAttributeReader.decimal(a.real("bias", 1f)), alpha,
            OnnxAttributeReader.decimal(a.real("beta", 0.75f))), 4, x);
    }
}
