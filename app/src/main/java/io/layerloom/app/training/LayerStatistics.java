package io.layerloom.app.training;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-layer update-to-parameter ratios: a copy of each layer's parameters before one fit, then
 * |after - before| / |before|. A copy of every parameter once every few dozen iterations costs
 * far less than the fit itself, so the designer can show it live.
 */
final class LayerStatistics {

    private LayerStatistics() {
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

    /** Each snapshotted layer's ratio; a layer whose parameters were all zero is left out. */
    static Map<String, Double> updateRatios(ComputationGraph net, Map<String, INDArray> before) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            Layer layer = net.getLayer(e.getKey());
            if (layer == null) {
                continue;
            }
            double norm = e.getValue().norm2Number().doubleValue();
            if (norm > 0) {
                double change = layer.params().sub(e.getValue()).norm2Number().doubleValue();
                ratios.put(e.getKey(), change / norm);
            }
        }
        return ratios;
    }
}
