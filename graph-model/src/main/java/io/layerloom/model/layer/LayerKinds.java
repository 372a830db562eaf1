package io.layerloom.model.layer;

import io.layerloom.model.layer.LayerSpec.*;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.layerloom.model.layer.ParamType.*;

/** Every layer kind, in palette order, with its documented parameters. */
public final class LayerKinds {

    private static final int MAX_SPATIAL = 4096;
    private static final int MANY = Integer.MAX_VALUE;

    // Parameter definitions shared by several kinds, so a name, range or text is written once.
    private static ParamDef units(long def, long max, String doc) {
        return ParamDef.of("units", COUNT, def, Range.closed(1, max), doc);
    }

    private static ParamDef filters(long def) {
        return ParamDef.of("filters", COUNT, def, Range.closed(1, 65_536), "Number of output channels.");
    }

    private static ParamDef kernel(int def) {
        return ParamDef.of("kernel", PAIR, IntPair.of(def), Range.closed(1, MAX_SPATIAL), "Kernel size, n or [h, w].");
    }

    private static ParamDef stride() {
        return ParamDef.of("stride", PAIR, IntPair.of(1), Range.closed(1, MAX_SPATIAL), "Step between windows, n or [h, w].");
    }

    private static ParamDef poolStride() {
        return ParamDef.of("stride", PAIR, IntPair.of(2), Range.closed(1, MAX_SPATIAL),
                "Step between windows, n or [h, w]; defaults to the kernel.").defaultingTo("kernel");
    }

    private static ParamDef padding() {
        return ParamDef.of("padding", PADDING, Padding.of(0), Range.closed(0, MAX_SPATIAL),
                "Zero padding on each side, n or [h, w]; \"same\" keeps ceil(in / stride); \"valid\" is 0.");
    }

    private static ParamDef dilation() {
        return ParamDef.of("dilation", PAIR, IntPair.of(1), Range.closed(1, MAX_SPATIAL),
                "Spacing between kernel taps, n or [h, w]; 1 is an ordinary convolution.");
    }

    private static ParamDef multiplier() {
        return ParamDef.of("multiplier", INT, 1, Range.closed(1, 1024), "Output channels per input channel.");
    }

    private static ParamDef activation(ActivationFunction def) {
        return ParamDef.of("activation", ACTIVATION, def, Range.ANY, "Activation applied to the output.");
    }

    private static ParamDef bias(boolean def) {
        return ParamDef.of("bias", BOOL, def, Range.ANY, "Whether the layer adds a learned bias.");
    }

    private static ParamDef loss() {
        return ParamDef.of("loss", LOSS, Loss.MCXENT, Range.ANY,
                "Loss: mcxent (softmax cross-entropy), xent (sigmoid cross-entropy), mse or mae.");
    }

    private static ParamDef returnSequences() {
        return ParamDef.of("returnSequences", BOOL, false, Range.ANY,
                "true: output every timestep [units, T]; false: only the last one [units].");
    }

    private static <S extends LayerSpec> LayerKind<S> kind(String name, Family family, Class<S> c, int min, int max,
                                                          String summary, ParamDef... params) {
        return new LayerKind<>(name, family, c, min, max, summary, List.of(params));
    }

    private static final List<LayerKind<?>> ALL = List.of(
            kind("Input", Family.CORE, Input.class, 0, 0,
                    "The network's input: an image [channels, height, width], a vector [features] or a sequence [features, timesteps].",
                    ParamDef.of("shape", DIMS, Dims.of(1, 28, 28), Range.closed(1, 1_000_000),
                            "[channels, height, width], [features] or [features, timesteps].")),
            kind("Dense", Family.CORE, Dense.class, 1, 1,
                    "Fully connected layer: every output unit sees every input feature.",
                    units(64, 1_000_000, "Number of output units."), activation(ActivationFunction.IDENTITY), bias(true)),
            kind("Dropout", Family.CORE, Dropout.class, 1, 1,
                    "Randomly zeroes a fraction of its inputs while training.",
                    ParamDef.of("rate", REAL, 0.5, Range.halfOpen(0, 1), "Probability of dropping each value.")),
            kind("Activation", Family.CORE, ActivationLayer.class, 1, 1,
                    "Applies an activation function element-wise.",
                    activation(ActivationFunction.RELU)),
            kind("Flatten", Family.CORE, Flatten.class, 1, 1,
                    "Turns an image [c, h, w] into a vector [c*h*w]."),
            kind("Reshape", Family.CORE, Reshape.class, 1, 1,
                    "Reinterprets the values with another shape of the same size.",
                    ParamDef.of("shape", DIMS, Dims.of(-1), Range.closed(1, 1_000_000_000L),
                            "Target shape; one entry may be -1 to infer it.").allowingInferred()),
            kind("Embedding", Family.CORE, Embedding.class, 1, 1,
                    "Looks up a learned vector for each integer index.",
                    ParamDef.of("vocab", COUNT, 10_000L, Range.closed(1, 100_000_000), "Number of distinct indices."),
                    units(64, 1_000_000, "Size of each embedding vector."), bias(false)),
            kind("Conv2D", Family.CONVOLUTION, Conv2D.class, 1, 1,
                    "2D convolution: filters slide over the image.",
                    filters(32), kernel(3), stride(), padding(), dilation(), activation(ActivationFunction.IDENTITY), bias(true)),
            kind("Deconv2D", Family.CONVOLUTION, Deconv2D.class, 1, 1,
                    "Transposed 2D convolution: upsamples by its stride.",
                    filters(32), kernel(3), stride(), padding(), activation(ActivationFunction.IDENTITY), bias(true)),
            kind("DepthwiseConv2D", Family.CONVOLUTION, DepthwiseConv2D.class, 1, 1,
                    "One filter (or multiplier filters) per input channel, no mixing across channels.",
                    multiplier(), kernel(3), stride(), padding(), dilation(), activation(ActivationFunction.IDENTITY), bias(true)),
            kind("GroupedConv2D", Family.CONVOLUTION, GroupedConv2D.class, 1, 1,
                    "Convolution in groups: each group of filters sees only its group of channels (ResNeXt). "
                            + "Linear, no bias.",
                    filters(32), ParamDef.of("groups", INT, 2, Range.closed(1, 65_536),
                            "Number of groups; divides the input channels and the filters."),
                    kernel(3), stride(), padding(), dilation()),
            kind("SeparableConv2D", Family.CONVOLUTION, SeparableConv2D.class, 1, 1,
                    "Depthwise convolution followed by a 1x1 pointwise convolution.",
                    filters(32), multiplier(), kernel(3), stride(), padding(), dilation(),
                    activation(ActivationFunction.IDENTITY), bias(true)),
            kind("ChannelShuffle", Family.CONVOLUTION, ChannelShuffle.class, 1, 1,
                    "Interleaves the channels of its groups (ShuffleNet), so that the next grouped layer mixes them.",
                    ParamDef.of("groups", INT, 2, Range.closed(1, 65_536),
                            "Number of groups; divides the channels. Channel i * (C / groups) + j moves to j * groups + i.")),
            kind("ChannelSplit", Family.CONVOLUTION, ChannelSplit.class, 1, 1,
                    "One of several equal slices of the channels (ShuffleNet v2's chunk); one node per slice.",
                    ParamDef.of("parts", INT, 2, Range.closed(1, 65_536), "Number of equal slices; divides the channels."),
                    ParamDef.of("index", INT, 0, Range.closed(0, 65_535),
                            "Which slice, from 0: channels [index * C / parts, (index + 1) * C / parts).")),
            kind("ZeroPadding2D", Family.CONVOLUTION, ZeroPadding2D.class, 1, 1,
                    "Adds rows and columns of zeros around the image.",
                    ParamDef.of("padding", SIDES, Sides.of(1), Range.closed(0, MAX_SPATIAL),
                            "n, [h, w] or [top, bottom, left, right].")),
            kind("Cropping2D", Family.CONVOLUTION, Cropping2D.class, 1, 1,
                    "Removes rows and columns from the image's borders.",
                    ParamDef.of("cropping", SIDES, Sides.of(1), Range.closed(0, MAX_SPATIAL),
                            "n, [h, w] or [top, bottom, left, right].")),
            kind("Upsampling2D", Family.CONVOLUTION, Upsampling2D.class, 1, 1,
                    "Repeats each pixel to enlarge the image.",
                    ParamDef.of("size", PAIR, IntPair.of(2), Range.closed(1, 1024), "Repeat factor, n or [h, w].")),
            kind("MaxPool2D", Family.POOLING, MaxPool2D.class, 1, 1,
                    "Keeps the largest value of each window.",
                    kernel(2), poolStride(), padding()),
            kind("AvgPool2D", Family.POOLING, AvgPool2D.class, 1, 1,
                    "Averages each window.",
                    kernel(2), poolStride(), padding()),
            kind("GlobalAvgPool", Family.POOLING, GlobalAvgPool.class, 1, 1,
                    "Averages each channel over the whole image (or each feature over time)."),
            kind("GlobalMaxPool", Family.POOLING, GlobalMaxPool.class, 1, 1,
                    "Keeps each channel's largest value over the whole image (or each feature over time)."),
            kind("BatchNorm", Family.NORMALISATION, BatchNorm.class, 1, 1,
                    "Normalises each channel with batch statistics, then scales and shifts it.",
                    ParamDef.of("eps", REAL, 1e-5, new Range(0, false, 1, true), "Added to the variance for stability."),
                    ParamDef.of("momentum", REAL, 0.9, Range.closed(0, 1),
                            "Decay of the running mean and variance (DL4J's decay).")),
            kind("LocalResponseNorm", Family.NORMALISATION, LocalResponseNorm.class, 1, 1,
                    "Normalises each value by its neighbours across channels (AlexNet, GoogLeNet).",
                    ParamDef.of("size", INT, 5, Range.closed(1, 1024), "Number of neighbouring channels."),
                    ParamDef.of("k", REAL, 2.0, Range.atLeast(0), "Additive constant."),
                    ParamDef.of("alpha", REAL, 1e-4, Range.atLeast(0), "Scale."),
                    ParamDef.of("beta", REAL, 0.75, Range.atLeast(0), "Exponent.")),
            kind("SimpleRNN", Family.RECURRENT, SimpleRNN.class, 1, 1,
                    "A plain recurrent layer over a sequence [features, timesteps].",
                    units(64, 100_000, "Size of the hidden state."), activation(ActivationFunction.TANH), returnSequences()),
            kind("LSTM", Family.RECURRENT, LSTM.class, 1, 1,
                    "Long short-term memory over a sequence [features, timesteps].",
                    units(64, 100_000, "Size of the hidden state (per direction)."), activation(ActivationFunction.TANH),
                    returnSequences(),
                    ParamDef.of("bidirectional", BOOL, false, Range.ANY,
                            "Also read the sequence backwards and concatenate both directions.")),
            kind("Add", Family.MERGE, Add.class, 2, MANY, "Element-wise sum of inputs of the same shape."),
            kind("Concat", Family.MERGE, Concat.class, 2, MANY,
                    "Joins inputs along channels (images), features (vectors, sequences), in input order."),
            kind("Multiply", Family.MERGE, Multiply.class, 2, MANY, "Element-wise product of inputs of the same shape."),
            kind("ChannelScale", Family.MERGE, ChannelScale.class, 2, 2,
                    "Multiplies each channel of an image [C, H, W] (first input) by its value in a vector [C] (second "
                            + "input): squeeze-and-excitation's excitation."),
            kind("Output", Family.OUTPUT, Output.class, 1, 1,
                    "A dense output layer with a loss: what the network is trained to predict.",
                    units(10, 1_000_000, "Number of outputs (classes)."), activation(ActivationFunction.SOFTMAX), loss(), bias(true)),
            kind("RnnOutput", Family.OUTPUT, RnnOutput.class, 1, 1,
                    "An output layer applied at every timestep of a sequence.",
                    units(10, 1_000_000, "Number of outputs per timestep."), activation(ActivationFunction.SOFTMAX), loss(),
                    bias(true)),
            kind("LossLayer", Family.OUTPUT, LossLayer.class, 1, 1,
                    "An output layer without weights: the activation and loss applied to a vector as it is, so the "
                            + "layers before it decide the number of outputs (as in SqueezeNet).",
                    activation(ActivationFunction.SOFTMAX), loss()));

    private static final Map<String, LayerKind<?>> BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, LayerKind<?>> BY_CLASS = new LinkedHashMap<>();

    static {
        for (LayerKind<?> k : ALL) {
            if (BY_NAME.put(k.name(), k) != null || BY_CLASS.put(k.specClass(), k) != null) {
                throw new IllegalStateException("duplicate layer kind " + k.name());
            }
        }
        for (Class<?> c : LayerSpec.class.getPermittedSubclasses()) {
            if (!BY_CLASS.containsKey(c)) {
                throw new IllegalStateException(c.getSimpleName() + " has no LayerKind");
            }
        }
    }

    private LayerKinds() {
    }

    /** Every kind, in palette order (grouped by family). */
    public static List<LayerKind<?>> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(LayerKind::name).toList();
    }

    public static Optional<LayerKind<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static LayerKind<?> of(LayerSpec spec) {
        return BY_CLASS.get(spec.getClass());
    }

    @SuppressWarnings("unchecked")
    public static <S extends LayerSpec> LayerKind<S> of(Class<S> specClass) {
        return (LayerKind<S>) BY_CLASS.get(specClass);
    }
}
