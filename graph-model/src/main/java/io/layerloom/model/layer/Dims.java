package io.layerloom.model.layer;

import java.util.List;
import java.util.stream.Collectors;

/** A tensor shape as the user writes it: [features], [features, timesteps] or [channels, height, width]. */
public record Dims(List<Long> values) {

    public Dims {
        values = List.copyOf(values);
    }

    public static Dims of(long... dims) {
        return new Dims(java.util.Arrays.stream(dims).boxed().toList());
    }

    public int rank() {
        return values.size();
    }

    public long get(int i) {
        return values.get(i);
    }

    @Override
    public String toString() {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }
}
