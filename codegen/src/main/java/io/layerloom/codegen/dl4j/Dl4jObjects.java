package io.layerloom.codegen.dl4j;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * The reader of {@link Construction}s that builds the real DL4J objects, by reflection on the
 * constructors, builder methods and factories that the construction names. A method is resolved
 * as javac would resolve the same call in the generated source: by name and argument count, first
 * with the arguments' exact types (a subclass where a parameter takes its superclass), then allowing
 * the primitive widenings javac allows ({@code int} to {@code double} for LRN's {@code n}).
 * Exactly one candidate must remain; anything else is a mistake in {@link Dl4jMapping}, reported
 * with the class, the call and the candidates.
 */
public final class Dl4jObjects {

    /** Primitive widening conversions (JLS 5.1.2) of the argument types a construction uses. */
    private static final Map<Class<?>, List<Class<?>>> WIDER = Map.of(
            int.class, List.of(long.class, float.class, double.class),
            long.class, List.of(float.class, double.class),
            char.class, List.of(int.class, long.class, float.class, double.class));

    private Dl4jObjects() {
    }

    /**
     * A construction that names no DL4J method or class that exists, or a call that cannot be
     * made: a mistake in the mapping, never in the user's graph, so it is not reported as one.
     */
    public static final class MappingError extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        MappingError(String message) {
            super(message);
        }

        MappingError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The DL4J layer a construction describes. */
    public static Layer layer(Construction c) {
        return as(Layer.class, c);
    }

    /** The DL4J graph vertex a construction describes. */
    public static GraphVertex vertex(Construction c) {
        return as(GraphVertex.class, c);
    }

    private static <T> T as(Class<T> kind, Construction c) {
        Object built = build(c);
        if (!kind.isInstance(built)) {
            throw new MappingError(c.type().getName() + " is not a DL4J " + kind.getSimpleName());
        }
        return kind.cast(built);
    }

    /** Builds the object: the constructor or factory; for a builder, each call in order and {@code build()}. */
    public static Object build(Construction c) {
        Object made = switch (c.form()) {
            case CONSTRUCTOR -> construct(c.type(), c.arguments());
            case FACTORY -> invoke(resolve(methods(c.type(), c.factory(), c.arguments().size()).stream()
                    .filter(m -> Modifier.isStatic(m.getModifiers())).collect(Collectors.toList()),
                    c.arguments(), c.type(), c.factory()), null, values(c.arguments()));
            case BUILDER -> builder(c);
        };
        if (!c.type().isInstance(made)) {
            throw new MappingError("building a " + c.type().getName() + " made a " + made.getClass().getName());
        }
        return made;
    }

    private static Object builder(Construction c) {
        Class<?> builderClass = builderOf(c.type());
        return invoke(resolve(methods(builderClass, "build", 0), List.of(), builderClass, "build"), unbuilt(c));
    }

    /**
     * The builder of a {@link Construction.Form#BUILDER} construction with its calls made but
     * not built: where DL4J's chain goes on past the calls, as the network-wide settings'
     * {@code NeuralNetConfiguration.Builder} goes on to {@code graphBuilder()}.
     */
    public static Object unbuilt(Construction c) {
        if (c.form() != Construction.Form.BUILDER) {
            throw new MappingError(c.type().getName() + " is made by " + c.form() + ", not by a builder");
        }
        Class<?> builderClass = builderOf(c.type());
        Object builder = construct(builderClass, c.arguments());
        for (Construction.Call call : c.calls()) {
            Method m = resolve(methods(builderClass, call.method(), call.arguments().size()), call.arguments(),
                    builderClass, call.method());
            builder = invoke(m, builder, values(call.arguments()));
        }
        return builder;
    }

    private static Class<?> builderOf(Class<?> type) {
        for (Class<?> nested : type.getClasses()) {
            if (nested.getSimpleName().equals("Builder") && nested.getDeclaringClass() == type) {
                return nested;
            }
        }
        throw new MappingError(type.getName() + " has no public nested Builder class");
    }

    private static Object construct(Class<?> type, List<Argument> arguments) {
        List<Constructor<?>> candidates = Arrays.stream(type.getConstructors())
                .filter(k -> k.getParameterCount() == arguments.size()).collect(Collectors.toList());
        Constructor<?> k = resolve(candidates, arguments, type, "new");
        try {
            return k.newInstance(values(arguments));
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        } catch (ReflectiveOperationException e) {
            throw new MappingError("cannot call " + k + ": " + e.getMessage(), e);
        }
    }

    /**
     * The public methods of that name and arity, one per parameter list: javac adds bridge
     * methods both for covariant returns (then the real method is kept) and to make a public
     * method of a non-public builder base class callable (then the bridge is the only one).
     */
    private static List<Method> methods(Class<?> type, String name, int arity) {
        Map<List<Class<?>>, Method> byParameters = new java.util.LinkedHashMap<>();
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == arity) {
                byParameters.merge(List.of(m.getParameterTypes()), m, (a, b) -> a.isBridge() ? b : a);
            }
        }
        return new ArrayList<>(byParameters.values());
    }

    private static Object invoke(Method m, Object target, Object... values) {
        try {
            if (!Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                // A public method inherited from a non-public builder base class.
                m.setAccessible(true);
            }
            return m.invoke(target, values);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        } catch (ReflectiveOperationException e) {
            throw new MappingError("cannot call " + m + ": " + e.getMessage(), e);
        }
    }

    /** DL4J's own exception (its message says what it rejects), unwrapped from reflection's. */
    private static RuntimeException rethrow(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new MappingError("DL4J threw " + cause, cause);
    }

    /** The one candidate javac would pick for these argument types; throws if there is none or more than one. */
    static <E extends Executable> E resolve(List<E> candidates, List<Argument> arguments, Class<?> owner, String name) {
        for (boolean widen : new boolean[]{false, true}) {
            List<E> applicable = new ArrayList<>();
            for (E e : candidates) {
                if (applicable(e.getParameterTypes(), arguments, widen)) {
                    applicable.add(e);
                }
            }
            if (applicable.size() == 1) {
                return applicable.get(0);
            }
            if (applicable.size() > 1) {
                throw new MappingError(owner.getName() + "." + name + signature(arguments) + " is ambiguous: "
                        + applicable);
            }
        }
        throw new MappingError("no " + owner.getName() + "." + name + signature(arguments)
                + "; with that many parameters there are: " + candidates);
    }

    private static boolean applicable(Class<?>[] parameters, List<Argument> arguments, boolean widen) {
        for (int i = 0; i < parameters.length; i++) {
            Class<?> p = parameters[i];
            Class<?> a = arguments.get(i).type();
            boolean ok = a.isPrimitive()
                    ? p == a || widen && WIDER.getOrDefault(a, List.of()).contains(p)
                    : !p.isPrimitive() && p.isAssignableFrom(a);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String signature(List<Argument> arguments) {
        return arguments.stream().map(a -> a.type().getSimpleName()).collect(Collectors.joining(", ", "(", ")"));
    }

    private static Object[] values(List<Argument> arguments) {
        return arguments.stream().map(a -> a.accept(VALUE)).toArray();
    }

    /** Each argument as the value passed to DL4J (boxed for reflection). */
    private static final Argument.Visitor<Object> VALUE = new Argument.Visitor<>() {
        public Object intValue(int v) {
            return v;
        }

        public Object longValue(long v) {
            return v;
        }

        public Object doubleValue(double v) {
            return v;
        }

        public Object boolValue(boolean v) {
            return v;
        }

        public Object charValue(char v) {
            return v;
        }

        public Object ints(List<Integer> values, boolean spread) {
            return values.stream().mapToInt(Integer::intValue).toArray();
        }

        public Object constant(Enum<?> v) {
            return v;
        }

        public Object nested(Construction c) {
            return build(c);
        }

        public Object nullOf(Class<?> type) {
            return null;
        }

        public Object written(Object value, String source) {
            return value;
        }
    };
}
