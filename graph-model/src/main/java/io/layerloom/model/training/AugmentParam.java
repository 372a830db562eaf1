package io.layerloom.model.training;

import java.util.Locale;
import java.util.Optional;

/**
 * One field of an augmentation step, as data: the reader, the writer, the schema, the format
 * doc and the designer's editor all read this one definition.
 *
 * @param min          smallest value allowed (inclusive unless {@code minExclusive})
 * @param max          largest value allowed (inclusive)
 */
public record AugmentParam(String name, Type type, double defaultValue, double min, boolean minExclusive, double max,
                           String doc) {

    /** BOOL is stored as 0 or 1, INT as a whole double. */
    public enum Type { BOOL, INT, REAL }

    static AugmentParam bool(String name, boolean def, String doc) {
        return new AugmentParam(name, Type.BOOL, def ? 1 : 0, 0, false, 1, doc);
    }

    static AugmentParam integer(String name, int def, int min, int max, String doc) {
        return new AugmentParam(name, Type.INT, def, min, false, max, doc);
    }

    static AugmentParam real(String name, double def, double min, boolean minExclusive, double max, String doc) {
        return new AugmentParam(name, Type.REAL, def, min, minExclusive, max, doc);
    }

    /** The probability every step has. */
    static AugmentParam probability(double def) {
        return real("p", def, 0, false, 1, "probability that the step is applied to an image");
    }

    /** "from 0 to 180", "greater than 0, at most 0.5", "true or false". */
    public String range() {
        if (type == Type.BOOL) {
            return "true or false";
        }
        return minExclusive ? "greater than " + text(min) + ", at most " + text(max) : "from " + text(min) + " to " + text(max);
    }

    /** The rule a value breaks, or empty. */
    public Optional<String> problem(double value) {
        boolean ok = switch (type) {
            case BOOL -> value == 0 || value == 1;
            case INT -> value == Math.rint(value) && value >= min && value <= max;
            case REAL -> Double.isFinite(value) && (minExclusive ? value > min : value >= min) && value <= max;
        };
        if (ok) {
            return Optional.empty();
        }
        String what = type == Type.INT ? "a whole number " + range() : range();
        return Optional.of(name + " must be " + what + ", got " + text(value) + ".");
    }

    /** A number as the file and the messages show it: 4 rather than 4.0. */
    public static String text(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }
}
