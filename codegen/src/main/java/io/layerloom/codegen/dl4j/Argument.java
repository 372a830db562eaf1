package io.layerloom.codegen.dl4j;

import io.layerloom.model.layer.IntPair;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * One argument of a constructor or builder call in a {@link Construction}, typed as DL4J's
 * parameter is: its {@link #type()} is what {@link Dl4jObjects} resolves the DL4J method by,
 * and its variant says how the Java source writes it (an int pair as {@code 5, 5} into a
 * varargs parameter, an int array as {@code new int[] {2, 2}}, an enum constant by its class).
 */
public sealed interface Argument {

    /** The Java type the value has when passed: a primitive, an array, an enum or a DL4J class. */
    Class<?> type();

    /** Passes the value to the visitor method of its variant. */
    <R> R accept(Visitor<R> visitor);

    /** What a reader does with each variant; a new variant fails compilation in every reader. */
    interface Visitor<R> {
        R intValue(int v);

        R longValue(long v);

        R doubleValue(double v);

        R boolValue(boolean v);

        R charValue(char v);

        R ints(List<Integer> values, boolean spread);

        R constant(Enum<?> v);

        R nested(Construction c);

        R nullOf(Class<?> type);

        R written(Object value, String source);
    }

    record IntValue(int v) implements Argument {
        public Class<?> type() {
            return int.class;
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.intValue(v);
        }
    }

    record LongValue(long v) implements Argument {
        public Class<?> type() {
            return long.class;
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.longValue(v);
        }
    }

    record DoubleValue(double v) implements Argument {
        public Class<?> type() {
            return double.class;
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.doubleValue(v);
        }
    }

    record BoolValue(boolean v) implements Argument {
        public Class<?> type() {
            return boolean.class;
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.boolValue(v);
        }
    }

    record CharValue(char v) implements Argument {
        public Class<?> type() {
            return char.class;
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.charValue(v);
        }
    }

    /**
     * Ints passed as an {@code int[]}: {@code spread} writes them as separate arguments (a
     * varargs parameter, {@code kernelSize(5, 5)}), otherwise as an array expression.
     */
    record Ints(List<Integer> values, boolean spread) implements Argument {
        public Ints {
            values = List.copyOf(values);
        }

        public Class<?> type() {
            return int[].class;
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.ints(values, spread);
        }
    }

    record Constant(Enum<?> v) implements Argument {
        public Class<?> type() {
            return v.getDeclaringClass();
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.constant(v);
        }
    }

    /** Another object built first, such as the layer inside {@code new LastTimeStep(layer)}. */
    record Nested(Construction construction) implements Argument {
        public Class<?> type() {
            return construction.type();
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.nested(construction);
        }
    }

    /** An explicit null for a parameter of the given type, which picks the overload. */
    record Null(Class<?> type) implements Argument {
        public <R> R accept(Visitor<R> visitor) {
            return visitor.nullOf(type);
        }
    }

    /**
     * A value that Java source writes as an expression of its own instead of a literal: a member
     * the generated class declares ({@code SEED}, {@code learningRates()}, whose values the
     * generator writes there) or a number as people write it ({@code 1e-3}). DL4J gets
     * {@code value}; the source gets {@code source}, which must evaluate to that value.
     *
     * @param type  the parameter type to resolve the DL4J method by (a primitive for a boxed value)
     * @param value the value DL4J gets
     */
    record Written(Class<?> type, Object value, String source) implements Argument {
        public Written {
            Class<?> boxed = type.isPrimitive() ? MethodType.methodType(type).wrap().returnType() : type;
            if (!boxed.isInstance(value) || source.isBlank()) {
                throw new IllegalArgumentException("a written " + type.getSimpleName() + " needs a value of that type "
                        + "and its source: " + value + ", '" + source + "'");
            }
        }

        public <R> R accept(Visitor<R> visitor) {
            return visitor.written(value, source);
        }
    }

    static Argument of(int v) {
        return new IntValue(v);
    }

    static Argument of(long v) {
        return new LongValue(v);
    }

    static Argument of(double v) {
        return new DoubleValue(v);
    }

    static Argument of(boolean v) {
        return new BoolValue(v);
    }

    static Argument of(char v) {
        return new CharValue(v);
    }

    static Argument of(Enum<?> v) {
        return new Constant(v);
    }

    static Argument of(Construction c) {
        return new Nested(c);
    }

    /** An (h, w) pair into a varargs {@code int...} parameter. */
    static Argument pair(IntPair p) {
        return new Ints(List.of(p.h(), p.w()), true);
    }

    /** Ints into an {@code int[]} parameter, written as an array expression. */
    static Argument array(List<Integer> values) {
        return new Ints(values, false);
    }
}
