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

    /** A JSON string literal, quotes included. */
    public static String quote(String s) {
        return JsonText.quote(s);
    }

    /** The shortest JSON number text for a double. */
    public static String number(double d) {
        return JsonText.number(d);
    }
}
