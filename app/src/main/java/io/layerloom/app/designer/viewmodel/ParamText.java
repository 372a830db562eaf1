package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.ParamDef;
import io.layerloom.model.layer.Range;
import io.layerloom.model.layer.Sides;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parameter value as the inspector shows and reads it: "3x3" for a kernel, "same" for padding,
 * "[1, 28, 28]" for a shape. Parsing says what was wrong in words a user can act on, and then
 * checks the documented range, so an invalid value never reaches the graph.
 */
public final class ParamText {

    private ParamText() {
    }

    /** The outcome of reading a field: a value, or why the text is not one. */
    public record Parsed(Object value, String problem) {
        static Parsed ok(Object value) {
            return new Parsed(value, null);
        }

        static Parsed fail(String problem) {
            return new Parsed(null, problem);
        }

        public boolean isValid() {
            return problem == null;
        }
    }

    /**
     * How a value reads in its field; {@link #parse} reads it back to the same value. Kernels,
     * strides and sizes read "3x3" as in every model summary; padding keeps its short "1".
     */
    public static String format(Object value) {
        if (value instanceof IntPair p) {
            return p.h() + "x" + p.w();
        }
        if (value instanceof Double d) {
            BigDecimal b = BigDecimal.valueOf(d).stripTrailingZeros();
            return b.scale() <= 0 ? b.toBigInteger().toString() : b.toPlainString().length() <= 12
                    ? b.toPlainString() : Double.toString(d);
        }
        return String.valueOf(value);
    }

    /** Reads {@code text} as a value of {@code def}'s type and checks its range. */
    public static Parsed parse(ParamDef def, String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return Parsed.fail("Enter a value" + hintSuffix(def) + ".");
        }
        Parsed typed;
        try {
            typed = switch (def.type()) {
                case COUNT -> Parsed.ok(Long.parseLong(withoutGrouping(t)));
                case INT -> Parsed.ok(Integer.parseInt(withoutGrouping(t)));
                case REAL -> real(t);
                case BOOL -> bool(t);
                case PAIR -> pair(t).map(Parsed::ok).orElseGet(() -> Parsed.fail("Enter n or h x w, such as 3 or 3x5."));
                case PADDING -> padding(t);
                case SIDES -> sides(t);
                case ACTIVATION -> ActivationFunction.fromJson(t.toLowerCase(Locale.ROOT)).map(Parsed::ok)
                        .orElseGet(() -> Parsed.fail("Choose one of " + String.join(", ", ActivationFunction.jsonNames()) + "."));
                case LOSS -> Loss.fromJson(t.toLowerCase(Locale.ROOT)).map(Parsed::ok)
                        .orElseGet(() -> Parsed.fail("Choose one of " + String.join(", ", Loss.jsonNames()) + "."));
                case DIMS -> dims(t);
            };
        } catch (NumberFormatException e) {
            typed = Parsed.fail("'" + t + "' is not a " + (def.type().name().equals("REAL") ? "number" : "whole number")
                    + hintSuffix(def) + ".");
        }
        if (!typed.isValid()) {
            return typed;
        }
        Optional<String> problem = def.problem(typed.value());
        return problem.map(p -> Parsed.fail(capitalised(def.name()) + " " + p + "."))
                .orElse(typed);
    }

    /** The documented range in a few characters for a prompt: "1 to 4096", "at least 0", "0 to < 1". */
    public static String rangeHint(Range r) {
        Optional<Double> lo = r.lowerBound();
        Optional<Double> hi = r.upperBound();
        if (lo.isPresent() && hi.isPresent()) {
            return (r.minInclusive() ? "" : "> ") + number(lo.get()) + " to " + (r.maxInclusive() ? "" : "< ")
                    + number(hi.get());
        }
        if (lo.isPresent()) {
            return (r.minInclusive() ? "at least " : "greater than ") + number(lo.get());
        }
        if (hi.isPresent()) {
            return (r.maxInclusive() ? "at most " : "less than ") + number(hi.get());
        }
        return "";
    }

    /** What to type, for a field's prompt: "n or h x w, 1 to 4096". */
    public static String prompt(ParamDef def) {
        String range = rangeHint(def.range());
        String form = switch (def.type()) {
            case PAIR -> "n or h x w";
            case PADDING -> "n, h x w, same or valid";
            case SIDES -> "n, h x w or [t, b, l, r]";
            case DIMS -> def.inferable() ? "[d1, d2, ...], one may be -1" : "[c, h, w], [f] or [f, t]";
            default -> "";
        };
        if (form.isEmpty()) {
            return range;
        }
        return range.isEmpty() ? form : form + ", " + range;
    }

    private static String hintSuffix(ParamDef def) {
        String hint = rangeHint(def.range());
        return hint.isEmpty() ? "" : " (" + hint + ")";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** "10_000" and "10,000" both read as ten thousand. */
    private static String withoutGrouping(String t) {
        return t.replace("_", "").replace(",", "").replace(" ", "");
    }

    private static Parsed real(String t) {
        double d = Double.parseDouble(t.replace("_", ""));
        return Double.isFinite(d) ? Parsed.ok(d) : Parsed.fail("Enter a finite number.");
    }

    private static Parsed bool(String t) {
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Parsed.ok(true);
            case "false", "no", "off" -> Parsed.ok(false);
            default -> Parsed.fail("Enter true or false.");
        };
    }

    /** Whole numbers in "3", "3x5", "3 x 5", "3,5", "[3, 5]"; empty when one is not a number. */
    static Optional<List<Long>> numbers(String t) {
        String inner = t.strip();
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        String[] parts = inner.split("\\s*[x×X,*]\\s*|\\s+", -1);
        List<Long> out = new ArrayList<>();
        for (String part : parts) {
            if (part.isBlank()) {
                return Optional.empty();
            }
            try {
                out.add(Long.parseLong(part.strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    private static Optional<IntPair> pair(String t) {
        return numbers(t).filter(n -> n.size() == 1 || n.size() == 2).filter(ParamText::fitInt)
                .map(n -> n.size() == 1 ? IntPair.of(n.get(0).intValue())
                        : new IntPair(n.get(0).intValue(), n.get(1).intValue()));
    }

    private static boolean fitInt(List<Long> n) {
        return n.stream().allMatch(v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE);
    }

    private static Parsed padding(String t) {
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("same")) {
            return Parsed.ok(Padding.same());
        }
        if (lower.equals("valid")) {
            return Parsed.ok(Padding.of(0));
        }
        return pair(t).<Parsed>map(p -> Parsed.ok(new Padding.Explicit(p)))
                .orElseGet(() -> Parsed.fail("Enter n, h x w, same or valid."));
    }

    private static Parsed sides(String t) {
        Optional<List<Long>> n = numbers(t).filter(ParamText::fitInt);
        if (n.isEmpty() || !(n.get().size() == 1 || n.get().size() == 2 || n.get().size() == 4)) {
            return Parsed.fail("Enter n, h x w or [top, bottom, left, right].");
        }
        List<Long> v = n.get();
        return Parsed.ok(switch (v.size()) {
            case 1 -> Sides.of(v.get(0).intValue());
            case 2 -> Sides.of(v.get(0).intValue(), v.get(1).intValue());
            default -> new Sides(v.get(0).intValue(), v.get(1).intValue(), v.get(2).intValue(), v.get(3).intValue());
        });
    }

    private static Parsed dims(String t) {
        return numbers(t).<Parsed>map(n -> Parsed.ok(new Dims(n)))
                .orElseGet(() -> Parsed.fail("Enter whole numbers such as [1, 28, 28]."));
    }
}
