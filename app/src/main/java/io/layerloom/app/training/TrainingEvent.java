package io.layerloom.app.training;

import java.util.List;

/** What a training run publishes, in order: Started, then Iteration and Epoch events, then one end. */
public sealed interface TrainingEvent {

    /** Training has begun. */
    record Started(int epochs, int iterationsPerEpoch, long parameters, long seed) implements TrainingEvent {
    }

    /**
     * Training continues a saved model ({@code source}): {@code copied} nodes start from its
     * parameters, {@code fresh} ones from a new initialisation; {@code unused} are the saved
     * model's nodes the graph no longer has in that shape. Published before Started.
     */
    record Initialised(String source, List<String> copied, List<String> fresh, List<String> unused) implements TrainingEvent {
        public Initialised {
            copied = List.copyOf(copied);
            fresh = List.copyOf(fresh);
            unused = List.copyOf(unused);
        }
    }

    /** One batch was fitted. {@code iteration} counts from 1 over the whole run. */
    record Iteration(int epoch, int iteration, double score, double learningRate, double examplesPerSecond,
                     double secondsRemaining) implements TrainingEvent {
    }

    /** One epoch ended; validation figures are NaN when there is no validation set. */
    record Epoch(int epoch, double trainLoss, double trainAccuracy, double validationLoss, double validationAccuracy)
            implements TrainingEvent {
    }

    /**
     * The network measured on a held-out set: the confusion matrix (rows the true class,
     * columns the predicted one) and precision, recall and F1 per class.
     */
    record Evaluated(String set, double accuracy, List<String> classNames, int[][] confusion, double[] precision,
                     double[] recall, double[] f1) implements TrainingEvent {
    }

    /**
     * Live statistics of iteration {@code iteration}, keyed by DL4J layer (vertex) name.
     * {@code updateRatios}: by node id, each layer's update-to-parameter ratio, the L2 norm of the change of its
     * parameters divided by the L2 norm of the parameters before; healthy training is near 1e-3, far
     * above it the rate is too high, far below too low. {@code meanActivations}: the mean of each
     * layer's and vertex's output over the iteration's batch, in the training forward pass (dropout
     * applied; not for the inputs, nor for output layers, whose activation DL4J computes inside the
     * loss); a ReLU layer near 0 has mostly dead units, a sigmoid or tanh layer near its limits is
     * saturated.
     */
    record LayerStatistics(int iteration, java.util.Map<String, Double> updateRatios,
                           java.util.Map<String, Double> meanActivations) implements TrainingEvent {
        public LayerStatistics {
            updateRatios = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(updateRatios));
            meanActivations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(meanActivations));
        }
    }

    /**
     * The run continues a saved model ({@code train --resume}) after its {@code completedEpochs}:
     * parameters copied, and the optimizer's state when {@code updaterState}. Published before Started.
     */
    record Resumed(String source, int completedEpochs, boolean updaterState) implements TrainingEvent {
    }

    /**
     * Early stopping kept epoch {@code epoch}'s weights, the lowest validation loss
     * ({@code validationLoss}), after training up to {@code lastEpoch} (before {@code epochs} when
     * {@code patience} epochs without improvement stopped it). Published after the last Epoch.
     */
    record Restored(int epoch, double validationLoss, int lastEpoch, int patience) implements TrainingEvent {
    }

    /** The run completed all its epochs (or stopped early, after a {@link Restored}). */
    record Finished(int epochs, int iterations, double seconds) implements TrainingEvent {
    }

    /** The user stopped the run; the network keeps what it learned so far. */
    record Stopped(int epoch, int iteration) implements TrainingEvent {
    }

    /**
     * The run failed: {@code reason} is meant for the user, {@code hint} says what to do;
     * {@code lowerLearningRate} is the rate the hint suggests when the run diverged (the window
     * offers it as a one-click fix), NaN for any other failure.
     */
    record Failed(String reason, String hint, double lowerLearningRate) implements TrainingEvent {
        public Failed(String reason, String hint) {
            this(reason, hint, Double.NaN);
        }

        /** Whether the fix is a lower learning rate, {@link #lowerLearningRate}. */
        public boolean suggestsLowerLearningRate() {
            return Double.isFinite(lowerLearningRate) && lowerLearningRate > 0;
        }
    }

    /** Whether this event ends the run. */
    default boolean isEnd() {
        return this instanceof Finished || this instanceof Stopped || this instanceof Failed;
    }
}
