package io.layerloom.app.runtime;

import java.util.Arrays;
import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LayerLoom's training set-up: how every network that LayerLoom trains or evaluates is constructed
 * and prepared to run fast on the DL4J release it targets (docs/dl4j.md, "Training fast"). Pooling
 * runs on libnd4j's kernels ({@link NativePooling}), dilated convolutions on DL4J's built-in code
 * from the start ({@link ConvolutionHelpers}), a first convolution computes no gradient for the
 * input images ({@link FirstLayerConvolution}), wide 3x3 convolutions on small images go backward
 * as two matrix products ({@link ProductConvolution}), batch normalisation of images runs in per-channel
 * passes over contiguous memory ({@link ChannelBatchNorm}), separate ReLU layers in fewer passes
 * ({@link ReluActivation}) and, where DL4J's oneDNN helpers run the
 * convolutions, each convolution's pre-activation is kept for the backward pass instead of
 * convolving again ({@code CacheMode.DEVICE}: one more copy of each convolution's output; without
 * the helpers DL4J would keep its whole im2col buffer too, so not there). Run time only: the
 * compiled configuration, the generated Java and a saved model keep DL4J's defaults. With a DL4J
 * or ND4J other than the target release ({@link Dl4jRuntime#versions()}) the network is left as
 * DL4J builds it: the workarounds reach into DL4J internals checked against that release alone,
 * and DL4J's own code is correct, only slower.
 */
public final class TrainingSetUp {

    private TrainingSetUp() {
    }

    /**
     * A compiled network with its parameters initialised from the configuration's seed, set up
     * to train fast. The configuration is copied: the caller's is not changed.
     */
    public static ComputationGraph initialise(ComputationGraphConfiguration conf) {
        return build(() -> {
            ComputationGraph net = new ComputationGraph(conf.clone());
            net.init();
            return net;
        });
    }

    /** The same with the given parameters (a flat row vector, copied), as when switching optimizers. */
    public static ComputationGraph initialise(ComputationGraphConfiguration conf, INDArray parameters) {
        return build(() -> {
            ComputationGraph net = new ComputationGraph(conf.clone());
            net.init(parameters, true);
            return net;
        });
    }

    /**
     * A network constructed and initialised by {@code construction} (a hand-written one, say), set
     * up to train fast. Constructed through {@link NativePooling#build}, so that DL4J creates its
     * oneDNN helpers even while other threads are training.
     */
    public static ComputationGraph build(Supplier<ComputationGraph> construction) {
        return apply(NativePooling.build(construction), Dl4jRuntime.versions());
    }

    /**
     * A model restored from a file, set up for evaluation: pooling on libnd4j's kernels (the
     * other workarounds concern the backward pass). Returns the network.
     */
    public static ComputationGraph forEvaluation(ComputationGraph restored) {
        return Dl4jRuntime.versions().matchTarget() ? NativePooling.install(restored) : restored;
    }

    /** The set-up for an initialised network, given the versions found; the network, changed in place. */
    static ComputationGraph apply(ComputationGraph net, RuntimeReport.Versions versions) {
        if (!versions.matchTarget()) {
            return net;
        }
        NativePooling.install(net);
        ConvolutionHelpers.withoutHelperWhereDilated(net);
        FirstLayerConvolution.install(net);
        if (ProductConvolution.on()) {
            ProductConvolution.install(net);
        }
        if (!Boolean.getBoolean(ChannelBatchNorm.OFF)) {
            ChannelBatchNorm.install(net);
        }
        if (ReluActivation.on()) {
            ReluActivation.install(net);
        }
        boolean helpers = Arrays.stream(net.getLayers()).anyMatch(l -> l instanceof ConvolutionLayer c && c.getHelper() != null);
        if (helpers) {
            net.getConfiguration().setCacheMode(CacheMode.DEVICE);
            net.setCacheMode(CacheMode.DEVICE);
        }
        // last: the updater (made at the first training step) holds the layers as they are then
        LeanUpdater.install(net);
        return net;
    }
}
