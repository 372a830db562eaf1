package io.layerloom.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.layerloom.model.json.JsonValue.*;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text into {@link JsonValue}s with positions, using Jackson's streaming parser.
 * Strict: one value, no comments, no trailing commas, no duplicate keys.
 */
final class JsonTreeParser {

    private static final int MAX_DEPTH = 200;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private final String source;
    private final JsonParser parser;

    private JsonTreeParser(String source, JsonParser parser) {
        this.source = source;
        this.parser = parser;
    }

    static JsonValue parse(String text, String source) throws GraphFormatException {
        JsonParser p;
        try {
            p = FACTORY.createParser(text);
        } catch (IOException e) {
            throw new GraphFormatException(source, 0, 0, null, null, "cannot read JSON: " + e.getMessage());
        }
        try (p) {
            JsonTreeParser reader = new JsonTreeParser(source, p);
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new GraphFormatException(source, 1, 1, null, null,
                        "the file is empty. A LayerLoom graph is a JSON object: {\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": [...]}");
            }
            JsonValue value = reader.value();
            if (p.nextToken() != null) {
                JsonLocation l = p.currentTokenLocation();
                throw new GraphFormatException(source, l.getLineNr(), l.getColumnNr(), null, null,
                        "unexpected text after the end of the JSON value.");
            }
            return value;
        } catch (StreamConstraintsException e) {
            JsonLocation l = p.currentTokenLocation();
            throw new GraphFormatException(source, l.getLineNr(), l.getColumnNr(), null, null,
                    e.getOriginalMessage().contains("nesting depth")
                            ? "the JSON is nested more than " + MAX_DEPTH + " levels deep; a graph file needs fewer than 10."
                            : "the JSON holds a value beyond what a graph file may contain: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation() != null ? e.getLocation() : p.currentLocation();
            throw new GraphFormatException(source, l.getLineNr(), l.getColumnNr(), null, null,
                    "malformed JSON: " + friendly(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new GraphFormatException(source, 0, 0, null, null, "cannot read JSON: " + e.getMessage());
        }
    }

    /** Jackson's message, with a plain-words hint for the mistakes people make by hand. */
    private static String friendly(String message) {
        String hint = "";
        if (message.contains("expected a valid value") && (message.contains("']'") || message.contains("'}'"))) {
            hint = " (a trailing comma? JSON allows none after the last item)";
        } else if (message.contains("was expecting double-quote to start field name")) {
            hint = message.contains("'}'") ? " (a trailing comma? JSON allows none after the last field)"
                    : " (field names need double quotes)";
        } else if (message.contains("maybe a (non-standard) comment")) {
            hint = " (JSON has no comments; remove it)";
        } else if (message.contains("Unexpected end-of-input")) {
            hint = " (the file ends early: a bracket or brace is not closed)";
        } else if (message.contains("was expecting comma")) {
            hint = " (a comma is missing between two items)";
        }
        String core = message.length() > 200 ? message.substring(0, 200) + "..." : message;
        return core + hint;
    }

    private Location here() {
        JsonLocation l = parser.currentTokenLocation();
        return new Location(l.getLineNr(), l.getColumnNr());
    }

    private JsonValue value() throws IOException, GraphFormatException {
        Location at = here();
        JsonToken t = parser.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Member> members = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Location keyAt = here();
                    if (members.containsKey(key)) {
                        throw new GraphFormatException(source, keyAt.line(), keyAt.column(), null, null,
                                "the key \"" + key + "\" appears twice in the same object (first at "
                                        + members.get(key).keyAt() + ").");
                    }
                    parser.nextToken();
                    members.put(key, new Member(key, keyAt, value()));
                }
                return new JObject(at, members);
            }
            case START_ARRAY: {
                List<JsonValue> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value());
                }
                return new JArray(at, items);
            }
            case VALUE_STRING:
                return new JString(at, parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new JNumber(at, parser.getDecimalValue());
            case VALUE_TRUE:
                return new JBool(at, true);
            case VALUE_FALSE:
                return new JBool(at, false);
            case VALUE_NULL:
                return new JNull(at);
            default:
                throw new GraphFormatException(source, at.line(), at.column(), null, null, "unexpected token " + t + ".");
        }
    }
}
