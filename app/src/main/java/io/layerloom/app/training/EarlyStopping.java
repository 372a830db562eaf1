package io.layerloom.app.training;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Early stopping on the validation loss: after each epoch, a loss lower than every one before it
 * keeps a copy of the network's parameters (batch-norm statistics are parameters in DL4J, so they
 * are kept too); {@code patience} epochs in a row without a lower loss end the run. At the end the
 * best epoch's parameters are put back, whether the run stopped early or ran all its epochs, so
 * the test evaluation and the saved model are the best epoch's. The updater state is not rolled
 * back: it matters only to training that continues, which a resumed run restarts from the model.
 * A NaN loss is never an improvement.
 */
final class EarlyStopping {

    private final int patience;
    private INDArray best;
    private int bestEpoch;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int epochsWithoutImprovement;

    /** @param patience epochs without a lower validation loss before the run stops; 0 turns it off */
    EarlyStopping(int patience) {
        this.patience = patience;
    }

    boolean active() {
        return patience > 0;
    }

    /** Records epoch {@code epoch}'s validation loss; true when the run should stop now. */
    boolean afterEpoch(ComputationGraph net, int epoch, double validationLoss) {
        if (!active()) {
            return false;
        }
        if (validationLoss < bestLoss) {
            bestLoss = validationLoss;
            bestEpoch = epoch;
            best = net.params().dup();
            epochsWithoutImprovement = 0;
            return false;
        }
        epochsWithoutImprovement++;
        return epochsWithoutImprovement >= patience;
    }

    /**
     * Puts the best epoch's parameters back into {@code net} and says which epoch that was, or null
     * when early stopping is off or no epoch had a finite validation loss (the network stays as it is).
     */
    TrainingEvent.Restored restore(ComputationGraph net, int lastEpoch) {
        if (!active() || best == null) {
            return null;
        }
        if (bestEpoch != lastEpoch) {
            net.setParams(best);
        }
        return new TrainingEvent.Restored(bestEpoch, bestLoss, lastEpoch, patience);
    }
}
