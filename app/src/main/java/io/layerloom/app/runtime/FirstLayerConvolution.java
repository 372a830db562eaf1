package io.layerloom.app.runtime;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Skips the gradient with respect to the network's input in the backward pass of a convolution
 * that reads a network input directly, as PyTorch and every autograd framework do: nothing uses
 * the gradient of an image. Reason: DL4J always computes it, and through oneDNN a first layer on
 * one channel pays dearly for it: oneDNN pads the single channel to eight, so LeNet-5's first
 * backward pass took 9-10 ms of a 25 ms iteration (docs/benchmarks-history.md, "Session 3"). Removal: when DL4J lets
 * a layer skip its input gradient (it computes it for every layer in {@code Dl4jVersion.TARGET}),
 * or when its oneDNN backward pass on one channel costs no more than the weight gradient alone.
 *
 * <p>The weight gradient is itself a convolution, computed as one forward convolution (on
 * oneDNN where it is in use): with batch and channels swapped, the input is convolved with the
 * layer's output gradient as the kernel. The bias gradient is the output gradient summed over
 * the batch and the positions. The gradient returned for the input is zeros. Forward passes are
 * unchanged (DL4J's own helper, where there is one, still does them).
 *
 * <p>Installed on DL4J's {@link ConvolutionLayer} exactly (not its 1-D, depthwise, separable or
 * transposed relatives) with stride 1 and no dilation, when the layer's inputs are all network
 * inputs; strided and dilated first layers keep DL4J's own backward pass (tested). An installed
 * layer with "same" padding (possibly uneven) or not in NCHW hands its backward pass back to
 * DL4J's helper.
 */
final class FirstLayerConvolution {

    private FirstLayerConvolution() {
    }

    /**
     * Installs the backward pass on every convolution that reads a network input, where DL4J
     * uses a layer helper (oneDNN): without one, DL4J's own code is left as it is. Idempotent;
     * returns the network.
     */
    public static ComputationGraph install(ComputationGraph net) {
        return install(net, false);
    }

    /** As {@link #install(ComputationGraph)}; {@code evenWithoutHelper} is for tests on builds without oneDNN. */
    static ComputationGraph install(ComputationGraph net, boolean evenWithoutHelper) {
        GraphVertex[] vertices = net.getVertices();
        for (GraphVertex vertex : vertices) {
            if (vertex instanceof LayerVertex lv && lv.getLayer().getClass() == ConvolutionLayer.class
                    && readsOnlyNetworkInputs(lv, vertices) && undilatedUnitStride(lv)) {
                ConvolutionLayer layer = (ConvolutionLayer) lv.getLayer();
                ConvolutionHelper current = (ConvolutionHelper) layer.getHelper();
                if (current instanceof Backward || current == null && !evenWithoutHelper) {
                    continue;
                }
                ConvolutionHelpers.set(layer, new Backward(current));
            }
        }
        return net;
    }

    /** True when the layer's backward pass skips the input gradient (installed by {@link #install}). */
    public static boolean isInstalled(org.deeplearning4j.nn.api.Layer layer) {
        return layer instanceof ConvolutionLayer c && c.getHelper() instanceof Backward;
    }

    /**
     * Stride 1 only: with a stride the swapped convolution is a dilated one with a large kernel,
     * which oneDNN refuses ("could not create a descriptor for a dilated convolution"); DL4J would
     * then drop the layer to its slow built-in code for the rest of the run. Not dilated either:
     * DL4J's own oneDNN helper fails on those ({@link ConvolutionHelpers#withoutHelperWhereDilated}).
     */
    private static boolean undilatedUnitStride(LayerVertex vertex) {
        var conf = (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) vertex.getLayer().conf().getLayer();
        return conf.getStride()[0] == 1 && conf.getStride()[1] == 1 && conf.getDilation()[0] == 1 && conf.getDilation()[1] == 1;
    }

    private static boolean readsOnlyNetworkInputs(LayerVertex vertex, GraphVertex[] vertices) {
        VertexIndices[] inputs = vertex.getInputVertices();
        if (inputs == null || inputs.length == 0) {
            return false;
        }
        for (VertexIndices input : inputs) {
            if (!vertices[input.getVertexIndex()].isInputVertex()) {
                return false;
            }
        }
        return true;
    }

    /** DL4J's helper (or none) for the forward pass; the weight and bias gradients alone backward. */
    private static final class Backward extends BackwardHelper {

        Backward(ConvolutionHelper forward) {
            super(forward);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                         int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                         INDArray weightGradView, IActivation afn,
                                                         org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode mode,
                                                         org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo bwdFilterAlgo,
                                                         org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo bwdDataAlgo,
                                                         ConvolutionMode convolutionMode, int[] dilation,
                                                         CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
            if (convolutionMode == ConvolutionMode.Same || format != CNN2DFormat.NCHW || input.rank() != 4
                    || strides[0] != 1 || strides[1] != 1) {
                return helpersBackward(input, weights, bias, delta, kernel, strides, pad, biasGradView, weightGradView, afn,
                        mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format, workspaceMgr);
            }
            long batch = input.size(0);
            long channels = input.size(1);
            long outChannels = delta.size(1);
            long outH = delta.size(2);
            long outW = delta.size(3);
            // [channels, batch, h, w]: the batch becomes the channels to sum over
            INDArray swapped = channels == 1 ? input.reshape('c', 1, batch, input.size(2), input.size(3))
                    : workspaceMgr.dup(ArrayType.BP_WORKING_MEM, input.permute(1, 0, 2, 3), 'c');
            // [outChannels, batch, outH, outW]: the output gradient as the kernel
            INDArray deltaKernel = workspaceMgr.dup(ArrayType.BP_WORKING_MEM, delta.permute(1, 0, 2, 3), 'c');
            long spanH = (input.size(2) + 2L * pad[0] - (long) strides[0] * (outH - 1) - 1) / dilation[0] + 1;
            long spanW = (input.size(3) + 2L * pad[1] - (long) strides[1] * (outW - 1) - 1) / dilation[1] + 1;
            INDArray full = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, weights.dataType(),
                    new long[]{channels, outChannels, spanH, spanW}, 'c');
            Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(swapped, deltaKernel).addOutputs(full)
                    .addIntegerArguments((int) outH, (int) outW, dilation[0], dilation[1], pad[0], pad[1], strides[0],
                            strides[1], 0, 0, 1)
                    .build());
            // a truncating convolution leaves input rows unused: they give positions beyond the kernel
            INDArray used = full.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, kernel[0]),
                    NDArrayIndex.interval(0, kernel[1]));
            weightGradView.assign(used.permute(1, 0, 2, 3));
            Gradient gradient = new DefaultGradient();
            // without a bias DL4J passes a scratch array as biasGradView to helpers other than its own
            if (bias != null && biasGradView != null) {
                biasGradView.assign(deltaKernel.reshape('c', outChannels, batch * outH * outW).sum(1)
                        .reshape(biasGradView.shape()));
                gradient.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
            }
            gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
            INDArray notComputed = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
            return new Pair<>(gradient, notComputed);
        }
    }
}
