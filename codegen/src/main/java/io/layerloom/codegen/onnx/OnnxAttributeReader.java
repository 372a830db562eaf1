package io.layerloom.codegen.onnx;

import io.layerloom.model.layer.IntPair;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Typed reading of one node's attributes for the structural import: an attribute of the wrong
 * ONNX type, a value out of int range, a spatial list of the wrong length, or an attribute the
 * import does not understand all become a {@link Refusal} naming the attribute and its value, which
 * the import collects into its report rather than guessing what the node meant.
 */
final class OnnxAttributeReader {

    private final OnnxNode node;

    OnnxAttributeReader(OnnxNode node) {
        this.node = node;
    }

    /** Refuses the node if it has an attribute not in {@code known}: its meaning would be lost. */
    OnnxAttributeReader allow(String... known) throws Refusal {
        Set<String> names = Set.of(known);
        for (OnnxAttribute a : node.attributes()) {
            if (!names.contains(a.name())) {
                throw new Refusal("attribute '" + a.name() + "' is not understood by the import.");
            }
        }
        return this;
    }

    long integer(String name, long fallback) throws Refusal {
        return typed(name, OnnxAttribute.IntValue.class, "an int").map(OnnxAttribute.IntValue::value).orElse(fallback);
    }

    float real(String name, float fallback) throws Refusal {
        return typed(name, OnnxAttribute.FloatValue.class, "a float").map(OnnxAttribute.FloatValue::value)
            .orElse(fallback);
    }

    String string(String name, String fallback) throws Refusal {
        return typed(name, OnnxAttribute.StringValue.class, "a string").map(OnnxAttribute.StringValue::value)
            .orElse(fallback);
    }

    /** The attribute if present, refused if it is not of {@code type}. */
    private <T extends OnnxAttribute> Optional<T> typed(String name, Class<T> type, String article) throws Refusal {
        Optional<OnnxAttribute> a = node.attribute(name);
        if (a.isPresent() && !type.isInstance(a.get())) {
            throw new Refusal("attribute '" + name + "' should be " + article + ", found " + describe(a.get()) + ".");
        }
        return a.map(type::cast);
    }

    /** An ints attribute of exactly {@code length} values each in int range, or empty when absent. */
    Optional<int[]> ints(String name, int length) throws Refusal {
        Optional<OnnxAttribute> a = node.attribute(name);
        if (a.isEmpty()) {
            return Optional.empty();
        }
        if (!(a.get() instanceof OnnxAttribute.IntList list) || list.values().size() != length) {
            throw new Refusal("attribute '" + name + "' should be " + length + " ints for a 2-D window, found "
                + describe(a.get()) + ".");
        }
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            long v = list.values().get(i);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new Refusal("attribute '" + name + "' holds " + v + ", outside 0.." + Integer.MAX_VALUE + ".");
            }
            out[i] = (int) v;
        }
        return Optional.of(out);
    }

    /** A two-value spatial attribute (strides, dilations, kernel_shape) as height and width. */
    IntPair pair(String name, int fallback) throws Refusal {
        Optional<int[]> v = ints(name, 2);
        return v.map(p -> new IntPair(p[0], p[1])).orElse(IntPair.of(fallback));
    }

    /** A float attribute as the double its decimal spelling means: 1e-5f reads as 1e-5, not 9.99999974e-6. */
    static double decimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    /** "name=value" for the report. */
    static String describe(OnnxAttribute a) {
        String value;
        if (a instanceof OnnxAttribute.FloatValue v) {
            value = Float.toString(v.value());
        } else if (a instanceof OnnxAttribute.IntValue v) {
            value = Long.toString(v.value());
        } else if (a instanceof OnnxAttribute.StringValue v) {
            value = "\"" + v.value() + "\"";
        } else if (a instanceof OnnxAttribute.FloatList v) {
            value = v.values().toString();
        } else if (a instanceof OnnxAttribute.IntList v) {
            value = v.values().toString();
        } else if (a instanceof OnnxAttribute.StringList v) {
            value = v.values().toString();
        } else if (a instanceof OnnxAttribute.TensorValue v) {
            value = "tensor " + v.value().dims();
        } else {
            value = "<" + ((OnnxAttribute.Unsupported) a).type() + ">";
        }
        return a.name() + "=" + value;
    }

    static List<String> describeAll(OnnxNode node) {
        return node.attributes().stream().map(OnnxAttributeReader::describe).toList();
    }

    /** Why the import cannot map a node; the message says what was found. */
    static final class Refusal extends Exception {

        private static final long serialVersionUID = 1L;

        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }
}
