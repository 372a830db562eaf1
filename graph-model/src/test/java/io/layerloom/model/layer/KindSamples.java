package io.layerloom.model.layer;

import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerSpec.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * For each layer kind, the smallest complete network that holds the kind's default spec: an
 * Input of the type the kind takes (a second branch for merges), the layer itself, and a head
 * that ends in an Output for whatever the layer gives (nothing more for the output kinds). What
 * each kind is fed is a {@link LayerVisitor}, so a new kind does not compile here until it says;
 * the head is chosen from the analysed shape. Node ids start with the kind's name and the layer
 * itself has the kind's name as its id, so the samples of every kind fit in one graph
 * ({@link #everyKind()}). Tests that must see every kind (the kind contract, the DL4J oracle, the
 * generated source) take their graphs from here.
 */
public final class KindSamples {

    /** An image with enough channels for LocalResponseNorm's default window of 5. */
    static final Dims IMAGE = Dims.of(8, 12, 12);
    static final Dims VECTOR = Dims.of(20);
    static final Dims SEQUENCE = Dims.of(16, 12);
    /** A sequence of 12 indices, one per timestep, as an Embedding reads them. */
    static final Dims INDICES = Dims.of(1, 12);

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
        String id = kind.name();
        LayerSpec spec = kind.defaults();
        List<Node> nodes = new ArrayList<>();
        Optional<Dims> fed = spec.accept(new Feed());
        if (fed.isEmpty()) {
            nodes.add(Node.of(id, spec));
        } else {
            String in = id + "_in";
            nodes.add(Node.of(in, new Input(fed.get())));
            List<String> inputs = new ArrayList<>(List.of(in));
            for (int i = 1; i < kind.minInputs(); i++) {
                String other = id + "_other" + i;
                nodes.add(Node.of(other, new ActivationLayer(ActivationFunction.RELU), in));
                inputs.add(other);
            }
            nodes.add(Node.of(id, spec, inputs.toArray(String[]::new)));
        }
        if (kind.family() != Family.OUTPUT) {
            nodes.addAll(head(id, new Graph(id, "", nodes)));
        }
        return nodes;
    }

    /** Flatten and a softmax Output after an image, a softmax Output after a vector, an RnnOutput after a sequence. */
    private static List<Node> head(String id, Graph body) {
        List<Long> dims = GraphAnalysis.analyze(body).node(id).orElseThrow().output()
                .orElseThrow(() -> new IllegalStateException("the sample of " + id + " has no shape: "
                        + GraphAnalysis.analyze(body).diagnostics()))
                .dims();
        String out = id + "_out";
        return switch (dims.size()) {
            case 3 -> List.of(Node.of(id + "_flat", new Flatten(), id),
                    Node.of(out, new Output(2, ActivationFunction.SOFTMAX, Loss.MCXENT, true), id + "_flat"));
            case 2 -> List.of(Node.of(out, new RnnOutput(2, ActivationFunction.SOFTMAX, Loss.MCXENT, true), id));
            default -> List.of(Node.of(out, new Output(2, ActivationFunction.SOFTMAX, Loss.MCXENT, true), id));
        };
    }

    /** The input each kind is fed in its sample; none for Input. */
    private static final class Feed implements LayerVisitor<Optional<Dims>> {
        private static Optional<Dims> image() {
            return Optional.of(IMAGE);
        }

        private static Optional<Dims> vector() {
            return Optional.of(VECTOR);
        }

        private static Optional<Dims> sequence() {
            return Optional.of(SEQUENCE);
        }

        public Optional<Dims> input(Input s) { return Optional.empty(); }
        public Optional<Dims> dense(Dense s) { return vector(); }
        public Optional<Dims> conv2D(Conv2D s) { return image(); }
        public Optional<Dims> deconv2D(Deconv2D s) { return image(); }
        public Optional<Dims> depthwiseConv2D(DepthwiseConv2D s) { return image(); }
        public Optional<Dims> separableConv2D(SeparableConv2D s) { return image(); }
        public Optional<Dims> maxPool2D(MaxPool2D s) { return image(); }
        public Optional<Dims> avgPool2D(AvgPool2D s) { return image(); }
        public Optional<Dims> globalAvgPool(GlobalAvgPool s) { return image(); }
        public Optional<Dims> globalMaxPool(GlobalMaxPool s) { return image(); }
        public Optional<Dims> zeroPadding2D(ZeroPadding2D s) { return image(); }
        public Optional<Dims> cropping2D(Cropping2D s) { return image(); }
        public Optional<Dims> upsampling2D(Upsampling2D s) { return image(); }
        public Optional<Dims> batchNorm(BatchNorm s) { return image(); }
        public Optional<Dims> localResponseNorm(LocalResponseNorm s) { return image(); }
        public Optional<Dims> dropout(Dropout s) { return image(); }
        public Optional<Dims> activation(ActivationLayer s) { return image(); }
        public Optional<Dims> flatten(Flatten s) { return image(); }
        public Optional<Dims> reshape(Reshape s) { return image(); }
        public Optional<Dims> embedding(Embedding s) { return Optional.of(INDICES); }
        public Optional<Dims> simpleRnn(SimpleRNN s) { return sequence(); }
        public Optional<Dims> lstm(LSTM s) { return sequence(); }
        public Optional<Dims> add(Add s) { return image(); }
        public Optional<Dims> concat(Concat s) { return image(); }
        public Optional<Dims> multiply(Multiply s) { return image(); }
        public Optional<Dims> output(Output s) { return vector(); }
        public Optional<Dims> rnnOutput(RnnOutput s) { return sequence(); }
    }
}
