package io.layerloom.app.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained network opened up: the activation of any vertex for one input, and the gradient of
 * one class's score with respect to it (what Grad-CAM weighs channels by). The score is the
 * output layer's value before its activation (the logit, before softmax), as Grad-CAM defines
 * it, so the probe runs a copy of the network whose output layer is a dense layer with the same
 * weights and the identity activation: DL4J then takes an external error at the output (one-hot
 * at the class) and its own backward pass carries it to every vertex. Workspaces are off in the
 * copy, so the epsilons each vertex keeps after the pass are ordinary arrays that stay readable;
 * BatchNorm layers are replaced by their inference affine map ({@link InferenceBatchNorm}), since
 * DL4J's backward pass through BatchNorm uses the one image's statistics.
 */
public final class NetworkProbe {

    /** A ComputationGraph whose backward pass can be run with an external error and its state kept. */
    private static final class Backward extends ComputationGraph {
        private static final long serialVersionUID = 1L;

        Backward(ComputationGraphConfiguration configuration) {
            super(configuration);
        }

        void run(INDArray outputError) {
            calcBackpropGradients(false, false, outputError);
        }
    }

    private final Backward net;
    private final String output;
    /** The BatchNorm vertices the copy computes as their inference affine map ({@link InferenceBatchNorm}). */
    private final java.util.Set<String> replacedBatchNorms;

    /**
     * @param configuration the network's configuration (its output vertex an {@code OutputLayer})
     * @param params        the trained parameters, flattened as the network holds them
     * @param inputShape    the single Input's shape without the batch ([channels, height, width]); needed
     *                      when the network has BatchNorm layers
     * @throws IllegalArgumentException the graph has not exactly one output, or it is not a dense output layer
     */
    public NetworkProbe(ComputationGraphConfiguration configuration, INDArray params, long... inputShape) {
        ComputationGraphConfiguration copy = configuration.clone();
        if (copy.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("the network has outputs " + copy.getNetworkOutputs() + "; explain needs exactly one");
        }
        output = copy.getNetworkOutputs().get(0);
        if (!(copy.getVertices().get(output) instanceof LayerVertex vertex && vertex.getLayerConf().getLayer() instanceof OutputLayer o)) {
            throw new IllegalArgumentException("the output '" + output + "' is not a dense Output layer; Grad-CAM needs class scores");
        }
        DenseLayer logits = new DenseLayer.Builder().nIn(o.getNIn()).nOut(o.getNOut()).activation(Activation.IDENTITY)
                .hasBias(o.hasBias())
                .weightInit(org.deeplearning4j.nn.weights.WeightInit.ZERO).build();
        logits.setLayerName(o.getLayerName());
        vertex.getLayerConf().setLayer(logits);
        // inference has no dropout, and DL4J's backward pass through one needs the mask of a training pass
        for (GraphVertex v : copy.getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf() != null && lv.getLayerConf().getLayer() != null) {
                lv.getLayerConf().getLayer().setIDropout(null);
            }
        }
        Map<String, org.deeplearning4j.nn.conf.layers.BatchNormalization> replaced = InferenceBatchNorm.replace(copy, inputShape);
        replacedBatchNorms = replaced.keySet();
        copy.setDataType(params.dataType());
        copy.setTrainingWorkspaceMode(WorkspaceMode.NONE);
        copy.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        net = new Backward(copy);
        if (replacedBatchNorms.isEmpty()) {
            net.init(params.dup(), false);
        } else {
            ComputationGraphConfiguration original = configuration.clone();
            original.setDataType(params.dataType());
            ComputationGraph trained = new ComputationGraph(original);
            trained.init(params, false);
            net.init();
            InferenceBatchNorm.copyParameters(trained, net, replaced);
        }
        net.initGradientsView();
    }

    /** How many classes the output scores. */
    public int classes() {
        return Math.toIntExact(((DenseLayer) ((LayerVertex) net.getConfiguration().getVertices().get(output))
                .getLayerConf().getLayer()).getNOut());
    }

    /** The names of the vertices that are DL4J convolutions, in the order the network runs them. */
    public List<String> convolutions() {
        List<String> out = new ArrayList<>();
        Map<String, GraphVertex> vertices = net.getConfiguration().getVertices();
        for (int i : net.topologicalSortOrder()) {
            String name = net.getVertices()[i].getVertexName();
            if (vertices.get(name) instanceof LayerVertex v && v.getLayerConf().getLayer() instanceof ConvolutionLayer
                    && !replacedBatchNorms.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** The weights [filters, input channels, kernel height, kernel width] of a convolution vertex. */
    public INDArray kernels(String convolution) {
        return net.getVertex(convolution).paramTable(false).get("W").castTo(DataType.FLOAT).dup();
    }

    /** Whether the network has a vertex of this name. */
    public boolean has(String vertex) {
        return net.getVertex(vertex) != null;
    }

    /** Every vertex's activation for one input [1, ...], in inference mode. */
    public Map<String, INDArray> activations(INDArray input) {
        return net.feedForward(new INDArray[] {input}, false, false);
    }

    /** The class scores (logits, before the output's softmax) for one input [1, ...]. */
    public double[] scores(INDArray input) {
        return activations(input).get(output).castTo(DataType.DOUBLE).dup().data().asDouble();
    }

    /** d(score of {@code cls}) / d(activation of {@code vertex}) for one input [1, ...], shaped as the activation. */
    public INDArray gradient(INDArray input, String vertex, int cls) {
        Map<String, INDArray> acts = activations(input);
        INDArray error = Nd4j.zeros(acts.get(output).dataType(), 1, classes());
        error.putScalar(0, cls, 1.0);
        net.run(error);
        INDArray eps = net.getVertex(vertex).getEpsilon();
        if (eps == null) {
            throw new IllegalStateException("DL4J's backward pass left no gradient at '" + vertex + "'");
        }
        return eps.dup();
    }

    /** A vertex's activation for one input as [channels, height, width], when it is image-like. */
    public Optional<INDArray> imageActivation(INDArray input, String vertex) {
        INDArray a = activations(input).get(vertex);
        return a != null && a.rank() == 4 ? Optional.of(a.dup().reshape(a.size(1), a.size(2), a.size(3)))
                : Optional.empty();
    }

    /**
     * Grad-CAM of {@code cls} at {@code vertex} (a 4-D activation): each channel weighed by the
     * spatial mean of the score's gradient over it, summed, negative parts cut (ReLU).
     *
     * @return the map at the vertex's resolution [height][width]
     */
    public double[][] gradCam(INDArray input, String vertex, int cls) {
        INDArray a = activations(input).get(vertex).castTo(DataType.DOUBLE).dup();
        INDArray g = gradient(input, vertex, cls).castTo(DataType.DOUBLE);
        long c = a.size(1);
        int h = Math.toIntExact(a.size(2));
        int w = Math.toIntExact(a.size(3));
        double[][] cam = new double[h][w];
        for (long k = 0; k < c; k++) {
            double weight = g.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(k))
                    .meanNumber().doubleValue();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    cam[y][x] += weight * a.getDouble(0, k, y, x);
                }
            }
        }
        for (double[] row : cam) {
            for (int x = 0; x < w; x++) {
                row[x] = Math.max(0, row[x]);
            }
        }
        return cam;
    }
}
