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
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
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
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
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
public final class Dl4jMapping implements LayerVisitor<Dl4jElement> {

    /** Name suffix of the global pooling layer of a pool over time, before the vertex that restores the type. */
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
    public static Dl4jElement map(LayerSpec spec, List<TensorType> inputs, TensorType output) {
        return spec.accept(new Dl4jMapping(inputs, output));
    }

    /**
     * The element for a node of a graph: its kind's element, inside DL4J's frozen wrappers where
     * {@code "trainable": false} asks for them ({@link FrozenWrapping} says which and why); an
     * Activation reading a network input reads a copy of it ({@link ArrayCopies}).
     *
     * @throws Unsupported when DL4J would build the node but fail to run it
     */
    public static Dl4jElement map(Node node, Graph graph, Analysis analysis, List<TensorType> inputs, TensorType output) {
        return FrozenWrapping.wrap(node, graph, analysis, ArrayCopies.copyWhereInPlace(node, graph, inputs,
                map(node.spec(), inputs, output)));
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
        return Argument.of(Dl4jActivations.of(a));
    }

    /** Vertex name suffixes of the steps of a composed activation, in order (see {@link Dl4jActivations#composed}). */
    public static final String LINEAR_SUFFIX = "/linear";
    public static final String SCALED_SUFFIX = "/scaled";
    public static final String GATE_SUFFIX = "/gate";

    /** PyTorch's slope 1/6 over DL4J's 0.2: hardsigmoid_torch(x) = DL4J's hardsigmoid(x * 5/6). */
    static final double TORCH_HARD_SIGMOID_SCALE = 5.0 / 6.0;

    /** Whether DL4J has no activation for {@code a}, so that it follows its layer as steps of its own. */
    public static boolean isComposed(ActivationFunction a) {
        return a == ActivationFunction.HARDSIGMOID_TORCH || a == ActivationFunction.HARDSWISH;
    }

    /** The activation a layer itself applies: identity where a composition follows it. */
    private static Argument layerAct(ActivationFunction a) {
        return act(isComposed(a) ? ActivationFunction.IDENTITY : a);
    }

    /**
     * {@code layer} (built with {@link #layerAct}) then its activation: the layer alone where DL4J
     * has the activation, else the layer as a helper ({@code /linear}) that holds the parameters
     * and the composition after it.
     */
    private static Dl4jElement then(Construction layer, ActivationFunction a) {
        return isComposed(a) ? Dl4jActivations.composed(layer, a) : Dl4jElement.of(layer);
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
        return w.call("convolutionMode", mode(padding)).call("activation", layerAct(activation))
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
    public Dl4jElement input(Input s) {
        throw new IllegalStateException("Input nodes are graph inputs (see inputType), not layers");
    }

    @Override
    public Dl4jElement dense(Dense s) {
        return then(Construction.builder(DenseLayer.class).call("nOut", Argument.of(s.units()))
                .call("activation", layerAct(s.activation())).call("hasBias", Argument.of(s.bias())), s.activation());
    }

    @Override
    public Dl4jElement conv2D(Conv2D s) {
        return then(window(Construction.builder(ConvolutionLayer.class).call("nOut", Argument.of(s.filters())),
                s.kernel(), s.stride(), s.padding(), s.dilation(), s.activation(), s.bias()), s.activation());
    }

    @Override
    public Dl4jElement deconv2D(Deconv2D s) {
        return then(window(Construction.builder(Deconvolution2D.class).call("nOut", Argument.of(s.filters())),
                s.kernel(), s.stride(), s.padding(), null, s.activation(), s.bias()), s.activation());
    }

    @Override
    public Dl4jElement depthwiseConv2D(DepthwiseConv2D s) {
        return then(window(Construction.builder(DepthwiseConvolution2D.class)
                        .call("depthMultiplier", Argument.of(s.multiplier())),
                s.kernel(), s.stride(), s.padding(), s.dilation(), s.activation(), s.bias()), s.activation());
    }

    /** Vertex name suffixes of a grouped convolution's helper steps, in order. */
    public static final List<String> GROUPED_SUFFIXES = List.of("/depthwise", "/groups", "/mean", "/channels");

    /**
     * DL4J has no grouped convolution (no layer takes a group count), so it is built exactly
     * from layers it has, with k = C_in / groups and m = filters / groups: a depthwise
     * convolution with multiplier m (channel i*m + j is input channel i through filter j; for
     * i = g*k + i_l that is channel g*(k*m) + i_l*m + j), a reshape that makes each group a
     * channel and i_l the height, an average over that height (DL4J's pooling has no sum), a
     * reshape back to channel g*m + j (ONNX's order), and a scale by k that turns the mean into
     * the sum. The depthwise step holds the parameters: kh*kw*C_in*m, the grouped convolution's
     * count. docs/design/grouped-convolution.md has the derivation.
     */
    @Override
    public Dl4jElement groupedConv2D(GroupedConv2D s) {
        long channels = inputs.get(0).dims().get(0);
        int k = Math.toIntExact(channels / s.groups());
        int m = Math.toIntExact(s.filters() / s.groups());
        TensorType.Image out = (TensorType.Image) output;
        int h = Math.toIntExact(out.height());
        int w = Math.toIntExact(out.width());
        Construction depthwise = window(Construction.builder(DepthwiseConvolution2D.class)
                        .call("depthMultiplier", Argument.of(m)),
                s.kernel(), s.stride(), s.padding(), s.dilation(), ActivationFunction.IDENTITY, false);
        Construction groups = Construction.of(ReshapeVertex.class, Argument.of('c'),
                Argument.array(List.of(-1, s.groups(), k, Math.multiplyExact(m, Math.multiplyExact(h, w)))),
                new Argument.Null(int[].class));
        Construction mean = pool(PoolingType.AVG, new IntPair(k, 1), new IntPair(k, 1), Padding.of(0, 0)).steps().get(0)
                .construction();
        Construction channelsBack = Construction.of(ReshapeVertex.class, Argument.of('c'),
                Argument.array(List.of(-1, Math.toIntExact(s.filters()), h, w)), new Argument.Null(int[].class));
        Construction sum = Construction.of(ScaleVertex.class, Argument.of((double) k));
        return Dl4jElement.chain("DL4J has no grouped convolution: a depthwise convolution, then each group's channels "
                        + "summed (a mean over them, times " + k + ").", 0, GROUPED_SUFFIXES,
                List.of(depthwise, groups, mean, channelsBack, sum)).withDims(List.of(
                List.of(channels * m, (long) h, (long) w), List.of((long) s.groups(), (long) k, (long) m * h * w),
                List.of((long) s.groups(), 1L, (long) m * h * w), List.of(s.filters(), (long) h, (long) w), List.of()));
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
    public Dl4jElement separableConv2D(SeparableConv2D s) {
        long channels = inputs.get(0).dims().get(0);
        if (channels == 1 && s.filters() > 1) {
            // Seen with the targeted DL4J release (Dl4jVersion.TARGET): the native sconv2d op fails
            // ("NDArray::reshapei: bad input shape") on a one-channel input with more than one
            // filter; it builds, then fails at run time.
            throw new Unsupported("DL4J's separable convolution fails at run time on a one-channel input with "
                    + s.filters() + " filters.", "On one channel it is an ordinary convolution: use Conv2D with the same "
                    + "kernel, stride, padding and dilation.");
        }
        return then(window(Construction.builder(SeparableConvolution2D.class).call("nOut", Argument.of(s.filters()))
                        .call("depthMultiplier", Argument.of(s.multiplier())),
                s.kernel(), s.stride(), s.padding(), s.dilation(), s.activation(), s.bias()), s.activation());
    }

    private static Dl4jElement pool(PoolingType type, IntPair kernel, IntPair stride, Padding padding) {
        return Dl4jElement.of(Construction.builder(SubsamplingLayer.class, Argument.of(type)).call("kernelSize", pair(kernel))
                .call("stride", pair(stride)).call("padding", padding(padding)).call("convolutionMode", mode(padding)));
    }

    @Override
    public Dl4jElement maxPool2D(MaxPool2D s) {
        return pool(PoolingType.MAX, s.kernel(), s.stride(), s.padding());
    }

    @Override
    public Dl4jElement avgPool2D(AvgPool2D s) {
        return pool(PoolingType.AVG, s.kernel(), s.stride(), s.padding());
    }

    /**
     * DL4J behaviour worked around: over a sequence, GlobalPoolingLayer outputs [batch,
     * features] but declares a sequence type, so every layer after it would be typed wrong. A
     * reshape to [batch, features] restores the type. (A RnnToFeedForward PreprocessorVertex did
     * too, but it passes the 2-d array on in the pooling's workspace, which output() refuses.)
     */
    private Dl4jElement globalPool(PoolingType type) {
        Construction pool = Construction.builder(GlobalPoolingLayer.class, Argument.of(type));
        if (inputs.get(0) instanceof TensorType.Sequence) {
            return Dl4jElement.chain("DL4J types a global pool over time as a sequence; the reshape after it restores the "
                    + "vector type.", 0, List.of(HELPER_SUFFIX), List.of(pool, Construction.of(ReshapeVertex.class,
                    Argument.of('c'), Argument.array(List.of(-1, Math.toIntExact(output.dims().get(0)))),
                    new Argument.Null(int[].class))));
        }
        return Dl4jElement.of(pool);
    }

    @Override
    public Dl4jElement globalAvgPool(GlobalAvgPool s) {
        return globalPool(PoolingType.AVG);
    }

    @Override
    public Dl4jElement globalMaxPool(GlobalMaxPool s) {
        return globalPool(PoolingType.MAX);
    }

    @Override
    public Dl4jElement channelShuffle(ChannelShuffle s) {
        return Dl4jChannelOps.shuffle(s, output);
    }

    @Override
    public Dl4jElement channelSplit(ChannelSplit s) {
        return Dl4jChannelOps.split(s, inputs.get(0));
    }

    @Override
    public Dl4jElement zeroPadding2D(ZeroPadding2D s) {
        var p = s.padding();
        return Dl4jElement.of(Construction.builder(ZeroPaddingLayer.class, Argument.of(p.top()), Argument.of(p.bottom()),
                Argument.of(p.left()), Argument.of(p.right())));
    }

    /** DL4J's Cropping2D and a copy of its output: {@link ArrayCopies} says why. */
    @Override
    public Dl4jElement cropping2D(LayerSpec.Cropping2D s) {
        return ArrayCopies.cropping(s);
    }

    @Override
    public Dl4jElement upsampling2D(LayerSpec.Upsampling2D s) {
        return Dl4jElement.of(Construction.builder(Upsampling2D.class)
                .call("size", Argument.array(List.of(s.size().h(), s.size().w()))));
    }

    @Override
    public Dl4jElement batchNorm(BatchNorm s) {
        return Dl4jElement.of(Construction.builder(BatchNormalization.class).call("eps", Argument.of(s.eps()))
                .call("decay", Argument.of(s.momentum())).call("activation", act(ActivationFunction.IDENTITY)));
    }

    @Override
    public Dl4jElement localResponseNorm(LayerSpec.LocalResponseNorm s) {
        long channels = inputs.get(0).dims().get(0);
        if (channels <= s.size() / 2) {
            // Seen with the targeted DL4J release (Dl4jVersion.TARGET): its LRN adds channel slices
            // [i:] for i up to size/2, which are empty when there are no more channels than that
            // ("addi on empty array").
            throw new Unsupported("DL4J's local response normalisation fails at run time when the input has no more "
                    + "channels (" + channels + ") than half its size (" + s.size() + ").",
                    "Set size to at most " + (2 * channels - 1) + ", or move it after a layer with more channels.");
        }
        return Dl4jElement.of(Construction.builder(LocalResponseNormalization.class).call("n", Argument.of(s.size()))
                .call("k", Argument.of(s.k())).call("alpha", Argument.of(s.alpha())).call("beta", Argument.of(s.beta())));
    }

    @Override
    public Dl4jElement dropout(Dropout s) {
        // DL4J takes the probability of keeping a value; the format stores the rate dropped.
        return Dl4jElement.of(Construction.builder(DropoutLayer.class, Argument.of(1.0 - s.rate())));
    }

    private static Dl4jElement activationLayer(ActivationFunction a) {
        return Dl4jElement.of(Construction.builder(org.deeplearning4j.nn.conf.layers.ActivationLayer.class)
                .call("activation", act(a)));
    }

    @Override
    public Dl4jElement activation(ActivationLayer s) {
        return isComposed(s.activation()) ? Dl4jActivations.composed(null, s.activation()) : activationLayer(s.activation());
    }

    @Override
    public Dl4jElement flatten(Flatten s) {
        if (inputs.get(0) instanceof TensorType.Image img) {
            return Dl4jElement.vertex(Construction.of(PreprocessorVertex.class, Argument.of(Construction.of(
                    CnnToFeedForwardPreProcessor.class, Argument.of(img.height()), Argument.of(img.width()),
                    Argument.of(img.channels())))));
        }
        // A vector is flat already: an identity layer keeps the node (and its name) in the network.
        return activationLayer(ActivationFunction.IDENTITY);
    }

    @Override
    public Dl4jElement reshape(Reshape s) {
        // The analysis has already inferred any -1 entry: the output shape is the target.
        List<Integer> shape = new ArrayList<>();
        shape.add(-1);
        for (long d : output.dims()) {
            shape.add(Math.toIntExact(d));
        }
        return Dl4jElement.vertex(Construction.of(ReshapeVertex.class, Argument.of('c'), Argument.array(shape),
                new Argument.Null(int[].class)));
    }

    /**
     * DL4J behaviour worked around: {@code GraphBuilder.build()} infers every layer's nIn from
     * the input types with override on, which replaces an embedding's nIn (the vocabulary size)
     * with the input's size (1 index per step), leaving a 1 x units table; the element asks for
     * the vocabulary to be set back after building.
     */
    @Override
    public Dl4jElement embedding(Embedding s) {
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
        return Dl4jElement.of(layer).withNInAfterBuild(s.vocab());
    }

    /** A recurrent layer as configured, inside LastTimeStep when only the last step is wanted. */
    private static Dl4jElement lastStepUnless(boolean returnSequences, Construction rnn) {
        return Dl4jElement.of(returnSequences ? rnn : Construction.of(LastTimeStep.class, Argument.of(rnn)));
    }

    @Override
    public Dl4jElement simpleRnn(SimpleRNN s) {
        Dl4jActivations.refuse(s.activation(), "inside a recurrence", "Use tanh, relu or another DL4J activation in the "
                + "recurrent layer, and an Activation layer after it if needed.");
        return lastStepUnless(s.returnSequences(), Construction.builder(SimpleRnn.class)
                .call("nOut", Argument.of(s.units())).call("activation", act(s.activation())));
    }

    @Override
    public Dl4jElement lstm(LSTM s) {
        Dl4jActivations.refuse(s.activation(), "inside a recurrence", "Use tanh, relu or another DL4J activation in the "
                + "recurrent layer, and an Activation layer after it if needed.");
        Construction lstm = Construction.builder(org.deeplearning4j.nn.conf.layers.LSTM.class)
                .call("nOut", Argument.of(s.units())).call("activation", act(s.activation()))
                .call("gateActivationFunction", act(ActivationFunction.SIGMOID));
        if (s.bidirectional()) {
            lstm = Construction.of(Bidirectional.class, Argument.of(Bidirectional.Mode.CONCAT), Argument.of(lstm));
        }
        return lastStepUnless(s.returnSequences(), lstm);
    }

    @Override
    public Dl4jElement add(Add s) {
        return Dl4jElement.vertex(Construction.of(ElementWiseVertex.class, Argument.of(ElementWiseVertex.Op.Add)));
    }

    @Override
    public Dl4jElement concat(Concat s) {
        return Dl4jElement.vertex(Construction.of(MergeVertex.class));
    }

    @Override
    public Dl4jElement multiply(Multiply s) {
        return Dl4jElement.vertex(Construction.of(ElementWiseVertex.class, Argument.of(ElementWiseVertex.Op.Product)));
    }

    @Override
    public Dl4jElement channelScale(ChannelScale s) {
        return Dl4jChannelOps.scale(inputs.get(0));
    }

    private static Dl4jElement output(Class<?> type, Loss loss, long units, ActivationFunction activation, boolean bias) {
        Dl4jActivations.refuse(activation, "between an output layer's units and its loss", OUTPUT_FIX);
        return Dl4jElement.of(Construction.builder(type, Argument.of(loss(loss))).call("nOut", Argument.of(units))
                .call("activation", act(activation)).call("hasBias", Argument.of(bias)));
    }

    private static final String OUTPUT_FIX = "Use sigmoid or hardsigmoid as the output's activation, or apply this one "
            + "in an Activation layer before the output layer.";

    @Override
    public Dl4jElement output(LayerSpec.Output s) {
        return output(OutputLayer.class, s.loss(), s.units(), s.activation(), s.bias());
    }

    @Override
    public Dl4jElement rnnOutput(RnnOutput s) {
        return output(RnnOutputLayer.class, s.loss(), s.units(), s.activation(), s.bias());
    }

    @Override
    public Dl4jElement lossLayer(LossLayer s) {
        Dl4jActivations.refuse(s.activation(), "between an output layer's units and its loss", OUTPUT_FIX);
        // Named in full: LayerSpec.LossLayer, imported with LayerSpec.*, has the same simple name.
        return Dl4jElement.of(Construction.builder(org.deeplearning4j.nn.conf.layers.LossLayer.class,
                Argument.of(loss(s.loss()))).call("activation", act(s.activation())));
    }
}
