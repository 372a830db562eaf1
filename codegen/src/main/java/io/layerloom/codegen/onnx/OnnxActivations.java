package io.layerloom.codegen.onnx;

import io.layerloom.codegen.onnx.OnnxAttributeReader.Refusal;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.util.Text;
import java.util.List;
import java.util.Optional;

/**
 * The element-wise operators of the import: activations (folded into the Conv or Dense before them
 * where nothing else reads that layer's output, else an Activation layer), Clip as relu or relu6,
 * Elu, HardSigmoid with DL4J's slope 0.2 or PyTorch's 1/6, HardSwish, x * Sigmoid(x) as swish
 * (PyTorch's SiLU exports that way) and x * HardSigmoid(x) with slope 1/6 as hardswish (PyTorch's
 * Hardswish at opset 13), Mul of two equal tensors, and Mul of an image by a global pooling's per-channel scale
 * (squeeze-and-excitation). An activation DL4J computes differently (another alpha,
 * another slope) is refused with the values found rather than imported approximately.
 */
final class OnnxActivations {

    /** DL4J's hard sigmoid is min(1, max(0, 0.2 x + 0.5)), ONNX's default; PyTorch's uses 1/6 (hardsigmoid_torch). */
    private static final float HARD_SIGMOID_SLOPE = 0.2f;
    private static final float HARD_SIGMOID_OFFSET = 0.5f;
    private static final float TORCH_HARD_SIGMOID_SLOPE = 1f / 6f;

    private final OnnxLayerBuilder b;

    OnnxActivations(OnnxLayerBuilder b) {
        this.b = b;
    }

    /** Applies {@code f} to {@code n}'s first input. */
    void activation(OnnxNode n, ActivationFunction f) throws Refusal {
        activationOf(n, b.data(n, 0), f, 1);
    }

    /**
     * Applies {@code f} to {@code x}, writing {@code n}'s output: folded into the layer that wrote
     * {@code x} when exactly {@code readers} node inputs read it (this pattern's own), else an
     * Activation layer.
     */
    private void activationOf(OnnxNode n, String x, ActivationFunction f, int readers) {
        String before = b.producer.get(x);
        Node p = b.nodes.get(before);
        LayerSpec folded = p == null || !x.equals(b.written.get(before)) || b.readers.getOrDefault(x, 0) != readers
            ? null : withActivation(p.spec(), f);
        if (folded == null) {
            b.emit(n, new LayerSpec.ActivationLayer(f), b.rank.get(x), x);
            if (b.pooledVectors.contains(x)) {
                b.pooledVectors.add(n.outputs().get(0));
            }
            return;
        }
        b.put(p.withSpec(folded));
        // The output is the folded layer's (a squeeze-and-excitation Dense keeps ONNX's [N, C, 1, 1]).
        b.alias(n, x, b.rank.get(x));
        b.written.put(before, n.outputs().get(0));
    }

    private static LayerSpec withActivation(LayerSpec s, ActivationFunction f) {
        if (s instanceof LayerSpec.Conv2D c && c.activation() == ActivationFunction.IDENTITY && f != ActivationFunction.SOFTMAX) {
            return new LayerSpec.Conv2D(c.filters(), c.kernel(), c.stride(), c.padding(), c.dilation(), f, c.bias());
        }
        if (s instanceof LayerSpec.DepthwiseConv2D c && c.activation() == ActivationFunction.IDENTITY
            && f != ActivationFunction.SOFTMAX) {
            return new LayerSpec.DepthwiseConv2D(c.multiplier(), c.kernel(), c.stride(), c.padding(), c.dilation(), f,
                c.bias());
        }
        if (s instanceof LayerSpec.Deconv2D c && c.activation() == ActivationFunction.IDENTITY
            && f != ActivationFunction.SOFTMAX) {
            return new LayerSpec.Deconv2D(c.filters(), c.kernel(), c.stride(), c.padding(), f, c.bias());
        }
        if (s instanceof LayerSpec.Dense d && d.activation() == ActivationFunction.IDENTITY) {
            return new LayerSpec.Dense(d.units(), f, d.bias());
        }
        return null;
    }

    void clip(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        Optional<Float> min = scalar(n, 1);
        Optional<Float> max = scalar(n, 2);
        if (min.equals(Optional.of(0f)) && max.equals(Optional.of(6f))) {
            activation(n, ActivationFunction.RELU6);
        } else if (min.equals(Optional.of(0f)) && max.isEmpty()) {
            activation(n, ActivationFunction.RELU);
        } else {
            throw new Refusal("Clip(" + min.map(String::valueOf).orElse("-inf") + ", " + max.map(String::valueOf)
                .orElse("inf") + "); the import maps Clip(0, 6) as relu6 and Clip(0, inf) as relu only.");
        }
    }

    private Optional<Float> scalar(OnnxNode n, int position) throws Refusal {
        Optional<OnnxTensor> t = b.optionalConstant(n, position);
        if (t.isPresent() && (t.get().elementType() != OnnxElementType.FLOAT || t.get().size() != 1)) {
            throw new Refusal("input " + position + " should be a float scalar, found " + t.get() + ".");
        }
        return t.map(v -> v.floatData().get(0));
    }

    void elu(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        float alpha = a.allow("alpha").real("alpha", 1f);
        if (alpha != 1f) {
            throw new Refusal("alpha " + alpha + ": LayerLoom's elu is DL4J's, with alpha 1 only.");
        }
        activation(n, ActivationFunction.ELU);
    }

    /**
     * HardSigmoid with DL4J's slope 0.2 as hardsigmoid, with PyTorch's 1/6 as hardsigmoid_torch
     * (left for the Mul after it when that Mul computes x * HardSigmoid(x): PyTorch's Hardswish
     * at opset 13 and below), both with offset 0.5; any other slope or offset is refused.
     */
    void hardSigmoid(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        float alpha = a.allow("alpha", "beta").real("alpha", HARD_SIGMOID_SLOPE);
        float beta = a.real("beta", HARD_SIGMOID_OFFSET);
        boolean torch = alpha == TORCH_HARD_SIGMOID_SLOPE || alpha == (float) (1.0 / 6);
        if ((alpha != HARD_SIGMOID_SLOPE && !torch) || beta != HARD_SIGMOID_OFFSET) {
            throw new Refusal("alpha " + alpha + ", beta " + beta + ": the import maps HardSigmoid with beta 0.5 and"
                + " alpha 0.2 (DL4J's hardsigmoid, ONNX's default) or 1/6 (PyTorch's Hardsigmoid, hardsigmoid_torch)"
                + " only.");
        }
        if (!torch) {
            activation(n, ActivationFunction.HARDSIGMOID);
            return;
        }
        String x = b.data(n, 0);
        if (gatesItsInput(n, x)) {
            b.hardSigmoidOf.put(n.outputs().get(0), x);
            return;
        }
        activation(n, ActivationFunction.HARDSIGMOID_TORCH);
    }

    /** HardSwish (opset 14), x * HardSigmoid(x) with PyTorch's slope 1/6: hardswish. */
    void hardSwish(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        activation(n, ActivationFunction.HARDSWISH);
    }

    /** Whether {@code n}'s output is read once, by a Mul that multiplies it with {@code x}, {@code n}'s input. */
    private boolean gatesItsInput(OnnxNode n, String x) {
        String s = n.outputs().get(0);
        List<OnnxNode> readers = b.consumers.getOrDefault(s, List.of());
        return b.readers.getOrDefault(s, 0) == 1 && readers.size() == 1 && swishOf(readers.get(0), s).equals(x);
    }

    /** Sigmoid, left for the Mul after it when that Mul computes x * Sigmoid(x). */
    void sigmoid(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        String x = b.data(n, 0);
        if (gatesItsInput(n, x)) {
            b.sigmoidOf.put(n.outputs().get(0), x);
            return;
        }
        activation(n, ActivationFunction.SIGMOID);
    }

    /** The tensor {@code mul} multiplies with {@code s}, "" when it is not a Mul of two inputs that reads {@code s}. */
    private static String swishOf(OnnxNode mul, String s) {
        if (!mul.opType().equals("Mul") || mul.inputs().size() != 2 || !mul.attributes().isEmpty()) {
            return "";
        }
        int i = mul.inputs().indexOf(s);
        return i < 0 ? "" : mul.inputs().get(1 - i);
    }

    void mul(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        for (int i = 0; i < 2 && i < n.inputs().size(); i++) {
            String x = b.sigmoidOf.get(n.inputs().get(i));
            if (x != null && x.equals(n.inputs().get(1 - i))) {
                activationOf(n, x, ActivationFunction.SWISH, 2);
                return;
            }
            x = b.hardSigmoidOf.get(n.inputs().get(i));
            if (x != null && x.equals(n.inputs().get(1 - i))) {
                activationOf(n, x, ActivationFunction.HARDSWISH, 2);
                return;
            }
        }
        if (!b.producer.containsKey(n.inputs().get(0)) || !b.producer.containsKey(n.inputs().get(1))) {
            String c = n.inputs().get(b.producer.containsKey(n.inputs().get(0)) ? 1 : 0);
            throw new Refusal("multiplies by the constant '" + Text.display(c) + "'; the import maps Mul of two"
                + " layer outputs of one shape, x * Sigmoid(x) as swish and x * HardSigmoid(x) as hardswish.");
        }
        String x = b.data(n, 0);
        String y = b.data(n, 1);
        if (b.rank.get(x) == 4 && b.rank.get(y) == 4 && b.pooledVectors.contains(x) != b.pooledVectors.contains(y)) {
            excitation(n, b.pooledVectors.contains(x) ? 0 : 1);
            return;
        }
        if (!b.rank.get(x).equals(b.rank.get(y)) || b.pooledVectors.contains(x) != b.pooledVectors.contains(y)) {
            throw new Refusal("multiplies tensors of different ranks; the import maps Mul of equal shapes, and of an"
                + " image [N, C, H, W] by a global pooling's [N, C, 1, 1] only.");
        }
        b.emit(n, new LayerSpec.Multiply(), b.rank.get(x), x, y);
        if (b.pooledVectors.contains(x)) {
            b.pooledVectors.add(n.outputs().get(0));
        }
    }

    /**
     * The excitation of squeeze-and-excitation: an image [N, C, H, W] times a per-channel scale
     * [N, C, 1, 1] that a global pooling started (LayerLoom's vector [C]), the scale at input
     * {@code scaleAt}: a ChannelScale, the image its first input whichever order the Mul has.
     * (Before ChannelScale the import wrote a Reshape to [C, 1, 1], an Upsampling2D by the image's
     * size and a Multiply; files holding that form still read and compute the same.)
     */
    private void excitation(OnnxNode n, int scaleAt) throws Refusal {
        String scale = n.inputs().get(scaleAt);
        String image = n.inputs().get(1 - scaleAt);
        if (!(b.typeSoFar(image).orElse(null) instanceof TensorType.Image img)) {
            throw new Refusal("it scales '" + Text.display(image) + "' per channel, but that image's height and width"
                + " are unknown (a node before it could not be mapped), and the import needs them to repeat the scale.");
        }
        Optional<TensorType> s = b.typeSoFar(scale);
        if (!(s.orElse(null) instanceof TensorType.Vector v) || v.features() != img.channels()) {
            throw new Refusal("it scales '" + Text.display(image) + "', " + img.describe() + ", by '" + Text.display(scale)
                + "', " + s.map(TensorType::describe).orElse("of unknown shape") + "; a per-channel scale needs one"
                + " value per channel.");
        }
        b.emit(n, new LayerSpec.ChannelScale(), 4, image, scale);
    }
}
