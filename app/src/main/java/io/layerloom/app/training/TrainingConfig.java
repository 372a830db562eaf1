package io.layerloom.app.training;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.Dl4jTraining;
import io.layerloom.model.training.TrainingSettings;
import io.layerloom.model.training.TrainingSettings.Init;
import io.layerloom.model.training.TrainingSettings.Optimizer;
import io.layerloom.model.training.TrainingSettings.Policy;

/**
 * How to train: epochs, batch, optimizer and learning-rate policy, regularisation, weight
 * initialisation, gradient clipping, and "Adam first, then SGD from epoch k". The graph file's
 * {@link TrainingSettings} with the command line's options on top; this class turns them into
 * DL4J's optimizer, schedule and network-wide options.
 *
 * @param stepEvery         STEP: epochs between two decays
 * @param decay             STEP: the factor applied every {@code stepEvery} epochs; EXPONENTIAL: per epoch
 * @param warmupEpochs      warm-up epochs: epoch e of w trains at (e + 1) / (w + 1) of its rate (0: none)
 * @param switchToSgdAtEpoch from this epoch on (1-based) train with plain SGD at the scheduled rate; 0 never
 */
public record TrainingConfig(int epochs, int batchSize, double learningRate, Optimizer optimizer, long seed,
                             Policy policy, int stepEvery, double decay, int warmupEpochs, double l2, double weightDecay,
                             Init weightInit, double gradientClip, int switchToSgdAtEpoch) {

    public TrainingConfig {
        check(epochs >= 1, "epochs must be at least 1, got " + epochs);
        check(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        check(learningRate > 0 && !Double.isInfinite(learningRate), "learning rate must be a positive number, got " + learningRate);
        check(stepEvery >= 1, "the step schedule's period must be at least 1 epoch, got " + stepEvery);
        check(decay > 0 && decay <= 1, "the decay factor must be in (0, 1], got " + decay);
        check(warmupEpochs >= 0 && warmupEpochs < epochs || warmupEpochs == 0,
                "warm-up must be shorter than the training, got " + warmupEpochs + " of " + epochs + " epochs");
        check(l2 >= 0 && weightDecay >= 0 && gradientClip >= 0, "L2, weight decay and gradient clipping cannot be negative");
        check(switchToSgdAtEpoch >= 0 && switchToSgdAtEpoch <= epochs,
                "the switch to SGD must be at an epoch from 1 to " + epochs + " (0 for never), got " + switchToSgdAtEpoch);
        check(optimizer != Optimizer.ADAMW || weightDecay > 0, "AdamW needs a weight decay greater than 0");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public TrainingConfig(int epochs, int batchSize, double learningRate, Optimizer optimizer, long seed) {
        this(epochs, batchSize, learningRate, optimizer, seed, Policy.FIXED, 1, 1, 0, 0, 0, Init.XAVIER, 0, 0);
    }

    /** The settings a graph file holds, as a configuration. */
    public static TrainingConfig from(TrainingSettings s) {
        return new TrainingConfig(s.epochs(), s.batchSize(), s.learningRate(), s.optimizer(), s.seed(), s.schedule(),
                s.stepEvery(), s.decay(), s.warmupEpochs(), s.l2(), s.weightDecay(), s.weightInit(), s.gradientClip(),
                s.switchToSgdAtEpoch());
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(1, 64, 1e-3, Optimizer.ADAM, 42);
    }

    public TrainingConfig withSchedule(Policy p, int every, double factor, int warmup) {
        return new TrainingConfig(epochs, batchSize, learningRate, optimizer, seed, p, every, factor, warmup, l2, weightDecay,
                weightInit, gradientClip, switchToSgdAtEpoch);
    }

    public TrainingConfig withRegularisation(double newL2, double newWeightDecay, double clip) {
        return new TrainingConfig(epochs, batchSize, learningRate, optimizer, seed, policy, stepEvery, decay, warmupEpochs,
                newL2, newWeightDecay, weightInit, clip, switchToSgdAtEpoch);
    }

    public TrainingConfig withWeightInit(Init init) {
        return new TrainingConfig(epochs, batchSize, learningRate, optimizer, seed, policy, stepEvery, decay, warmupEpochs, l2,
                weightDecay, init, gradientClip, switchToSgdAtEpoch);
    }

    public TrainingConfig withSwitchToSgdAt(int epoch) {
        return new TrainingConfig(epochs, batchSize, learningRate, optimizer, seed, policy, stepEvery, decay, warmupEpochs, l2,
                weightDecay, weightInit, gradientClip, epoch);
    }

    /** These settings as the graph file would hold them. */
    public TrainingSettings settings() {
        return new TrainingSettings(optimizer, learningRate, policy, stepEvery, decay, warmupEpochs, batchSize, epochs, l2,
                weightDecay, weightInit, gradientClip, switchToSgdAtEpoch, seed);
    }

    /** The DL4J options; {@code sgd}: plain SGD at the same rates, for "Adam first, then SGD". */
    Dl4jCompiler.Options compilerOptions(boolean sgd) {
        return Dl4jTraining.options(settings(), sgd);
    }

    /** The scheduled learning rate of an epoch (1-based). */
    double rateAt(int epoch) {
        return Dl4jTraining.rateAt(settings(), epoch - 1);
    }
}
