package io.layerloom.codegen.dl4j;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.training.TrainingSettings;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * A graph file's training settings as DL4J network options, and the network-wide part of the
 * DL4J mapping: {@link #configuration} describes, as a {@link Construction}, the
 * {@code NeuralNetConfiguration.Builder} that {@link Dl4jCompiler} builds and the Java source
 * generator prints (seed, identity default activation, weight initialisation, optimizer, L2,
 * weight decay, clipping). Every schedule is a table of one rate per epoch (DL4J's MapSchedule),
 * so the compiled network and the generated source hold exactly the same numbers. Warm-up raises
 * the rate in steps, epoch by epoch: epoch e of w warm-up epochs trains at (e + 1) / (w + 1) of
 * its scheduled rate.
 */
public final class Dl4jTraining {

    public static final double NESTEROV_MOMENTUM = 0.9;

    /** How the generated class names its seed constant, which it declares with the seed's value. */
    public static final String SEED = "SEED";

    /** How the generated class calls its table of rates per epoch, which it writes from the schedule's value. */
    public static final String LEARNING_RATES = "learningRates()";

    /** Adam at its usual rate, for a graph without training settings (written 1e-3, as people write it). */
    static final Construction DEFAULT_UPDATER = Construction.of(Adam.class,
            new Argument.Written(double.class, 1e-3, "1e-3"));

    private Dl4jTraining() {
    }

    /** The options for a graph: its file's settings, or the defaults. */
    public static Dl4jCompiler.Options options(Graph graph) {
        return graph.training().map(s -> options(s, false)).orElse(Dl4jCompiler.Options.defaults());
    }

    /** The options for these settings; {@code sgd}: plain SGD at the same rates (after "switch to SGD"). */
    public static Dl4jCompiler.Options options(TrainingSettings s, boolean sgd) {
        Construction updater = updater(sgd ? TrainingSettings.Optimizer.SGD : s.optimizer(), rate(s));
        return new Dl4jCompiler.Options(s.seed(), updater, weightInit(s.weightInit()), s.l2(), s.weightDecay(),
                s.gradientClip());
    }

    /**
     * The network-wide settings: {@code new NeuralNetConfiguration.Builder()} and its calls, up to
     * (not including) {@code graphBuilder()}. Settings at 0 are left out, as DL4J's defaults.
     */
    public static Construction configuration(Dl4jCompiler.Options o) {
        Construction c = Construction.builder(NeuralNetConfiguration.class)
                .call("seed", new Argument.Written(long.class, o.seed(), SEED))
                .call("activation", Argument.of(Activation.IDENTITY))
                .call("weightInit", Argument.of(o.weightInit()))
                .call("updater", Argument.of(o.updater()));
        if (o.l2() > 0) {
            c = c.call("l2", Argument.of(o.l2()));
        }
        if (o.weightDecay() > 0) {
            c = c.call("weightDecay", Argument.of(o.weightDecay()));
        }
        if (o.gradientClip() > 0) {
            c = c.call("gradientNormalization", Argument.of(GradientNormalization.ClipL2PerLayer))
                    .call("gradientNormalizationThreshold", Argument.of(o.gradientClip()));
        }
        return c;
    }

    /** Every class a network-wide description can name (what Java source may have to import). */
    public static Set<Class<?>> classes() {
        Set<Class<?>> out = new LinkedHashSet<>();
        for (TrainingSettings.Optimizer o : TrainingSettings.Optimizer.values()) {
            out.addAll(updater(o, schedule(Map.of(0, 1.0))).classes());
        }
        out.addAll(configuration(new Dl4jCompiler.Options(0, DEFAULT_UPDATER, WeightInit.XAVIER, 1, 1, 1)).classes());
        return out;
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

    /** The learning rate: a number, or the rates per epoch as a MapSchedule. */
    private static Argument rate(TrainingSettings s) {
        return scheduled(s) ? schedule(rates(s)) : Argument.of(s.learningRate());
    }

    private static Argument schedule(Map<Integer, Double> rates) {
        return Argument.of(Construction.of(MapSchedule.class, Argument.of(ScheduleType.EPOCH),
                new Argument.Written(Map.class, rates, LEARNING_RATES)));
    }

    /** The optimizer at a fixed learning rate, as a graph file's settings would give it. */
    public static Construction updater(TrainingSettings.Optimizer optimizer, double learningRate) {
        return updater(optimizer, Argument.of(learningRate));
    }

    private static Construction updater(TrainingSettings.Optimizer optimizer, Argument rate) {
        return switch (optimizer) {
            case SGD -> Construction.of(Sgd.class, rate);
            case NESTEROV -> Construction.of(Nesterovs.class, rate, Argument.of(NESTEROV_MOMENTUM));
            case ADAM, ADAMW -> Construction.of(Adam.class, rate);
            case RMSPROP -> Construction.of(RmsProp.class, rate);
            case ADAGRAD -> Construction.of(AdaGrad.class, rate);
        };
    }
}
