package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.Dl4jVersion;
import java.lang.reflect.Field;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation of images (NCHW) while training, in a few passes over contiguous memory,
 * installed as the layer helper of DL4J's {@code BatchNormalization} layers. Reason: in
 * {@link Dl4jVersion#TARGET} the batch statistics are computed by a variance reduction over the
 * axes (0, 2, 3), and the backward pass by libnd4j's {@code batchnorm_bp}: each about 12 ms on a
 * 64x32x32x32 batch at one thread, where a per-channel sum over the same memory takes under 2 ms.
 * With BatchNorm after every convolution they were about 40% of a CIFAR-style ResNet's training
 * iteration (docs/profile.md, docs/benchmarks.md); DL4J's own code, with its broadcasts along axis 1
 * (16 ms a pass there, against 0.6 ms for the same broadcast of a [1, C, 1, 1] array), was no faster.
 * Two arithmetics, matching what DL4J itself would run for the layer:
 * <ul>
 *   <li>where DL4J has no helper for it (its built-in code; DL4J's default, and every test with
 *       helpers off): DL4J's own mean and variance (their float results), then its forward and backward
 *       formulas operation for operation, each broadcast over [1, C, 1, 1]: the same bits, about
 *       about 4.6x faster (ChannelBatchNormTest). Bitwise, not merely close: a one-ulp difference in an
 *       output can flip a ReLU further on (TrainingSetUpPropertyTest found a pre-activation of
 *       -3.9e-9 against +4.1e-8, out of terms summing to 4.7), which moves a gradient element from
 *       5e-4 to 0, and no tolerance tells that from an error;</li>
 *   <li>where DL4J would run its oneDNN helper (the app's set-up): the same forward pass (DL4J's
 *       built-in output, which oneDNN's matches closely; a forward pass of its own, with the variance
 *       from per-channel sums, flipped a ReLU in TrainingSetUpPropertyTest on the oneDNN build), and
 *       the input's gradient by the usual closed form
 *       {@code gamma / sqrt(var + eps) * (dy - mean(dy) - xhat * mean(dy * xhat))} with per-channel
 *       sums over contiguous rows: equal to oneDNN's to float rounding (OneDnnTrainingSetUpTest).</li>
 * </ul>
 * The mean and variance come from {@link ChannelVariance} (DL4J's float results, faster), and for float batches the
 * normalisation and the closed-form backward pass run as {@link ChannelPasses}' one-channel-at-a-time
 * loops (the same bits forward; the sums in double backward).
 * Everything else (dense inputs, which DL4J hands over as [N, C, 1, 1], NHWC, fixed gamma and beta, inference, the running statistics,
 * which DL4J updates from {@link #getMeanCache} and {@link #getVarCache}) stays with the helper
 * DL4J chose (oneDNN's) or, without one, with DL4J's built-in code.
 * Removal: when DL4J's own batch normalisation is as fast (time it with {@code layerloom profile}).
 */
final class ChannelBatchNorm implements BatchNormalizationHelper {

    /** -D switch: "true" leaves batch normalisation to DL4J (its oneDNN helper or built-in code), to compare. */
    public static final String OFF = "layerloom.dl4jBatchNorm";

    private static final Field HELPER = helperField();

    /** DL4J's own helper for what this one leaves alone; null: DL4J's built-in code. */
    private final BatchNormalizationHelper fallback;
    private INDArray meanCache;
    private INDArray varCache;
    /** Whether the last forward pass went to {@link #fallback} (its statistics then hold). */
    private boolean delegated;

    ChannelBatchNorm(BatchNormalizationHelper fallback) {
        this.fallback = fallback;
    }

    /** Installs the helper in every batch normalisation layer of {@code net}. Returns the network. */
    static ComputationGraph install(ComputationGraph net) {
        for (Layer l : net.getLayers()) {
            if (l instanceof BatchNormalization bn && !(bn.getHelper() instanceof ChannelBatchNorm)) {
                set(bn, new ChannelBatchNorm((BatchNormalizationHelper) bn.getHelper()));
            }
        }
        return net;
    }

    static boolean isInstalled(Layer layer) {
        return layer instanceof BatchNormalization bn && bn.getHelper() instanceof ChannelBatchNorm;
    }

    private static boolean handles(INDArray x, INDArray gamma, INDArray beta, CNN2DFormat format) {
        // DL4J hands a dense layer's [N, C] to its helper as [N, C, 1, 1]: left to DL4J (nothing to gain there)
        return x.rank() == 4 && x.size(2) * x.size(3) > 1 && format == CNN2DFormat.NCHW && gamma != null && beta != null
                && x.dataType().isFPType();
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                              INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        delegated = !training || !handles(x, gamma, beta, format);
        if (delegated) {
            return fallback == null ? null : fallback.preOutput(x, training, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
        }
        INDArray in = contiguous(x);
        caches(in.dataType(), in.size(1));
        // DL4J's mean, bit for bit (ChannelVariance.mean: libnd4j's order of additions, faster)
        if (ChannelVariance.meanOn() && ChannelVariance.handles(in)) {
            ChannelVariance.mean(in, meanCache);
        } else {
            in.mean(meanCache, 0, 2, 3);
        }
        // DL4J's variance (its own reduction's float result, faster: ChannelVariance): with DL4J's order of operations below, its output bit for bit
        if (ChannelVariance.on() && ChannelVariance.handles(in)) {
            ChannelVariance.biased(in, varCache);
        } else {
            varCache.assign(in.var(false, 0, 2, 3));
        }
        // DL4J's order of operations, so that the output rounds as DL4J's does: ((x - mean) / std) * gamma + beta
        INDArray std = Transforms.sqrt(varCache.add(eps), false);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, in.dataType(), in.shape());
        if (ChannelPasses.on() && ChannelPasses.handles(in, out)) {
            ChannelPasses.normalise(in, meanCache.toFloatVector(), std.toFloatVector(), vector(gamma).toFloatVector(),
                    vector(beta).toFloatVector(), out);
            return out;
        }
        INDArray centred = in.ulike();
        Nd4j.exec(new SubOp(in, channels(meanCache), centred));
        Nd4j.exec(new DivOp(centred, channels(std), out));
        Nd4j.exec(new MulOp(out, channels(vector(gamma)), out));
        Nd4j.exec(new AddOp(out, channels(vector(beta)), out));
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps,
                                                     CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (delegated || !handles(input, gamma, beta, format)) {
            return fallback == null ? null : fallback.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView,
                    eps, format, workspaceMgr);
        }
        INDArray x = contiguous(input);
        INDArray dy = contiguous(epsilon);
        INDArray dx = fallback == null ? dl4jsBackward(x, dy, gamma, dGammaView, dBetaView, eps, workspaceMgr)
                : closedFormBackward(x, dy, gamma, dGammaView, dBetaView, eps, workspaceMgr);
        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(g, dx);
    }

    /**
     * DL4J's own backward pass (its built-in code in {@link Dl4jVersion#TARGET}), operation for
     * operation and with its reductions, but each per-channel broadcast over a [1, C, 1, 1] array:
     * the same bits. Returns the input's gradient.
     */
    private INDArray dl4jsBackward(INDArray x, INDArray dy, INDArray gamma, INDArray dGammaView, INDArray dBetaView,
                                   double eps, LayerWorkspaceMgr workspaceMgr) {
        double n = x.length() / x.size(1);
        INDArray std = Transforms.sqrt(varCache.add(eps), false);
        INDArray xMu = x.ulike();
        Nd4j.exec(new SubOp(x, channels(meanCache), xMu));
        INDArray xHat = x.ulike();
        Nd4j.exec(new DivOp(xMu, channels(std), xHat));
        INDArray dBeta = dy.sum(0, 2, 3);
        INDArray dGamma = dy.mul(xHat).sum(0, 2, 3);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dy.dataType(), dy.shape());
        Nd4j.exec(new MulOp(dy, channels(vector(gamma)), dx));
        INDArray dLdVar = dx.mul(xMu).sum(0, 2, 3).muli(-0.5).muli(Transforms.pow(std, -3.0, true));
        INDArray dxmu1 = dx.sum(0, 2, 3).divi(std).negi();
        INDArray dxmu2 = xMu.sum(0, 2, 3).muli(-2.0 / n).muli(dLdVar);
        INDArray dLdmu = dxmu1.addi(dxmu2);
        Nd4j.exec(new DivOp(dx, channels(std), dx));
        Nd4j.exec(new MulOp(xMu, channels(dLdVar.muli(2.0 / n)), xMu));
        dx.addi(xMu);
        Nd4j.exec(new AddOp(dx, channels(dLdmu.muli(1.0 / n)), dx));
        dBetaView.assign(dBeta.reshape(dBetaView.shape()));
        dGammaView.assign(dGamma.reshape(dGammaView.shape()));
        return dx;
    }

    /**
     * The usual closed form {@code gamma / sqrt(var + eps) * (dy - mean(dy) - xhat * mean(dy * xhat))},
     * with per-channel sums over contiguous rows: about half the passes of DL4J's formula. Used where
     * DL4J's own code would be its oneDNN helper, whose rounding is its own. Returns the input's gradient.
     */
    private INDArray closedFormBackward(INDArray x, INDArray dy, INDArray gamma, INDArray dGammaView, INDArray dBetaView,
                                        double eps, LayerWorkspaceMgr workspaceMgr) {
        long count = x.length() / x.size(1);
        INDArray invStd = Transforms.sqrt(varCache.add(eps), false).rdivi(1);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dy.dataType(), dy.shape());
        if (ChannelPasses.on() && ChannelPasses.handles(x, dy, out)) {
            float[] dGamma = new float[(int) x.size(1)];
            float[] dBeta = new float[dGamma.length];
            ChannelPasses.backward(x, dy, meanCache.toFloatVector(), invStd.toFloatVector(), vector(gamma).toFloatVector(),
                    dGamma, dBeta, out);
            dBetaView.assign(Nd4j.createFromArray(dBeta).reshape(dBetaView.shape()));
            dGammaView.assign(Nd4j.createFromArray(dGamma).reshape(dGammaView.shape()));
            return out;
        }
        INDArray xHat = x.ulike();
        Nd4j.exec(new SubOp(x, channels(meanCache), xHat));
        Nd4j.exec(new MulOp(xHat, channels(invStd), xHat));
        INDArray dBeta = perChannelSum(dy);
        INDArray dGamma = perChannelSum(dy.mul(xHat));
        dBetaView.assign(dBeta.reshape(dBetaView.shape()));
        dGammaView.assign(dGamma.reshape(dGammaView.shape()));
        Nd4j.exec(new MulOp(xHat, channels(dGamma.divi(count)), xHat));
        Nd4j.exec(new SubOp(dy, xHat, out));
        Nd4j.exec(new SubOp(out, channels(dBeta.divi(count)), out));
        Nd4j.exec(new MulOp(out, channels(invStd.muli(vector(gamma))), out));
        return out;
    }

    /** Sums over examples and positions, per channel: contiguous rows of H*W, then the examples. */
    private static INDArray perChannelSum(INDArray a) {
        return a.reshape('c', a.size(0), a.size(1), a.size(2) * a.size(3)).sum(2).sum(0);
    }

    private static INDArray contiguous(INDArray a) {
        return Shape.hasDefaultStridesForShape(a) && a.ordering() == 'c' ? a : a.dup('c');
    }

    /** A per-channel vector as [1, C, 1, 1], which ND4J broadcasts over NCHW in one contiguous pass. */
    private static INDArray channels(INDArray a) {
        return a.reshape(1, a.length(), 1, 1);
    }

    private static INDArray vector(INDArray a) {
        return a.rank() == 1 ? a : a.reshape(a.length());
    }

    /** The batch statistics live outside DL4J's workspaces: DL4J reads them after the backward pass. */
    private void caches(DataType type, long channels) {
        if (meanCache == null || meanCache.dataType() != type || meanCache.length() != channels) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanCache = Nd4j.createUninitialized(type, channels);
                varCache = Nd4j.createUninitialized(type, channels);
            }
        }
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return delegated ? fallback.getMeanCache(dataType) : meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return delegated ? fallback.getVarCache(dataType) : varCache;
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return fallback == null ? Map.of() : fallback.helperMemoryUse();
    }

    private static void set(BatchNormalization layer, BatchNormalizationHelper helper) {
        try {
            HELPER.set(layer, helper);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set the helper of " + layer.conf().getLayer().getLayerName(), e);
        }
    }

    private static Field helperField() {
        try {
            Field f = BatchNormalization.class.getDeclaredField("helper");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DL4J's BatchNormalization has no 'helper' field: this DL4J version is not "
                    + "the one LayerLoom's training set-up was written for (" + Dl4jVersion.TARGET + ")", e);
        }
    }
}
