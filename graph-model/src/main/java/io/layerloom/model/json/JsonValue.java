package io.layerloom.model.json;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON value that remembers where it starts in the file, so every error the reader
 * reports can name a line and a column.
 */
sealed interface JsonValue {

    Location at();

    /** "an object", "a string", ... for messages. */
    String typeName();

    record Location(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    /** An object member: its value and where its key stands. */
    record Member(String key, Location keyAt, JsonValue value) {
    }

    record JObject(Location at, Map<String, Member> members) implements JsonValue {
        public JObject {
            members = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        public String typeName() {
            return "an object";
        }
    }

    record JArray(Location at, List<JsonValue> items) implements JsonValue {
        public JArray {
            items = List.copyOf(items);
        }

        public String typeName() {
            return "an array";
        }
    }

    record JString(Location at, String value) implements JsonValue {
        public String typeName() {
            return "a string";
        }
    }

    /**
     * A number as written, kept exact. {@code negativeZero} remembers a written "-0" (or "-0.0"),
     * which BigDecimal cannot tell from 0, so that a -0.0 setting reads back as it was written.
     */
    record JNumber(Location at, BigDecimal value, boolean negativeZero) implements JsonValue {
        JNumber(Location at, BigDecimal value) {
            this(at, value, false);
        }

        public String typeName() {
            return "a number";
        }
    }

    record JBool(Location at, boolean value) implements JsonValue {
        public String typeName() {
            return "a boolean";
        }
    }

    record JNull(Location at) implements JsonValue {
        public String typeName() {
            return "null";
        }
    }
}
