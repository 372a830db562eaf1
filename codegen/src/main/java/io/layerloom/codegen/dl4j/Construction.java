package io.layerloom.codegen.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How one DL4J object is made, as data: either {@code new Type(arguments)}, or DL4J's builder
 * {@code new Type.Builder(arguments).call(...)...build()}. {@link Dl4jMapping} says once, per
 * layer kind, which constructions a node becomes; {@link Dl4jObjects} builds them and the Java
 * source generator prints them, so the compiled network and the generated code cannot drift.
 *
 * @param builder   true for {@code new Type.Builder(arguments)} followed by the calls and
 *                  {@code build()}; false for {@code new Type(arguments)} (then no calls)
 * @param calls     builder calls in order, each a method name and its arguments
 */
public record Construction(Class<?> type, boolean builder, List<Argument> arguments, List<Call> calls) {

    /** One builder call: {@code .method(arguments)}. */
    public record Call(String method, List<Argument> arguments) {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    public Construction {
        arguments = List.copyOf(arguments);
        calls = List.copyOf(calls);
        if (!builder && !calls.isEmpty()) {
            throw new IllegalArgumentException("only a builder takes calls: " + type.getName());
        }
    }

    /** {@code new type(arguments)}. */
    static Construction of(Class<?> type, Argument... arguments) {
        return new Construction(type, false, Arrays.asList(arguments), List.of());
    }

    /** {@code new type.Builder(arguments)}, then {@code build()}; add calls with {@link #call}. */
    static Construction builder(Class<?> type, Argument... arguments) {
        return new Construction(type, true, Arrays.asList(arguments), List.of());
    }

    /** This builder with one more call at the end. */
    Construction call(String method, Argument... args) {
        List<Call> more = new ArrayList<>(calls);
        more.add(new Call(method, Arrays.asList(args)));
        return new Construction(type, builder, arguments, more);
    }

    /** Every argument, of the constructor and of the calls, in the order they are written. */
    public Stream<Argument> allArguments() {
        return Stream.concat(arguments.stream(), calls.stream().flatMap(c -> c.arguments().stream()));
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
