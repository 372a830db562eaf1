package io.layerloom.model.analysis;

import java.util.List;

/**
 * The shape of one example flowing along a wire, without the batch dimension, following DL4J's
 * {@code InputType}: images [channels, height, width] (convolutional, NCHW), vectors [features]
 * (feed-forward) and sequences [features, timesteps] (recurrent, NCW).
 */
public sealed interface TensorType {

    /** The dimensions as the JSON format and the summary show them. */
    List<Long> dims();

    /** Values in one example. Dimensions are range-checked, so this cannot overflow a long in practice. */
    default long elements() {
        long n = 1;
        for (long d : dims()) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** "image 8x24x24", "vector 120", "sequence 64x100", for messages. */
    String describe();

    /** "8x24x24". */
    default String text() {
        return String.join("x", dims().stream().map(String::valueOf).toList());
    }

    record Image(long channels, long height, long width) implements TensorType {
        public List<Long> dims() {
            return List.of(channels, height, width);
        }

        public long size(int axis) {
            return axis == 0 ? height : width;
        }

        public String describe() {
            return "image " + text();
        }
    }

    record Vector(long features) implements TensorType {
        public List<Long> dims() {
            return List.of(features);
        }

        public String describe() {
            return "vector " + features;
        }
    }

    record Sequence(long features, long timesteps) implements TensorType {
        public List<Long> dims() {
            return List.of(features, timesteps);
        }

        public String describe() {
            return "sequence " + text() + " (features x timesteps)";
        }
    }

    /** The tensor kind for a shape of rank 1, 2 or 3. */
    static TensorType fromDims(List<Long> dims) {
        return switch (dims.size()) {
            case 1 -> new Vector(dims.get(0));
            case 2 -> new Sequence(dims.get(0), dims.get(1));
            case 3 -> new Image(dims.get(0), dims.get(1), dims.get(2));
            default -> throw new IllegalArgumentException("rank must be 1, 2 or 3, got " + dims.size());
        };
    }
}
