package io.layerloom.codegen.dl4j;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The parameter values of a network in DL4J's layout, as plain data: by node id, then by the key
 * DL4J's layer gives the parameter ({@code W}, {@code b}, {@code gamma}, {@code mean}, {@code RW},
 * ...), an array of the shape DL4J's layer holds it in, values in row-major (C) order. It is what
 * ONNX import produces and ONNX export consumes, so that codegen converts weights without running
 * a network; {@code io.layerloom.app.runtime.NetworkWeights} moves it in and out of a DL4J network.
 * The float arrays are taken over, not copied: weight sets run to hundreds of megabytes.
 */
public final class Weights {

    /** One parameter: its shape in DL4J's layout and its values in row-major order. */
    public static final class Array {
        private final long[] shape;
        private final float[] values;

        /** Takes {@code values} over (no copy); the shape must multiply to its length. */
        public Array(long[] shape, float[] values) {
            this.shape = shape.clone();
            this.values = Objects.requireNonNull(values, "values");
            long count = 1;
            for (long d : this.shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in " + Arrays.toString(this.shape));
                }
                count = Math.multiplyExact(count, d);
            }
            if (count != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(this.shape) + " needs " + count
                    + " values, got " + values.length);
            }
        }

        public long[] shape() {
            return shape.clone();
        }

        /** The values themselves, not a copy: callers must not change them. */
        public float[] values() {
            return values;
        }

        public int size() {
            return values.length;
        }

        @Override
        public String toString() {
            return "Array" + Arrays.toString(shape);
        }
    }

    private final Map<String, Map<String, Array>> byNode;

    private Weights(Map<String, Map<String, Array>> byNode) {
        Map<String, Map<String, Array>> copy = new LinkedHashMap<>();
        byNode.forEach((id, params) -> copy.put(id, Collections.unmodifiableMap(new LinkedHashMap<>(params))));
        this.byNode = Collections.unmodifiableMap(copy);
    }

    public static Weights of(Map<String, Map<String, Array>> byNode) {
        return new Weights(byNode);
    }

    public static Weights none() {
        return new Weights(Map.of());
    }

    /** The nodes that have parameters here, in insertion order. */
    public Set<String> nodes() {
        return byNode.keySet();
    }

    /** The parameters of {@code nodeId} by DL4J key; empty if it has none here. */
    public Map<String, Array> of(String nodeId) {
        return byNode.getOrDefault(nodeId, Map.of());
    }

    public Map<String, Map<String, Array>> asMap() {
        return byNode;
    }

    /** How many values in all. */
    public long count() {
        return byNode.values().stream().flatMap(m -> m.values().stream()).mapToLong(Array::size).sum();
    }

    /** The same weights without the given nodes' (for layers whose shape the user changed). */
    public Weights without(List<String> nodeIds) {
        Map<String, Map<String, Array>> kept = new LinkedHashMap<>(byNode);
        nodeIds.forEach(kept::remove);
        return new Weights(kept);
    }

    /** Collects weights node by node. */
    public static final class Builder {
        private final Map<String, Map<String, Array>> byNode = new LinkedHashMap<>();

        public Builder put(String nodeId, String key, Array array) {
            byNode.computeIfAbsent(nodeId, k -> new LinkedHashMap<>()).put(key, array);
            return this;
        }

        public Weights build() {
            return new Weights(byNode);
        }
    }

    public static Builder builder() {
        return new Builder();
    }
}
