package io.layerloom.app.designer.service;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import java.util.ArrayList;
import java.util.List;

/** Placeholder until the layered layout lands: puts unplaced nodes in a column. */
public final class GraphLayoutService {

    private GraphLayoutService() {
    }

    /** Gives a position to every node that has none; placed nodes keep theirs. */
    public static Graph placeMissing(Graph g) {
        List<Node> nodes = new ArrayList<>();
        int i = 0;
        for (Node n : g.nodes()) {
            nodes.add(n.position().isPresent() ? n : n.withPosition(new Position(40, 40 + 110 * i)));
            i++;
        }
        return g.withNodes(nodes);
    }
}
