package io.layerloom.model.layer;

/** Amounts for the four sides of an image, as ZeroPadding2D and Cropping2D take them. */
public record Sides(int top, int bottom, int left, int right) {

    public static Sides of(int n) {
        return new Sides(n, n, n, n);
    }

    public static Sides of(int h, int w) {
        return new Sides(h, h, w, w);
    }

    /** The amount before (top or left) the given spatial axis: 0 is height, 1 is width. */
    public int before(int axis) {
        return axis == 0 ? top : left;
    }

    /** The amount after (bottom or right) the given spatial axis. */
    public int after(int axis) {
        return axis == 0 ? bottom : right;
    }

    public boolean isUniform() {
        return top == bottom && bottom == left && left == right;
    }

    public boolean isSymmetric() {
        return top == bottom && left == right;
    }

    @Override
    public String toString() {
        if (isUniform()) {
            return Integer.toString(top);
        }
        return isSymmetric() ? top + "x" + left : "[" + top + ", " + bottom + ", " + left + ", " + right + "]";
    }
}
