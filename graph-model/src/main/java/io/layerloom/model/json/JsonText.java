package io.layerloom.model.json;

import io.layerloom.model.json.JsonValue.*;
import java.math.BigDecimal;

/** Compact, canonical JSON text for values: used for unknown fields, messages and the writer. */
final class JsonText {

    private JsonText() {
    }

    /**
     * A JSON string literal. Quotes, backslashes, control characters, line and paragraph
     * separators and lone surrogates are escaped, so any Java string (even one that is not valid
     * UTF-16) survives a write and a read exactly.
     */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (paired) {
                        b.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A number for a message: its own text when short, else its order of magnitude. */
    static String shortNumber(BigDecimal d) {
        if (d.precision() <= 30) {
            return d.toString().replace("E+", "e").replace("E", "e");
        }
        return "of about " + (d.signum() < 0 ? "-" : "") + "1e" + (d.precision() - d.scale() - 1);
    }

    /** A number as the shortest text that reads back to the same double; whole numbers without ".0". */
    static String number(double d) {
        if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
            return "-0";  // read back as -0.0 (JNumber.negativeZero), so the value survives a round trip
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        // Plain digits only in the range people write by hand: 1e300 is not three hundred zeros.
        return Math.abs(d) >= 1e-4 && Math.abs(d) < 1e15 ? b.toPlainString() : b.toString().replace("E+", "e").replace("E", "e");
    }

    static String write(JsonValue v) {
        StringBuilder b = new StringBuilder();
        write(v, b);
        return b.toString();
    }

    private static void write(JsonValue v, StringBuilder b) {
        if (v instanceof JObject o) {
            b.append('{');
            boolean first = true;
            for (Member m : o.members().values()) {
                if (!first) {
                    b.append(", ");
                }
                first = false;
                b.append(quote(m.key())).append(": ");
                write(m.value(), b);
            }
            b.append('}');
        } else if (v instanceof JArray a) {
            b.append('[');
            for (int i = 0; i < a.items().size(); i++) {
                if (i > 0) {
                    b.append(", ");
                }
                write(a.items().get(i), b);
            }
            b.append(']');
        } else if (v instanceof JString s) {
            b.append(quote(s.value()));
        } else if (v instanceof JNumber n) {
            b.append(n.value().toString().replace("E+", "e").replace("E", "e"));
        } else if (v instanceof JBool bool) {
            b.append(bool.value());
        } else {
            b.append("null");
        }
    }
}
