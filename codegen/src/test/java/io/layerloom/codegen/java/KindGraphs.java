package io.layerloom.codegen.java;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.KindSamples;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.Sides;
import java.util.List;

/**
 * Small valid graphs for the DL4J special cases, and every layer kind by construction: besides
 * the hand-written graphs below, {@link #all()} holds graph-model's {@link KindSamples#everyKind()},
 * the default spec of each kind in a network of its own.
 */
final class KindGraphs {

    private KindGraphs() {
    }

    static final IntPair ONE = IntPair.of(1);
    static final IntPair TWO = IntPair.of(2);
    static final IntPair THREE = IntPair.of(3);

    static Output softmax(int units) {
        return new Output(units, ActivationFunction.SOFTMAX, Loss.MCXENT, true);
    }

    static Conv2D conv(int filters, Padding padding) {
        return new Conv2D(filters, THREE, ONE, padding, ONE, ActivationFunction.RELU, true);
    }

    static Graph graph(String name, Node... nodes) {
        return new Graph(name, "", List.of(nodes));
    }

    /** Dense, Dropout, Activation, BatchNorm on vectors, Flatten of a vector, Output. */
    static Graph mlp() {
        return graph("MLP",
                Node.of("in", new Input(Dims.of(20))),
                Node.of("dense", new Dense(16, ActivationFunction.LEAKYRELU, false), "in"),
                Node.of("drop", new Dropout(0.3), "dense"),
                Node.of("act", new ActivationLayer(ActivationFunction.SELU), "drop"),
                Node.of("bn", new BatchNorm(1e-5, 0.99), "act"),
                Node.of("flat", new Flatten(), "bn"),
                Node.of("out", new Output(3, ActivationFunction.SIGMOID, Loss.XENT, false), "flat"));
    }

    /** The convolution family on 3 channels: depthwise, separable, LRN, pools, padding, cropping, upsampling, deconvolution. */
    static Graph convolutions() {
        return graph("Convolutions",
                Node.of("img", new Input(Dims.of(3, 16, 16))),
                Node.of("sep", new SeparableConv2D(8, 1, THREE, ONE, Padding.same(), ONE, ActivationFunction.RELU, true), "img"),
                Node.of("conv", new Conv2D(8, THREE, ONE, Padding.of(1), TWO, ActivationFunction.ELU, false), "sep"),
                Node.of("dw", new DepthwiseConv2D(2, THREE, TWO, Padding.same(), ONE, ActivationFunction.RELU6, true), "conv"),
                Node.of("lrn", new LocalResponseNorm(5, 2.0, 1e-4, 0.75), "dw"),
                Node.of("bn", new BatchNorm(1e-3, 0.9), "lrn"),
                Node.of("max", new MaxPool2D(TWO, TWO, Padding.of(0)), "bn"),
                Node.of("pad", new ZeroPadding2D(new Sides(1, 2, 3, 4)), "max"),
                Node.of("crop", new Cropping2D(new Sides(1, 0, 2, 1)), "pad"),
                Node.of("up", new Upsampling2D(new IntPair(2, 3)), "crop"),
                Node.of("deconv", new Deconv2D(4, TWO, TWO, Padding.of(0), ActivationFunction.GELU, true), "up"),
                Node.of("avg", new AvgPool2D(THREE, TWO, Padding.same()), "deconv"),
                Node.of("flat", new Flatten(), "avg"),
                Node.of("out", softmax(5), "flat"));
    }

    /** Add, Multiply and Concat over two branches, a global max pool over an image, and a node left out. */
    static Graph merges() {
        return graph("Merges",
                Node.of("img", new Input(Dims.of(3, 8, 8))),
                Node.of("a", conv(4, Padding.same()), "img"),
                Node.of("b", conv(4, Padding.same()), "img"),
                Node.of("sum", new Add(), "a", "b"),
                Node.of("product", new Multiply(), "a", "b"),
                Node.of("joined", new Concat(), "sum", "product", "a"),
                Node.of("unused", conv(2, Padding.same()), "joined"),
                Node.of("gmp", new GlobalMaxPool(), "joined"),
                Node.of("dense", new Dense(10, ActivationFunction.SWISH, true), "gmp"),
                Node.of("out", softmax(2), "dense"));
    }

    /** A Reshape from an image to a sequence, then a bidirectional LSTM that keeps only its last step. */
    static Graph reshapeToLstm() {
        return graph("Reshape to LSTM",
                Node.of("img", new Input(Dims.of(1, 8, 8))),
                Node.of("conv", conv(4, Padding.of(0)), "img"),
                Node.of("seq", new Reshape(Dims.of(4, -1)), "conv"),
                Node.of("lstm", new LSTM(6, ActivationFunction.TANH, false, true), "seq"),
                Node.of("out", softmax(3), "lstm"));
    }

    /** Embedding over a sequence of indices, SimpleRNN and LSTM over time, a global average pool over time. */
    static Graph embeddingSequence() {
        return graph("Text classifier",
                Node.of("tokens", new Input(Dims.of(1, 12))),
                Node.of("embed", new Embedding(50, 8, false), "tokens"),
                Node.of("rnn", new SimpleRNN(10, ActivationFunction.TANH, true), "embed"),
                Node.of("lstm", new LSTM(6, ActivationFunction.TANH, true, false), "rnn"),
                Node.of("gap", new GlobalAvgPool(), "lstm"),
                Node.of("out", softmax(4), "gap"));
    }

    /** Embedding of one index per example, a SimpleRNN keeping its last step, and an output per timestep. */
    static Graph twoHeads() {
        return graph("Two heads",
                Node.of("word", new Input(Dims.of(1))),
                Node.of("embed", new Embedding(30, 5, true), "word"),
                Node.of("wordOut", new Output(2, ActivationFunction.IDENTITY, Loss.MSE, true), "embed"),
                Node.of("series", new Input(Dims.of(3, 7))),
                Node.of("rnn", new SimpleRNN(4, ActivationFunction.HARDSIGMOID, true), "series"),
                Node.of("last", new SimpleRNN(4, ActivationFunction.SIGMOID, false), "rnn"),
                Node.of("lastOut", new Output(1, ActivationFunction.SOFTPLUS, Loss.MAE, true), "last"),
                Node.of("steps", new RnnOutput(3, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "rnn"));
    }

    /** A Reshape of a vector to an image, and a global max pool over time. */
    static Graph reshapeToImage() {
        return graph("Reshape to image",
                Node.of("in", new Input(Dims.of(48))),
                Node.of("img", new Reshape(Dims.of(3, 4, 4)), "in"),
                Node.of("conv", conv(2, Padding.of(1)), "img"),
                Node.of("seq", new Reshape(Dims.of(-1, 8)), "conv"),
                Node.of("gmp", new GlobalMaxPool(), "seq"),
                Node.of("out", softmax(2), "gmp"));
    }

    /**
     * PyTorch's hard sigmoid and hard swish, which DL4J builds from several steps: fused on every
     * kind of convolution and on Dense, and as Activation layers.
     */
    static Graph hardActivations() {
        ActivationFunction hs = ActivationFunction.HARDSIGMOID_TORCH;
        ActivationFunction hw = ActivationFunction.HARDSWISH;
        return graph("Hard activations",
                Node.of("img", new Input(Dims.of(3, 12, 12))),
                Node.of("conv", new Conv2D(6, THREE, ONE, Padding.of(1), ONE, hw, true), "img"),
                Node.of("dw", new DepthwiseConv2D(1, THREE, ONE, Padding.same(), ONE, hs, false), "conv"),
                Node.of("sep", new SeparableConv2D(4, 1, THREE, TWO, Padding.same(), ONE, hw, true), "dw"),
                Node.of("deconv", new Deconv2D(4, TWO, TWO, Padding.of(0), hs, true), "sep"),
                Node.of("act", new ActivationLayer(hw), "deconv"),
                Node.of("gate", new ActivationLayer(hs), "act"),
                Node.of("pool", new GlobalAvgPool(), "gate"),
                Node.of("dense", new Dense(8, hw, true), "pool"),
                Node.of("out", softmax(3), "dense"));
    }

    static List<Graph> all() {
        return List.of(mlp(), convolutions(), merges(), reshapeToLstm(), embeddingSequence(), twoHeads(), reshapeToImage(),
                hardActivations(), KindSamples.everyKind());
    }
}
