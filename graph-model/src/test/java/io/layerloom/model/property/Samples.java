package io.layerloom.model.property;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;

/** Graphs shown in failure messages as their file text, since Graph.toString only counts nodes. */
final class Samples {

    private Samples() {
    }

    static String json(Graph g) {
        try {
            return "\n" + GraphJson.write(g);
        } catch (RuntimeException e) {
            return "\n(graph cannot be written: " + e + ") " + g.nodes();
        }
    }
}
