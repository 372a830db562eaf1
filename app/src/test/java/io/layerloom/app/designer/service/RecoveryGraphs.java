package io.layerloom.app.designer.service;

import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Graphs for the recovery tests: an input and a chain of Dense layers, as a user adds them one by one. */
public final class RecoveryGraphs {

    private RecoveryGraphs() {
    }

    /** The edit that adds Dense layer {@code i} (1-based) after the last layer, with {@code units} units. */
    public static Edit addDense(Graph g, int units) {
        LayerKind<?> dense = LayerKinds.byName("Dense").orElseThrow();
        String previous = g.nodes().get(g.size() - 1).id();
        String id = g.freshId("dense");
        Node node = new Node(id, dense.with(dense.defaults(), "units", (long) units), List.of(previous),
                Optional.of(new Position(200, 60 + 110 * g.size())), Map.of());
        return new Edit.AddNode(node);
    }

    /** An input [784] followed by {@code layers} Dense layers of 10, 11, 12, ... units. */
    public static Graph chain(String name, int layers) {
        LayerKind<?> input = LayerKinds.byName("Input").orElseThrow();
        Graph g = new Graph(name, "", List.of(new Node("input", input.defaults(), List.of(),
                Optional.of(new Position(200, 60)), Map.of())));
        for (int i = 0; i < layers; i++) {
            g = addDense(g, 10 + i).apply(g);
        }
        return g;
    }

    /** The graphs a user passes through while adding {@code layers} layers to {@code start}. */
    public static List<Graph> edits(Graph start, int layers) {
        List<Graph> steps = new ArrayList<>();
        Graph g = start;
        for (int i = 0; i < layers; i++) {
            g = addDense(g, 10 + i).apply(g);
            steps.add(g);
        }
        return steps;
    }
}
