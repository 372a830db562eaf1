package io.layerloom.model.prune;

import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.LayerVisitor;

/**
 * Each kind's {@link ChannelRole}. A kind that cannot follow a change of its input's channels is
 * {@code FIXED}: the filters that reach it are kept, never removed.
 */
public final class ChannelRoles implements LayerVisitor<ChannelRole> {

    private static final ChannelRoles INSTANCE = new ChannelRoles();

    private ChannelRoles() {
    }

    public static ChannelRole of(LayerSpec spec) {
        return spec.accept(INSTANCE);
    }

    @Override public ChannelRole input(Input s) { return ChannelRole.FIXED; }
    @Override public ChannelRole dense(Dense s) { return ChannelRole.CONSUME; }
    @Override public ChannelRole conv2D(Conv2D s) { return ChannelRole.SOURCE; }
    @Override public ChannelRole deconv2D(Deconv2D s) { return ChannelRole.SOURCE; }
    @Override public ChannelRole depthwiseConv2D(DepthwiseConv2D s) { return ChannelRole.expand(s.multiplier()); }
    /** Its groups divide the input channels: removing some would break them. */
    @Override public ChannelRole groupedConv2D(GroupedConv2D s) { return ChannelRole.FIXED; }
    @Override public ChannelRole separableConv2D(SeparableConv2D s) { return ChannelRole.SOURCE; }
    @Override public ChannelRole maxPool2D(MaxPool2D s) { return ChannelRole.FOLLOW; }
    @Override public ChannelRole avgPool2D(AvgPool2D s) { return ChannelRole.FOLLOW; }
    @Override public ChannelRole globalAvgPool(GlobalAvgPool s) { return ChannelRole.FOLLOW; }
    @Override public ChannelRole globalMaxPool(GlobalMaxPool s) { return ChannelRole.FOLLOW; }
    @Override public ChannelRole zeroPadding2D(ZeroPadding2D s) { return ChannelRole.FOLLOW; }
    @Override public ChannelRole cropping2D(Cropping2D s) { return ChannelRole.FOLLOW; }
    @Override public ChannelRole upsampling2D(Upsampling2D s) { return ChannelRole.FOLLOW; }
    @Override public ChannelRole batchNorm(BatchNorm s) { return ChannelRole.FOLLOW; }
    /** It normalises each channel by its neighbours: without some channels the neighbours change. */
    @Override public ChannelRole localResponseNorm(LocalResponseNorm s) { return ChannelRole.FIXED; }
    @Override public ChannelRole dropout(Dropout s) { return ChannelRole.FOLLOW; }
    @Override public ChannelRole activation(ActivationLayer s) { return ChannelRole.FOLLOW; }
    @Override public ChannelRole flatten(Flatten s) { return ChannelRole.FLATTEN; }
    @Override public ChannelRole reshape(Reshape s) { return ChannelRole.FIXED; }
    @Override public ChannelRole embedding(Embedding s) { return ChannelRole.FIXED; }
    @Override public ChannelRole simpleRnn(SimpleRNN s) { return ChannelRole.FIXED; }
    @Override public ChannelRole lstm(LSTM s) { return ChannelRole.FIXED; }
    @Override public ChannelRole add(Add s) { return ChannelRole.TIE; }
    @Override public ChannelRole concat(Concat s) { return ChannelRole.JOIN; }
    @Override public ChannelRole multiply(Multiply s) { return ChannelRole.TIE; }
    /** It moves channels between groups: without some, the groups and the order change. */
    @Override public ChannelRole channelShuffle(ChannelShuffle s) { return ChannelRole.FIXED; }
    /** Its slice is a fixed range of the input's channels. */
    @Override public ChannelRole channelSplit(ChannelSplit s) { return ChannelRole.FIXED; }
    /** Its scale has one value per channel of the image it scales. */
    @Override public ChannelRole channelScale(ChannelScale s) { return ChannelRole.FIXED; }
    @Override public ChannelRole output(Output s) { return ChannelRole.CONSUME; }
    @Override public ChannelRole rnnOutput(RnnOutput s) { return ChannelRole.FIXED; }
    /** Its outputs are its inputs: the classes, which never change. */
    @Override public ChannelRole lossLayer(LossLayer s) { return ChannelRole.FIXED; }
}
