package io.layerloom.model.json;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.layerloom.model.json.JsonValue.*;
import java.math.BigDecimal;

/** Compact, canonical JSON text for values: used for unknown fields, messages and the writer. */
final class JsonText {

    private JsonText() {
    }

    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** A number as the shortest text that reads back to the same double; whole numbers without ".0". */
    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        return Math.abs(d) >= 1e-4 ? b.toPlainString() : b.toString().replace("E", "e");
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
            b.append(n.value().toString().replace("E", "e"));
        } else if (v instanceof JBool bool) {
            b.append(bool.value());
        } else {
            b.append("null");
        }
    }
}
