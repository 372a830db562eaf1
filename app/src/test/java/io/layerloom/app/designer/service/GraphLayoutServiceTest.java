package io.layerloom.app.designer.service;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.template.Template;
import io.layerloom.model.template.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static io.layerloom.app.designer.service.GraphLayoutService.NODE_HEIGHT;
import static io.layerloom.app.designer.service.GraphLayoutService.NODE_WIDTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphLayoutServiceTest {

    @Test
    void everyTemplateIsLaidOutWithoutOverlapsAndTopToBottom() {
        for (Template t : Templates.all()) {
            Graph g = GraphLayoutService.layoutAll(Templates.graph(t));
            List<String> problems = new ArrayList<>();
            for (Node n : g.nodes()) {
                if (n.position().isEmpty()) {
                    problems.add(n.id() + " has no position");
                }
            }
            for (int i = 0; i < g.size(); i++) {
                for (int j = i + 1; j < g.size(); j++) {
                    Position a = g.nodes().get(i).position().orElseThrow();
                    Position b = g.nodes().get(j).position().orElseThrow();
                    boolean apart = a.x() + NODE_WIDTH <= b.x() || b.x() + NODE_WIDTH <= a.x()
                            || a.y() + NODE_HEIGHT <= b.y() || b.y() + NODE_HEIGHT <= a.y();
                    if (!apart) {
                        problems.add(g.nodes().get(i).id() + " overlaps " + g.nodes().get(j).id());
                    }
                }
            }
            for (Node n : g.nodes()) {
                for (String in : n.inputs()) {
                    double inputBottom = g.require(in).position().orElseThrow().y() + NODE_HEIGHT;
                    if (n.position().orElseThrow().y() <= inputBottom) {
                        problems.add(n.id() + " is not below its input " + in);
                    }
                }
            }
            assertEquals(List.of(), problems, t.id());
        }
    }

    @Test
    void layoutIsDeterministic() {
        Graph g = Templates.graph(Templates.byId("resnet18").orElseThrow());
        assertEquals(GraphLayoutService.layoutAll(g), GraphLayoutService.layoutAll(g));
    }

    @Test
    void placeMissingKeepsAFullyPlacedGraphAndLaysOutOneWithAGap() {
        Graph placed = GraphLayoutService.layoutAll(chain(3));
        assertSame(placed, GraphLayoutService.placeMissing(placed));
        Graph partly = placed.replace("d1", n -> new Node(n.id(), n.spec(), n.inputs(), Optional.empty(), Map.of()));
        Graph fixed = GraphLayoutService.placeMissing(partly);
        assertTrue(fixed.nodes().stream().allMatch(n -> n.position().isPresent()));
        assertEquals(placed, fixed);
    }

    @Test
    void placeMissingKeepsAUsersTightArrangement() {
        Graph tight = GraphLayoutService.layoutAll(chain(3));
        tight = tight.replace("d1", n -> n.withPosition(new io.layerloom.model.graph.Position(
                n.position().orElseThrow().x() + 5, n.position().orElseThrow().y() - 60)));
        assertSame(tight, GraphLayoutService.placeMissing(tight));
    }

    /** Every template opens as the layout would place it: cards apart, with room for the wire labels between. */
    @Test
    void theTemplatesAreStoredAsTheLayoutPlacesThem() throws Exception {
        for (var t : Templates.all()) {
            // A template ships with its blocks collapsed; expanded, its layers are where the layout puts them.
            Graph g = Templates.graph(t);
            for (int i = g.blocks().size() - 1; i >= 0; i--) {
                g = new io.layerloom.model.graph.Edit.Ungroup(g.blocks().get(i).id()).apply(g);
            }
            List<Position> laidOut = GraphLayoutService.positions(g);
            if (Boolean.getBoolean("layerloom.regenerate")
                    && !laidOut.equals(g.nodes().stream().map(n -> n.position().orElse(null)).toList())) {
                // Written flat: graph-model's TemplateBlocksTest, regenerating too, groups it into its blocks again.
                g = GraphLayoutService.layoutAll(g);
                java.nio.file.Files.writeString(java.nio.file.Path.of("../graph-model/src/main/resources/io/layerloom/model/templates")
                        .resolve(t.resource()), io.layerloom.model.json.GraphJson.write(g));
            }
            assertEquals(laidOut, g.nodes().stream().map(n -> n.position().orElseThrow()).toList(),
                    t.id() + ": regenerate its positions with -Dlayerloom.regenerate=true (then TemplateBlocksTest's blocks)");
            List<io.layerloom.model.graph.Position> p = g.nodes().stream().map(n -> n.position().orElseThrow()).toList();
            for (int i = 0; i < p.size(); i++) {
                for (int j = i + 1; j < p.size(); j++) {
                    boolean apart = Math.abs(p.get(i).x() - p.get(j).x()) >= GraphLayoutService.NODE_WIDTH
                            || Math.abs(p.get(i).y() - p.get(j).y()) >= GraphLayoutService.NODE_HEIGHT + 16;
                    String a = g.nodes().get(i).id();
                    String b = g.nodes().get(j).id();
                    assertTrue(apart, t.id() + ": " + a + " and " + b + " crowd each other");
                }
            }
        }
    }

    @Test
    void aCycleOrAWireToAMissingNodeDoesNotBreakTheLayout() {
        LayerSpec dense = LayerKinds.byName("Dense").orElseThrow().defaults();
        Graph g = new Graph("bad", "", List.of(Node.of("a", dense, "b"), Node.of("b", dense, "a"), Node.of("c", dense, "ghost")));
        Graph out = GraphLayoutService.layoutAll(g);
        assertFalse(out.nodes().stream().anyMatch(n -> n.position().isEmpty()));
    }

    /** How long ELK takes is measured by the benchmarks (LayoutBenchmark); here, what it makes of a long graph. */
    @Test
    void a500NodeChainBecomesOneColumnTopToBottom() {
        Graph g = GraphLayoutService.layoutAll(chain(500));

        List<String> problems = new ArrayList<>();
        for (Node n : g.nodes()) {
            for (String in : n.inputs()) {
                double inputBottom = g.require(in).position().orElseThrow().y() + NODE_HEIGHT;
                if (n.position().orElseThrow().y() <= inputBottom) {
                    problems.add(n.id() + " is not below its input " + in);
                }
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(1, g.nodes().stream().map(n -> n.position().orElseThrow().x()).distinct().count(),
                "a chain has one column");
    }

    static Graph chain(int n) {
        LayerSpec dense = LayerKinds.byName("Dense").orElseThrow().defaults();
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of("d0", LayerKinds.byName("Input").orElseThrow().defaults()));
        for (int i = 1; i < n; i++) {
            nodes.add(Node.of("d" + i, dense, "d" + (i - 1)));
        }
        return new Graph("chain", "", nodes);
    }
}
