package io.layerloom.model.layer;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerSpec.*;
import java.util.ArrayList;
import java.util.List;

/**
 * For each layer kind, the smallest complete network that holds the kind's default spec: an
 * Input of a type the kind takes (a second branch for merges), the layer itself, and a head that
 * ends in an Output for whatever the layer gives (nothing more for the output kinds). Nothing here
 * is written per kind: the Input is the first of {@link #INPUTS} on which the analysis accepts
 * the layer, and the head follows from the shape the analysis gives it, so a new kind gets its
 * sample from {@link LayerKinds} alone, or fails, naming itself, when it takes none of these
 * inputs. Node ids start with the kind's name and the layer itself has the kind's name as its
 * id, so the samples of every kind fit in one graph ({@link #everyKind()}). Tests that must see
 * every kind (the kind contract, the DL4J oracle, the generated source) take their graphs here.
 */
public final class KindSamples {

    /**
     * The inputs tried, in order: an image with enough channels for LocalResponseNorm's default
     * window of 5, a sequence, a vector, and a sequence of indices (one per timestep) as an
     * Embedding reads them.
     */
    static final List<Dims> INPUTS = List.of(Dims.of(8, 12, 12), Dims.of(16, 12), Dims.of(20), Dims.of(1, 12));

    private KindSamples() {
    }

    /** The sample network of {@code kind}; the layer's own node has the id {@code kind.name()}. */
    public static Graph of(LayerKind<?> kind) {
        return new Graph(kind.name(), "the default " + kind.name() + " in a complete network", nodes(kind));
    }

    /** Every kind's sample, side by side in one graph with one input and one output per kind. */
    public static Graph everyKind() {
        List<Node> nodes = new ArrayList<>();
        for (LayerKind<?> kind : LayerKinds.all()) {
            nodes.addAll(nodes(kind));
        }
        return new Graph("Every kind", "the default spec of every layer kind", nodes);
    }

    private static List<Node> nodes(LayerKind<?> kind) {
        List<String> refused = new ArrayList<>();
        // A kind without inputs (Input) is tried once, with no Input node before it.
        for (Dims input : kind.minInputs() == 0 ? List.<Dims>of(Dims.of()) : INPUTS) {
            // The second branch matters only to a kind with several inputs.
            for (LayerSpec branch : kind.minInputs() > 1 ? BRANCHES : BRANCHES.subList(0, 1)) {
                List<Node> nodes = body(kind, input, branch);
                Analysis analysis = GraphAnalysis.analyze(new Graph(kind.name(), "", nodes));
                List<Diagnostic> errors = analysis.diagnosticsFor(kind.name()).stream().filter(Diagnostic::isError).toList();
                if (errors.isEmpty()) {
                    if (kind.family() != Family.OUTPUT) {
                        nodes.addAll(head(kind.name(), analysis.node(kind.name()).orElseThrow().output().orElseThrow().dims()));
                    }
                    return nodes;
                }
                refused.add(input + ": " + errors);
            }
        }
        throw new IllegalStateException("layer kind " + kind.name() + " takes none of KindSamples.INPUTS with its default "
                + "parameters; add an input it takes. Refused: " + refused);
    }

    /**
     * The layer on a merge's further inputs, tried in order: one that keeps the input's shape
     * (Add, Concat), then a global pooling, whose vector a per-channel scale takes (ChannelScale).
     */
    static final List<LayerSpec> BRANCHES = List.of(new ActivationLayer(ActivationFunction.RELU), new GlobalAvgPool());

    /** The Input (none for a kind without inputs) and the layer, with its id as the kind's name. */
    private static List<Node> body(LayerKind<?> kind, Dims input, LayerSpec branch) {
        String id = kind.name();
        List<Node> nodes = new ArrayList<>();
        if (kind.minInputs() == 0) {
            nodes.add(Node.of(id, kind.defaults()));
            return nodes;
        }
        String in = id + "_in";
        nodes.add(Node.of(in, new Input(input)));
        List<String> inputs = new ArrayList<>(List.of(in));
        for (int i = 1; i < kind.minInputs(); i++) {
            String other = id + "_other" + i;
            nodes.add(Node.of(other, branch, in));
            inputs.add(other);
        }
        nodes.add(Node.of(id, kind.defaults(), inputs.toArray(String[]::new)));
        return nodes;
    }

    /** Flatten and a softmax Output after an image, an RnnOutput after a sequence, a softmax Output after a vector. */
    private static List<Node> head(String id, List<Long> dims) {
        String out = id + "_out";
        return switch (dims.size()) {
            case 3 -> List.of(Node.of(id + "_flat", new Flatten(), id),
                    Node.of(out, new Output(2, ActivationFunction.SOFTMAX, Loss.MCXENT, true), id + "_flat"));
            case 2 -> List.of(Node.of(out, new RnnOutput(2, ActivationFunction.SOFTMAX, Loss.MCXENT, true), id));
            default -> List.of(Node.of(out, new Output(2, ActivationFunction.SOFTMAX, Loss.MCXENT, true), id));
        };
    }
}
