package io.layerloom.model.layer;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The description of one layer kind: its name in files and on screen, palette family, how many
 * inputs it takes, and its parameters. Reads and builds specs generically, through the record's
 * components, so JSON, the schema and the inspector share one list of parameters per kind.
 */
public final class LayerKind<S extends LayerSpec> {

    private final String name;
    private final Family family;
    private final Class<S> specClass;
    private final int minInputs;
    private final int maxInputs;
    private final String summary;
    private final List<ParamDef> params;
    private final RecordComponent[] components;
    private final Constructor<S> constructor;

    LayerKind(String name, Family family, Class<S> specClass, int minInputs, int maxInputs, String summary,
              List<ParamDef> params) {
        this.name = name;
        this.family = family;
        this.specClass = specClass;
        this.minInputs = minInputs;
        this.maxInputs = maxInputs;
        this.summary = summary;
        this.params = List.copyOf(params);
        this.components = specClass.getRecordComponents();
        checkComponentsMatch();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            this.constructor = specClass.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no canonical constructor for " + specClass, e);
        }
    }

    private void checkComponentsMatch() {
        if (components.length != params.size()) {
            throw new IllegalStateException(name + ": " + params.size() + " params but " + components.length
                    + " record components");
        }
        for (int i = 0; i < components.length; i++) {
            ParamDef p = params.get(i);
            RecordComponent c = components[i];
            if (!c.getName().equals(p.name())) {
                throw new IllegalStateException(name + ": param " + i + " is '" + p.name() + "' but the record has '"
                        + c.getName() + "'");
            }
            if (box(c.getType()) != p.type().valueClass()) {
                throw new IllegalStateException(name + "." + p.name() + ": type " + p.type() + " does not match "
                        + c.getType());
            }
        }
    }

    private static Class<?> box(Class<?> c) {
        if (c == long.class) return Long.class;
        if (c == int.class) return Integer.class;
        if (c == double.class) return Double.class;
        if (c == boolean.class) return Boolean.class;
        return c;
    }

    public String name() {
        return name;
    }

    public Family family() {
        return family;
    }

    public Class<S> specClass() {
        return specClass;
    }

    /** The fewest inputs this kind accepts (0 for Input, 2 for merges). */
    public int minInputs() {
        return minInputs;
    }

    /** The most inputs this kind accepts ({@code Integer.MAX_VALUE} for merges). */
    public int maxInputs() {
        return maxInputs;
    }

    public boolean isMerge() {
        return maxInputs > 1;
    }

    public String summary() {
        return summary;
    }

    public List<ParamDef> params() {
        return params;
    }

    public Optional<ParamDef> param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
    }

    /** A spec with every parameter at its default. */
    public S defaults() {
        return create(Map.of());
    }

    /**
     * A spec from the given values; a missing one takes its default (or the value of the
     * parameter it defaults to). Values must be of the parameter's type.
     */
    public S create(Map<String, ?> given) {
        for (String key : given.keySet()) {
            if (param(key).isEmpty()) {
                throw new IllegalArgumentException(name + " has no parameter '" + key + "'");
            }
        }
        Object[] args = new Object[params.size()];
        for (int i = 0; i < args.length; i++) {
            ParamDef p = params.get(i);
            Object v = given.get(p.name());
            if (v == null && p.defaultFrom() != null && given.get(p.defaultFrom()) != null) {
                v = given.get(p.defaultFrom());
            }
            if (v == null) {
                v = p.defaultValue();
            }
            if (v instanceof Double d) {
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException(name + "." + p.name() + " must be finite, got " + d);
                }
                v = d + 0.0;
            }
            if (!p.type().valueClass().isInstance(v)) {
                throw new IllegalArgumentException(name + "." + p.name() + " takes a " + p.type().valueClass().getSimpleName()
                        + ", not " + v.getClass().getSimpleName());
            }
            args[i] = v;
        }
        try {
            return constructor.newInstance(args);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot build " + name, e);
        }
    }

    /** Every parameter's value, in declaration order. */
    public Map<String, Object> values(LayerSpec spec) {
        S typed = specClass.cast(spec);
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : components) {
            out.put(c.getName(), read(c, typed));
        }
        return out;
    }

    public Object get(LayerSpec spec, String paramName) {
        S typed = specClass.cast(spec);
        for (RecordComponent c : components) {
            if (c.getName().equals(paramName)) {
                return read(c, typed);
            }
        }
        throw new IllegalArgumentException(name + " has no parameter '" + paramName + "'");
    }

    /** A copy of the spec with one parameter changed. */
    public S with(LayerSpec spec, String paramName, Object value) {
        Map<String, Object> values = values(spec);
        if (!values.containsKey(paramName)) {
            throw new IllegalArgumentException(name + " has no parameter '" + paramName + "'");
        }
        values.put(paramName, value);
        return create(values);
    }

    private static Object read(RecordComponent c, Object target) {
        try {
            return c.getAccessor().invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
