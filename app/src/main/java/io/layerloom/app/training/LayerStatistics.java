package io.layerloom.app.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-layer update-to-parameter ratios: a copy of each layer's parameters before one fit, then
 * |after - before| / |before|. A copy of every parameter once every few dozen iterations costs
 * far less than the fit itself, so the designer can show it live. And per-vertex mean
 * activations, read from the fit's own forward pass ({@link ActivationMeans}).
 */
final class LayerStatistics {

    private LayerStatistics() {
    }

    /**
     * Listens to a network's training forward passes and, when armed, keeps the mean of every
     * vertex's output (network inputs left out; DL4J's training pass does not compute the output
     * layers' activations). DL4J hands listeners the activations of each
     * forward pass anyway, so an unarmed probe costs nothing and an armed one a reduction per layer.
     */
    static final class ActivationMeans extends BaseTrainingListener {

        private final Set<String> inputs;
        private volatile boolean armed;
        private Map<String, Double> means = Map.of();

        ActivationMeans(ComputationGraph net) {
            this.inputs = Set.copyOf(net.getConfiguration().getNetworkInputs());
        }

        /** Measures the next forward pass. */
        void arm() {
            means = Map.of();
            armed = true;
        }

        /** The means measured since {@link #arm()}, by vertex name (empty if no forward pass ran). */
        Map<String, Double> take() {
            armed = false;
            return means;
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            if (!armed) {
                return;
            }
            armed = false;
            Map<String, Double> out = new LinkedHashMap<>();
            activations.forEach((name, a) -> {
                if (!inputs.contains(name) && a != null && !a.isEmpty()) {
                    out.put(name, a.meanNumber().doubleValue());
                }
            });
            means = out;
        }
    }

    /** A copy of the parameters of every layer that has some, by layer name, in the network's order. */
    static Map<String, INDArray> snapshot(ComputationGraph net) {
        Map<String, INDArray> copies = new LinkedHashMap<>();
        for (Layer layer : net.getLayers()) {
            if (layer.numParams() > 0) {
                copies.put(layer.conf().getLayer().getLayerName(), layer.params().dup());
            }
        }
        return copies;
    }

    /**
     * Each snapshotted layer's ratio, by the node whose parameters it holds ({@code vertices}); a
     * layer whose parameters were all zero is left out.
     */
    static Map<String, Double> updateRatios(ComputationGraph net, Map<String, INDArray> before,
                                            io.layerloom.codegen.dl4j.ParameterVertices vertices) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            Layer layer = net.getLayer(e.getKey());
            if (layer == null) {
                continue;
            }
            double norm = e.getValue().norm2Number().doubleValue();
            if (norm > 0) {
                double change = layer.params().sub(e.getValue()).norm2Number().doubleValue();
                ratios.put(vertices.nodeOf(e.getKey()), change / norm);
            }
        }
        return ratios;
    }
}
