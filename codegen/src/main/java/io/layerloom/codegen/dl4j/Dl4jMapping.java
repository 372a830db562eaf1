package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.LayerVisitor;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
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
 * One LayerLoom node as one DL4J layer or vertex. Every activation, convolution mode and bias
 * is set explicitly: DL4J's defaults (sigmoid activations, Strict convolution mode) are never
 * relied on. The Java source generator mirrors this class call for call; a test keeps the two
 * in agreement.
 */
final class Dl4jMapping implements LayerVisitor<Dl4jMapping.Element> {

    /**
     * A DL4J layer or a graph vertex; or a layer under the name {@code id + HELPER_SUFFIX}
     * followed by a vertex under the node's id, where DL4J needs a second step.
     */
    record Element(Layer layer, GraphVertex vertex, GraphVertex after) {
        static Element of(Layer layer) {
            return new Element(layer, null, null);
        }

        static Element of(GraphVertex vertex) {
            return new Element(null, vertex, null);
        }
    }

    /** Name suffix of the layer of a two-step element. */
    static final String HELPER_SUFFIX = "/pool";

    private final List<TensorType> inputs;
    private final TensorType output;

    Dl4jMapping(List<TensorType> inputs, TensorType output) {
        this.inputs = inputs;
        this.output = output;
    }

    /** The element for a node whose input and output shapes the analysis has found. */
    static Element map(LayerSpec spec, List<TensorType> inputs, TensorType output) {
        return spec.accept(new Dl4jMapping(inputs, output));
    }

    static Activation activation(ActivationFunction a) {
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

    static LossFunctions.LossFunction loss(Loss l) {
        return switch (l) {
            case MCXENT -> LossFunctions.LossFunction.MCXENT;
            case XENT -> LossFunctions.LossFunction.XENT;
            case MSE -> LossFunctions.LossFunction.MSE;
            case MAE -> LossFunctions.LossFunction.MEAN_ABSOLUTE_ERROR;
        };
    }

    static ConvolutionMode mode(Padding p) {
        return p instanceof Padding.Same ? ConvolutionMode.Same : ConvolutionMode.Truncate;
    }

    static int[] pair(IntPair p) {
        return new int[]{p.h(), p.w()};
    }

    /** Explicit padding per axis; 0 under "same", where DL4J computes it. */
    static int[] padding(Padding p) {
        return p instanceof Padding.Explicit e ? pair(e.amount()) : new int[]{0, 0};
    }

    @Override
    public Element input(Input s) {
        throw new IllegalStateException("Input nodes are graph inputs, not layers");
    }

    @Override
    public Element dense(Dense s) {
        return Element.of(new DenseLayer.Builder().nOut(s.units()).activation(activation(s.activation()))
                .hasBias(s.bias()).build());
    }

    @Override
    public Element conv2D(Conv2D s) {
        return Element.of(new ConvolutionLayer.Builder().nOut(s.filters()).kernelSize(pair(s.kernel()))
                .stride(pair(s.stride())).padding(padding(s.padding())).dilation(pair(s.dilation()))
                .convolutionMode(mode(s.padding())).activation(activation(s.activation())).hasBias(s.bias()).build());
    }

    @Override
    public Element deconv2D(Deconv2D s) {
        return Element.of(new Deconvolution2D.Builder().nOut(s.filters()).kernelSize(pair(s.kernel()))
                .stride(pair(s.stride())).padding(padding(s.padding())).convolutionMode(mode(s.padding()))
                .activation(activation(s.activation())).hasBias(s.bias()).build());
    }

    @Override
    public Element depthwiseConv2D(DepthwiseConv2D s) {
        return Element.of(new DepthwiseConvolution2D.Builder().depthMultiplier(s.multiplier()).kernelSize(pair(s.kernel()))
                .stride(pair(s.stride())).padding(padding(s.padding())).dilation(pair(s.dilation()))
                .convolutionMode(mode(s.padding())).activation(activation(s.activation())).hasBias(s.bias()).build());
    }

    /** A node DL4J cannot build or run, with what to use instead. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String fix;

        Unsupported(String message, String fix) {
            super(message);
            this.fix = fix;
        }
    }

    @Override
    public Element separableConv2D(SeparableConv2D s) {
        long channels = inputs.get(0).dims().get(0);
        if (channels == 1 && s.filters() > 1) {
            // Seen with DL4J 1.0.0-M2.1: the native sconv2d op fails ("NDArray::reshapei: bad input
            // shape") on a one-channel input with more than one filter; it builds, then fails at run time.
            throw new Unsupported("DL4J's separable convolution fails at run time on a one-channel input with "
                    + s.filters() + " filters.", "On one channel it is an ordinary convolution: use Conv2D with the same "
                    + "kernel, stride, padding and dilation.");
        }
        return Element.of(new SeparableConvolution2D.Builder().nOut(s.filters()).depthMultiplier(s.multiplier())
                .kernelSize(pair(s.kernel())).stride(pair(s.stride())).padding(padding(s.padding()))
                .dilation(pair(s.dilation())).convolutionMode(mode(s.padding())).activation(activation(s.activation()))
                .hasBias(s.bias()).build());
    }

    private static Element pool(PoolingType type, IntPair kernel, IntPair stride, Padding padding) {
        return Element.of(new SubsamplingLayer.Builder(type).kernelSize(pair(kernel)).stride(pair(stride))
                .padding(padding(padding)).convolutionMode(mode(padding)).build());
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
        GlobalPoolingLayer pool = new GlobalPoolingLayer.Builder(type).build();
        if (inputs.get(0) instanceof TensorType.Sequence) {
            return new Element(pool, null, new PreprocessorVertex(new RnnToFeedForwardPreProcessor()));
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
        return Element.of(new ZeroPaddingLayer.Builder(p.top(), p.bottom(), p.left(), p.right()).build());
    }

    @Override
    public Element cropping2D(LayerSpec.Cropping2D s) {
        var c = s.cropping();
        return Element.of(new Cropping2D(c.top(), c.bottom(), c.left(), c.right()));
    }

    @Override
    public Element upsampling2D(LayerSpec.Upsampling2D s) {
        return Element.of(new Upsampling2D.Builder().size(pair(s.size())).build());
    }

    @Override
    public Element batchNorm(BatchNorm s) {
        return Element.of(new BatchNormalization.Builder().eps(s.eps()).decay(s.momentum())
                .activation(Activation.IDENTITY).build());
    }

    @Override
    public Element localResponseNorm(LayerSpec.LocalResponseNorm s) {
        long channels = inputs.get(0).dims().get(0);
        if (channels <= s.size() / 2) {
            // Seen with DL4J 1.0.0-M2.1: its LRN adds channel slices [i:] for i up to size/2, which
            // are empty when there are no more channels than that ("addi on empty array").
            throw new Unsupported("DL4J's local response normalisation fails at run time when the input has no more "
                    + "channels (" + channels + ") than half its size (" + s.size() + ").",
                    "Set size to at most " + (2 * channels - 1) + ", or move it after a layer with more channels.");
        }
        return Element.of(new LocalResponseNormalization.Builder().n(s.size()).k(s.k()).alpha(s.alpha()).beta(s.beta())
                .build());
    }

    @Override
    public Element dropout(Dropout s) {
        // DL4J takes the probability of keeping a value; the format stores the rate dropped.
        return Element.of(new DropoutLayer.Builder(1.0 - s.rate()).build());
    }

    @Override
    public Element activation(ActivationLayer s) {
        return Element.of(new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder()
                .activation(activation(s.activation())).build());
    }

    @Override
    public Element flatten(Flatten s) {
        if (inputs.get(0) instanceof TensorType.Image img) {
            return Element.of(new PreprocessorVertex(
                    new CnnToFeedForwardPreProcessor(img.height(), img.width(), img.channels())));
        }
        // A vector is flat already: an identity layer keeps the node (and its name) in the network.
        return Element.of(new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder().activation(Activation.IDENTITY).build());
    }

    @Override
    public Element reshape(Reshape s) {
        // The analysis has already inferred any -1 entry: the output shape is the target.
        List<Long> dims = output.dims();
        int[] shape = new int[dims.size() + 1];
        shape[0] = -1;
        for (int i = 0; i < dims.size(); i++) {
            shape[i + 1] = Math.toIntExact(dims.get(i));
        }
        return Element.of(new ReshapeVertex('c', shape, null));
    }

    @Override
    public Element embedding(Embedding s) {
        if (inputs.get(0) instanceof TensorType.Sequence q) {
            return Element.of(new EmbeddingSequenceLayer.Builder().nIn(s.vocab()).nOut(s.units())
                    .inputLength(Math.toIntExact(q.timesteps())).hasBias(s.bias()).activation(Activation.IDENTITY).build());
        }
        return Element.of(new EmbeddingLayer.Builder().nIn(s.vocab()).nOut(s.units()).hasBias(s.bias())
                .activation(Activation.IDENTITY).build());
    }

    @Override
    public Element simpleRnn(SimpleRNN s) {
        Layer rnn = new SimpleRnn.Builder().nOut(s.units()).activation(activation(s.activation())).build();
        return Element.of(s.returnSequences() ? rnn : new LastTimeStep(rnn));
    }

    @Override
    public Element lstm(LSTM s) {
        Layer lstm = new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nOut(s.units())
                .activation(activation(s.activation())).gateActivationFunction(Activation.SIGMOID).build();
        if (s.bidirectional()) {
            lstm = new Bidirectional(Bidirectional.Mode.CONCAT, lstm);
        }
        return Element.of(s.returnSequences() ? lstm : new LastTimeStep(lstm));
    }

    @Override
    public Element add(Add s) {
        return Element.of(new ElementWiseVertex(ElementWiseVertex.Op.Add));
    }

    @Override
    public Element concat(Concat s) {
        return Element.of(new MergeVertex());
    }

    @Override
    public Element multiply(Multiply s) {
        return Element.of(new ElementWiseVertex(ElementWiseVertex.Op.Product));
    }

    @Override
    public Element output(LayerSpec.Output s) {
        return Element.of(new OutputLayer.Builder(loss(s.loss())).nOut(s.units()).activation(activation(s.activation()))
                .hasBias(s.bias()).build());
    }

    @Override
    public Element rnnOutput(RnnOutput s) {
        return Element.of(new RnnOutputLayer.Builder(loss(s.loss())).nOut(s.units()).activation(activation(s.activation()))
                .hasBias(s.bias()).build());
    }
}
