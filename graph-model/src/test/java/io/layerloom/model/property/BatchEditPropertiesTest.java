package io.layerloom.model.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A batch of removals or additions is done in one pass (issue 12: one edit at a time copied the
 * graph per node); the result, or the error, must be that of the edits one at a time.
 */
class BatchEditPropertiesTest {

    @Property(tries = 300)
    void aBatchOfRemovalsEqualsTheRemovalsOneAtATime(@ForAll("graphs") Graph g, @ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<Edit> removals = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (random.nextInt(3) == 0) {
                removals.add(new Edit.RemoveNode(random.nextInt(10) == 0 ? n.id() + "_gone" : n.id()));
            }
        }
        assertSame(() -> sequential(g, removals), () -> new Edit.Batch("Delete", removals).apply(g));
    }

    @Property(tries = 300)
    void aBatchOfAdditionsEqualsTheAdditionsOneAtATime(@ForAll("graphs") Graph g, @ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<Edit> additions = new ArrayList<>();
        List<String> ids = new ArrayList<>(g.nodes().stream().map(Node::id).toList());
        for (Node n : g.nodes()) {
            if (random.nextInt(3) == 0) {
                // a fresh id, now and then one taken, wired to an existing or just added node, now and then to nothing
                String id = random.nextInt(10) == 0 ? n.id() : "copy" + additions.size();
                List<String> inputs = ids.isEmpty() || random.nextInt(10) == 0 ? List.of("nowhere")
                        : List.of(ids.get(random.nextInt(ids.size())));
                additions.add(new Edit.AddNode(n.withId(id).withInputs(inputs)));
                ids.add(id);
            }
        }
        assertSame(() -> sequential(g, additions), () -> new Edit.Batch("Paste", additions).apply(g));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Graph> graphs() {
        return Arbitraries.oneOf(RandomGraphs.graphs(), PlausibleGraphs.graphs());
    }

    private static Graph sequential(Graph g, List<Edit> edits) {
        Graph out = g;
        for (Edit e : edits) {
            out = e.apply(out);
        }
        return out;
    }

    /** The same graph, or the same exception message. */
    private static void assertSame(Supplier<Graph> expected, Supplier<Graph> actual) {
        assertEquals(outcome(expected), outcome(actual));
    }

    private static Object outcome(Supplier<Graph> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            return "refused: " + e.getMessage();
        }
    }
}
