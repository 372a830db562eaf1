package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.LayerVisitor;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * How each LayerLoom node becomes DL4J, said once per layer kind and as data: the
 * {@link Construction}s of its DL4J layer or vertex (the class, the builder calls and their
 * typed values). Every activation, convolution mode and bias is set explicitly: DL4J's defaults
 * (sigmoid activations, Strict convolution mode) are never relied on. The refusals (a node DL4J
 * builds but cannot run) are made here and nowhere else. Two readers use the descriptions:
 * {@link Dl4jObjects} builds the DL4J objects for {@link Dl4jCompiler}, and the Java source
 * generator prints the same constructions as code, so the two agree by construction.
 */
public final class Dl4jMapping implements LayerVisitor<Dl4jMapping.Element> {

    /**
     * A DL4J layer or a graph vertex; or a layer under the name {@code id + HELPER_SUFFIX}
     * followed by a vertex under the node's id, where DL4J needs a second step.
     *
     * @param nInAfterBuild the nIn to set back on the layer once the network is built, which
     *                      DL4J's {@code build()} overrides (see {@link #embedding}); empty for none
     */
    public record Element(Construction layer, Construction vertex, Construction after, OptionalLong nInAfterBuild) {
        static Element of(Construction layer) {
            return new Element(layer, null, null, OptionalLong.empty());
        }

        static Element vertex(Construction vertex) {
            return new Element(null, vertex, null, OptionalLong.empty());
        }

        /** The constructions in the order the network adds them. */
        public List<Construction> constructions() {
            List<Construction> out = new ArrayList<>();
            for (Construction c : new Construction[]{layer, vertex, after}) {
                if (c != null) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    /** Name suffix of the layer of a two-step element. */
    public static final String HELPER_SUFFIX = "/pool";

    private final List<TensorType> inputs;
    private final TensorType output;

    private Dl4jMapping(List<TensorType> inputs, TensorType output) {
        this.inputs = inputs;
        this.output = output;
    }

    /**
     * The element for a node whose input and output shapes the analysis has found.
     *
     * @throws Unsupported when DL4J would build the node but fail to run it
     */
    public static Element map(LayerSpec spec, List<TensorType> inputs, TensorType output) {
        return spec.accept(new Dl4jMapping(inputs, output));
    }

    /**
     * The element for a node of a graph: its kind's element, inside DL4J's frozen wrappers where
     * {@code "trainable": false} asks for them ({@link FrozenWrapping} says which and why).
     *
     * @throws Unsupported when DL4J would build the node but fail to run it
     */
    public static Element map(Node node, Graph graph, Analysis analysis, List<TensorType> inputs, TensorType output) {
        return FrozenWrapping.wrap(node, graph, analysis, map(node.spec(), inputs, output));
    }

    private static Activation activation(ActivationFunction a) {
        return switch (a) {
            case IDENTITY -> Activation.IDENTITY;
            case RELU -> Activation.RELU;
            case RELU6 -> Activation.RELU6;
            case LEAKYRELU -> Activation.LEAKYRELU;
            case ELU -> Activation.ELU;
            case SELU -> Activation.SELU;
            case GELU -> Activation.GELU;
            case SWISH -> Activation.SWISH;
            case SIGMOID -> Activation.SIGMOID;
            case HARDSIGMOID -> Activation.HARDSIGMOID;
            case TANH -> Activation.TANH;
            case SOFTMAX -> Activation.SOFTMAX;
            case SOFTPLUS -> Activation.SOFTPLUS;
        };
    }

    private static LossFunctions.LossFunction loss(Loss l) {
        return switch (l) {
            case MCXENT -> LossFunctions.LossFunction.MCXENT;
            case XENT -> LossFunctions.LossFunction.XENT;
            case MSE -> LossFunctions.LossFunction.MSE;
            case MAE -> LossFunctions.LossFunction.MEAN_ABSOLUTE_ERROR;
        };
    }

    private static Argument act(ActivationFunction a) {
        return Argument.of(activation(a));
    }

    private static Argument mode(Padding p) {
        return Argument.of(p instanceof Padding.Same ? ConvolutionMode.Same : ConvolutionMode.Truncate);
    }

    private static Argument pair(IntPair p) {
        return Argument.pair(p);
    }

    /** Explicit padding per axis; 0 under "same", where DL4J computes it. */
    private static Argument padding(Padding p) {
        return Argument.pair(p instanceof Padding.Explicit e ? e.amount() : IntPair.of(0));
    }

    /** The calls every 2-d convolution ends with: window, padding and its mode, activation, bias. */
    private static Construction window(Construction c, IntPair kernel, IntPair stride, Padding padding, IntPair dilation,
                                       ActivationFunction activation, boolean bias) {
        Construction w = c.call("kernelSize", pair(kernel)).call("stride", pair(stride)).call("padding", padding(padding));
        if (dilation != null) {
            w = w.call("dilation", pair(dilation));
        }
        return w.call("convolutionMode", mode(padding)).call("activation", act(activation))
                .call("hasBias", Argument.of(bias));
    }

    /** A graph input's declared type, for the analysed shape of an Input node. */
    public static Construction inputType(TensorType t) {
        if (t instanceof TensorType.Image i) {
            return Construction.factory(InputType.class, "convolutional", Argument.of(i.height()), Argument.of(i.width()),
                    Argument.of(i.channels()));
        }
        if (t instanceof TensorType.Sequence s) {
            return Construction.factory(InputType.class, "recurrent", Argument.of(s.features()),
                    Argument.of(s.timesteps()));
        }
        return Construction.factory(InputType.class, "feedForward", Argument.of(((TensorType.Vector) t).features()));
    }

    @Override
    public Element input(Input s) {
        throw new IllegalStateException("Input nodes are graph inputs (see inputType), not layers");
    }

    @Override
    public Element dense(Dense s) {
        return Element.of(Construction.builder(DenseLayer.class).call("nOut", Argument.of(s.units()))
                .call("activation", act(s.activation())).call("hasBias", Argument.of(s.bias())));
    }

    @Override
    public Element conv2D(Conv2D s) {
        return Element.of(window(Construction.builder(ConvolutionLayer.class).call("nOut", Argument.of(s.filters())),
                s.kernel(), s.stride(), s.padding(), s.dilation(), s.activation(), s.bias()));
    }

    @Override
    public Element deconv2D(Deconv2D s) {
        return Element.of(window(Construction.builder(Deconvolution2D.class).call("nOut", Argument.of(s.filters())),
                s.kernel(), s.stride(), s.padding(), null, s.activation(), s.bias()));
    }

    @Override
    public Element depthwiseConv2D(DepthwiseConv2D s) {
        return Element.of(window(Construction.builder(DepthwiseConvolution2D.class)
                        .call("depthMultiplier", Argument.of(s.multiplier())),
                s.kernel(), s.stride(), s.padding(), s.dilation(), s.activation(), s.bias()));
    }

    /** A node DL4J cannot build or run, with what to use instead. */
    public static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String fix;

        Unsupported(String message, String fix) {
            super(message);
            this.fix = fix;
        }

        /** What the user can do instead. */
        public String fix() {
            return fix;
        }
    }

    @Override
    public Element separableConv2D(SeparableConv2D s) {
        long channels = inputs.get(0).dims().get(0);
        if (channels == 1 && s.filters() > 1) {
            // Seen with the targeted DL4J release (Dl4jVersion.TARGET): the native sconv2d op fails
            // ("NDArray::reshapei: bad input shape") on a one-channel input with more than one
            // filter; it builds, then fails at run time.
            throw new Unsupported("DL4J's separable convolution fails at run time on a one-channel input with "
                    + s.filters() + " filters.", "On one channel it is an ordinary convolution: use Conv2D with the same "
                    + "kernel, stride, padding and dilation.");
        }
        return Element.of(window(Construction.builder(SeparableConvolution2D.class).call("nOut", Argument.of(s.filters()))
                        .call("depthMultiplier", Argument.of(s.multiplier())),
                s.kernel(), s.stride(), s.padding(), s.dilation(), s.activation(), s.bias()));
    }

    private static Element pool(PoolingType type, IntPair kernel, IntPair stride, Padding padding) {
        return Element.of(Construction.builder(SubsamplingLayer.class, Argument.of(type)).call("kernelSize", pair(kernel))
                .call("stride", pair(stride)).call("padding", padding(padding)).call("convolutionMode", mode(padding)));
    }

    @Override
    public Element maxPool2D(MaxPool2D s) {
        return pool(PoolingType.MAX, s.kernel(), s.stride(), s.padding());
    }

    @Override
    public Element avgPool2D(AvgPool2D s) {
        return pool(PoolingType.AVG, s.kernel(), s.stride(), s.padding());
    }

    /**
     * DL4J behaviour worked around: over a sequence, GlobalPoolingLayer outputs [batch,
     * features] but declares a sequence type, so every layer after it would be typed wrong. A
     * RnnToFeedForward step (which passes a 2-d array through unchanged) restores the type.
     */
    private Element globalPool(PoolingType type) {
        Construction pool = Construction.builder(GlobalPoolingLayer.class, Argument.of(type));
        if (inputs.get(0) instanceof TensorType.Sequence) {
            return new Element(pool, null, Construction.of(PreprocessorVertex.class,
                    Argument.of(Construction.of(RnnToFeedForwardPreProcessor.class))), OptionalLong.empty());
        }
        return Element.of(pool);
    }

    @Override
    public Element globalAvgPool(GlobalAvgPool s) {
        return globalPool(PoolingType.AVG);
    }

    @Override
    public Element globalMaxPool(GlobalMaxPool s) {
        return globalPool(PoolingType.MAX);
    }

    @Override
    public Element zeroPadding2D(ZeroPadding2D s) {
        var p = s.padding();
        return Element.of(Construction.builder(ZeroPaddingLayer.class, Argument.of(p.top()), Argument.of(p.bottom()),
                Argument.of(p.left()), Argument.of(p.right())));
    }

    @Override
    public Element cropping2D(LayerSpec.Cropping2D s) {
        var c = s.cropping();
        return Element.of(Construction.of(Cropping2D.class, Argument.of(c.top()), Argument.of(c.bottom()),
                Argument.of(c.left()), Argument.of(c.right())));
    }

    @Override
    public Element upsampling2D(LayerSpec.Upsampling2D s) {
        return Element.of(Construction.builder(Upsampling2D.class)
                .call("size", Argument.array(List.of(s.size().h(), s.size().w()))));
    }

    @Override
    public Element batchNorm(BatchNorm s) {
        return Element.of(Construction.builder(BatchNormalization.class).call("eps", Argument.of(s.eps()))
                .call("decay", Argument.of(s.momentum())).call("activation", act(ActivationFunction.IDENTITY)));
    }

    @Override
    public Element localResponseNorm(LayerSpec.LocalResponseNorm s) {
        long channels = inputs.get(0).dims().get(0);
        if (channels <= s.size() / 2) {
            // Seen with the targeted DL4J release (Dl4jVersion.TARGET): its LRN adds channel slices
            // [i:] for i up to size/2, which are empty when there are no more channels than that
            // ("addi on empty array").
            throw new Unsupported("DL4J's local response normalisation fails at run time when the input has no more "
                    + "channels (" + channels + ") than half its size (" + s.size() + ").",
                    "Set size to at most " + (2 * channels - 1) + ", or move it after a layer with more channels.");
        }
        return Element.of(Construction.builder(LocalResponseNormalization.class).call("n", Argument.of(s.size()))
                .call("k", Argument.of(s.k())).call("alpha", Argument.of(s.alpha())).call("beta", Argument.of(s.beta())));
    }

    @Override
    public Element dropout(Dropout s) {
        // DL4J takes the probability of keeping a value; the format stores the rate dropped.
        return Element.of(Construction.builder(DropoutLayer.class, Argument.of(1.0 - s.rate())));
    }

    private static Element activationLayer(ActivationFunction a) {
        return Element.of(Construction.builder(org.deeplearning4j.nn.conf.layers.ActivationLayer.class)
                .call("activation", act(a)));
    }

    @Override
    public Element activation(ActivationLayer s) {
        return activationLayer(s.activation());
    }

    @Override
    public Element flatten(Flatten s) {
        if (inputs.get(0) instanceof TensorType.Image img) {
            return Element.vertex(Construction.of(PreprocessorVertex.class, Argument.of(Construction.of(
                    CnnToFeedForwardPreProcessor.class, Argument.of(img.height()), Argument.of(img.width()),
                    Argument.of(img.channels())))));
        }
        // A vector is flat already: an identity layer keeps the node (and its name) in the network.
        return activationLayer(ActivationFunction.IDENTITY);
    }

    @Override
    public Element reshape(Reshape s) {
        // The analysis has already inferred any -1 entry: the output shape is the target.
        List<Integer> shape = new ArrayList<>();
        shape.add(-1);
        for (long d : output.dims()) {
            shape.add(Math.toIntExact(d));
        }
        return Element.vertex(Construction.of(ReshapeVertex.class, Argument.of('c'), Argument.array(shape),
                new Argument.Null(int[].class)));
    }

    /**
     * DL4J behaviour worked around: {@code GraphBuilder.build()} infers every layer's nIn from
     * the input types with override on, which replaces an embedding's nIn (the vocabulary size)
     * with the input's size (1 index per step), leaving a 1 x units table; the element asks for
     * the vocabulary to be set back after building.
     */
    @Override
    public Element embedding(Embedding s) {
        Construction layer;
        if (inputs.get(0) instanceof TensorType.Sequence q) {
            layer = Construction.builder(EmbeddingSequenceLayer.class).call("nIn", Argument.of(s.vocab()))
                    .call("nOut", Argument.of(s.units())).call("inputLength", Argument.of(Math.toIntExact(q.timesteps())))
                    .call("hasBias", Argument.of(s.bias())).call("activation", act(ActivationFunction.IDENTITY));
        } else {
            layer = Construction.builder(EmbeddingLayer.class).call("nIn", Argument.of(s.vocab()))
                    .call("nOut", Argument.of(s.units())).call("hasBias", Argument.of(s.bias()))
                    .call("activation", act(ActivationFunction.IDENTITY));
        }
        return new Element(layer, null, null, OptionalLong.of(s.vocab()));
    }

    /** A recurrent layer as configured, inside LastTimeStep when only the last step is wanted. */
    private static Element lastStepUnless(boolean returnSequences, Construction rnn) {
        return Element.of(returnSequences ? rnn : Construction.of(LastTimeStep.class, Argument.of(rnn)));
    }

    @Override
    public Element simpleRnn(SimpleRNN s) {
        return lastStepUnless(s.returnSequences(), Construction.builder(SimpleRnn.class)
                .call("nOut", Argument.of(s.units())).call("activation", act(s.activation())));
    }

    @Override
    public Element lstm(LSTM s) {
        Construction lstm = Construction.builder(org.deeplearning4j.nn.conf.layers.LSTM.class)
                .call("nOut", Argument.of(s.units())).call("activation", act(s.activation()))
                .call("gateActivationFunction", act(ActivationFunction.SIGMOID));
        if (s.bidirectional()) {
            lstm = Construction.of(Bidirectional.class, Argument.of(Bidirectional.Mode.CONCAT), Argument.of(lstm));
        }
        return lastStepUnless(s.returnSequences(), lstm);
    }

    @Override
    public Element add(Add s) {
        return Element.vertex(Construction.of(ElementWiseVertex.class, Argument.of(ElementWiseVertex.Op.Add)));
    }

    @Override
    public Element concat(Concat s) {
        return Element.vertex(Construction.of(MergeVertex.class));
    }

    @Override
    public Element multiply(Multiply s) {
        return Element.vertex(Construction.of(ElementWiseVertex.class, Argument.of(ElementWiseVertex.Op.Product)));
    }

    private static Element output(Class<?> type, Loss loss, long units, ActivationFunction activation, boolean bias) {
        return Element.of(Construction.builder(type, Argument.of(loss(loss))).call("nOut", Argument.of(units))
                .call("activation", act(activation)).call("hasBias", Argument.of(bias)));
    }

    @Override
    public Element output(LayerSpec.Output s) {
        return output(OutputLayer.class, s.loss(), s.units(), s.activation(), s.bias());
    }

    @Override
    public Element rnnOutput(RnnOutput s) {
        return output(RnnOutputLayer.class, s.loss(), s.units(), s.activation(), s.bias());
    }

    @Override
    public Element lossLayer(LossLayer s) {
        // Named in full: LayerSpec.LossLayer, imported with LayerSpec.*, has the same simple name.
        return Element.of(Construction.builder(org.deeplearning4j.nn.conf.layers.LossLayer.class,
                Argument.of(loss(s.loss()))).call("activation", act(s.activation())));
    }
}
