package io.layerloom.model.json;

import io.layerloom.model.json.JsonValue.*;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values: {@code Map<String, Object>} (insertion-ordered), {@code List<Object>},
 * {@code String}, {@code java.math.BigDecimal}, {@code Boolean} and {@code null}. For small
 * resources and tests; graphs go through {@link GraphJson}.
 */
public final class PlainJson {

    private PlainJson() {
    }

    public static Object parse(String text, String source) throws GraphFormatException {
        return plain(JsonTreeParser.parse(text, source));
    }

    /** Reads a JSON file whole, with the bounds of a graph file ({@link GraphJson#MAX_FILE_BYTES}, UTF-8). */
    public static Object read(java.nio.file.Path file) throws GraphFormatException, java.io.IOException {
        return parse(GraphJson.text(file), file.toString());
    }

    private static Object plain(JsonValue v) {
        if (v instanceof JObject o) {
            Map<String, Object> m = new LinkedHashMap<>();
            o.members().forEach((k, member) -> m.put(k, plain(member.value())));
            return Collections.unmodifiableMap(m);
        }
        if (v instanceof JArray a) {
            List<Object> l = new ArrayList<>();
            a.items().forEach(i -> l.add(plain(i)));
            return Collections.unmodifiableList(l);
        }
        if (v instanceof JString s) {
            return s.value();
        }
        if (v instanceof JNumber n) {
            return n.value();
        }
        if (v instanceof JBool b) {
            return b.value();
        }
        return null;
    }

    /**
     * Pretty JSON text (two-space indent) of plain values: maps (in their iteration order),
     * lists, strings, numbers, booleans and null. Short arrays of scalars stay on one line.
     */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(value, b, "");
        return b.append('\n').toString();
    }

    private static void write(Object v, StringBuilder b, String indent) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            b.append("{\n");
            String inner = indent + "  ";
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(inner).append(quote(String.valueOf(e.getKey()))).append(": ");
                write(e.getValue(), b, inner);
                b.append(++i < m.size() ? ",\n" : "\n");
            }
            b.append(indent).append('}');
        } else if (v instanceof List<?> l) {
            boolean scalars = l.stream().noneMatch(x -> x instanceof Map || x instanceof List);
            if (scalars) {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    b.append(i == 0 ? "" : ", ");
                    write(l.get(i), b, indent);
                }
                b.append(']');
                return;
            }
            b.append("[\n");
            String inner = indent + "  ";
            for (int i = 0; i < l.size(); i++) {
                b.append(inner);
                write(l.get(i), b, inner);
                b.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            b.append(indent).append(']');
        } else if (v instanceof String s) {
            b.append(quote(s));
        } else if (v instanceof Double d) {
            b.append(number(d));
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v == null) {
            b.append("null");
        } else {
            throw new IllegalArgumentException("not a plain JSON value: " + v.getClass());
        }
    }

    /** A JSON string literal, quotes included. */
    public static String quote(String s) {
        return JsonText.quote(s);
    }

    /** The shortest JSON number text for a double. */
    public static String number(double d) {
        return JsonText.number(d);
    }
}
