package io.layerloom.model.fuzz;

import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.PlainJson;
import io.layerloom.model.template.Template;
import io.layerloom.model.template.Templates;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile graph files made from the shipped templates (with and without blocks): each mutant is
 * a template with one to three mutations, fixed by its seed, so a failure is reproduced from the
 * seed alone. Used by {@code GraphFuzzPropertiesTest} in the build and by the longer run in
 * benchmarks/fuzz. Plain Java: the benchmark jar carries it without jqwik.
 */
public final class GraphMutator {

    /** The mutations, each named in a mutant's description. */
    public enum Mutation {
        BYTE_FLIP, TRUNCATE, DELETE_NODE, DUPLICATE_NODE, SWAP_NODES, CYCLE, WRONG_TYPE, DUPLICATE_KEY, ODD_ID,
        HUGE_NUMBER, HUGE_STRING, DEEP_NESTING, BLOCKS, TRAINING
    }

    /** A mutated file: the template and mutations that made it (for the reproducer's name), and its bytes. */
    public record Mutant(long seed, String template, List<String> mutations, byte[] bytes) {
        public String describe() {
            return "seed " + seed + ": " + template + " + " + String.join(", ", mutations);
        }
    }

    private static final List<String> TEMPLATE_IDS = Templates.all().stream().map(Template::id).toList();
    private static final List<String> TEXTS = Templates.all().stream().map(Templates::text).toList();
    /** Marks a string whose quoted form is replaced by raw JSON text after writing (numbers the writer cannot make). */
    private static final String RAW = "\u0001raw:";
    private static final String[] ODD_IDS = {"", " ", "class", "null", "true", "__proto__", "constructor", "in put",
        "\u00e9t\u00e9-\u65e5\u672c", "\ud83d\ude00", "a\u2028b", "\u202eevil", "tab\there", "quote\"s", "back\\slash",
        "\ud800", "\udfff", "x".repeat(5000), "NUL\u0000", "new\nline", "int", "import", "0", "-1", "CON", "../../etc"};
    private static final String[] HUGE_NUMBERS = {"1e999999999", "-1e-400", "1e-100000000", "1e308", "1.8e308", "-0",
        "-0.0", "9223372036854775808", "-9223372036854775809", "2147483648", "1e19", "4.9e-324", "2e-324",
        "0." + "1".repeat(99), "0." + "1".repeat(101), "1" + "0".repeat(1200), "1e1000", "1e1001", "1E+99999999999",
        "123456789012345678901234567890", "0.5e-1000", "1e-1001", "1.5", "-3", "0"};
    private static final Pattern KEY = Pattern.compile("\"([A-Za-z]+)\": ");
    private static final Pattern NUMBER_VALUE = Pattern.compile("(?<=\": )-?\\d[\\d.eE+-]*");

    private GraphMutator() {
    }

    public static int templateCount() {
        return TEXTS.size();
    }

    /** The mutant of a seed: always the same bytes for the same seed. */
    public static Mutant mutant(long seed) {
        Random r = new Random(seed);
        int t = r.nextInt(TEXTS.size());
        Map<String, Object> root = mutableRoot(TEXTS.get(t));
        List<String> done = new ArrayList<>();
        int count = 1 + r.nextInt(3);
        List<Mutation> textual = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Mutation m = Mutation.values()[r.nextInt(Mutation.values().length)];
            switch (m) {
                case BYTE_FLIP, TRUNCATE, DUPLICATE_KEY, DEEP_NESTING -> textual.add(m);
                default -> done.add(structural(m, root, r));
            }
        }
        String text = PlainJson.write(root);
        text = unRaw(text);
        for (Mutation m : textual) {
            done.add(m.name().toLowerCase());
            text = switch (m) {
                case DUPLICATE_KEY -> duplicateKey(text, r);
                case DEEP_NESTING -> deepNesting(text, r);
                default -> text;
            };
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (Mutation m : textual) {
            if (m == Mutation.BYTE_FLIP) {
                bytes = bytes.clone();
                for (int k = 1 + r.nextInt(3); k > 0 && bytes.length > 0; k--) {
                    bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
                }
            } else if (m == Mutation.TRUNCATE && bytes.length > 0) {
                bytes = java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length));
            }
        }
        return new Mutant(seed, TEMPLATE_IDS.get(t), done, bytes);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mutableRoot(String text) {
        try {
            return (Map<String, Object>) mutable(PlainJson.parse(text, "template"));
        } catch (GraphFormatException e) {
            throw new IllegalStateException("a shipped template does not parse: " + e.getMessage(), e);
        }
    }

    private static Object mutable(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, mutable(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(mutable(x)));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static String structural(Mutation m, Map<String, Object> root, Random r) {
        List<Object> nodes = root.get("nodes") instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
        if (nodes.isEmpty()) {
            return "nothing-to-" + m.name().toLowerCase();
        }
        int i = r.nextInt(nodes.size());
        Map<String, Object> node = nodes.get(i) instanceof Map<?, ?> n ? (Map<String, Object>) n : new LinkedHashMap<>();
        switch (m) {
            case DELETE_NODE -> nodes.remove(i);
            case DUPLICATE_NODE -> nodes.add(r.nextInt(nodes.size() + 1), mutable(node));
            case SWAP_NODES -> Collections.swap(nodes, i, r.nextInt(nodes.size()));
            case CYCLE -> {
                int j = r.nextInt(nodes.size());
                Object later = nodes.get(Math.max(i, j)) instanceof Map<?, ?> n ? n.get("id") : "x";
                Map<String, Object> early = nodes.get(Math.min(i, j)) instanceof Map<?, ?> n ? (Map<String, Object>) n : node;
                early.put("inputs", new ArrayList<>(List.of(later == null ? "x" : later)));
            }
            case WRONG_TYPE -> {
                List<String> keys = new ArrayList<>(node.keySet());
                String key = keys.isEmpty() ? "id" : keys.get(r.nextInt(keys.size()));
                node.put(key, anyValue(r));
                return "wrong_type(" + key + ")";
            }
            case ODD_ID -> {
                Object old = node.get("id");
                String id = ODD_IDS[r.nextInt(ODD_IDS.length)];
                node.put("id", id);
                if (r.nextBoolean()) {
                    renameEverywhere(root, old, id);
                }
            }
            case HUGE_NUMBER -> {
                String n = HUGE_NUMBERS[r.nextInt(HUGE_NUMBERS.length)];
                List<String> keys = new ArrayList<>(node.keySet());
                keys.removeAll(List.of("id", "kind", "inputs"));
                if (r.nextInt(4) == 0 || keys.isEmpty()) {
                    String[] settings = {"learningRate", "l2", "decay", "epochs", "seed", "weightDecay", "gradientClip"};
                    String s = settings[r.nextInt(settings.length)];
                    Map<String, Object> training = new LinkedHashMap<>();
                    training.put(s, RAW + n);
                    root.put("training", training);
                    return "huge_number(training." + s + " = " + n + ")";
                }
                String key = keys.get(r.nextInt(keys.size()));
                node.put(key, key.equals("position") ? new ArrayList<>(List.of(RAW + n, BigDecimal.ONE)) : RAW + n);
                return "huge_number(" + key + " = " + n + ")";
            }
            case HUGE_STRING -> {
                int length = r.nextInt(10) == 0 ? 1_000_001 : 1 + r.nextInt(100_000);
                String text = "s".repeat(length);
                switch (r.nextInt(3)) {
                    case 0 -> root.put("description", text);
                    case 1 -> node.put("kind", text);
                    default -> node.put("activation", text);
                }
                return "huge_string(" + length + ")";
            }
            case BLOCKS -> {
                return blocks(root, nodes, r);
            }
            case TRAINING -> {
                Map<String, Object> training = new LinkedHashMap<>();
                String[] keys = {"optimizer", "learningRate", "schedule", "stepEvery", "decay", "warmupEpochs", "batchSize",
                    "epochs", "l2", "weightDecay", "weightInit", "gradientClip", "switchToSgdAtEpoch", "seed", "bogus"};
                for (int k = 0; k < 1 + r.nextInt(5); k++) {
                    training.put(keys[r.nextInt(keys.length)], r.nextBoolean() ? anyValue(r) : BigDecimal.valueOf(r.nextInt(200) - 50, r.nextInt(4)));
                }
                root.put("training", training);
            }
            default -> throw new IllegalArgumentException(m.name());
        }
        return m.name().toLowerCase();
    }

    @SuppressWarnings("unchecked")
    private static String blocks(Map<String, Object> root, List<Object> nodes, Random r) {
        List<Object> blocks = root.get("blocks") instanceof List<?> l ? (List<Object>) l : null;
        if (blocks == null || blocks.isEmpty() || r.nextInt(5) == 0) {
            // A block over random nodes, in a version-1 or version-2 file.
            List<Object> members = new ArrayList<>();
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                Object n = nodes.get(r.nextInt(nodes.size()));
                members.add(n instanceof Map<?, ?> m ? m.get("id") : "x");
            }
            Map<String, Object> block = new LinkedHashMap<>();
            block.put("id", r.nextBoolean() ? "b" : ODD_IDS[r.nextInt(ODD_IDS.length)]);
            block.put("type", "Block");
            block.put("members", members);
            if (blocks == null) {
                blocks = new ArrayList<>();
                root.put("blocks", blocks);
            }
            blocks.add(block);
            if (r.nextBoolean()) {
                root.put("version", BigDecimal.valueOf(2));
            }
            return "blocks(new)";
        }
        Map<String, Object> block = blocks.get(r.nextInt(blocks.size())) instanceof Map<?, ?> b
                ? (Map<String, Object>) b : new LinkedHashMap<>();
        List<Object> members = block.get("members") instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
        switch (r.nextInt(6)) {
            case 0 -> {
                if (!members.isEmpty()) {
                    members.remove(r.nextInt(members.size()));
                }
            }
            case 1 -> members.add("no-such-node");
            case 2 -> Collections.shuffle(members, r);
            case 3 -> block.put("collapsed", anyValue(r));
            case 4 -> blocks.add(mutable(block));
            default -> block.put(r.nextBoolean() ? "members" : "id", anyValue(r));
        }
        return "blocks(change)";
    }

    @SuppressWarnings("unchecked")
    private static void renameEverywhere(Object v, Object from, String to) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                if (e.getValue() instanceof List<?> && (e.getKey().equals("inputs") || e.getKey().equals("members"))) {
                    ((List<Object>) e.getValue()).replaceAll(x -> x.equals(from) ? to : x);
                } else {
                    renameEverywhere(e.getValue(), from, to);
                }
            }
        } else if (v instanceof List<?> l) {
            l.forEach(x -> renameEverywhere(x, from, to));
        }
    }

    private static Object anyValue(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> "relu";
            case 3 -> BigDecimal.valueOf(r.nextInt(2001) - 1000, r.nextInt(3));
            case 4 -> new ArrayList<>(List.of(BigDecimal.valueOf(r.nextInt(9)), BigDecimal.valueOf(r.nextInt(9))));
            case 5 -> new ArrayList<>(List.of(BigDecimal.ONE, "two", BigDecimal.valueOf(3), BigDecimal.valueOf(4)));
            case 6 -> new LinkedHashMap<>(Map.of("k", BigDecimal.ONE));
            default -> RAW + HUGE_NUMBERS[r.nextInt(HUGE_NUMBERS.length)];
        };
    }

    private static String unRaw(String text) {
        return text.replaceAll("\"\\\\u0001raw:([^\"]*)\"", "$1");
    }

    private static String duplicateKey(String text, Random r) {
        List<int[]> keys = new ArrayList<>();
        Matcher m = KEY.matcher(text);
        while (m.find()) {
            keys.add(new int[]{m.start(), m.end()});
        }
        if (keys.isEmpty()) {
            return text;
        }
        int[] k = keys.get(r.nextInt(keys.size()));
        return text.substring(0, k[0]) + text.substring(k[0], k[1]) + "0, " + text.substring(k[0]);
    }

    private static String deepNesting(String text, Random r) {
        List<int[]> numbers = new ArrayList<>();
        Matcher m = NUMBER_VALUE.matcher(text);
        while (m.find()) {
            numbers.add(new int[]{m.start(), m.end()});
        }
        int depth = new int[]{10, 199, 200, 201, 5000}[r.nextInt(5)];
        if (numbers.isEmpty()) {
            return "[".repeat(depth) + text + "]".repeat(depth);
        }
        int[] n = numbers.get(r.nextInt(numbers.size()));
        return text.substring(0, n[0]) + "[".repeat(depth) + text.substring(n[0], n[1]) + "]".repeat(depth)
                + text.substring(n[1]);
    }
}
