package io.layerloom.model.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of {@code training.augmentation}: an operation and a value for each of its fields
 * (defaults filled in). Consistent by construction: a rule broken throws
 * {@link IllegalArgumentException} with {@link #problem}'s message.
 *
 * @param values every field of {@code op}, in its order; booleans as 0 or 1
 */
public record AugmentStep(AugmentOp op, Map<String, Double> values) {

    /** A broken rule: the field to blame and the sentence. */
    public record Problem(String field, String message) {
    }

    public AugmentStep {
        Objects.requireNonNull(op, "op");
        Map<String, Double> full = new LinkedHashMap<>();
        for (AugmentParam p : op.params()) {
            full.put(p.name(), values.getOrDefault(p.name(), p.defaultValue()));
        }
        for (String key : values.keySet()) {
            if (op.param(key).isEmpty()) {
                throw new IllegalArgumentException(op.jsonName() + " has no field '" + key + "'; its fields are "
                        + String.join(", ", op.paramNames()) + ".");
            }
        }
        values = java.util.Collections.unmodifiableMap(full);
        Optional<Problem> problem = problem(op, values);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get().message());
        }
    }

    /** The step with every field at its default. */
    public static AugmentStep of(AugmentOp op) {
        return new AugmentStep(op, Map.of());
    }

    /** {@code op} with the given fields ("degrees", 10.0, "p", 0.5), the rest at their defaults. */
    public static AugmentStep of(AugmentOp op, Object... nameValues) {
        Map<String, Double> v = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            Object value = nameValues[i + 1];
            v.put((String) nameValues[i], value instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) value).doubleValue());
        }
        return new AugmentStep(op, v);
    }

    public double value(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(op.jsonName() + " has no field '" + name + "'");
        }
        return v;
    }

    public boolean flag(String name) {
        return value(name) != 0;
    }

    public int whole(String name) {
        return (int) value(name);
    }

    public double probability() {
        return value("p");
    }

    /** This step with one field changed (which may break a rule: then {@link IllegalArgumentException}). */
    public AugmentStep with(String name, double value) {
        Map<String, Double> v = new LinkedHashMap<>(values);
        v.put(name, value);
        return new AugmentStep(op, v);
    }

    /** The first rule {@code values} break: a field out of its range, or min above max, or a flip that mirrors nothing. */
    public static Optional<Problem> problem(AugmentOp op, Map<String, Double> values) {
        for (AugmentParam p : op.params()) {
            Optional<String> wrong = p.problem(values.get(p.name()));
            if (wrong.isPresent()) {
                return Optional.of(new Problem(p.name(), wrong.get() + " Write a value " + p.range() + " (default "
                        + defaultText(p) + ")."));
            }
        }
        if (op.param("min").isPresent() && values.get("min") > values.get("max")) {
            return Optional.of(new Problem("max", op.jsonName() + ": max (" + AugmentParam.text(values.get("max"))
                    + ") is below min (" + AugmentParam.text(values.get("min")) + "). Make max at least min."));
        }
        if (op == AugmentOp.FLIP && values.get("horizontal") == 0 && values.get("vertical") == 0) {
            return Optional.of(new Problem("horizontal", "flip with horizontal and vertical both false changes nothing. Set "
                    + "\"horizontal\": true or \"vertical\": true, or remove the step."));
        }
        return Optional.empty();
    }

    private static String defaultText(AugmentParam p) {
        return p.type() == AugmentParam.Type.BOOL ? Boolean.toString(p.defaultValue() != 0) : AugmentParam.text(p.defaultValue());
    }

    /** "rotate degrees 10, p 0.5" for lists and titles. */
    public String describe() {
        StringBuilder b = new StringBuilder(op.jsonName());
        String sep = " ";
        for (AugmentParam p : op.params()) {
            double v = values.get(p.name());
            b.append(sep).append(p.name()).append(' ')
                    .append(p.type() == AugmentParam.Type.BOOL ? Boolean.toString(v != 0) : AugmentParam.text(v));
            sep = ", ";
        }
        return b.toString();
    }
}
