package io.layerloom.model.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.ParamDef;
import io.layerloom.model.layer.ParamType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The file format is canonical: read(write(g)) is g, and writing is a pure function of the value. */
class JsonRoundTripPropertiesTest {

    @Provide
    Arbitrary<Graph> anyGraph() {
        return Arbitraries.oneOf(RandomGraphs.graphs(), PlausibleGraphs.graphs());
    }

    static Graph read(String text) {
        try {
            return GraphJson.read(text, "property.json");
        } catch (GraphFormatException e) {
            throw new AssertionError("cannot read what was written: " + e.getMessage() + "\n" + text, e);
        }
    }

    @Property(tries = 1000)
    void readOfWriteIsTheSameGraph(@ForAll("anyGraph") Graph graph) {
        String text = GraphJson.write(graph);

        assertEquals(graph, read(text), text);
    }

    @Property(tries = 500)
    void writingIsDeterministicAndAFixedPoint(@ForAll("anyGraph") Graph graph) {
        String text = GraphJson.write(graph);
        Graph copy = new Graph(graph.name(), graph.description(), List.copyOf(graph.nodes()));

        assertEquals(text, GraphJson.write(copy));
        assertEquals(text, GraphJson.write(read(text)));
    }

    @Provide
    Arbitrary<List<RandomEdits.Choice>> edits() {
        return RandomEdits.choices().list().ofMaxSize(15);
    }

    /**
     * Every graph the editor can reach from a file round-trips too: renames to odd ids, any
     * parameter value, moves, rewiring, batches. A SetSpec to a kind that has a parameter named
     * like one of the file's unknown fields is left out: that is the bug shown by
     * {@link #changingTheKindKeepsTheGraphWritable}.
     */
    @Property(tries = 500)
    void graphsReachedByEditsRoundTrip(@ForAll("anyGraph") Graph graph, @ForAll("edits") List<RandomEdits.Choice> edits) {
        Graph current = graph;
        for (RandomEdits.Choice choice : edits) {
            Optional<Edit> edit = RandomEdits.edit(current, choice).filter(e -> !clashesWithUnknownFields(graph, e));
            if (edit.isEmpty()) {
                continue;
            }
            current = edit.get().apply(current);
            String text = GraphJson.write(current);
            assertEquals(current, read(text), "after " + edit.get() + "\n" + text);
        }
    }

    /** Whether the edit gives some node a kind with a parameter named like an unknown field of the graph. */
    private static boolean clashesWithUnknownFields(Graph original, Edit e) {
        if (e instanceof Edit.Batch b) {
            return b.edits().stream().anyMatch(inner -> clashesWithUnknownFields(original, inner));
        }
        return e instanceof Edit.SetSpec set && original.nodes().stream()
                .flatMap(n -> n.unknownFields().keySet().stream())
                .anyMatch(field -> set.spec().kind().param(field).isPresent());
    }

    /**
     * A REAL parameter or a coordinate of -0.0 is a legal value (a drag to the left of 0 that
     * ends at 0, a sign flip in the inspector), and records compare doubles with Double.compare,
     * so -0.0 and 0.0 are different graphs.
     */
    @Property(tries = 500)
    void negativeZeroSurvivesTheRoundTrip(@ForAll("anyGraph") Graph graph) {
        if (graph.size() == 0) {
            return;
        }
        Node first = graph.nodes().get(0);
        Graph moved = new Edit.Move(Map.of(first.id(), new Position(-0.0, 10))).apply(graph);
        String text = GraphJson.write(moved);

        assertEquals(moved.nodes().get(0).position(), read(text).nodes().get(0).position(), text);
        assertEquals(moved, read(text), text);
    }

    @Provide
    Arbitrary<Node> nodeWithForeignField() {
        // Every (old kind, parameter of another kind that the old one lacks), listed up front so
        // that no generator has to filter its way to one.
        List<Node> nodes = new java.util.ArrayList<>();
        for (LayerKind<?> from : LayerKinds.all()) {
            for (LayerKind<?> to : LayerKinds.all()) {
                for (ParamDef p : to.params()) {
                    if (to != from && from.param(p.name()).isEmpty()) {
                        nodes.add(new Node("n", from.defaults(), List.of(), Optional.empty(),
                                Map.of(p.name(), canonicalDefault(p))));
                    }
                }
            }
        }
        return Arbitraries.of(nodes);
    }

    private static String canonicalDefault(ParamDef p) {
        return p.type() == ParamType.REAL ? "1" : "true";
    }

    /**
     * Changing a node's kind keeps the fields its old kind did not know. When the new kind has a
     * parameter of that name (a file's "units" on a Conv2D, then the kind switched to Dense), the
     * node must still be saved as a file that opens again.
     */
    @Property(tries = 500)
    void changingTheKindKeepsTheGraphWritable(@ForAll("nodeWithForeignField") Node node) {
        String field = node.unknownFields().keySet().iterator().next();
        LayerKind<?> target = LayerKinds.all().stream().filter(k -> k.param(field).isPresent()).findFirst().orElseThrow();
        Graph graph = new Graph("g", "", List.of(node));
        LayerSpec spec = target.defaults();

        Graph changed = new Edit.SetSpec(node.id(), spec).apply(graph);

        assertEquals(changed, read(GraphJson.write(changed)));
    }
}
