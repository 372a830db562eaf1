package io.layerloom.app.runtime;

import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolution layer helper that keeps DL4J's helper (oneDNN; or none, DL4J's own code) for the
 * forward pass and computes the backward pass itself where it can ({@link FirstLayerConvolution},
 * {@link ProductConvolution}); where it cannot, {@link #helpersBackward} hands it back.
 */
abstract class BackwardHelper implements ConvolutionHelper {

    private final ConvolutionHelper forward;

    BackwardHelper(ConvolutionHelper forward) {
        this.forward = forward;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return forward != null ? forward.helperMemoryUse() : Map.of();
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation,
                              CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        // null: DL4J's own forward code
        return forward == null ? null : forward.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo,
                convolutionMode, dilation, format, workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        return forward == null ? null : forward.activate(z, afn, training);
    }

    /** The backward pass of DL4J's helper; null (DL4J's own code) without one. */
    Pair<Gradient, INDArray> helpersBackward(INDArray input, INDArray weights, INDArray bias, INDArray delta, int[] kernel,
                                             int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView,
                                             IActivation afn, AlgoMode mode, BwdFilterAlgo bwdFilterAlgo,
                                             BwdDataAlgo bwdDataAlgo, ConvolutionMode convolutionMode, int[] dilation,
                                             CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        // DL4J gives helpers other than its own a scratch bias gradient for a layer without bias;
        // its own oneDNN helper expects none (it fails on a bias gradient without a bias)
        return forward == null ? null : forward.backpropGradient(input, weights, bias, delta, kernel, strides, pad,
                bias == null ? null : biasGradView, weightGradView, afn, mode, bwdFilterAlgo, bwdDataAlgo,
                convolutionMode, dilation, format, workspaceMgr);
    }
}
