package io.layerloom.app.training;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.training.TrainingSettings;
import io.layerloom.model.training.TrainingSettings.Init;
import io.layerloom.model.training.TrainingSettings.Optimizer;
import io.layerloom.model.training.TrainingSettings.Policy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.RampSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * How to train: epochs, batch, optimizer and learning-rate policy, regularisation, weight
 * initialisation, gradient clipping, and "Adam first, then SGD from epoch k". The graph file's
 * {@link TrainingSettings} with the command line's options on top; this class turns them into
 * DL4J's optimizer, schedule and network-wide options.
 *
 * @param stepEvery         STEP: epochs between two decays
 * @param decay             STEP: the factor applied every {@code stepEvery} epochs; EXPONENTIAL: per epoch
 * @param warmupEpochs      epochs over which the learning rate ramps up linearly from 0 (0: none)
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

    /** The learning rate per epoch (0-based in DL4J's schedules), before any warm-up. */
    ISchedule schedule(int iterationsPerEpoch) {
        ISchedule base = switch (policy) {
            case FIXED -> new StepSchedule(ScheduleType.EPOCH, learningRate, 1.0, 1);
            case STEP -> new StepSchedule(ScheduleType.EPOCH, learningRate, decay, stepEvery);
            case EXPONENTIAL -> new ExponentialSchedule(ScheduleType.EPOCH, learningRate, decay);
            case COSINE -> {
                Map<Integer, Double> rates = new LinkedHashMap<>();
                for (int e = 0; e < epochs; e++) {
                    rates.put(e, learningRate * (1 + Math.cos(Math.PI * e / epochs)) / 2);
                }
                yield new MapSchedule(ScheduleType.EPOCH, rates);
            }
        };
        return warmupEpochs > 0 ? new RampSchedule(base, warmupEpochs * Math.max(1, iterationsPerEpoch)) : base;
    }

    IUpdater updater(int iterationsPerEpoch) {
        ISchedule lr = schedule(iterationsPerEpoch);
        return switch (optimizer) {
            case SGD -> new Sgd(lr);
            case NESTEROV -> new Nesterovs(lr, 0.9);
            case ADAM, ADAMW -> new Adam(lr);
            case RMSPROP -> new RmsProp(lr);
            case ADAGRAD -> new AdaGrad(lr);
        };
    }

    Dl4jCompiler.Options compilerOptions(int iterationsPerEpoch, boolean sgd) {
        WeightInit init = switch (weightInit) {
            case XAVIER -> WeightInit.XAVIER;
            case RELU -> WeightInit.RELU;
            case LECUN -> WeightInit.LECUN_NORMAL;
        };
        IUpdater u = sgd ? new Sgd(schedule(iterationsPerEpoch)) : updater(iterationsPerEpoch);
        return new Dl4jCompiler.Options(seed, u, init, l2, weightDecay, gradientClip);
    }
}
