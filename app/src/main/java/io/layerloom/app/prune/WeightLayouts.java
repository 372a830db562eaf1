package io.layerloom.app.prune;

import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.LayerVisitor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each kind's DL4J parameters hold its filters and its input channels (DL4J 1.0.0-M2.1's
 * layouts): a convolution's W is [filters, in, kh, kw], a transposed one's [in, filters, kh, kw],
 * a depthwise one's [kh, kw, in, multiplier], a separable one's depthwise W [multiplier, in, kh, kw]
 * and pointwise pW [filters, in * multiplier, 1, 1], a Dense or Output W [in, units]; biases and
 * BatchNorm's gamma, beta, mean and var are [1, channels]. Copying a pruned layer's surviving
 * weights and ranking its filters both read it here, once per kind.
 */
final class WeightLayouts implements LayerVisitor<WeightLayouts.Layout> {

    /** How one kind's parameters follow its kept input and output channels, and where its filters are. */
    interface Layout {
        /** The parameters for the kept channels (original indices) of the input and the output. */
        Map<String, Weights.Array> slice(Map<String, Weights.Array> params, int[] keptIn, int[] keptOut);

        /** The L1 norm of each filter; only for the kinds whose filters are pruned. */
        default double[] filterNorms(Map<String, Weights.Array> params) {
            throw new IllegalStateException("this kind has no filters to rank");
        }
    }

    private static final WeightLayouts INSTANCE = new WeightLayouts();

    static Layout of(LayerSpec spec) {
        return spec.accept(INSTANCE);
    }

    /** Every parameter per channel of the output, along its last axis (a bias, BatchNorm's four). */
    private static final Layout PER_CHANNEL = (params, in, out) -> {
        Map<String, Weights.Array> m = new LinkedHashMap<>();
        params.forEach((k, a) -> m.put(k, ArraySlices.take(a, -1, out)));
        return m;
    };

    /** No parameters that depend on the channels (or none at all), and inputs that never change. */
    private static final Layout UNCHANGED = (params, in, out) -> params;

    private static Layout filtersThenInputs(int filterAxis, int inputAxis) {
        return new Layout() {
            @Override
            public Map<String, Weights.Array> slice(Map<String, Weights.Array> params, int[] keptIn, int[] keptOut) {
                Map<String, Weights.Array> m = new LinkedHashMap<>();
                params.forEach((k, a) -> m.put(k, k.equals("W")
                        ? ArraySlices.take(ArraySlices.take(a, filterAxis, keptOut), inputAxis, keptIn)
                        : ArraySlices.take(a, -1, keptOut)));
                return m;
            }

            @Override
            public double[] filterNorms(Map<String, Weights.Array> params) {
                return ArraySlices.l1(params.get("W"), filterAxis);
            }
        };
    }

    /** A Dense or Output layer: its inputs follow, its units never change. */
    private static final Layout INPUTS_ONLY = (params, in, out) -> {
        Map<String, Weights.Array> m = new LinkedHashMap<>(params);
        m.put("W", ArraySlices.take(params.get("W"), 0, in));
        return m;
    };

    @Override public Layout input(Input s) { return UNCHANGED; }
    @Override public Layout dense(Dense s) { return INPUTS_ONLY; }
    @Override public Layout conv2D(Conv2D s) { return filtersThenInputs(0, 1); }
    @Override public Layout deconv2D(Deconv2D s) { return filtersThenInputs(1, 0); }

    @Override
    public Layout depthwiseConv2D(DepthwiseConv2D s) {
        return (params, in, out) -> {
            Map<String, Weights.Array> m = new LinkedHashMap<>();
            params.forEach((k, a) -> m.put(k, k.equals("W") ? ArraySlices.take(a, 2, in) : ArraySlices.take(a, -1, out)));
            return m;
        };
    }

    @Override public Layout groupedConv2D(GroupedConv2D s) { return UNCHANGED; }

    @Override
    public Layout separableConv2D(SeparableConv2D s) {
        return new Layout() {
            @Override
            public Map<String, Weights.Array> slice(Map<String, Weights.Array> params, int[] keptIn, int[] keptOut) {
                Map<String, Weights.Array> m = new LinkedHashMap<>();
                params.forEach((k, a) -> m.put(k, switch (k) {
                    case "W" -> ArraySlices.take(a, 1, keptIn);
                    case "pW" -> ArraySlices.take(ArraySlices.take(a, 0, keptOut), 1, ArraySlices.expand(keptIn, s.multiplier()));
                    default -> ArraySlices.take(a, -1, keptOut);
                }));
                return m;
            }

            @Override
            public double[] filterNorms(Map<String, Weights.Array> params) {
                return ArraySlices.l1(params.get("pW"), 0);
            }
        };
    }

    @Override public Layout maxPool2D(MaxPool2D s) { return UNCHANGED; }
    @Override public Layout avgPool2D(AvgPool2D s) { return UNCHANGED; }
    @Override public Layout globalAvgPool(GlobalAvgPool s) { return UNCHANGED; }
    @Override public Layout globalMaxPool(GlobalMaxPool s) { return UNCHANGED; }
    @Override public Layout zeroPadding2D(ZeroPadding2D s) { return UNCHANGED; }
    @Override public Layout cropping2D(Cropping2D s) { return UNCHANGED; }
    @Override public Layout upsampling2D(Upsampling2D s) { return UNCHANGED; }
    @Override public Layout batchNorm(BatchNorm s) { return PER_CHANNEL; }
    @Override public Layout localResponseNorm(LocalResponseNorm s) { return UNCHANGED; }
    @Override public Layout dropout(Dropout s) { return UNCHANGED; }
    @Override public Layout activation(ActivationLayer s) { return UNCHANGED; }
    @Override public Layout flatten(Flatten s) { return UNCHANGED; }
    @Override public Layout reshape(Reshape s) { return UNCHANGED; }
    @Override public Layout embedding(Embedding s) { return UNCHANGED; }
    @Override public Layout simpleRnn(SimpleRNN s) { return UNCHANGED; }
    @Override public Layout lstm(LSTM s) { return UNCHANGED; }
    @Override public Layout add(Add s) { return UNCHANGED; }
    @Override public Layout concat(Concat s) { return UNCHANGED; }
    @Override public Layout multiply(Multiply s) { return UNCHANGED; }
    @Override public Layout channelShuffle(ChannelShuffle s) { return UNCHANGED; }
    @Override public Layout channelSplit(ChannelSplit s) { return UNCHANGED; }
    @Override public Layout channelScale(ChannelScale s) { return UNCHANGED; }
    @Override public Layout output(Output s) { return INPUTS_ONLY; }
    @Override public Layout rnnOutput(RnnOutput s) { return UNCHANGED; }
    @Override public Layout lossLayer(LossLayer s) { return UNCHANGED; }
}
