package io.layerloom.model.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.IncrementalShapes;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.LayerSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link IncrementalShapes} answers as {@link GraphAnalysis} does for the nodes put so far, however
 * they are put: in any order (inputs missing for a while), with cycles, parameters out of range,
 * too many inputs, sizes past 64 bits, and nodes replaced after their answers were given.
 */
class IncrementalShapesPropertiesTest {

    @Provide
    Arbitrary<Graph> anyGraph() {
        return Arbitraries.oneOf(RandomGraphs.graphs(), PlausibleGraphs.graphs(), GrowthGraphs.graphs());
    }

    /** The first node of each id, as the analysis reads a graph with duplicated ids. */
    private static List<Node> distinct(Graph g) {
        Map<String, Node> first = new LinkedHashMap<>();
        g.nodes().forEach(n -> first.putIfAbsent(n.id(), n));
        return new ArrayList<>(first.values());
    }

    private static void assertSameAsAnalysis(IncrementalShapes shapes, String when) {
        Analysis analysis = GraphAnalysis.analyze(new Graph("g", "", List.copyOf(shapes.nodes().values())));
        for (String id : shapes.nodes().keySet()) {
            Optional<TensorType> expected = analysis.node(id).flatMap(r -> r.output());
            assertEquals(expected, shapes.output(id), "'" + id + "' " + when + ": " + shapes.nodes().values());
        }
    }

    @Property(tries = 400)
    void answersAsTheAnalysisWhilePutInAnyOrder(@ForAll("anyGraph") Graph graph, @ForAll Random random) {
        List<Node> nodes = distinct(graph);
        if (random.nextBoolean()) {
            Collections.shuffle(nodes, random);
        }
        IncrementalShapes shapes = new IncrementalShapes();
        for (Node n : nodes) {
            shapes.put(n);
            if (random.nextInt(3) == 0) {
                assertSameAsAnalysis(shapes, "after putting '" + n.id() + "'");
            }
        }
        assertSameAsAnalysis(shapes, "at the end");
    }

    @Property(tries = 300)
    void forgetsWhatAReplacedNodeDecided(@ForAll("anyGraph") Graph graph, @ForAll("anyGraph") Graph other,
                                         @ForAll Random random) {
        List<Node> nodes = distinct(graph);
        List<Node> donors = new ArrayList<>(other.nodes());
        donors.addAll(nodes);
        IncrementalShapes shapes = new IncrementalShapes();
        nodes.forEach(shapes::put);
        assertSameAsAnalysis(shapes, "before any replacement");
        for (int k = 0; k < 4 && !nodes.isEmpty(); k++) {
            Node target = nodes.get(random.nextInt(nodes.size()));
            Node donor = donors.get(random.nextInt(donors.size()));
            Node replaced = switch (random.nextInt(3)) {
                case 0 -> shapes.nodes().get(target.id()).withSpec(donor.spec());
                case 1 -> shapes.nodes().get(target.id()).withInputs(donor.inputs());
                default -> donor.withId(target.id());
            };
            shapes.put(replaced);
            assertSameAsAnalysis(shapes, "after replacing it with " + replaced);
        }
    }

    /** A chain asked for its last node after every step infers each node once, not the whole prefix each time. */
    @Example
    void eachNodeOfAGrowingChainIsInferredOnce() {
        IncrementalShapes shapes = new IncrementalShapes();
        shapes.put(Node.of("in", new LayerSpec.Input(Dims.of(3, 8, 8))));
        String last = "in";
        for (int i = 0; i < 300; i++) {
            String id = "act" + i;
            shapes.put(Node.of(id, new LayerSpec.ActivationLayer(ActivationFunction.RELU), last));
            assertEquals(Optional.of(new TensorType.Image(3, 8, 8)), shapes.output(id));
            last = id;
        }
        assertEquals(301, shapes.inferences());
        // Replacing the input forgets the whole chain: asked again, each node is inferred once more.
        shapes.put(Node.of("in", new LayerSpec.Input(Dims.of(5, 4, 4))));
        assertEquals(Optional.of(new TensorType.Image(5, 4, 4)), shapes.output(last));
        assertEquals(602, shapes.inferences());
    }

    /** An input put after its reader was answered (unknown then) makes the reader known. */
    @Example
    void aLateInputIsSeen() {
        IncrementalShapes shapes = new IncrementalShapes();
        shapes.put(Node.of("flat", new LayerSpec.Flatten(), "in"));
        assertEquals(Optional.empty(), shapes.output("flat"));
        shapes.put(Node.of("in", new LayerSpec.Input(Dims.of(2, 3, 4))));
        assertEquals(Optional.of(new TensorType.Vector(24)), shapes.output("flat"));
    }
}
