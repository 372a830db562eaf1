package io.layerloom.codegen.onnx;

import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.codegen.onnx.OnnxGraphWriter.Attribute;
import io.layerloom.model.analysis.ConvArithmetic;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.LayerVisitor;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.Sides;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.layerloom.codegen.onnx.OnnxGraphWriter.integer;
import static io.layerloom.codegen.onnx.OnnxGraphWriter.ints;
import static io.layerloom.codegen.onnx.OnnxGraphWriter.real;
import static io.layerloom.codegen.onnx.OnnxGraphWriter.text;

/**
 * How each LayerLoom node becomes ONNX operators (opset 13) computing what DL4J's network computes
 * at inference: one method per kind, writing the node's operators through an
 * {@link OnnxGraphWriter} so that its last one writes the tensor named after the node, and its
 * parameters converted from DL4J's layout (DL4J's depthwise kernel [kH, kW, C, m] becomes a group
 * convolution's [C*m, 1, kH, kW]; a batch norm's log10 standard deviation becomes a variance). A
 * kind or setting ONNX cannot express exactly is refused ({@link Refusal}); a parameter missing or
 * of another shape is a {@link WeightProblem}. Recurrent kinds and Embedding are in
 * {@link OnnxRecurrentExport}.
 */
final class OnnxLayerExport implements LayerVisitor<String> {

    /** The node has no ONNX equivalent as configured; the message says why. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    /** A parameter the node needs is missing or has another shape; the message names it. */
    static final class WeightProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WeightProblem(String message) {
            super(message, null, false, false);
        }
    }

    final OnnxGraphWriter w;
    final String id;
    /** The tensor this node must write (its id, made unique). */
    final String out;
    final List<String> inputs;
    final List<TensorType> inTypes;
    final TensorType outType;
    private final Map<String, Weights.Array> params;

    OnnxLayerExport(OnnxGraphWriter w, String id, String out, List<String> inputs, List<TensorType> inTypes,
                    TensorType outType, Map<String, Weights.Array> params) {
        this.w = w;
        this.id = id;
        this.out = out;
        this.inputs = inputs;
        this.inTypes = inTypes;
        this.outType = outType;
        this.params = params;
    }

    String x() {
        return inputs.get(0);
    }

    /** The parameter {@code key} of this node, checked to hold the shape DL4J's layer gives it. */
    Weights.Array param(String key, long... shape) {
        Weights.Array a = params.get(key);
        if (a == null) {
            throw new WeightProblem("node '" + id + "': parameter '" + key + "' " + Arrays.toString(shape)
                + " is missing (the weights hold " + params.keySet() + ")");
        }
        if (!Arrays.equals(a.shape(), shape)) {
            throw new WeightProblem("node '" + id + "', parameter '" + key + "': the graph needs " + Arrays.toString(shape)
                + ", the weights hold " + Arrays.toString(a.shape()));
        }
        return a;
    }

    /** A parameter as an initializer, in DL4J's layout (which is ONNX's for these). */
    String initializer(String key, long... shape) {
        return w.floats(id + "/" + key, shape, param(key, shape).values());
    }

    long channelsIn() {
        return inTypes.get(0).dims().get(0);
    }

    /** The tensor a layer's linear part writes: the node's own when no activation follows. */
    String preActivation(ActivationFunction f) {
        return f == ActivationFunction.IDENTITY ? out : w.name(id + "/linear");
    }

    /**
     * Applies {@code f} to {@code x}, writing {@code target}. {@code featureAxis} is the axis of
     * {@code x} that holds the features a softmax normalises, or -1 where there is none that DL4J's
     * softmax uses (images and sequences, which DL4J normalises along their last axis).
     */
    String activation(String x, ActivationFunction f, String target, int featureAxis) {
        return switch (f) {
            case IDENTITY -> x.equals(target) ? x : w.node("Identity", List.of(x), target);
            case RELU -> w.node("Relu", List.of(x), target);
            case RELU6 -> w.node("Clip", List.of(x, w.scalar(id + "/min", 0f), w.scalar(id + "/max", 6f)), target);
            case LEAKYRELU -> w.node("LeakyRelu", List.of(x), target, real("alpha", 0.01f));
            case ELU -> w.node("Elu", List.of(x), target, real("alpha", 1f));
            case SELU -> w.node("Selu", List.of(x), target);
            // DL4J's (non-precise) GELU is x * sigmoid(1.702 x); opset 13 has no Gelu operator.
            case GELU -> w.node("Mul", List.of(x, w.op("Sigmoid", id + "/gate",
                List.of(w.op("Mul", id + "/scaled", List.of(x, w.scalar(id + "/k", 1.702f)))))), target);
            case SWISH -> w.node("Mul", List.of(x, w.op("Sigmoid", id + "/gate", List.of(x))), target);
            case SIGMOID -> w.node("Sigmoid", List.of(x), target);
            case HARDSIGMOID -> w.node("HardSigmoid", List.of(x), target, real("alpha", 0.2f), real("beta", 0.5f));
            case HARDSIGMOID_TORCH -> w.node("HardSigmoid", List.of(x), target, real("alpha", 1f / 6f), real("beta", 0.5f));
            // Opset 13 has no HardSwish operator: x * HardSigmoid(x), as PyTorch writes it there.
            case HARDSWISH -> w.node("Mul", List.of(x, w.op("HardSigmoid", id + "/gate", List.of(x), real("alpha", 1f / 6f),
                real("beta", 0.5f))), target);
            case TANH -> w.node("Tanh", List.of(x), target);
            case SOFTPLUS -> w.node("Softplus", List.of(x), target);
            case SOFTMAX -> {
                if (featureAxis < 0) {
                    throw new Refusal("softmax over an image or a sequence; the export maps softmax over features only"
                        + " (DL4J normalises other shapes along their last axis, ONNX would need a transposition).");
                }
                yield w.node("Softmax", List.of(x), target, integer("axis", featureAxis));
            }
        };
    }

    /** Kernel, strides, dilations and padding of a window: explicit pads, or SAME_UPPER for "same". */
    List<Attribute> window(IntPair kernel, IntPair stride, IntPair dilation, Padding padding) {
        TensorType.Image in = (TensorType.Image) inTypes.get(0);
        List<Attribute> a = new ArrayList<>(List.of(ints("kernel_shape", kernel.h(), kernel.w()),
            ints("strides", stride.h(), stride.w())));
        if (dilation != null) {
            a.add(ints("dilations", dilation.h(), dilation.w()));
        }
        if (padding instanceof Padding.Explicit e) {
            IntPair p = e.amount();
            a.add(ints("pads", p.h(), p.w(), p.h(), p.w()));
        } else if (dilation != null && (dilation.h() > 1 || dilation.w() > 1)) {
            // ONNX Runtime refuses SAME_UPPER with dilation: the amounts DL4J's Same pads, written out.
            long[] pads = new long[4];
            for (int axis = 0; axis < 2; axis++) {
                ConvArithmetic.WindowAxis wa = ConvArithmetic.window(in.size(axis), kernel, stride, dilation, padding, axis);
                pads[axis] = wa.padBefore();
                pads[axis + 2] = wa.paddedIn() - in.size(axis) - wa.padBefore();
            }
            a.add(ints("pads", pads));
        } else {
            // ONNX's SAME_UPPER is DL4J's Same: output ceil(in / stride), the odd padding row and
            // column at the bottom and right (ConvArithmetic.window computes the same amounts).
            a.add(text("auto_pad", "SAME_UPPER"));
        }
        return a;
    }

    private String conv(String x, String weight, String bias, List<Attribute> attributes, long group, String target) {
        List<Attribute> all = new ArrayList<>(attributes);
        all.add(integer("group", group));
        List<String> in = bias == null ? List.of(x, weight) : List.of(x, weight, bias);
        return w.node("Conv", in, target, all.toArray(Attribute[]::new));
    }

    @Override
    public String input(Input s) {
        throw new IllegalStateException("Input nodes are graph inputs, not operators");
    }

    private String dense(long units, ActivationFunction f, boolean bias) {
        long in = inTypes.get(0).dims().get(0);
        String weight = initializer("W", in, units);
        String pre = preActivation(f);
        if (bias) {
            w.node("Gemm", List.of(x(), weight, initializer("b", units)), pre);
        } else {
            w.node("MatMul", List.of(x(), weight), pre);
        }
        return activation(pre, f, out, 1);
    }

    @Override
    public String dense(Dense s) {
        return dense(s.units(), s.activation(), s.bias());
    }

    @Override
    public String output(LayerSpec.Output s) {
        return dense(s.units(), s.activation(), s.bias());
    }

    /** A loss layer computes only its activation on the vector it is given (the loss is for training). */
    @Override
    public String lossLayer(LayerSpec.LossLayer s) {
        return activation(x(), s.activation(), out, 1);
    }

    @Override
    public String conv2D(Conv2D s) {
        String weight = initializer("W", s.filters(), channelsIn(), s.kernel().h(), s.kernel().w());
        String bias = s.bias() ? initializer("b", s.filters()) : null;
        String pre = preActivation(s.activation());
        conv(x(), weight, bias, window(s.kernel(), s.stride(), s.dilation(), s.padding()), 1, pre);
        return activation(pre, s.activation(), out, -1);
    }

    /**
     * A depthwise kernel in DL4J's layout, indexed [j][c][y][x] ({@code multiplierFirst}, the
     * separable convolution's [m, C, kH, kW]) or [y][x][c][j] ([kH, kW, C, m]), as a group
     * convolution's [C*m, 1, kH, kW], output channel c*m + j as DL4J orders them.
     */
    String depthwiseKernel(Weights.Array a, long channels, int m, IntPair k, boolean multiplierFirst) {
        float[] from = a.values();
        float[] to = new float[from.length];
        int kh = k.h();
        int kw = k.w();
        int i = 0;
        for (int c = 0; c < channels; c++) {
            for (int j = 0; j < m; j++) {
                for (int y = 0; y < kh; y++) {
                    for (int xx = 0; xx < kw; xx++) {
                        int src = multiplierFirst ? ((j * (int) channels + c) * kh + y) * kw + xx
                            : ((y * kw + xx) * (int) channels + c) * m + j;
                        to[i++] = from[src];
                    }
                }
            }
        }
        return w.floats(id + "/depthwise", new long[]{channels * m, 1, kh, kw}, to);
    }

    @Override
    public String depthwiseConv2D(DepthwiseConv2D s) {
        long c = channelsIn();
        Weights.Array kernel = param("W", s.kernel().h(), s.kernel().w(), c, s.multiplier());
        String weight = depthwiseKernel(kernel, c, s.multiplier(), s.kernel(), false);
        String bias = s.bias() ? initializer("b", c * s.multiplier()) : null;
        String pre = preActivation(s.activation());
        conv(x(), weight, bias, window(s.kernel(), s.stride(), s.dilation(), s.padding()), c, pre);
        return activation(pre, s.activation(), out, -1);
    }

    /**
     * Conv with group G: DL4J's depthwise kernel [kH, kW, C_in, m] of the grouped convolution
     * (Dl4jMapping.groupedConv2D) as ONNX's [G*m, C_in/G, kH, kW], W_onnx[g*m + j][i][y][x] =
     * W_dl4j[y][x][g*k + i][j] with k = C_in/G; no bias.
     */
    @Override
    public String groupedConv2D(GroupedConv2D s) {
        long c = channelsIn();
        int g = s.groups();
        int k = Math.toIntExact(c / g);
        int m = Math.toIntExact(s.filters() / g);
        int kh = s.kernel().h();
        int kw = s.kernel().w();
        float[] from = param("W", kh, kw, c, m).values();
        float[] to = new float[from.length];
        for (int group = 0; group < g; group++) {
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < k; i++) {
                    for (int y = 0; y < kh; y++) {
                        for (int xx = 0; xx < kw; xx++) {
                            to[(((group * m + j) * k + i) * kh + y) * kw + xx] =
                                from[((y * kw + xx) * (int) c + group * k + i) * m + j];
                        }
                    }
                }
            }
        }
        String weight = w.floats(id + "/W", new long[]{s.filters(), k, kh, kw}, to);
        return conv(x(), weight, null, window(s.kernel(), s.stride(), s.dilation(), s.padding()), g, out);
    }

    @Override
    public String separableConv2D(SeparableConv2D s) {
        long c = channelsIn();
        int m = s.multiplier();
        Weights.Array kernel = param("W", m, c, s.kernel().h(), s.kernel().w());
        String depthwise = conv(x(), depthwiseKernel(kernel, c, m, s.kernel(), true), null,
            window(s.kernel(), s.stride(), s.dilation(), s.padding()), c, w.name(id + "/depthwise_out"));
        String pointwise = initializer("pW", s.filters(), c * m, 1, 1);
        String bias = s.bias() ? initializer("b", s.filters()) : null;
        String pre = preActivation(s.activation());
        conv(depthwise, pointwise, bias, List.of(ints("kernel_shape", 1, 1)), 1, pre);
        return activation(pre, s.activation(), out, -1);
    }

    @Override
    public String deconv2D(Deconv2D s) {
        String weight = initializer("W", channelsIn(), s.filters(), s.kernel().h(), s.kernel().w());
        String bias = s.bias() ? initializer("b", s.filters()) : null;
        long[] pads = new long[4];
        long[] extra = new long[2];
        for (int axis = 0; axis < 2; axis++) {
            if (s.padding() instanceof Padding.Explicit e) {
                pads[axis] = e.amount().get(axis);
                pads[axis + 2] = e.amount().get(axis);
            } else {
                // DL4J's Same gives in * stride: of the k - s extra rows a full transposed convolution
                // makes, the first (k - s) / 2 are cut at the top and the rest at the bottom; with a
                // kernel smaller than the stride the missing rows come last (bias only).
                long total = s.kernel().get(axis) - s.stride().get(axis);
                pads[axis] = Math.max(total, 0) / 2;
                pads[axis + 2] = Math.max(total, 0) - pads[axis];
                extra[axis] = Math.max(-total, 0);
            }
        }
        List<Attribute> a = new ArrayList<>(List.of(ints("kernel_shape", s.kernel().h(), s.kernel().w()),
            ints("strides", s.stride().h(), s.stride().w()), ints("pads", pads)));
        if (extra[0] > 0 || extra[1] > 0) {
            a.add(ints("output_padding", extra));
        }
        String pre = preActivation(s.activation());
        w.node("ConvTranspose", bias == null ? List.of(x(), weight) : List.of(x(), weight, bias), pre,
            a.toArray(Attribute[]::new));
        return activation(pre, s.activation(), out, -1);
    }

    @Override
    public String maxPool2D(MaxPool2D s) {
        return w.node("MaxPool", List.of(x()), out, window(s.kernel(), s.stride(), null, s.padding())
            .toArray(Attribute[]::new));
    }

    @Override
    public String avgPool2D(AvgPool2D s) {
        List<Attribute> a = window(s.kernel(), s.stride(), null, s.padding());
        // DL4J leaves the padding out of the divisor.
        a.add(integer("count_include_pad", 0));
        return w.node("AveragePool", List.of(x()), out, a.toArray(Attribute[]::new));
    }

    /** ONNX's global pools keep [N, C, 1, 1]; LayerLoom holds the result as a vector. */
    private String globalPool(String op) {
        return w.node("Flatten", List.of(w.op(op, id + "/pooled", List.of(x()))), out, integer("axis", 1));
    }

    @Override
    public String globalAvgPool(GlobalAvgPool s) {
        return globalPool("GlobalAveragePool");
    }

    @Override
    public String globalMaxPool(GlobalMaxPool s) {
        return globalPool("GlobalMaxPool");
    }

    @Override public String channelShuffle(ChannelShuffle s) { return new OnnxChannelExport(this).shuffle(s); }
    @Override public String channelSplit(ChannelSplit s) { return new OnnxChannelExport(this).split(s); }
    @Override public String channelScale(ChannelScale s) { return new OnnxChannelExport(this).scale(); }

    @Override
    public String zeroPadding2D(ZeroPadding2D s) {
        Sides p = s.padding();
        return w.node("Pad", List.of(x(), w.int64s(id + "/pads", 0, 0, p.top(), p.left(), 0, 0, p.bottom(), p.right())),
            out);
    }

    @Override
    public String cropping2D(Cropping2D s) {
        Sides c = s.cropping();
        TensorType.Image in = (TensorType.Image) inTypes.get(0);
        return w.node("Slice", List.of(x(), w.int64s(id + "/starts", c.top(), c.left()),
            w.int64s(id + "/ends", in.height() - c.bottom(), in.width() - c.right()), w.int64s(id + "/axes", 2, 3)), out);
    }

    @Override
    public String upsampling2D(Upsampling2D s) {
        String scales = w.floats(id + "/scales", new long[]{4}, new float[]{1, 1, s.size().h(), s.size().w()});
        // Whole-number scales: asymmetric coordinates with floor repeat each pixel, as DL4J does.
        return w.node("Resize", List.of(x(), "", scales), out, text("mode", "nearest"),
            text("coordinate_transformation_mode", "asymmetric"), text("nearest_mode", "floor"));
    }

    @Override
    public String batchNorm(BatchNorm s) {
        long c = channelsIn();
        float eps = (float) s.eps();
        String variance;
        if (params.containsKey("log10stdev")) {
            // DL4J squares 10^log10stdev into a variance and divides by sqrt(var + eps), as ONNX does
            // (checked against DL4J's outputs: subtracting eps first is off by 2e-4 at eps 1e-3).
            float[] log = param("log10stdev", c).values();
            float[] var = new float[log.length];
            for (int i = 0; i < log.length; i++) {
                double std = Math.pow(10, log[i]);
                var[i] = (float) (std * std);
            }
            variance = w.floats(id + "/var", new long[]{c}, var);
        } else {
            variance = initializer("var", c);
        }
        return w.node("BatchNormalization", List.of(x(), initializer("gamma", c), initializer("beta", c),
            initializer("mean", c), variance), out, real("epsilon", eps));
    }

    @Override
    public String localResponseNorm(LocalResponseNorm s) {
        // DL4J sums the squares of channels c - n/2 .. c + n/2 and scales that sum by alpha; ONNX
        // sums over `size` channels centred on c and scales by alpha / size.
        int size = 2 * (s.size() / 2) + 1;
        return w.node("LRN", List.of(x()), out, integer("size", size), real("alpha", (float) (s.alpha() * size)),
            real("beta", (float) s.beta()), real("bias", (float) s.k()));
    }

    @Override
    public String dropout(Dropout s) {
        // Inference: the identity. Kept as Dropout (with its rate) so the layer survives a round trip.
        return w.node("Dropout", List.of(x(), w.scalar(id + "/ratio", (float) s.rate())), out);
    }

    @Override
    public String activation(ActivationLayer s) {
        return activation(x(), s.activation(), out, inTypes.get(0) instanceof TensorType.Vector ? 1 : -1);
    }

    @Override
    public String flatten(Flatten s) {
        // DL4J flattens an image [C, H, W] in row-major order, as ONNX's Flatten does.
        return w.node(inTypes.get(0) instanceof TensorType.Image ? "Flatten" : "Identity", List.of(x()), out,
            inTypes.get(0) instanceof TensorType.Image ? new Attribute[]{integer("axis", 1)} : new Attribute[0]);
    }

    @Override
    public String reshape(Reshape s) {
        long[] shape = new long[outType.dims().size() + 1];
        for (int i = 1; i < shape.length; i++) {
            shape[i] = outType.dims().get(i - 1);
        }
        // 0 copies the batch size; DL4J's ReshapeVertex reads and writes in row-major order too.
        return w.node("Reshape", List.of(x(), w.int64s(id + "/shape", shape)), out);
    }

    @Override
    public String embedding(Embedding s) {
        return new OnnxRecurrentExport(this).embedding(s);
    }

    @Override
    public String simpleRnn(SimpleRNN s) {
        return new OnnxRecurrentExport(this).simpleRnn(s);
    }

    @Override
    public String lstm(LSTM s) {
        return new OnnxRecurrentExport(this).lstm(s);
    }

    @Override
    public String rnnOutput(RnnOutput s) {
        return new OnnxRecurrentExport(this).rnnOutput(s);
    }

    /** ONNX's Add and Mul take two inputs: more are chained, left to right. */
    private String chain(String op) {
        String acc = x();
        for (int i = 1; i < inputs.size(); i++) {
            String target = i == inputs.size() - 1 ? out : w.name(id + "/partial" + i);
            acc = w.node(op, List.of(acc, inputs.get(i)), target);
        }
        return acc;
    }

    @Override
    public String add(Add s) {
        return chain("Add");
    }

    @Override
    public String multiply(Multiply s) {
        return chain("Mul");
    }

    @Override
    public String concat(Concat s) {
        return w.node("Concat", inputs, out, integer("axis", 1));
    }
}
