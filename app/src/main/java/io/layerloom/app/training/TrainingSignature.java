package io.layerloom.app.training;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.Family;
import io.layerloom.model.layer.LayerSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What data a graph trains on, read from its analysis: the shape its Input layer produces and the
 * number of units of its output layer (the classes). {@code layerloom train}, {@code layerloom
 * evaluate} and the Training tab all ask here, so that the three agree on which layer is "the"
 * Input and which is "the" output: the first of each in the graph's order.
 */
public record TrainingSignature(List<Long> inputShape, long outputUnits) {

    public TrainingSignature {
        inputShape = List.copyOf(Objects.requireNonNull(inputShape, "inputShape"));
    }

    /** Both halves, once the analysis knows them (it may lag the graph by an edit). */
    public static Optional<TrainingSignature> of(Graph graph, Analysis analysis) {
        Optional<List<Long>> shape = inputShape(graph, analysis);
        Optional<Long> units = outputUnits(graph, analysis);
        return shape.isPresent() && units.isPresent()
                ? Optional.of(new TrainingSignature(shape.get(), units.get())) : Optional.empty();
    }

    /** The dimensions the first Input layer produces, e.g. [1, 28, 28] or [4]. */
    public static Optional<List<Long>> inputShape(Graph graph, Analysis analysis) {
        return inputs(graph).stream().findFirst().flatMap(n -> output(analysis, n)).map(List::copyOf);
    }

    /** The first output layer's units: its output's first dimension. */
    public static Optional<Long> outputUnits(Graph graph, Analysis analysis) {
        return outputs(graph).stream().findFirst().flatMap(n -> output(analysis, n)).filter(d -> !d.isEmpty())
                .map(d -> d.get(0));
    }

    /** The graph's Input layers, in the graph's order. */
    public static List<Node> inputs(Graph graph) {
        return graph.nodes().stream().filter(n -> n.spec() instanceof LayerSpec.Input).toList();
    }

    /** The graph's output layers (Output, RnnOutput, LossLayer), in the graph's order. */
    public static List<Node> outputs(Graph graph) {
        return graph.nodes().stream().filter(n -> n.kind().family() == Family.OUTPUT).toList();
    }

    private static Optional<List<Long>> output(Analysis analysis, Node node) {
        return analysis == null ? Optional.empty()
                : analysis.node(node.id()).flatMap(NodeResult::output).map(TensorType::dims);
    }
}
