package io.layerloom.model.layer;

/** The value types a layer parameter can have, with the Java class that holds the value. */
public enum ParamType {
    /** A whole number of units, filters or entries (a {@code long}, so huge values reach the range check). */
    COUNT(Long.class, "integer"),
    /** A small whole number (an {@code int}). */
    INT(Integer.class, "integer"),
    REAL(Double.class, "number"),
    BOOL(Boolean.class, "boolean"),
    /** n or [h, w]. */
    PAIR(IntPair.class, "n or [h, w]"),
    /** n, [h, w], "same" or "valid". */
    PADDING(Padding.class, "n, [h, w], \"same\" or \"valid\""),
    /** n, [h, w] or [top, bottom, left, right]. */
    SIDES(Sides.class, "n, [h, w] or [top, bottom, left, right]"),
    ACTIVATION(ActivationFunction.class, "activation name"),
    LOSS(Loss.class, "loss name"),
    /** A list of 1 to 3 dimensions. */
    DIMS(Dims.class, "[d] , [d1, d2] or [d1, d2, d3]");

    private final Class<?> valueClass;
    private final String jsonForm;

    ParamType(Class<?> valueClass, String jsonForm) {
        this.valueClass = valueClass;
        this.jsonForm = jsonForm;
    }

    public Class<?> valueClass() {
        return valueClass;
    }

    /** How the value is written in JSON, for error messages and docs. */
    public String jsonForm() {
        return jsonForm;
    }
}
