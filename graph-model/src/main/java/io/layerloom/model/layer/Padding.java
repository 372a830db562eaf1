package io.layerloom.model.layer;

/**
 * Padding of a convolution or pooling layer: explicit amounts per axis (DL4J's
 * {@code ConvolutionMode.Truncate}) or "same" (DL4J's {@code ConvolutionMode.Same}, output
 * ceil(in / stride)). "valid" is explicit padding 0.
 */
public sealed interface Padding permits Padding.Explicit, Padding.Same {

    static Padding of(int n) {
        return new Explicit(IntPair.of(n));
    }

    static Padding of(int h, int w) {
        return new Explicit(new IntPair(h, w));
    }

    static Padding same() {
        return Same.INSTANCE;
    }

    /** Explicit zero padding added before and after each spatial axis. */
    record Explicit(IntPair amount) implements Padding {
        @Override
        public String toString() {
            return amount.toString();
        }
    }

    /** Pads so that output = ceil(input / stride), extra padding at the bottom and right, as DL4J does. */
    enum Same implements Padding {
        INSTANCE;

        @Override
        public String toString() {
            return "same";
        }
    }
}
