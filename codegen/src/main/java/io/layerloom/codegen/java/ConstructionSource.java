package io.layerloom.codegen.java;

import io.layerloom.codegen.dl4j.Argument;
import io.layerloom.codegen.dl4j.Construction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The reader of {@link Construction}s that prints them as Java: {@code new Type(...)},
 * {@code new Type.Builder(...).call(...)...build()} or {@code Type.factory(...)}, each value as its literal, each class by
 * the simple name it is imported under. It knows no layer kind: what a node becomes is said
 * once, in {@code io.layerloom.codegen.dl4j.Dl4jMapping}, and read both here and by
 * {@code Dl4jObjects}, so the generated configuration's JSON equals the compiled one.
 */
final class ConstructionSource {

    /**
     * A Java expression as the pieces a line may break between: "new X.Builder()", ".nOut(6)",
     * ..., ".build()". Concatenated, they are the expression.
     */
    record Expr(List<String> parts) {
        Expr {
            parts = List.copyOf(parts);
        }

        static Expr of(String part) {
            return new Expr(List.of(part));
        }

        /** This expression wrapped as {@code prefix + this + suffix}, e.g. inside a constructor call. */
        Expr wrap(String prefix, String suffix) {
            List<String> p = new ArrayList<>(parts);
            p.set(0, prefix + p.get(0));
            p.set(p.size() - 1, p.get(p.size() - 1) + suffix);
            return new Expr(p);
        }

        /** The two expressions as {@code this, next}, a break still allowed inside either. */
        Expr comma(Expr next) {
            List<String> p = new ArrayList<>(parts.subList(0, parts.size() - 1));
            p.add(parts.get(parts.size() - 1) + ", " + next.parts.get(0));
            p.addAll(next.parts.subList(1, next.parts.size()));
            return new Expr(p);
        }

        String text() {
            return String.join("", parts);
        }
    }

    private final Map<String, String> importable;
    private final java.util.Set<String> used;

    /**
     * @param importable the classes that may be imported, by simple name
     * @param used       receives the simple name of every class the printed code names
     */
    ConstructionSource(Map<String, String> importable, java.util.Set<String> used) {
        this.importable = importable;
        this.used = used;
    }

    /** The expression that makes {@code c}. */
    Expr expr(Construction c) {
        String name = name(c.type());
        return switch (c.form()) {
            case CONSTRUCTOR -> arguments(c.arguments()).wrap("new " + name + "(", ")");
            case FACTORY -> arguments(c.arguments()).wrap(name + "." + c.factory() + "(", ")");
            case BUILDER -> builder(c);
        };
    }

    private Expr builder(Construction c) {
        List<String> parts = new ArrayList<>(unbuilt(c).parts());
        parts.add(".build()");
        return new Expr(parts);
    }

    /**
     * A builder construction's {@code new Type.Builder(...)} and its calls, without
     * {@code .build()}: for a chain that goes on, as {@code Dl4jObjects.unbuilt} builds it.
     */
    Expr unbuilt(Construction c) {
        if (c.form() != Construction.Form.BUILDER) {
            throw new IllegalArgumentException(c.type().getName() + " is made by " + c.form() + ", not by a builder");
        }
        List<String> parts = new ArrayList<>(arguments(c.arguments()).wrap("new " + name(c.type()) + ".Builder(", ")")
                .parts());
        for (Construction.Call call : c.calls()) {
            parts.addAll(arguments(call.arguments()).wrap("." + call.method() + "(", ")").parts());
        }
        return new Expr(parts);
    }

    private Expr arguments(List<Argument> arguments) {
        Expr out = null;
        for (Argument a : arguments) {
            Expr e = a.accept(literal);
            out = out == null ? e : out.comma(e);
        }
        return out == null ? Expr.of("") : out;
    }

    /**
     * A class by the name the code uses: its simple name, or for a nested class its enclosing
     * classes' names before it ({@code LossFunctions.LossFunction}); the outermost is imported.
     */
    private String name(Class<?> type) {
        Class<?> outer = type.getEnclosingClass();
        if (outer != null) {
            return name(outer) + "." + type.getSimpleName();
        }
        String simple = type.getSimpleName();
        if (!type.getName().equals(importable.get(simple))) {
            throw new IllegalStateException("no import for " + type.getName());
        }
        used.add(simple);
        return simple;
    }

    private final Argument.Visitor<Expr> literal = new Argument.Visitor<>() {
        public Expr intValue(int v) {
            return Expr.of(JavaLiterals.integer(v));
        }

        public Expr longValue(long v) {
            return Expr.of(JavaLiterals.integer(v));
        }

        public Expr doubleValue(double v) {
            return Expr.of(JavaLiterals.decimal(v));
        }

        public Expr boolValue(boolean v) {
            return Expr.of(Boolean.toString(v));
        }

        public Expr charValue(char v) {
            return Expr.of(JavaLiterals.character(v));
        }

        public Expr ints(List<Integer> values, boolean spread) {
            String list = values.stream().map(String::valueOf).collect(Collectors.joining(", "));
            return Expr.of(spread ? list : "new int[] {" + list + "}");
        }

        public Expr constant(Enum<?> v) {
            return Expr.of(name(v.getDeclaringClass()) + "." + v.name());
        }

        public Expr nested(Construction c) {
            return expr(c);
        }

        public Expr nullOf(Class<?> type) {
            return Expr.of("null");
        }

        public Expr written(Object value, String source) {
            return Expr.of(source);
        }
    };
}
