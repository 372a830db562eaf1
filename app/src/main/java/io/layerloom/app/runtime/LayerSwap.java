package io.layerloom.app.runtime;

import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Replaces layers of an initialised DL4J network by subclasses of DL4J's own layers (the training
 * set-up's faster passes): the replacement gets the original's configuration, index, listeners and
 * the network's cache mode, and takes its place both in its vertex and in the network's layer array
 * (DL4J keeps the two, and the parameters stay the views the original was given).
 */
final class LayerSwap {

    private LayerSwap() {
    }

    /** Replaces every layer {@code which} accepts by {@code make(configuration, dataType)}; returns the network. */
    static ComputationGraph replace(ComputationGraph net, Predicate<Layer> which,
                                    BiFunction<NeuralNetConfiguration, DataType, Layer> make) {
        Layer[] layers = net.getLayers();
        if (layers == null) {
            throw new IllegalStateException("the network is not initialised: call init() first");
        }
        DataType dataType = net.getConfiguration().getDataType();
        for (GraphVertex vertex : net.getVertices()) {
            if (vertex instanceof LayerVertex lv && which.test(lv.getLayer())) {
                Layer original = lv.getLayer();
                Layer replacement = make.apply(original.conf(), dataType);
                replacement.setIndex(original.getIndex());
                replacement.setListeners(original.getListeners());
                replacement.setCacheMode(net.getConfiguration().getCacheMode());
                lv.setLayer(replacement);
                for (int i = 0; i < layers.length; i++) {
                    if (layers[i] == original) {
                        layers[i] = replacement;
                    }
                }
            }
        }
        return net;
    }
}
