package io.layerloom.model.analysis;

/**
 * The region of the input image that one output unit sees, in the sense of Araujo, Norris and
 * Sim, "Computing Receptive Fields of Convolutional Neural Networks" (Distill, 2019): per axis
 * (height, width) the size r, the effective stride S (input pixels between neighbouring output
 * units) and the effective padding P, so that output unit i sees input pixels
 * [i*S - P, i*S - P + r - 1]. {@link Global} means the node sees the whole input;
 * {@link Overflow} that a figure went beyond 64 bits (63 stride-2 layers do it), so it is shown as
 * "overflow" rather than as a wrapped-around number.
 */
public sealed interface ReceptiveField {

    record Axis(long size, long stride, long padding) {
        /**
         * Through a window layer with effective kernel k, stride s and padding p before the axis.
         *
         * @throws ArithmeticException when a figure does not fit in 64 bits
         */
        public Axis through(long effectiveKernel, long s, long padBefore) {
            return new Axis(Math.addExact(size, Math.multiplyExact(effectiveKernel - 1, stride)), Math.multiplyExact(stride, s),
                    Math.addExact(padding, Math.multiplyExact(padBefore, stride)));
        }

        /** Twice the input coordinate of output unit 0's centre; equal for aligned paths. */
        java.math.BigInteger doubledCentre() {
            return java.math.BigInteger.valueOf(size).subtract(java.math.BigInteger.ONE)
                    .subtract(java.math.BigInteger.valueOf(padding).shiftLeft(1));
        }
    }

    record Local(Axis height, Axis width) implements ReceptiveField {
        public static final Local PIXEL = new Local(new Axis(1, 1, 0), new Axis(1, 1, 0));

        public Axis axis(int i) {
            return i == 0 ? height : width;
        }

        /** Whether two paths put the same input pixel at the centre of each output unit. */
        public boolean alignedWith(Local other) {
            return height.stride == other.height.stride && width.stride == other.width.stride
                    && height.doubledCentre().equals(other.height.doubledCentre())
                    && width.doubledCentre().equals(other.width.doubledCentre());
        }

        public String text() {
            return height.size + "x" + width.size + " /" + (height.stride == width.stride ? height.stride
                    : height.stride + "x" + width.stride);
        }
    }

    enum Global implements ReceptiveField {
        INSTANCE
    }

    /** A field whose size, stride or padding does not fit in 64 bits (reported as OVERFLOW where it starts). */
    enum Overflow implements ReceptiveField {
        INSTANCE
    }
}
