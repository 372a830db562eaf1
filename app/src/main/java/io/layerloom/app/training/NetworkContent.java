package io.layerloom.app.training;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerSpec;
import java.util.List;
import java.util.Objects;

/**
 * What of a graph a trained network is made of: each layer's name, settings and inputs, in the
 * graph's order. Two graphs with equal content compile to the same DL4J network, so a network
 * trained on one belongs to the other; positions on the canvas, the graph's name and description,
 * frozen marks and the training settings change how it was trained, not what it is. The window
 * asks it before exporting a trained network for the open graph.
 */
public record NetworkContent(List<Layer> layers) {

    /** One layer as the network has it. */
    public record Layer(String id, LayerSpec spec, List<String> inputs) {
        public Layer {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(spec, "spec");
            inputs = List.copyOf(inputs);
        }
    }

    public NetworkContent {
        layers = List.copyOf(layers);
    }

    public static NetworkContent of(Graph graph) {
        return new NetworkContent(graph.nodes().stream().map(NetworkContent::layer).toList());
    }

    private static Layer layer(Node n) {
        return new Layer(n.id(), n.spec(), n.inputs());
    }
}
