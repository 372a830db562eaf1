package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which DL4J vertex of a compiled graph holds each node's parameters, as {@link Dl4jMapping} says
 * ({@link Dl4jElement#parameters()}): the vertex named by the node's id for most kinds, a
 * helper vertex ({@code id + "/depthwise"} for a grouped convolution) where DL4J needs several
 * steps. {@link Weights} are keyed by node id; whatever moves them in and out of a network asks
 * here for the vertex. Node ids may contain {@code /}, so no rule on names could say it: a node
 * {@code a/depthwise} and the helper of a node {@code a} would look alike.
 *
 * @param byNode node id to the name of the vertex that holds its parameters, for every node
 *               the mapping placed
 */
public record ParameterVertices(Map<String, String> byNode) {

    public ParameterVertices {
        byNode = Collections.unmodifiableMap(new LinkedHashMap<>(byNode));
    }

    /**
     * The vertices of {@code graph}'s nodes as {@link Dl4jCompiler#compile} names them; a node the
     * analysis gives no shape, or that DL4J cannot express, is left out (it has no vertex).
     */
    public static ParameterVertices of(Graph graph) {
        Analysis analysis = GraphAnalysis.analyze(graph);
        Map<String, String> out = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            if (n.spec() instanceof LayerSpec.Input) {
                continue;
            }
            Optional<TensorType> output = analysis.node(n.id()).flatMap(NodeResult::output);
            List<Optional<TensorType>> inputs = n.inputs().stream()
                    .map(in -> analysis.node(in).flatMap(NodeResult::output)).toList();
            if (output.isEmpty() || inputs.stream().anyMatch(Optional::isEmpty)) {
                continue;
            }
            try {
                out.put(n.id(), Dl4jMapping.map(n.spec(), inputs.stream().map(Optional::get).toList(), output.get())
                        .parameters().name(n.id()));
            } catch (Dl4jMapping.Unsupported e) {
                // no vertex at all: nothing to hold
            }
        }
        return new ParameterVertices(out);
    }

    /** The vertex that holds {@code nodeId}'s parameters; its id when the mapping did not place it. */
    public String vertexOf(String nodeId) {
        return byNode.getOrDefault(nodeId, nodeId);
    }

    /**
     * The node whose parameters {@code vertex} holds: the node it was placed for, else the vertex's
     * own name (a network built from another graph, read as it is named).
     */
    public String nodeOf(String vertex) {
        for (Map.Entry<String, String> e : byNode.entrySet()) {
            if (e.getValue().equals(vertex)) {
                return e.getKey();
            }
        }
        return vertex;
    }
}
