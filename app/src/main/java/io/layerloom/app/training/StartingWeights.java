package io.layerloom.app.training;

import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;

/**
 * Where training starts from when it continues a saved model: the saved parameters of every node
 * whose id, parameter keys and shapes are unchanged, copied into the new network; every other
 * node keeps its fresh initialisation. This is the fine-tuning case: the user deleted the old
 * classifier and added a new Output, so the body starts from what it learned and the head from
 * scratch. Which nodes went which way is said, never guessed silently.
 *
 * @param copied    node ids initialised from the saved model, in the network's order
 * @param fresh     node ids with parameters that the saved model has not (or not in this shape)
 * @param unused    node ids of the saved model that the new network has not, or not in this shape
 * @param vertices  which vertex of the network holds each node's parameters
 */
public record StartingWeights(Weights copy, List<String> copied, List<String> fresh, List<String> unused,
                              ParameterVertices vertices) {

    public StartingWeights {
        copied = List.copyOf(copied);
        fresh = List.copyOf(fresh);
        unused = List.copyOf(unused);
    }

    /** Matches {@code saved} to {@code net}'s layers by node id ({@code vertices} says which vertex is whose), keys and shapes. */
    public static StartingWeights match(ComputationGraph net, ParameterVertices vertices, Weights saved) {
        Weights.Builder copy = Weights.builder();
        List<String> copied = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (GraphVertex v : net.getVertices()) {
            if (!v.hasLayer() || v.numParams() == 0) {
                continue;
            }
            String id = vertices.nodeOf(v.getVertexName());
            Map<String, Weights.Array> from = saved.nodes().contains(id) ? saved.of(id) : Map.of();
            var table = v.getLayer().paramTable();
            boolean fits = !from.isEmpty() && from.keySet().equals(table.keySet())
                    && from.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue().shape(), table.get(e.getKey()).shape()));
            if (fits) {
                from.forEach((key, array) -> copy.put(id, key, array));
                copied.add(id);
            } else {
                fresh.add(id);
            }
        }
        List<String> unused = saved.nodes().stream().filter(id -> !copied.contains(id)).toList();
        return new StartingWeights(copy.build(), copied, fresh, unused, vertices);
    }

    /** Copies the matched parameters into {@code net}. */
    public void applyTo(ComputationGraph net) {
        NetworkWeights.apply(net, copy, vertices);
    }
}
