package io.layerloom.model.training;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a graph is meant to be trained, stored in its file as the optional {@code training}
 * object (docs/format.md). Every field has a default; the command line may override any of them.
 *
 * @param stepEvery          step policy: epochs between two decays
 * @param decay              step policy: factor every {@code stepEvery} epochs; exponential: per epoch
 * @param warmupEpochs       warm-up epochs: epoch e of w trains at (e + 1) / (w + 1) of its rate (0: none)
 * @param gradientClip       clip each layer's gradient to this L2 norm (0: off)
 * @param switchToSgdAtEpoch train with {@code optimizer}, then plain SGD from this epoch on (0: never)
 * @param patience           early stopping: stop after this many epochs without a lower validation loss and
 *                           restore the best epoch's weights (0: off)
 * @param preparation        the data's fit to the Input and its normalisation ("fit", "normalization")
 * @param augmentation       steps applied, in order, to each training image (empty: none); see {@link AugmentStep}
 */
public record TrainingSettings(Optimizer optimizer, double learningRate, Policy schedule, int stepEvery, double decay,
                               int warmupEpochs, int batchSize, int epochs, double l2, double weightDecay, Init weightInit,
                               double gradientClip, int switchToSgdAtEpoch, long seed, int patience, DataPreparation preparation,
                               List<AugmentStep> augmentation) {

    public enum Optimizer { SGD, NESTEROV, ADAM, ADAMW, RMSPROP, ADAGRAD }

    public enum Policy { FIXED, STEP, EXPONENTIAL, COSINE }

    /** XAVIER (Glorot), RELU (He), LECUN. */
    public enum Init { XAVIER, RELU, LECUN }

    public static final List<String> FIELDS = List.of("optimizer", "learningRate", "schedule", "stepEvery", "decay",
            "warmupEpochs", "batchSize", "epochs", "l2", "weightDecay", "weightInit", "gradientClip", "switchToSgdAtEpoch", "seed",
            "patience", "fit", "normalization", "augmentation");

    /** Settings are consistent by construction: a rule broken is an {@link IllegalArgumentException} naming it. */
    public TrainingSettings {
        java.util.Objects.requireNonNull(optimizer, "optimizer");
        java.util.Objects.requireNonNull(schedule, "schedule");
        java.util.Objects.requireNonNull(weightInit, "weightInit");
        java.util.Objects.requireNonNull(preparation, "preparation");
        augmentation = List.copyOf(augmentation);
        Optional<String> problem = problem(optimizer, learningRate, stepEvery, decay, warmupEpochs, batchSize, epochs, l2,
                weightDecay, gradientClip, switchToSgdAtEpoch);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be at least 0 (0: no early stopping), got " + patience + ".");
        }
    }

    /** Settings without early stopping (patience 0), a data fit, normalisation or augmentation. */
    public TrainingSettings(Optimizer optimizer, double learningRate, Policy schedule, int stepEvery, double decay,
                            int warmupEpochs, int batchSize, int epochs, double l2, double weightDecay, Init weightInit,
                            double gradientClip, int switchToSgdAtEpoch, long seed) {
        this(optimizer, learningRate, schedule, stepEvery, decay, warmupEpochs, batchSize, epochs, l2, weightDecay, weightInit,
                gradientClip, switchToSgdAtEpoch, seed, 0, DataPreparation.none(), List.of());
    }

    /** Settings without early stopping, with a data fit and normalisation. */
    public TrainingSettings(Optimizer optimizer, double learningRate, Policy schedule, int stepEvery, double decay,
                            int warmupEpochs, int batchSize, int epochs, double l2, double weightDecay, Init weightInit,
                            double gradientClip, int switchToSgdAtEpoch, long seed, DataPreparation preparation) {
        this(optimizer, learningRate, schedule, stepEvery, decay, warmupEpochs, batchSize, epochs, l2, weightDecay, weightInit,
                gradientClip, switchToSgdAtEpoch, seed, 0, preparation, List.of());
    }

    /** The same settings with early stopping after {@code epochsWithoutImprovement} (0: off). */
    public TrainingSettings withPatience(int epochsWithoutImprovement) {
        return new TrainingSettings(optimizer, learningRate, schedule, stepEvery, decay, warmupEpochs, batchSize, epochs, l2,
                weightDecay, weightInit, gradientClip, switchToSgdAtEpoch, seed, epochsWithoutImprovement, preparation, augmentation);
    }

    public TrainingSettings withPreparation(DataPreparation p) {
        return new TrainingSettings(optimizer, learningRate, schedule, stepEvery, decay, warmupEpochs, batchSize, epochs, l2,
                weightDecay, weightInit, gradientClip, switchToSgdAtEpoch, seed, patience, p, augmentation);
    }

    /** Settings without early stopping, a data fit or normalisation, with augmentation. */
    public TrainingSettings(Optimizer optimizer, double learningRate, Policy schedule, int stepEvery, double decay,
                            int warmupEpochs, int batchSize, int epochs, double l2, double weightDecay, Init weightInit,
                            double gradientClip, int switchToSgdAtEpoch, long seed, List<AugmentStep> augmentation) {
        this(optimizer, learningRate, schedule, stepEvery, decay, warmupEpochs, batchSize, epochs, l2, weightDecay, weightInit,
                gradientClip, switchToSgdAtEpoch, seed, 0, DataPreparation.none(), augmentation);
    }

    public TrainingSettings withAugmentation(List<AugmentStep> steps) {
        return new TrainingSettings(optimizer, learningRate, schedule, stepEvery, decay, warmupEpochs, batchSize, epochs, l2,
                weightDecay, weightInit, gradientClip, switchToSgdAtEpoch, seed, patience, preparation, steps);
    }

    public static TrainingSettings defaults() {
        return new TrainingSettings(Optimizer.ADAM, 1e-3, Policy.FIXED, 1, 0.5, 0, 64, 10, 0, 0, Init.XAVIER, 0, 0, 42);
    }

    /** A fixed learning rate with no regularisation: the usual start. */
    public static TrainingSettings of(int epochs, int batchSize, double learningRate, Optimizer optimizer, long seed) {
        return new TrainingSettings(optimizer, learningRate, Policy.FIXED, 1, 0.5, 0, batchSize, epochs, 0, 0, Init.XAVIER, 0, 0,
                seed);
    }

    public TrainingSettings withSchedule(Policy policy, int every, double factor, int warmup) {
        return new TrainingSettings(optimizer, learningRate, policy, every, factor, warmup, batchSize, epochs, l2, weightDecay,
                weightInit, gradientClip, switchToSgdAtEpoch, seed, patience, preparation, augmentation);
    }

    public TrainingSettings withWeightInit(Init init) {
        return new TrainingSettings(optimizer, learningRate, schedule, stepEvery, decay, warmupEpochs, batchSize, epochs, l2,
                weightDecay, init, gradientClip, switchToSgdAtEpoch, seed, patience, preparation, augmentation);
    }

    public TrainingSettings withSwitchToSgdAt(int epoch) {
        return new TrainingSettings(optimizer, learningRate, schedule, stepEvery, decay, warmupEpochs, batchSize, epochs, l2,
                weightDecay, weightInit, gradientClip, epoch, seed, patience, preparation, augmentation);
    }

    /** The rule a combination of settings breaks, as a sentence, or empty when they are consistent. */
    private static Optional<String> problem(Optimizer optimizer, double learningRate, int stepEvery, double decay,
                                            int warmupEpochs, int batchSize, int epochs, double l2, double weightDecay,
                                            double gradientClip, int switchToSgdAtEpoch) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            return Optional.of("learningRate must be greater than 0, got " + learningRate + ".");
        }
        if (epochs < 1) {
            return Optional.of("epochs must be at least 1, got " + epochs + ".");
        }
        if (batchSize < 1) {
            return Optional.of("batchSize must be at least 1, got " + batchSize + ".");
        }
        if (stepEvery < 1) {
            return Optional.of("stepEvery must be at least 1, got " + stepEvery + ".");
        }
        if (!(decay > 0 && decay <= 1)) {
            return Optional.of("decay must be greater than 0 and at most 1, got " + decay + ".");
        }
        if (warmupEpochs < 0 || warmupEpochs >= epochs && warmupEpochs > 0) {
            return Optional.of("warmupEpochs must be at least 0 and less than epochs (" + epochs + "), got " + warmupEpochs + ".");
        }
        if (l2 < 0 || weightDecay < 0 || gradientClip < 0) {
            return Optional.of("l2, weightDecay and gradientClip cannot be negative.");
        }
        if (switchToSgdAtEpoch < 0 || switchToSgdAtEpoch > epochs) {
            return Optional.of("switchToSgdAtEpoch must be from 1 to epochs (" + epochs + "), or 0 for never; got "
                    + switchToSgdAtEpoch + ".");
        }
        if (optimizer == Optimizer.ADAMW && weightDecay == 0) {
            return Optional.of("adamw needs a weightDecay greater than 0 (0.01 is common).");
        }
        return Optional.empty();
    }

    /** The lower-case name a file uses for an enum value. */
    public static String jsonName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    public static <E extends Enum<E>> Optional<E> fromJson(Class<E> type, String name) {
        return Arrays.stream(type.getEnumConstants()).filter(c -> jsonName(c).equals(name)).findFirst();
    }

    public static <E extends Enum<E>> List<String> jsonNames(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(TrainingSettings::jsonName).toList();
    }
}
