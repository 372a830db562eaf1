package io.layerloom.codegen.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How one DL4J object is made, as data: {@code new Type(arguments)}, DL4J's builder
 * {@code new Type.Builder(arguments).call(...)...build()}, or a static factory
 * {@code Type.factory(arguments)}. {@link Dl4jMapping} says once, per
 * layer kind, which constructions a node becomes; {@link Dl4jObjects} builds them and the Java
 * source generator prints them, so the compiled network and the generated code cannot drift.
 *
 * @param form    which of the three
 * @param factory the static factory method's name; "" unless the form is {@link Form#FACTORY}
 * @param calls   builder calls in order, each a method name and its arguments (a builder only)
 */
public record Construction(Class<?> type, Form form, String factory, List<Argument> arguments, List<Call> calls) {

    /** How the object is made. */
    public enum Form {
        /** {@code new Type(arguments)}. */
        CONSTRUCTOR,
        /** {@code new Type.Builder(arguments)}, then the calls and {@code build()}. */
        BUILDER,
        /** {@code Type.factory(arguments)}, a static method. */
        FACTORY
    }

    /** One builder call: {@code .method(arguments)}. */
    public record Call(String method, List<Argument> arguments) {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    public Construction {
        arguments = List.copyOf(arguments);
        calls = List.copyOf(calls);
        if (form != Form.BUILDER && !calls.isEmpty()) {
            throw new IllegalArgumentException("only a builder takes calls: " + type.getName());
        }
        if (factory.isEmpty() == (form == Form.FACTORY)) {
            throw new IllegalArgumentException("a factory, and only a factory, names its method: " + type.getName());
        }
    }

    /** {@code new type(arguments)}. */
    static Construction of(Class<?> type, Argument... arguments) {
        return new Construction(type, Form.CONSTRUCTOR, "", Arrays.asList(arguments), List.of());
    }

    /** {@code new type.Builder(arguments)}, then {@code build()}; add calls with {@link #call}. */
    static Construction builder(Class<?> type, Argument... arguments) {
        return new Construction(type, Form.BUILDER, "", Arrays.asList(arguments), List.of());
    }

    /** {@code type.method(arguments)}, a static factory method of the type. */
    static Construction factory(Class<?> type, String method, Argument... arguments) {
        return new Construction(type, Form.FACTORY, method, Arrays.asList(arguments), List.of());
    }

    /** This builder with one more call at the end. */
    Construction call(String method, Argument... args) {
        List<Call> more = new ArrayList<>(calls);
        more.add(new Call(method, Arrays.asList(args)));
        return new Construction(type, form, factory, arguments, more);
    }

    /** Every argument, of the constructor and of the calls, in the order they are written. */
    public Stream<Argument> allArguments() {
        return Stream.concat(arguments.stream(), calls.stream().flatMap(c -> c.arguments().stream()));
    }

    /**
     * The value of the {@link Argument.Written} argument written as {@code source}, at any depth
     * (such as the rates of a schedule inside an optimizer inside a builder call), if there is one.
     */
    public Optional<Object> written(String source) {
        return allArguments().flatMap(a -> a instanceof Argument.Nested n ? n.construction().written(source).stream()
                : a instanceof Argument.Written w && w.source().equals(source) ? Stream.of(w.value()) : Stream.empty())
                .findFirst();
    }

    /**
     * Every class the construction names: its type, the enums of its constants and the classes
     * of nested constructions (what Java source must import to write it).
     */
    public Set<Class<?>> classes() {
        Set<Class<?>> out = new java.util.LinkedHashSet<>();
        out.add(type);
        allArguments().forEach(a -> {
            if (a instanceof Argument.Constant c) {
                out.add(c.type());
            } else if (a instanceof Argument.Nested n) {
                out.addAll(n.construction().classes());
            }
        });
        return out;
    }
}
