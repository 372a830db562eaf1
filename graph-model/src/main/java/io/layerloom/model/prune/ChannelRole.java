package io.layerloom.model.prune;

/**
 * How one layer kind treats the channels (or features) of its input, for filter pruning: which
 * of its outputs come from which of its inputs, and whether it can do without some of them.
 *
 * @param multiplier output channels per input channel, for {@link Kind#EXPAND} (1 otherwise)
 */
public record ChannelRole(Kind kind, int multiplier) {

    public enum Kind {
        /** Filters of its own (a convolution): new output channels, any subset of its input's channels will do. */
        SOURCE,
        /** Output channel k is input channel k (batch norm, activation, pooling, dropout, padding). */
        FOLLOW,
        /** Output channels i*m .. i*m+m-1 come from input channel i (a depthwise convolution, multiplier m). */
        EXPAND,
        /** An element-wise merge (Add, Multiply): its inputs share one channel set, kept or removed together. */
        TIE,
        /** Concat: its inputs' channels one after another. */
        JOIN,
        /** Flatten of an image: each channel becomes height x width features. */
        FLATTEN,
        /** Reads any subset of its input's features; its own outputs never change (Dense, Output). */
        CONSUME,
        /** Needs every input channel as it is, and its outputs never change (LSTM, Reshape, grouped convolution...). */
        FIXED
    }

    public static final ChannelRole SOURCE = new ChannelRole(Kind.SOURCE, 1);
    public static final ChannelRole FOLLOW = new ChannelRole(Kind.FOLLOW, 1);
    public static final ChannelRole TIE = new ChannelRole(Kind.TIE, 1);
    public static final ChannelRole JOIN = new ChannelRole(Kind.JOIN, 1);
    public static final ChannelRole FLATTEN = new ChannelRole(Kind.FLATTEN, 1);
    public static final ChannelRole CONSUME = new ChannelRole(Kind.CONSUME, 1);
    public static final ChannelRole FIXED = new ChannelRole(Kind.FIXED, 1);

    public static ChannelRole expand(int multiplier) {
        return new ChannelRole(Kind.EXPAND, multiplier);
    }
}
