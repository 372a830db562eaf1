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
import java.math.BigDecimal;
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
    /** No setting needs more: a double keeps 17 significant digits. */
    static final int MAX_DIGITS = 100;
    /**
     * Doubles reach about 1e308 and 4.9e-324; an exponent far beyond that only costs time (a
     * whole-number check of 1e-100000000 expands ten to the hundred millionth), so it is refused
     * before the number is converted.
     */
    static final int MAX_EXPONENT = 1000;
    /** The longest text a graph file holds is a description; none needs a million characters. */
    static final int MAX_STRING = 1_000_000;
    /**
     * Each value costs the reader about a hundred bytes of memory: without a bound, a 64 MiB file
     * of [0,0,0,...] (33 million values) ran out of a 1 GB heap after two minutes. DenseNet-121
     * has about 10,000; this allows graphs of some 80,000 layers.
     */
    static final long MAX_TOKENS = 2_000_000;
    /** Jackson's own limit on a number's text (digits, sign, point and exponent). */
    private static final int MAX_NUMBER_CHARS = 1000;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING).maxNumberLength(MAX_NUMBER_CHARS).maxTokenCount(MAX_TOKENS).build())
            .build();

    private final String source;
    private final JsonParser parser;
    /** The key whose value is being read, innermost first: the field an error names. */
    private String key;
    /** The id of the layer being read (an object in the top-level "nodes" whose "id" came first): the node an error names. */
    private String node;
    private int depth;

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
        JsonTreeParser reader = new JsonTreeParser(source, p);
        try (p) {
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
            // Too deep: where the nesting crossed the limit; otherwise where Jackson found the value too long.
            JsonLocation l = e.getOriginalMessage().contains("getMaxNestingDepth") || e.getLocation() == null
                    ? p.currentTokenLocation() : e.getLocation();
            // Jackson reads a member's value with its key, so the key in its context may be newer than ours.
            String inner = p.getParsingContext().getCurrentName();
            String field = inner != null ? inner : reader.key;
            throw new GraphFormatException(source, l.getLineNr(), l.getColumnNr(), reader.node, field, beyondLimit(e));
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation() != null ? e.getLocation() : p.currentLocation();
            throw new GraphFormatException(source, l.getLineNr(), l.getColumnNr(), null, null,
                    "malformed JSON: " + friendly(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new GraphFormatException(source, 0, 0, null, null, "cannot read JSON: " + e.getMessage());
        }
    }

    /** A limit of Jackson's {@link StreamReadConstraints}, said in our words with the fix. */
    private static String beyondLimit(StreamConstraintsException e) {
        String m = e.getOriginalMessage();
        if (m.contains("getMaxNestingDepth")) {
            return "the JSON is nested more than " + MAX_DEPTH + " levels deep; a graph file needs fewer than 10.";
        }
        if (m.contains("getMaxStringLength")) {
            return String.format("a string of more than %,d characters; no text in a graph file needs that many (a "
                    + "description is a few lines). Shorten it, or keep long notes in a file beside the graph.", MAX_STRING);
        }
        if (m.contains("getMaxNumberLength")) {
            return String.format("a number of more than %,d characters; a graph file allows at most %d digits in a number "
                    + "(a double keeps 17). Write it with fewer digits, such as 0.001 or 1.5e-30.", MAX_NUMBER_CHARS, MAX_DIGITS);
        }
        if (m.contains("getMaxTokenCount")) {
            return String.format("the file holds more than %,d JSON values, keys and brackets; DenseNet-121 needs about "
                    + "10,000, and a graph of 80,000 layers about %,d. Is it really a LayerLoom graph?", MAX_TOKENS, MAX_TOKENS);
        }
        if (m.contains("getMaxNameLength")) {
            return "a key of more than " + StreamReadConstraints.DEFAULT_MAX_NAME_LEN + " characters; the keys of a graph "
                    + "file are short names such as \"kernel\". Shorten it.";
        }
        return "the JSON holds a value beyond what a graph file may contain (" + m + ").";
    }

    /**
     * A number, its digits and exponent bounded before it is converted: a 90-byte number such as
     * 1e-100000000 would otherwise take minutes and gigabytes to judge.
     */
    private JsonValue number(Location at) throws IOException, GraphFormatException {
        String text = parser.getText();
        int digits = 0;
        int i = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                break;
            }
            if (c >= '0' && c <= '9') {
                digits++;
            }
        }
        if (digits > MAX_DIGITS) {
            throw new GraphFormatException(source, at.line(), at.column(), node, key, "the number " + abbreviated(text)
                    + " has " + digits + " digits; a graph file allows at most " + MAX_DIGITS + " (a double keeps 17). "
                    + "Write it with fewer digits, such as 0.1234567 or 1.5e20.");
        }
        if (i < text.length()) {
            String exponent = text.substring(i + 1).replaceFirst("^[+-]", "").replaceFirst("^0+(?=.)", "");
            if (exponent.length() > 9 || Integer.parseInt(exponent) > MAX_EXPONENT) {
                throw new GraphFormatException(source, at.line(), at.column(), node, key, "the number " + abbreviated(text)
                        + " has an exponent beyond \u00b1" + MAX_EXPONENT + ", far outside what any setting can hold "
                        + "(doubles reach about 1e\u00b1308). Write it as a plain number such as 0.001 or 1e-30, or 0.");
            }
        }
        BigDecimal value = parser.getDecimalValue();
        return new JNumber(at, value, value.signum() == 0 && text.startsWith("-"));
    }

    private static String abbreviated(String text) {
        return text.length() > 30 ? text.substring(0, 12) + "..." + text.substring(text.length() - 12) : text;
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
                String outer = key;
                boolean layer = depth == 2 && "nodes".equals(key);
                depth++;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    this.key = key;
                    Location keyAt = here();
                    if (members.containsKey(key)) {
                        throw new GraphFormatException(source, keyAt.line(), keyAt.column(), null, null,
                                "the key \"" + io.layerloom.model.util.Text.display(key) + "\" appears twice in the same object (first at "
                                        + members.get(key).keyAt() + ").");
                    }
                    parser.nextToken();
                    JsonValue value = value();
                    members.put(key, new Member(key, keyAt, value));
                    if (layer && key.equals("id") && value instanceof JString id) {
                        node = id.value();
                    }
                }
                key = outer;
                depth--;
                if (layer) {
                    node = null;
                }
                return new JObject(at, members);
            }
            case START_ARRAY: {
                List<JsonValue> items = new ArrayList<>();
                depth++;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value());
                }
                depth--;
                return new JArray(at, items);
            }
            case VALUE_STRING:
                return new JString(at, parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return number(at);
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
