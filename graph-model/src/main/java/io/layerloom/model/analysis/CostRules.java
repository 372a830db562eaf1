package io.layerloom.model.analysis;

import io.layerloom.model.analysis.TensorType.Image;
import io.layerloom.model.analysis.TensorType.Sequence;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.LayerVisitor;
import java.util.List;

import static java.lang.Math.addExact;
import static java.lang.Math.multiplyExact;

/**
 * Parameters and MACs of one node whose input and output shapes are known. Parameter counts
 * equal DL4J's {@code numParams} per layer (BatchNorm: 2C trainable gamma and beta, 2C
 * non-trainable running mean and variance). MACs count one multiply-add per weight use, without
 * bias or activation; BatchNorm counts none, as it folds into the layer before it at inference
 * (so MobileNet v1 gives the paper's 569 M). Arithmetic is exact: a product that does
 * not fit a long throws {@link ArithmeticException}, reported by the caller.
 */
final class CostRules implements LayerVisitor<Cost> {

    private final List<TensorType> inputs;
    private final TensorType output;

    private CostRules(List<TensorType> inputs, TensorType output) {
        this.inputs = inputs;
        this.output = output;
    }

    static Cost apply(LayerSpec spec, List<TensorType> inputs, TensorType output) {
        return spec.accept(new CostRules(inputs, output));
    }

    private static long mul(long... factors) {
        long p = 1;
        for (long f : factors) {
            p = multiplyExact(p, f);
        }
        return p;
    }

    /** Channels of an image, features of a vector or sequence. */
    private long inChannels() {
        return inputs.get(0).dims().get(0);
    }

    private long outSpatial() {
        Image o = (Image) output;
        return mul(o.height(), o.width());
    }

    private static Cost trainable(long params, long macs) {
        return new Cost(params, 0, macs);
    }

    private Cost dense(long units, boolean bias) {
        long in = inChannels();
        long weights = mul(in, units);
        return trainable(addExact(weights, bias ? units : 0), weights);
    }

    @Override
    public Cost input(Input s) {
        return Cost.FREE;
    }

    @Override
    public Cost dense(Dense s) {
        return dense(s.units(), s.bias());
    }

    @Override
    public Cost conv2D(Conv2D s) {
        long weights = mul(s.kernel().h(), s.kernel().w(), inChannels(), s.filters());
        return trainable(addExact(weights, s.bias() ? s.filters() : 0), mul(weights, outSpatial()));
    }

    @Override
    public Cost deconv2D(Deconv2D s) {
        Image in = (Image) inputs.get(0);
        long weights = mul(s.kernel().h(), s.kernel().w(), in.channels(), s.filters());
        // Each input pixel scatters through every weight once.
        return trainable(addExact(weights, s.bias() ? s.filters() : 0), mul(weights, in.height(), in.width()));
    }

    @Override
    public Cost depthwiseConv2D(DepthwiseConv2D s) {
        long channels = mul(inChannels(), s.multiplier());
        long weights = mul(s.kernel().h(), s.kernel().w(), channels);
        return trainable(addExact(weights, s.bias() ? channels : 0), mul(weights, outSpatial()));
    }

    /** Each filter sees C_in / groups channels: C_in * filters / groups * kh * kw weights, no bias. */
    @Override
    public Cost groupedConv2D(GroupedConv2D s) {
        long weights = mul(s.kernel().h(), s.kernel().w(), inChannels() / s.groups(), s.filters());
        return trainable(weights, mul(weights, outSpatial()));
    }

    @Override
    public Cost separableConv2D(SeparableConv2D s) {
        long channels = mul(inChannels(), s.multiplier());
        long depthwise = mul(s.kernel().h(), s.kernel().w(), channels);
        long pointwise = mul(channels, s.filters());
        long params = addExact(addExact(depthwise, pointwise), s.bias() ? s.filters() : 0);
        return trainable(params, mul(addExact(depthwise, pointwise), outSpatial()));
    }

    @Override
    public Cost maxPool2D(MaxPool2D s) {
        return Cost.FREE;
    }

    @Override
    public Cost avgPool2D(AvgPool2D s) {
        return Cost.FREE;
    }

    @Override
    public Cost globalAvgPool(GlobalAvgPool s) {
        return Cost.FREE;
    }

    @Override
    public Cost globalMaxPool(GlobalMaxPool s) {
        return Cost.FREE;
    }

    @Override
    public Cost zeroPadding2D(ZeroPadding2D s) {
        return Cost.FREE;
    }

    @Override
    public Cost cropping2D(Cropping2D s) {
        return Cost.FREE;
    }

    @Override
    public Cost channelShuffle(ChannelShuffle s) {
        return Cost.FREE;
    }

    @Override
    public Cost channelSplit(ChannelSplit s) {
        return Cost.FREE;
    }

    @Override
    public Cost upsampling2D(Upsampling2D s) {
        return Cost.FREE;
    }

    @Override
    public Cost batchNorm(BatchNorm s) {
        long c = inChannels();
        return new Cost(mul(2, c), mul(2, c), 0);
    }

    @Override
    public Cost localResponseNorm(LocalResponseNorm s) {
        return Cost.FREE;
    }

    @Override
    public Cost dropout(Dropout s) {
        return Cost.FREE;
    }

    @Override
    public Cost activation(ActivationLayer s) {
        return Cost.FREE;
    }

    @Override
    public Cost flatten(Flatten s) {
        return Cost.FREE;
    }

    @Override
    public Cost reshape(Reshape s) {
        return Cost.FREE;
    }

    @Override
    public Cost embedding(Embedding s) {
        // A lookup: no multiply-adds.
        return trainable(addExact(mul(s.vocab(), s.units()), s.bias() ? s.units() : 0), 0);
    }

    private long timesteps() {
        return ((Sequence) inputs.get(0)).timesteps();
    }

    @Override
    public Cost simpleRnn(SimpleRNN s) {
        long n = s.units();
        long perStep = addExact(mul(inChannels(), n), mul(n, n));
        return trainable(addExact(perStep, n), mul(perStep, timesteps()));
    }

    @Override
    public Cost lstm(LSTM s) {
        long n = s.units();
        long directions = s.bidirectional() ? 2 : 1;
        long perStep = mul(4, n, addExact(inChannels(), n));
        long params = mul(directions, addExact(perStep, mul(4, n)));
        return trainable(params, mul(directions, perStep, timesteps()));
    }

    @Override
    public Cost add(Add s) {
        return Cost.FREE;
    }

    @Override
    public Cost concat(Concat s) {
        return Cost.FREE;
    }

    @Override
    public Cost multiply(Multiply s) {
        return Cost.FREE;
    }

    /** A product per value but no weight: like Multiply, no multiply-adds (torchvision's counts agree). */
    @Override
    public Cost channelScale(ChannelScale s) {
        return Cost.FREE;
    }

    @Override
    public Cost output(LayerSpec.Output s) {
        return dense(s.units(), s.bias());
    }

    @Override
    public Cost rnnOutput(RnnOutput s) {
        Cost perStep = dense(s.units(), s.bias());
        return trainable(perStep.trainableParams(), mul(perStep.macs(), timesteps()));
    }

    @Override
    public Cost lossLayer(LossLayer s) {
        return Cost.FREE;
    }
}
