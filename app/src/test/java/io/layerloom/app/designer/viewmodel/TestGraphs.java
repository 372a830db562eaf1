package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.LayerSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small graphs for the panel view models' tests. */
final class TestGraphs {

    private TestGraphs() {
    }

    static LayerSpec spec(String kind) {
        return LayerKinds.byName(kind).orElseThrow().defaults();
    }

    static LayerSpec spec(String kind, String param, Object value) {
        LayerKind<?> k = LayerKinds.byName(kind).orElseThrow();
        return k.with(k.defaults(), param, value);
    }

    static Node at(String id, LayerSpec spec, double x, double y, String... inputs) {
        return new Node(id, spec, List.of(inputs), Optional.of(new Position(x, y)), Map.of());
    }

    /** input [1, 28, 28] -> conv (Conv2D 32 3x3, relu) -> flat -> out (Output 10): no problems. */
    static Graph small() {
        return new Graph("Small net", "", List.of(
                at("input", spec("Input"), 100, 50),
                at("conv", spec("Conv2D", "activation", io.layerloom.model.layer.ActivationFunction.RELU), 100, 160, "input"),
                at("flat", spec("Flatten"), 100, 270, "conv"),
                at("out", spec("Output"), 100, 380, "flat")));
    }
}
