package io.layerloom.app.runtime;

import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backward pass of a convolution over a small image with many channels as two matrix
 * products. Reason: DL4J's oneDNN helper (and libnd4j's {@code conv2d_bp}) spend time out of all
 * proportion on 3x3 convolutions with more than about 300 channels: ResNet-18's last ones (512
 * channels on a 2x2 image at 3x64x64) took 465-495 ms each backward against 7 ms for its first
 * ones with the same multiply-adds (64 channels on 16x16), 1.3-1.7 s of a 1.5-1.8 s iteration.
 * Measured per shape (a 3x3 convolution, batch 32, one thread, backward ms, oneDNN against the
 * products; docs/benchmarks.md, session 11): 320 channels on 4x4 145 against 51, 384 on 4x4 288
 * against 59, 512 on 3x3 441 against 48, on 7x7 494 against 279, 1,024 on 2x2 2,523 against 83;
 * but 256 on 4x4 7 against 36, 256 on 8x8 118 against 153, 512 on 14x14 1,203 against 1,430, and
 * 1x1 kernels are fast in oneDNN. Here: the input unfolded into columns (im2col, [C kh kw, N oh
 * ow]); the weight gradient is the output gradient [O, N oh ow] times the columns transposed; the
 * input gradient is the weights transposed times the output gradient, folded back (col2im); the
 * bias gradient the output gradient summed. The same sums as DL4J's in another order: equal to
 * float rounding ({@code ProductConvolutionTest} against DL4J's own). Forward passes are unchanged
 * (DL4J's helper, where there is one, still does them).
 *
 * <p>Used where it was measured faster: a kernel wider than 1x1, at most {@value #MAX_POSITIONS}
 * output positions, at least {@value #MIN_WEIGHTS} weights per kernel position (input times output
 * channels) with one thread, {@value #MIN_WEIGHTS_THREADS} with more, stride 1, no dilation,
 * explicit padding, NCHW; elsewhere DL4J's own backward pass runs. The lower bar with threads:
 * oneDNN's two-thread backward pass of 256-channel 3x3 convolutions on 4x4 took 38-40 ms against
 * 5.6 ms with one thread (ResNet-18 at 3x64x64: 406 against 467 ms an iteration at two threads with
 * the products from 256 x 256, 535 against 387 at one; docs/benchmarks.md, session 11).
 * Removal: when DL4J's oneDNN backward pass costs no more than its multiply-adds on such shapes.
 * Turned off with {@code -Dlayerloom.productConvolution=false}.
 */
final class ProductConvolution {

    /** -D switch: "false" leaves every convolution's backward pass to DL4J. */
    static final String SWITCH = "layerloom.productConvolution";

    /** Output positions (height times width) up to which the products are used. */
    static final long MAX_POSITIONS = 49;

    /** Input times output channels from which the products are used with one thread (about 316 x 316). */
    static final long MIN_WEIGHTS = 100_000;

    /** Input times output channels from which the products are used with two threads or more (256 x 256). */
    static final long MIN_WEIGHTS_THREADS = 65_536;

    /** Backward passes computed by the products in this process (what a test or a profile can check ran). */
    static final AtomicLong PASSES = new AtomicLong();

    private ProductConvolution() {
    }

    static boolean on() {
        return !"false".equalsIgnoreCase(System.getProperty(SWITCH));
    }

    /**
     * Whether a layer of this size gets the products when ND4J computes with {@code threads}
     * threads: a kernel wider than 1x1, a small image, many channels.
     */
    static boolean pays(long outPositions, long kernelPositions, long inChannels, long outChannels, int threads) {
        long minWeights = threads > 1 ? MIN_WEIGHTS_THREADS : MIN_WEIGHTS;
        return kernelPositions > 1 && outPositions <= MAX_POSITIONS && inChannels * outChannels >= minWeights;
    }

    /**
     * Installs the backward pass on every convolution with a layer helper (DL4J's oneDNN code)
     * that has no other one installed ({@link FirstLayerConvolution}); whether a pass uses the
     * products is decided per pass from its shapes. Idempotent; returns the network.
     */
    static ComputationGraph install(ComputationGraph net) {
        return install(net, false);
    }

    /** As {@link #install(ComputationGraph)}; {@code evenWithoutHelper} is for tests on builds without oneDNN. */
    static ComputationGraph install(ComputationGraph net, boolean evenWithoutHelper) {
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            if (l.getClass() != ConvolutionLayer.class || FirstLayerConvolution.isInstalled(l)) {
                continue;
            }
            ConvolutionLayer layer = (ConvolutionLayer) l;
            ConvolutionHelper current = (ConvolutionHelper) layer.getHelper();
            if (current instanceof Backward || current == null && !evenWithoutHelper) {
                continue;
            }
            ConvolutionHelpers.set(layer, new Backward(current));
        }
        return net;
    }

    /** Whether the layer's backward pass is this class's (installed by {@link #install}). */
    static boolean isInstalled(org.deeplearning4j.nn.api.Layer layer) {
        return layer instanceof ConvolutionLayer c && c.getHelper() instanceof Backward;
    }

    /** DL4J's helper (or none) forward; the products backward where they pay, else the helper's. */
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
            boolean plain = convolutionMode != ConvolutionMode.Same && format == CNN2DFormat.NCHW && input.rank() == 4
                    && delta.rank() == 4 && strides[0] == 1 && strides[1] == 1 && dilation[0] == 1 && dilation[1] == 1
                    && input.dataType() == delta.dataType() && input.dataType() == weights.dataType();
            if (!plain || !pays(delta.size(2) * delta.size(3), (long) kernel[0] * kernel[1], input.size(1), delta.size(1),
                    Dl4jThreads.current())) {
                return helpersBackward(input, weights, bias, delta, kernel, strides, pad, biasGradView, weightGradView, afn,
                        mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format, workspaceMgr);
            }
            return products(input, weights, bias, delta, kernel, pad, biasGradView, weightGradView, workspaceMgr);
        }
    }

    /** The three gradients by im2col, two matrix products and col2im (stride 1, no dilation). */
    static Pair<Gradient, INDArray> products(INDArray input, INDArray weights, INDArray bias, INDArray delta, int[] kernel,
                                             int[] pad, INDArray biasGradView, INDArray weightGradView,
                                             LayerWorkspaceMgr workspaceMgr) {
        PASSES.incrementAndGet();
        var type = input.dataType();
        long n = input.size(0);
        long c = input.size(1);
        long h = input.size(2);
        long w = input.size(3);
        long o = delta.size(1);
        long oh = delta.size(2);
        long ow = delta.size(3);
        int kh = kernel[0];
        int kw = kernel[1];
        long k = c * kh * kw;
        long p = n * oh * ow;
        INDArray unfolded = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, type, new long[]{n, c, kh, kw, oh, ow}, 'c');
        Convolution.im2col(input, kh, kw, 1, 1, pad[0], pad[1], 1, 1, false, unfolded);
        // [C kh kw, N oh ow], through a 3-d permutation ([N, C kh kw, oh ow] -> [C kh kw, N, oh ow]): libnd4j
        // copied the same 6-d permutation ten times slower (20.5 against 2.1 ms on 64x256x4x4, 3x3)
        INDArray columns = workspaceMgr.dup(ArrayType.BP_WORKING_MEM, unfolded.reshape('c', n, k, oh * ow).permute(1, 0, 2), 'c')
                .reshape('c', k, p);
        // [O, N oh ow]
        INDArray outGrad = workspaceMgr.dup(ArrayType.BP_WORKING_MEM, delta.permute(1, 0, 2, 3), 'c').reshape('c', o, p);
        INDArray weightGrad = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, type, new long[]{o, k}, 'c');
        Nd4j.gemm(outGrad, columns, weightGrad, false, true, 1.0, 0.0);
        weightGradView.assign(weightGrad.reshape('c', o, c, kh, kw));
        Gradient gradient = new DefaultGradient();
        // without a bias DL4J passes a scratch array as biasGradView to helpers other than its own
        if (bias != null && biasGradView != null) {
            biasGradView.assign(outGrad.sum(1).reshape(biasGradView.shape()));
            gradient.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        // [C kh kw, N oh ow] = W^T [C kh kw, O] x outGrad [O, N oh ow]
        INDArray flatWeights = workspaceMgr.dup(ArrayType.BP_WORKING_MEM, weights, 'c').reshape('c', o, k);
        INDArray columnGrad = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, type, new long[]{k, p}, 'c');
        Nd4j.gemm(flatWeights, outGrad, columnGrad, true, false, 1.0, 0.0);
        // back to [N, C, kh, kw, oh, ow] for col2im, again through a 3-d permutation
        INDArray folded = workspaceMgr.dup(ArrayType.BP_WORKING_MEM, columnGrad.reshape('c', k, n, oh * ow).permute(1, 0, 2), 'c')
                .reshape('c', n, c, kh, kw, oh, ow);
        INDArray inputGrad = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, type, new long[]{n, c, h, w}, 'c');
        Convolution.col2im(folded, inputGrad, 1, 1, pad[0], pad[1], (int) h, (int) w, 1, 1);
        return new Pair<>(gradient, inputGrad);
    }
}
