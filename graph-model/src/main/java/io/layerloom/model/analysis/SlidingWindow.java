package io.layerloom.model.analysis;

import io.layerloom.model.layer.IntPair;

/**
 * The window a convolution or pooling layer slides over the height and width of its input: its
 * kernel, its stride and its dilation (1 for pooling), as the receptive-field rules read them from
 * the layer. It is given per node by the analysis ({@link NodeResult#window()}) so that whoever
 * draws a layer's reach (the canvas's receptive-field panel) learns it from the analysis instead
 * of asking each layer kind: a new kind with a window says so once, in {@link ReceptiveFieldRules}.
 */
public record SlidingWindow(IntPair kernel, IntPair stride, IntPair dilation) {

    /** A pooling window: every pixel under the kernel, none skipped. */
    static SlidingWindow undilated(IntPair kernel, IntPair stride) {
        return new SlidingWindow(kernel, stride, IntPair.of(1));
    }

    /** Whether the kernel skips pixels on either axis, reading sparse taps instead of a block. */
    public boolean dilated() {
        return dilation.h() > 1 || dilation.w() > 1;
    }
}
