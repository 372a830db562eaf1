package io.layerloom.model.layer;

import java.util.Objects;
import java.util.Optional;

/**
 * One documented parameter of a layer kind: its JSON name (equal to the record component's
 * name), type, default, range and a one-line description.
 *
 * @param defaultFrom the name of another parameter whose value is the default, as pooling's
 *                    stride defaults to its kernel; {@code null} when the default is fixed
 * @param inferable   for {@link ParamType#DIMS}: one entry may be -1, meaning "inferred"
 */
public record ParamDef(String name, ParamType type, Object defaultValue, Range range, String doc,
                       String defaultFrom, boolean inferable) {

    public ParamDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(doc, "doc");
        if (!type.valueClass().isInstance(defaultValue)) {
            throw new IllegalArgumentException("default of " + name + " must be a " + type.valueClass().getSimpleName());
        }
    }

    public static ParamDef of(String name, ParamType type, Object defaultValue, Range range, String doc) {
        return new ParamDef(name, type, defaultValue, range, doc, null, false);
    }

    public ParamDef defaultingTo(String otherParam) {
        return new ParamDef(name, type, defaultValue, range, doc, otherParam, inferable);
    }

    public ParamDef allowingInferred() {
        return new ParamDef(name, type, defaultValue, range, doc, defaultFrom, true);
    }

    /** Why a value breaks this parameter's documented range, or empty when it is valid. */
    public Optional<String> problem(Object value) {
        if (value instanceof Long v) {
            return inRange(v);
        }
        if (value instanceof Integer v) {
            return inRange(v);
        }
        if (value instanceof Double v) {
            return Double.isFinite(v) ? inRange(v) : Optional.of("must be a finite number");
        }
        if (value instanceof IntPair p) {
            return inRange(p.h()).or(() -> inRange(p.w())).map(s -> "each value " + s);
        }
        if (value instanceof Padding.Explicit p) {
            return inRange(p.amount().h()).or(() -> inRange(p.amount().w())).map(s -> "each value " + s);
        }
        if (value instanceof Sides s) {
            return inRange(s.top()).or(() -> inRange(s.bottom())).or(() -> inRange(s.left()))
                    .or(() -> inRange(s.right())).map(m -> "each value " + m);
        }
        if (value instanceof Dims d) {
            return dimsProblem(d);
        }
        return Optional.empty();
    }

    private Optional<String> dimsProblem(Dims d) {
        if (d.rank() < 1 || d.rank() > 3) {
            return Optional.of("must have 1 ([features]), 2 ([features, timesteps]) or 3 ([channels, height, width]) entries");
        }
        long inferred = d.values().stream().filter(v -> v == -1).count();
        if (inferable && inferred > 1) {
            return Optional.of("may have at most one -1 (inferred) entry");
        }
        for (long v : d.values()) {
            if (inferable && v == -1) {
                continue;
            }
            Optional<String> p = inRange(v);
            if (p.isPresent()) {
                return Optional.of("each entry " + p.get() + (inferable ? " (or -1 for one inferred entry)" : ""));
            }
        }
        return Optional.empty();
    }

    private Optional<String> inRange(double v) {
        return range.contains(v) ? Optional.empty() : Optional.of("must be " + range.describe());
    }
}
