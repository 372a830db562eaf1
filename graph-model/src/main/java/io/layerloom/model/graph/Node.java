package io.layerloom.model.graph;

import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One layer in the graph.
 *
 * @param inputs        the ids of the nodes feeding this one, in order (Concat's order matters)
 * @param unknownFields fields a file gave this node that its kind does not have, kept as raw JSON
 *                      text so that nothing the user wrote is lost; the analysis reports them
 * @param trainable     false when the layer is frozen: training leaves its parameters as they
 *                      are (fine-tuning keeps a pretrained body and trains a new head)
 */
public record Node(String id, LayerSpec spec, List<String> inputs, Optional<Position> position,
                   Map<String, String> unknownFields, boolean trainable) {

    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(position, "position");
        unknownFields = Collections.unmodifiableMap(new LinkedHashMap<>(unknownFields));
        for (String field : unknownFields.keySet()) {
            if (RESERVED.contains(field) || spec.kind().param(field).isPresent()) {
                throw new IllegalArgumentException("'" + field + "' is a field of " + spec.kind().name()
                        + ", not an unknown one");
            }
        }
    }

    /** A trainable node: every node is, unless its file or an edit freezes it. */
    public Node(String id, LayerSpec spec, List<String> inputs, Optional<Position> position,
                Map<String, String> unknownFields) {
        this(id, spec, inputs, position, unknownFields, true);
    }

    /** Fields every node has besides its parameters. */
    public static final java.util.Set<String> RESERVED = java.util.Set.of("id", "kind", "inputs", "position", "trainable");

    public static Node of(String id, LayerSpec spec, String... inputs) {
        return new Node(id, spec, List.of(inputs), Optional.empty(), Map.of());
    }

    public LayerKind<?> kind() {
        return spec.kind();
    }

    /** The node with other parameters (or another kind); unknown fields the new kind defines are dropped. */
    public Node withSpec(LayerSpec newSpec) {
        Map<String, String> kept = new LinkedHashMap<>(unknownFields);
        kept.keySet().removeIf(f -> newSpec.kind().param(f).isPresent());
        return new Node(id, newSpec, inputs, position, kept, trainable);
    }

    public Node withInputs(List<String> newInputs) {
        return new Node(id, spec, newInputs, position, unknownFields, trainable);
    }

    public Node withPosition(Position p) {
        return new Node(id, spec, inputs, Optional.of(p), unknownFields, trainable);
    }

    public Node withId(String newId) {
        return new Node(newId, spec, inputs, position, unknownFields, trainable);
    }

    public Node withUnknownFields(Map<String, String> fields) {
        return new Node(id, spec, inputs, position, fields, trainable);
    }

    /** The node frozen ({@code false}) or trainable again; the rest is kept. */
    public Node withTrainable(boolean value) {
        return new Node(id, spec, inputs, position, unknownFields, value);
    }
}
