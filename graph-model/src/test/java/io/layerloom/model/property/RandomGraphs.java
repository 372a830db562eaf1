package io.layerloom.model.property;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.json.PlainJson;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.ParamDef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Fully random graphs, the kind a hand-edited or damaged file can hold: any kind with any
 * parameter values, wires to missing ids, duplicated ids, self-loops, cycles, too many or too few
 * inputs, unknown fields holding raw JSON, positions, and ids no sane user would type.
 */
final class RandomGraphs {

    /** Fields every node has; an unknown field never takes one of these names. */
    static final Set<String> NODE_FIELDS = Set.of("id", "kind", "inputs", "position");

    private RandomGraphs() {
    }

    /**
     * A node before it is placed: its wires are numbers that {@link #build} turns into ids of
     * earlier nodes (most often), of any node, or of no node at all.
     */
    record Draft(String id, LayerSpec spec, List<Integer> wires, Optional<Position> position, Map<String, String> unknown) {
    }

    // Built once: jqwik keeps each arbitrary's generator, so reusing them makes generation cheap.
    // Declared in dependency order, since static fields are initialised top to bottom.
    private static final Arbitrary<Position> POSITIONS = positionsOnce();
    private static final Arbitrary<Map<String, String>> UNKNOWN_FIELDS = unknownFieldsOnce();
    private static final Arbitrary<Graph> GRAPHS = graphs(ids());
    private static final Arbitrary<Graph> GRAPHS_WITH_SIMPLE_IDS = graphs(simpleIds());

    static Arbitrary<Graph> graphs() {
        return GRAPHS;
    }

    /** Random graphs whose ids are short ASCII names, for properties that parse messages. */
    static Arbitrary<Graph> graphsWithSimpleIds() {
        return GRAPHS_WITH_SIMPLE_IDS;
    }

    private static Arbitrary<Graph> graphs(Arbitrary<String> ids) {
        Arbitrary<Integer> wire = Arbitraries.integers().between(0, 999);
        Arbitrary<List<Integer>> wires = Arbitraries.frequencyOf(
                Tuple.of(3, wire.list().ofMaxSize(1)),
                Tuple.of(1, wire.list().ofMinSize(2).ofMaxSize(4)));
        Arbitrary<Draft> draft = Combinators.combine(ids, ParamValues.specs(), wires, positions().optional(0.5),
                unknownFields()).as(Draft::new);
        return Combinators.combine(texts(), texts(), draft.list().ofMaxSize(12)).as(RandomGraphs::build)
                .withoutEdgeCases();
    }

    static Graph build(String name, String description, List<Draft> drafts) {
        List<String> ids = drafts.stream().map(Draft::id).toList();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            List<String> inputs = new ArrayList<>();
            for (int w : d.wires()) {
                inputs.add(wire(ids, i, w));
            }
            Set<String> params = d.spec().kind().params().stream().map(ParamDef::name).collect(Collectors.toSet());
            Map<String, String> unknown = new LinkedHashMap<>(d.unknown());
            unknown.keySet().removeIf(params::contains);
            nodes.add(new Node(d.id(), d.spec(), inputs, d.position(), unknown));
        }
        return new Graph(name, description, nodes);
    }

    private static final List<String> MISSING = List.of("missing", "n99", "N0", "n1 ");

    /** Wire w of node i: 0 is a missing id, then mostly an earlier node, sometimes any node. */
    private static String wire(List<String> ids, int i, int w) {
        int bucket = w % 16;
        if (bucket == 0) {
            return MISSING.stream().filter(m -> !ids.contains(m)).findFirst().orElse("\u0007none");
        }
        if (bucket < 4 || i == 0) {
            return ids.get(w % ids.size());
        }
        return ids.get(w % i);
    }

    static Arbitrary<String> simpleIds() {
        return Arbitraries.integers().between(0, 15).map(i -> "n" + i);
    }

    /** Mostly ordinary ids (often colliding), some empty, blank, quoted, unicode or too long. */
    static Arbitrary<String> ids() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, simpleIds()),
                Tuple.of(2, Arbitraries.of("", " ", " a", "a ", "\t", "é", "层", "😀", "\"", "\\", "a\"b", "a\\\"",
                        "\u2028", "\u0000", "x".repeat(201), "null", "[1]", "n1 ", "N1", "in", "-1")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(6)),
                Tuple.of(1, Arbitraries.strings().withChars("\"\\/ \t\n\r\b\f\u0001é层\uD83D\uDE00").ofMaxLength(5)));
    }

    /** Graph names and descriptions. */
    static Arbitrary<String> texts() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("", "net", "a \"quoted\" name", "línea\nnueva")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(10)));
    }

    static Arbitrary<Position> positions() {
        return POSITIONS;
    }

    private static Arbitrary<Position> positionsOnce() {
        Arbitrary<Double> coordinate = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.doubles().between(-5000, 5000).ofScale(2)),
                Tuple.of(1, ParamValues.finiteDoubles()));
        return Combinators.combine(coordinate, coordinate).as(Position::new);
    }

    /**
     * Fields a node's kind may not have, holding canonical JSON text as the reader stores them;
     * {@link #build} drops those the kind does have. A parameter name of another kind is
     * frequent: a file with "units" on a Conv2D.
     */
    static Arbitrary<Map<String, String>> unknownFields() {
        return UNKNOWN_FIELDS;
    }

    private static Arbitrary<Map<String, String>> unknownFieldsOnce() {
        Arbitrary<String> names = Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.of("units", "filters", "kernel", "rate", "shape", "activation", "bias",
                                "kernal", "Units", "comment", "color", "")),
                        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(6)))
                .filter(name -> !NODE_FIELDS.contains(name) && readableKey(name));
        Arbitrary<Map<String, String>> some = Arbitraries.maps(names, rawJson(2)).ofMinSize(1).ofMaxSize(3)
                .map(LinkedHashMap::new);
        return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(Map.of())), Tuple.of(1, some));
    }

    /**
     * JSON text as the reader stores it for an unknown field. Any JSON is generated, then put in
     * the reader's canonical form by reading it, since a node from a file holds nothing else.
     */
    static Arbitrary<String> rawJson(int depth) {
        return anyJson(depth).map(RandomGraphs::canonical);
    }

    static String canonical(String json) {
        String file = "{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": [{\"id\": \"x\", \"kind\": \"Flatten\", "
                + "\"field\": " + json + "}]}";
        try {
            return GraphJson.read(file, "canonical").nodes().get(0).unknownFields().get("field");
        } catch (GraphFormatException e) {
            throw new IllegalStateException("generated JSON does not parse: " + json, e);
        }
    }

    /** Whether a file can hold this field name (the parser refuses a lone surrogate in a key). */
    static boolean readableKey(String name) {
        try {
            GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": [{\"id\": \"x\", "
                    + "\"kind\": \"Flatten\", " + PlainJson.quote(name) + ": 1}]}", "key");
            return true;
        } catch (GraphFormatException e) {
            return false;
        }
    }

    private static Arbitrary<String> anyJson(int depth) {
        Arbitrary<String> number = Combinators.combine(
                        Arbitraries.bigIntegers().between(BigInteger.valueOf(-1_000_000_000_000L), BigInteger.valueOf(1_000_000_000_000L)),
                        Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(-400, 400))))
                .as((unscaled, scale) -> new BigDecimal(unscaled, scale).toString().replace('E', 'e'));
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.of("1", "true", "false", "null", "\"x\"", "-3", "1.5", "1e+3", "1E3", "-0", "0.0", "1e-7", "[ 1,2 ]"),
                number,
                Arbitraries.strings().all().ofMaxLength(6).map(PlainJson::quote));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array = anyJson(depth - 1).list().ofMaxSize(3)
                .map(items -> items.stream().collect(Collectors.joining(", ", "[", "]")));
        Arbitrary<String> object = Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(3), anyJson(depth - 1))
                .ofMaxSize(2)
                .map(m -> m.entrySet().stream().map(e -> PlainJson.quote(e.getKey()) + ": " + e.getValue())
                        .collect(Collectors.joining(", ", "{", "}")));
        return Arbitraries.frequencyOf(Tuple.of(4, scalar), Tuple.of(1, array), Tuple.of(1, object));
    }
}
