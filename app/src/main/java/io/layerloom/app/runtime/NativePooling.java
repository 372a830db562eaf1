package io.layerloom.app.runtime;

import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs the 2-D pooling layers of a network on libnd4j's own pooling kernels instead of oneDNN's.
 *
 * <p>Reason: with ND4J's oneDNN build, every libnd4j op that has a oneDNN implementation uses it.
 * For convolutions that is 4-5x faster than libnd4j's own code, but DL4J hands pooling to oneDNN
 * in the plain NCHW layout, for which oneDNN 2.x has no vectorised kernel: measured on this
 * project's machine (docs/benchmarks-history.md, "Session 3"), libnd4j's own max pooling takes 0.21-0.29 of oneDNN's
 * time (forward and backward, from LeNet's 64x6x28x28 to VGG-sized 16x64x112x112) and average
 * pooling 0.63-0.87. In LeNet-5, oneDNN's pooling was a third of each training iteration.
 * Remove it when the DL4J release in use hands pooling to oneDNN in a blocked layout (or its
 * oneDNN pooling is no slower than libnd4j's in {@code TrainingThroughput}'s set-up comparison).
 *
 * <p>libnd4j decides per op call from one process-wide switch ({@link Environment#helpersAllowed()}),
 * so the pooling layers are replaced by a subclass of DL4J's own layer that clears the switch
 * while DL4J's unchanged forward and backward code runs, and sets it back afterwards. The results
 * are DL4J's pooling results (same op, other kernel; tested). The switch is shared, so every use
 * of it goes through one lock: two pooling layers on two threads cannot leave it cleared, and a
 * network constructed through {@link #build(Supplier)} (DL4J creates its oneDNN layer helpers only
 * while the switch is set) waits for it, as does the compatibility report. While a pooling layer
 * runs, ops on other threads run on libnd4j's own code: the same results, at its speed.
 */
final class NativePooling {

    private static final Object SWITCH = new Object();

    private NativePooling() {
    }

    /**
     * Builds a network while no pooling layer has the switch cleared, so that DL4J creates its
     * oneDNN helpers for it. Its pooling layers are DL4J's until {@link #install} (which
     * {@link TrainingSetUp} does).
     */
    public static ComputationGraph build(Supplier<ComputationGraph> construction) {
        return whileSwitchUntouched(construction);
    }

    /** Runs {@code body} while no pooling layer has the platform-helper switch cleared. */
    static <T> T whileSwitchUntouched(Supplier<T> body) {
        synchronized (SWITCH) {
            return body.get();
        }
    }

    /**
     * Replaces each of the initialised network's DL4J pooling layers ({@link SubsamplingLayer}
     * exactly; 1-D pooling and global pooling are other classes and stay) by one that runs on
     * libnd4j's kernels. Idempotent; returns the network.
     */
    public static ComputationGraph install(ComputationGraph net) {
        return LayerSwap.replace(net, l -> l.getClass() == SubsamplingLayer.class, Pooling::new);
    }

    /** True when the layer runs on libnd4j's pooling kernels (installed by {@link #install}). */
    public static boolean isNative(Layer layer) {
        return layer instanceof Pooling;
    }

    private static <T> T withoutPlatformHelpers(Supplier<T> body) {
        synchronized (SWITCH) {
            Environment environment = Nd4j.getEnvironment();
            boolean allowed = environment.helpersAllowed();
            environment.allowHelpers(false);
            try {
                return body.get();
            } finally {
                environment.allowHelpers(allowed);
            }
        }
    }

    /** DL4J's pooling layer, run with libnd4j's platform helpers (oneDNN) switched off. */
    private static final class Pooling extends SubsamplingLayer {

        Pooling(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            return withoutPlatformHelpers(() -> super.activate(training, workspaceMgr));
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            return withoutPlatformHelpers(() -> super.backpropGradient(epsilon, workspaceMgr));
        }
    }
}
