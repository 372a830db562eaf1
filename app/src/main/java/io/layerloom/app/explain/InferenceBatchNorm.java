package io.layerloom.app.explain;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * BatchNorm as inference sees it: a per-channel affine map y = x * gamma / sqrt(var + eps) +
 * (beta - mean * gamma / sqrt(var + eps)) with the running mean and variance. DL4J's own backward
 * pass through a BatchNormalization layer uses the batch's statistics (training's formula), which
 * for one image is another function altogether, so the probe's copy of the network has each one
 * replaced by a layer that computes exactly that affine map and whose gradient DL4J gets right:
 * a 1x1 depthwise convolution on feature maps, an element-wise multiplication on vectors.
 */
final class InferenceBatchNorm {

    private InferenceBatchNorm() {
    }

    /**
     * Replaces every BatchNormalization layer of {@code copy} (a clone: it is changed) by its
     * inference affine map; the layer's name and activation stay.
     *
     * @param inputShape the single Input's shape without the batch: [features] or [channels, height, width]
     *
     * @return the replaced layers' original configurations, by vertex name
     */
    static Map<String, BatchNormalization> replace(ComputationGraphConfiguration copy, long... inputShape) {
        Map<String, BatchNormalization> replaced = new LinkedHashMap<>();
        boolean any = copy.getVertices().values().stream().anyMatch(v -> v instanceof LayerVertex lv && lv.getLayerConf() != null
                && lv.getLayerConf().getLayer() instanceof BatchNormalization);
        if (!any) {
            return replaced;
        }
        if (inputShape.length != 1 && inputShape.length != 3) {
            throw new IllegalArgumentException("the network has BatchNorm layers; the probe needs the input shape ([features] or"
                    + " [channels, height, width]) to replace them by their inference map, not " + java.util.Arrays.toString(inputShape));
        }
        InputType in = inputShape.length == 1 ? InputType.feedForward(inputShape[0])
                : InputType.convolutional(inputShape[1], inputShape[2], inputShape[0]);
        Map<String, InputType> types = copy.getLayerActivationTypes(in);
        for (Map.Entry<String, GraphVertex> e : copy.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex v && v.getLayerConf() != null
                    && v.getLayerConf().getLayer() instanceof BatchNormalization bn) {
                long channels = bn.getNOut();
                Layer affine;
                if (types.get(e.getKey()) instanceof InputType.InputTypeConvolutional) {
                    affine = new DepthwiseConvolution2D.Builder(1, 1).stride(1, 1).nIn(channels).nOut(channels)
                            .depthMultiplier(1).convolutionMode(ConvolutionMode.Truncate).dataFormat(bn.getCnn2DFormat())
                            .activation(bn.getActivationFn()).hasBias(true).weightInit(WeightInit.ZERO).build();
                } else {
                    affine = new ElementWiseMultiplicationLayer.Builder().nIn(channels).nOut(channels)
                            .activation(bn.getActivationFn()).weightInit(WeightInit.ZERO).build();
                }
                affine.setLayerName(bn.getLayerName());
                v.getLayerConf().setLayer(affine);
                replaced.put(e.getKey(), bn);
            }
        }
        return replaced;
    }

    /**
     * Copies the trained values of {@code trained} into {@code probe}: the same arrays for every
     * layer that was kept, scale and shift for every replaced BatchNorm.
     */
    static void copyParameters(ComputationGraph trained, ComputationGraph probe, Map<String, BatchNormalization> replaced) {
        for (org.deeplearning4j.nn.graph.vertex.GraphVertex v : trained.getVertices()) {
            if (!v.hasLayer() || v.numParams() == 0) {
                continue;
            }
            String name = v.getVertexName();
            Map<String, INDArray> from = v.paramTable(false);
            Map<String, INDArray> to = probe.getVertex(name).paramTable(false);
            BatchNormalization bn = replaced.get(name);
            if (bn == null) {
                from.forEach((key, value) -> to.get(key).assign(value));
                continue;
            }
            INDArray mean = from.get("mean").reshape(-1);
            INDArray std = bn.isUseLogStd() ? Transforms.pow(mean.like().assign(10), from.get("log10stdev").reshape(-1), true)
                    : Transforms.sqrt(from.get("var").reshape(-1).add(bn.getEps()), false);
            INDArray gamma = bn.isLockGammaBeta() ? mean.like().assign(bn.getGamma()) : from.get("gamma").reshape(-1);
            INDArray beta = bn.isLockGammaBeta() ? mean.like().assign(bn.getBeta()) : from.get("beta").reshape(-1);
            INDArray scale = gamma.div(std);
            INDArray shift = beta.sub(mean.mul(scale));
            to.get("W").assign(scale.reshape(to.get("W").shape()));
            to.get("b").assign(shift.reshape(to.get("b").shape()));
        }
    }
}
