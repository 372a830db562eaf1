package io.layerloom.codegen.onnx;

import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.graph.Graph;
import java.util.Objects;

/**
 * What an ONNX import gives: the LayerLoom graph (no positions yet; the app lays it out) and every
 * layer's parameters in DL4J's layout, by the graph's node ids. The weights include what DL4J holds
 * beside the trainable values (a BatchNorm's running mean and log10 standard deviation), so their
 * count is the graph's trainable parameters plus those; the graph analysis's trainable count is the
 * source framework's.
 *
 * @param graph the imported graph
 * @param weights its parameters, one entry per layer that has any
 */
public record OnnxImported(Graph graph, Weights weights) {

    public OnnxImported {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(weights, "weights");
    }
}
