package io.layerloom.model.analysis;

/**
 * The region of the input image that one output unit sees, in the sense of Araujo, Norris and
 * Sim, "Computing Receptive Fields of Convolutional Neural Networks" (Distill, 2019): per axis
 * (height, width) the size r, the effective stride S (input pixels between neighbouring output
 * units) and the effective padding P, so that output unit i sees input pixels
 * [i*S - P, i*S - P + r - 1]. {@link Global} means the node sees the whole input.
 */
public sealed interface ReceptiveField {

    record Axis(long size, long stride, long padding) {
        /** Through a window layer with effective kernel k, stride s and padding p before the axis. */
        public Axis through(long effectiveKernel, long s, long padBefore) {
            return new Axis(size + (effectiveKernel - 1) * stride, stride * s, padding + padBefore * stride);
        }

        /** Twice the input coordinate of output unit 0's centre; equal for aligned paths. */
        long doubledCentre() {
            return (size - 1) - 2 * padding;
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
                    && height.doubledCentre() == other.height.doubledCentre()
                    && width.doubledCentre() == other.width.doubledCentre();
        }

        public String text() {
            return height.size + "x" + width.size + " /" + (height.stride == width.stride ? height.stride
                    : height.stride + "x" + width.stride);
        }
    }

    enum Global implements ReceptiveField {
        INSTANCE
    }
}
