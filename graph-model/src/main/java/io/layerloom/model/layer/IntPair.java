package io.layerloom.model.layer;

/** A per-axis pair of integers, height first: kernel, stride, dilation or upsampling size. */
public record IntPair(int h, int w) {

    public static IntPair of(int n) {
        return new IntPair(n, n);
    }

    public boolean isSquare() {
        return h == w;
    }

    /** The value for one spatial axis: 0 is height, 1 is width. */
    public int get(int axis) {
        return axis == 0 ? h : w;
    }

    @Override
    public String toString() {
        return isSquare() ? Integer.toString(h) : h + "x" + w;
    }
}
