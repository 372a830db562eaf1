package io.layerloom.app.training;

import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A graph with the weights of its saved model, ready to predict: what {@code layerloom predict}
 * runs. The network is built from the graph as it is now (so the graph file decides what runs)
 * and the saved model supplies only the parameters, through {@link NetworkWeights}; a model
 * saved from another version of the graph therefore fails by name (the node, the parameter, both
 * shapes) instead of running with some layers left at their seed's initial values.
 */
public final class TrainedNetwork {

    /** The saved model does not fit the graph; the message names each node that differs. */
    public static final class MismatchException extends Exception {
        private static final long serialVersionUID = 1L;

        MismatchException(String message) {
            super(message);
        }
    }

    /** One batch of outputs: {@code shape} is [examples, output dims...], {@code values} in C order. */
    public record Output(List<Long> shape, float[] values) {
        public Output {
            shape = List.copyOf(shape);
        }
    }

    /** A class and its probability, as the top-k list shows them. */
    public record Ranked(int index, double probability) {
    }

    private final ComputationGraph net;
    private final List<Long> inputShape;
    private final InputBatch input;

    private TrainedNetwork(ComputationGraph net, List<Long> inputShape) {
        this.net = net;
        this.inputShape = List.copyOf(inputShape);
        this.input = new InputBatch(inputShape);
    }

    /**
     * Builds {@code configuration} (a graph's compilation, one input and one output) and gives it
     * the parameters of the model saved in {@code model}; {@code vertices} is the same compilation's.
     *
     * @param inputShape one example's shape, as the graph's Input produces it
     * @throws IOException       the model file cannot be read as a DL4J model
     * @throws MismatchException its parameters do not fit the graph
     */
    public static TrainedNetwork load(ComputationGraphConfiguration configuration, ParameterVertices vertices,
                                      List<Long> inputShape, Path model) throws IOException, MismatchException {
        Weights weights;
        try {
            weights = NetworkWeights.readFile(model, vertices);
        } catch (IOException e) {
            throw new IOException(model + ": not a DL4J model file (" + e.getMessage() + ")", e);
        }
        ComputationGraph built = new ComputationGraph(configuration.clone());
        built.init();
        // set up as a restored model is: inference needs none of the training set-up's backward-pass work
        ComputationGraph net = TrainingSetUp.forEvaluation(built);
        List<String> problems = new ArrayList<>();
        for (GraphVertex v : net.getVertices()) {
            if (v.hasLayer() && v.numParams() > 0 && !weights.nodes().contains(vertices.nodeOf(v.getVertexName()))) {
                problems.add("node '" + vertices.nodeOf(v.getVertexName()) + "': the model file has no parameters for it");
            }
        }
        if (!problems.isEmpty()) {
            throw new MismatchException("the weights do not fit the network:\n  " + String.join("\n  ", problems));
        }
        try {
            NetworkWeights.apply(net, weights, vertices);
        } catch (IllegalArgumentException e) {
            throw new MismatchException(e.getMessage());
        }
        return new TrainedNetwork(net, inputShape);
    }

    /**
     * A copy of {@code network} as it is now: its configuration and a copy of its parameters, set up
     * for inference. The caller makes sure nothing trains it meanwhile; a network being trained is
     * copied at an iteration boundary by {@link IterationSnapshots}.
     */
    public static TrainedNetwork snapshot(ComputationGraph network, List<Long> inputShape) {
        return of(network.getConfiguration(), network.params(), inputShape);
    }

    /** A network built from {@code configuration} (cloned) with a copy of {@code parameters}, set up for inference. */
    public static TrainedNetwork of(ComputationGraphConfiguration configuration, INDArray parameters, List<Long> inputShape) {
        ComputationGraph copy = new ComputationGraph(configuration.clone());
        copy.init(parameters.dup(), false);
        return new TrainedNetwork(TrainingSetUp.forEvaluation(copy), inputShape);
    }

    /** The network itself, for what looks inside it ({@code layerloom explain}); not to be trained or changed. */
    public ComputationGraph network() {
        return net;
    }

    /** Whether the output layer ends in a softmax, so that its outputs are probabilities already. */
    public boolean outputsProbabilities() {
        return net.getOutputLayer(0).conf().getLayer() instanceof BaseLayer b && b.getActivationFn() instanceof ActivationSoftmax;
    }

    /**
     * The outputs for {@code n} examples given one after another in C order, in inference mode.
     * The input goes through one reused native array per batch size ({@link InputBatch}), so one
     * network runs one batch at a time.
     */
    public synchronized Output run(float[] features, int n) {
        if (features.length != (long) n * input.exampleSize()) {
            throw new IllegalArgumentException(features.length + " values for " + n + " examples of " + inputShape);
        }
        INDArray out = net.output(false, input.of(features, 0, n))[0];
        float[] values = out.castTo(DataType.FLOAT).dup('c').data().asFloat();
        return new Output(Arrays.stream(out.shape()).boxed().toList(), values);
    }

    /**
     * The {@code k} largest of {@code scores} (one example's outputs), best first, ties to the
     * lower index; softmax is applied first unless the scores are probabilities already.
     */
    public static List<Ranked> top(float[] scores, int k, boolean probabilities) {
        double[] p = new double[scores.length];
        if (probabilities) {
            for (int i = 0; i < p.length; i++) {
                p[i] = scores[i];
            }
        } else {
            double max = IntStream.range(0, scores.length).mapToDouble(i -> scores[i]).max().orElse(0);
            double sum = 0;
            for (int i = 0; i < p.length; i++) {
                p[i] = Math.exp(scores[i] - max);
                sum += p[i];
            }
            for (int i = 0; i < p.length; i++) {
                p[i] /= sum;
            }
        }
        return IntStream.range(0, p.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -p[i]).thenComparingInt(i -> i))
                .limit(k).map(i -> new Ranked(i, p[i])).toList();
    }
}
