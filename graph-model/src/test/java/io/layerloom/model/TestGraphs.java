package io.layerloom.model;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;

/** Graphs written the way users write them: as JSON text. */
public final class TestGraphs {

    private TestGraphs() {
    }

    /** The example file. */
    public static final String TINY = """
            {
              "format": "layerloom-graph",
              "version": 1,
              "name": "tiny",
              "nodes": [
                {"id": "in",  "kind": "Input",     "shape": [1, 28, 28]},
                {"id": "c1",  "kind": "Conv2D",    "inputs": ["in"], "filters": 8, "kernel": 5, "activation": "relu"},
                {"id": "p1",  "kind": "MaxPool2D", "inputs": ["c1"], "kernel": 2},
                {"id": "f",   "kind": "Flatten",   "inputs": ["p1"]},
                {"id": "out", "kind": "Output",    "inputs": ["f"], "units": 10, "activation": "softmax", "loss": "mcxent"}
              ]
            }
            """;

    /** A graph from a list of node objects, one per argument, wrapped in the file header. */
    public static Graph nodes(String... nodeJson) {
        return parse("{\"format\": \"layerloom-graph\", \"version\": 1, \"name\": \"t\", \"nodes\": ["
                + String.join(",\n", nodeJson) + "]}");
    }

    public static Graph parse(String text) {
        try {
            return GraphJson.read(text, "test.json");
        } catch (GraphFormatException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
