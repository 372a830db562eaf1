package io.layerloom.codegen.dl4j;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.training.TrainingSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * A graph file's training settings as DL4J network options: the optimizer with its
 * learning-rate schedule, weight initialisation, L2, weight decay and clipping. Every schedule
 * is a table of one rate per epoch (DL4J's MapSchedule), so the compiled network and the
 * generated Java source hold exactly the same numbers. Warm-up raises the rate in steps, epoch
 * by epoch: epoch e of w warm-up epochs trains at (e + 1) / (w + 1) of its scheduled rate.
 */
public final class Dl4jTraining {

    public static final double NESTEROV_MOMENTUM = 0.9;

    private Dl4jTraining() {
    }

    /** The options for a graph: its file's settings, or the defaults. */
    public static Dl4jCompiler.Options options(Graph graph) {
        return graph.training().map(s -> options(s, false)).orElse(Dl4jCompiler.Options.defaults());
    }

    /** The options for these settings; {@code sgd}: plain SGD at the same rates (after "switch to SGD"). */
    public static Dl4jCompiler.Options options(TrainingSettings s, boolean sgd) {
        return new Dl4jCompiler.Options(s.seed(), sgd ? rateOrSchedule(s) : updater(s), weightInit(s.weightInit()),
                s.l2(), s.weightDecay(), s.gradientClip());
    }

    public static WeightInit weightInit(TrainingSettings.Init init) {
        return switch (init) {
            case XAVIER -> WeightInit.XAVIER;
            case RELU -> WeightInit.RELU;
            case LECUN -> WeightInit.LECUN_NORMAL;
        };
    }

    /** Whether the rate changes over training (else a single number). */
    public static boolean scheduled(TrainingSettings s) {
        return s.schedule() != TrainingSettings.Policy.FIXED || s.warmupEpochs() > 0;
    }

    /** The learning rate of each epoch, 0-based, warm-up included. */
    public static Map<Integer, Double> rates(TrainingSettings s) {
        Map<Integer, Double> rates = new LinkedHashMap<>();
        for (int e = 0; e < s.epochs(); e++) {
            double r = switch (s.schedule()) {
                case FIXED -> s.learningRate();
                case STEP -> s.learningRate() * Math.pow(s.decay(), Math.floor((double) e / s.stepEvery()));
                case EXPONENTIAL -> s.learningRate() * Math.pow(s.decay(), e);
                case COSINE -> s.learningRate() * (1 + Math.cos(Math.PI * e / s.epochs())) / 2;
            };
            if (e < s.warmupEpochs()) {
                r = r * (e + 1) / (s.warmupEpochs() + 1);
            }
            rates.put(e, r);
        }
        return rates;
    }

    private static ISchedule schedule(TrainingSettings s) {
        return new MapSchedule(ScheduleType.EPOCH, rates(s));
    }

    private static IUpdater updater(TrainingSettings s) {
        if (!scheduled(s)) {
            double lr = s.learningRate();
            return switch (s.optimizer()) {
                case SGD -> new Sgd(lr);
                case NESTEROV -> new Nesterovs(lr, NESTEROV_MOMENTUM);
                case ADAM, ADAMW -> new Adam(lr);
                case RMSPROP -> new RmsProp(lr);
                case ADAGRAD -> new AdaGrad(lr);
            };
        }
        ISchedule lr = schedule(s);
        return switch (s.optimizer()) {
            case SGD -> new Sgd(lr);
            case NESTEROV -> new Nesterovs(lr, NESTEROV_MOMENTUM);
            case ADAM, ADAMW -> new Adam(lr);
            case RMSPROP -> new RmsProp(lr);
            case ADAGRAD -> new AdaGrad(lr);
        };
    }

    private static Sgd rateOrSchedule(TrainingSettings s) {
        return scheduled(s) ? new Sgd(schedule(s)) : new Sgd(s.learningRate());
    }
}
