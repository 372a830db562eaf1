package io.layerloom.app.runtime;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The network's updater without the per-parameter work DL4J does for regularisation that is not
 * there. Each training step, DL4J's {@link UpdaterBlock} visits every parameter of the block twice
 * (before and after the updater), and for each visit first makes two views of the flat parameter
 * and gradient arrays (a reshape and an interval: new arrays, each with native shape information
 * and JavaCPP's memory check) and only then asks the layer whether that parameter has any L1, L2
 * or weight decay. Without any, that is 4 view arrays per parameter per iteration for nothing: for
 * LeNet-5's 10 parameters about 6% of a training iteration at batch 64 (docs/benchmarks.md,
 * "Issue 13: LeNet-5's time outside the layers"). The updater step itself (Adam over the whole
 * block as one fused op) is unchanged.
 *
 * <p>Each block is replaced by one that skips the visits of a step (before or after the updater)
 * in which no parameter of the block has a regularisation; a block with one does exactly what
 * DL4J's does. The skipped visits change nothing (no regularisation, no write), so training is
 * DL4J's to the bit ({@code LeanUpdaterTest}). Switched off with {@code -D}{@value #OFF}{@code =true}
 * (A/B measurements). Remove when DL4J checks for regularisation before making the views.
 */
final class LeanUpdater {

    /** System property that keeps DL4J's own updater blocks (for A/B measurements). */
    static final String OFF = "layerloom.dl4jUpdater";

    private LeanUpdater() {
    }

    /**
     * Replaces the blocks of the network's updater: now when it has one, else when DL4J creates it,
     * at the first training step (a listener, before the step reaches the updater), so that a network
     * that is never trained (an import, an export) gets no updater state. Call after the network's
     * layers are final. Idempotent; returns the network.
     */
    static ComputationGraph install(ComputationGraph net) {
        if (Boolean.getBoolean(OFF)) {
            return net;
        }
        ComputationGraphUpdater updater = net.getUpdater(false);
        if (updater != null) {
            replaceBlocks(updater);
        } else {
            net.addListeners(new AtFirstStep());
        }
        return net;
    }

    private static void replaceBlocks(ComputationGraphUpdater updater) {
        List<UpdaterBlock> blocks = updater.getUpdaterBlocks();
        for (int i = 0; i < blocks.size(); i++) {
            UpdaterBlock b = blocks.get(i);
            if (!(b instanceof Block)) {
                blocks.set(i, new Block(b));
            }
        }
    }

    /** Replaces the blocks once the gradient of the first step is there, before the updater runs. */
    private static final class AtFirstStep extends BaseTrainingListener {
        private boolean done;

        @Override
        public void onGradientCalculation(Model model) {
            if (!done && model instanceof ComputationGraph net) {
                replaceBlocks(net.getUpdater(true));
                done = true;
            }
        }
    }

    /** True when every block of {@code net}'s updater is a lean one (for tests). */
    static boolean installed(ComputationGraph net) {
        ComputationGraphUpdater updater = net.getUpdater(false);
        return updater != null && updater.getUpdaterBlocks().stream().allMatch(b -> b instanceof Block);
    }

    /** DL4J's block with the same offsets, parameters, views and updater, skipping empty regularisation steps. */
    private static final class Block extends UpdaterBlock {
        private final boolean before;
        private final boolean after;

        Block(UpdaterBlock original) {
            super(original.getParamOffsetStart(), original.getParamOffsetEnd(), original.getUpdaterViewOffsetStart(),
                    original.getUpdaterViewOffsetEnd(), original.getLayersAndVariablesInBlock());
            setUpdaterView(original.getUpdaterView());
            setGradientView(original.getGradientView());
            setUpdaterViewRequiresInitialization(original.isUpdaterViewRequiresInitialization());
            setGradientUpdater(original.getGradientUpdater());
            before = regularises(original, Regularization.ApplyStep.BEFORE_UPDATER);
            after = regularises(original, Regularization.ApplyStep.POST_UPDATER);
        }

        private static boolean regularises(UpdaterBlock block, Regularization.ApplyStep step) {
            for (ParamState p : block.getLayersAndVariablesInBlock()) {
                TrainingConfig config = p.getLayer().getConfig();
                List<Regularization> r = config.getRegularizationByParam(p.getParamName());
                if (r != null && r.stream().anyMatch(x -> x.applyStep() == step)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        protected void applyRegularizationAllVariables(Regularization.ApplyStep step, int iteration, int epoch,
                                                       boolean external, INDArray gradient, INDArray params) {
            if (step == Regularization.ApplyStep.BEFORE_UPDATER ? before : after) {
                super.applyRegularizationAllVariables(step, iteration, epoch, external, gradient, params);
            }
        }
    }
}
