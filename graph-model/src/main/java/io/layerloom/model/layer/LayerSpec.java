package io.layerloom.model.layer;

/**
 * The parameters of one layer: a closed family of records, one per kind. Records hold exactly
 * what the user wrote, valid or not; the analysis checks ranges, so a bad value is a diagnostic
 * on its node rather than a file that cannot be opened. Each record's components are the JSON
 * fields of its kind, in the order they are written.
 *
 * <p>Adding a kind: add its record here, a method to {@link LayerVisitor}, and its
 * {@link LayerKind} to {@link LayerKinds}; the compiler then lists every rule that must handle it,
 * and tests name what else the kind lacks (its icon, the generated documents). The whole list is
 * docs/adding-a-layer-kind.md.
 */
public sealed interface LayerSpec {

    <R> R accept(LayerVisitor<R> visitor);

    /** This spec's kind: its name, family, parameters and documentation. */
    default LayerKind<?> kind() {
        return LayerKinds.of(this);
    }

    record Input(Dims shape) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.input(this); }
    }

    record Dense(long units, ActivationFunction activation, boolean bias) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.dense(this); }
    }

    record Conv2D(long filters, IntPair kernel, IntPair stride, Padding padding, IntPair dilation,
                  ActivationFunction activation, boolean bias) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.conv2D(this); }
    }

    record Deconv2D(long filters, IntPair kernel, IntPair stride, Padding padding,
                    ActivationFunction activation, boolean bias) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.deconv2D(this); }
    }

    record DepthwiseConv2D(int multiplier, IntPair kernel, IntPair stride, Padding padding, IntPair dilation,
                           ActivationFunction activation, boolean bias) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.depthwiseConv2D(this); }
    }

    /**
     * A convolution whose input channels and filters are split into {@code groups} groups, each
     * group of filters seeing only its group of channels (ResNeXt's; ONNX's Conv with a group
     * count). Linear and without a bias: a BatchNorm and an activation follow as nodes.
     */
    record GroupedConv2D(long filters, int groups, IntPair kernel, IntPair stride, Padding padding, IntPair dilation)
            implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.groupedConv2D(this); }
    }

    record SeparableConv2D(long filters, int multiplier, IntPair kernel, IntPair stride, Padding padding,
                           IntPair dilation, ActivationFunction activation, boolean bias) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.separableConv2D(this); }
    }

    record MaxPool2D(IntPair kernel, IntPair stride, Padding padding) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.maxPool2D(this); }
    }

    record AvgPool2D(IntPair kernel, IntPair stride, Padding padding) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.avgPool2D(this); }
    }

    record GlobalAvgPool() implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.globalAvgPool(this); }
    }

    record GlobalMaxPool() implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.globalMaxPool(this); }
    }

    /**
     * ShuffleNet's channel shuffle: the channels, seen as {@code groups} groups of C / groups,
     * are interleaved (output channel j * groups + i is input channel i * (C / groups) + j), so
     * that the next grouped convolution's groups each see channels from every group before.
     * PyTorch: reshape to [N, groups, C / groups, H, W], transpose dims 1 and 2, reshape back.
     */
    record ChannelShuffle(int groups) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.channelShuffle(this); }
    }

    /**
     * One of {@code parts} equal slices of an image's channels, the one at {@code index}:
     * channels [index * C / parts, (index + 1) * C / parts). ShuffleNet v2's
     * {@code x.chunk(2, dim=1)} is two of them, index 0 and index 1, on the same input.
     */
    record ChannelSplit(int parts, int index) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.channelSplit(this); }
    }

    record ZeroPadding2D(Sides padding) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.zeroPadding2D(this); }
    }

    record Cropping2D(Sides cropping) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.cropping2D(this); }
    }

    record Upsampling2D(IntPair size) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.upsampling2D(this); }
    }

    record BatchNorm(double eps, double momentum) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.batchNorm(this); }
    }

    record LocalResponseNorm(int size, double k, double alpha, double beta) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.localResponseNorm(this); }
    }

    record Dropout(double rate) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.dropout(this); }
    }

    /** The "Activation" kind: a layer that only applies an activation function. */
    record ActivationLayer(ActivationFunction activation) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.activation(this); }
    }

    record Flatten() implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.flatten(this); }
    }

    record Reshape(Dims shape) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.reshape(this); }
    }

    record Embedding(long vocab, long units, boolean bias) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.embedding(this); }
    }

    record SimpleRNN(long units, ActivationFunction activation, boolean returnSequences) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.simpleRnn(this); }
    }

    record LSTM(long units, ActivationFunction activation, boolean returnSequences, boolean bidirectional)
            implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.lstm(this); }
    }

    record Add() implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.add(this); }
    }

    record Concat() implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.concat(this); }
    }

    record Multiply() implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.multiply(this); }
    }

    /**
     * Squeeze-and-excitation's excitation: an image [C, H, W] (the first input) times a
     * per-channel scale, a vector [C] (the second), each channel multiplied by its value.
     */
    record ChannelScale() implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.channelScale(this); }
    }

    record Output(long units, ActivationFunction activation, Loss loss, boolean bias) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.output(this); }
    }

    record RnnOutput(long units, ActivationFunction activation, Loss loss, boolean bias) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.rnnOutput(this); }
    }

    /** An output layer without weights: the activation and the loss applied to its input as it is. */
    record LossLayer(ActivationFunction activation, Loss loss) implements LayerSpec {
        public <R> R accept(LayerVisitor<R> v) { return v.lossLayer(this); }
    }
}
