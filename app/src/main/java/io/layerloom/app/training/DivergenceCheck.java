package io.layerloom.app.training;

import io.layerloom.codegen.dl4j.ParameterVertices;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Notices, within the iteration it happens in, that training has gone wrong although the loss
 * may still look finite: DL4J's softmax cross-entropy clips its probabilities, so with a far too
 * high learning rate the loss sits near 20 while the weights are 1e25 or NaN and every prediction
 * is the same class (or NaN). Per iteration it costs one reduction over the flat parameter vector
 * (its L2 norm: NaN or infinite when a parameter is, and far larger than the last one when an
 * update exploded) and one over the activations that feed the output layer, which DL4J hands
 * training listeners anyway. Only when one of them fires does it look layer by layer for where
 * it started, and at the batch for the likely cause.
 */
final class DivergenceCheck extends BaseTrainingListener {

    /**
     * The parameters' norm may grow at most this much in one iteration. A healthy update changes
     * the weights by about a thousandth of their size; Adam's first step with a learning rate of 1
     * grows a small CNN's norm about 20-fold, with 1e6 10^7-fold.
     */
    static final double GROWTH_LIMIT = 10;
    /** Input values beyond this are not scaled to about [-1, 1] (raw pixels are 0-255). */
    static final double UNNORMALISED_INPUT = 10;

    /** What went wrong, for {@link TrainingEvent.Failed}: the reason names the layer, the hint the fix. */
    record Finding(String reason, String hint, double lowerLearningRate) {
    }

    private final ParameterVertices vertices;
    private final double learningRate;
    private Set<String> outputInputs = Set.of();
    private List<String> order = List.of();
    private double norm;
    /** The first vertex whose activation was not finite in the last forward pass, or null. */
    private volatile String badActivation;

    DivergenceCheck(ParameterVertices vertices, double learningRate) {
        this.vertices = vertices;
        this.learningRate = learningRate;
    }

    /** Watches {@code net} from now on (again after the optimizer switch, which builds a new network). */
    void watch(ComputationGraph net) {
        net.addListeners(this);
        norm = net.params() == null ? 0 : net.params().norm2Number().doubleValue();
        order = java.util.Arrays.stream(net.topologicalSortOrder()).mapToObj(i -> net.getVertices()[i].getVertexName()).toList();
        java.util.Set<String> feeding = new java.util.LinkedHashSet<>();
        for (String out : net.getConfiguration().getNetworkOutputs()) {
            feeding.addAll(net.getConfiguration().getVertexInputs().getOrDefault(out, List.of()));
        }
        feeding.removeAll(net.getConfiguration().getNetworkInputs());
        outputInputs = Set.copyOf(feeding);
        badActivation = null;
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        for (String name : outputInputs) {
            INDArray a = activations.get(name);
            // one sum: NaN or infinite when a value is (or, rarely, when huge values overflow it: then counted)
            if (a != null && !a.isEmpty() && !Double.isFinite(a.sumNumber().doubleValue()) && nonFinite(a) > 0) {
                // only now: the first vertex, in the order the pass ran, whose output is not finite
                badActivation = order.stream().filter(v -> activations.get(v) != null && !activations.get(v).isEmpty()
                        && nonFinite(activations.get(v)) > 0).findFirst().orElse(name);
                return;
            }
        }
    }

    /**
     * After one fit on {@code features}: empty when the network still looks healthy; otherwise
     * what happened at {@code iteration} (of {@code epoch}), where, and the fix.
     */
    Optional<Finding> after(ComputationGraph net, INDArray features, int iteration, int epoch) {
        double before = norm;
        norm = net.params().norm2Number().doubleValue();
        String activation = badActivation;
        badActivation = null;
        String at = "Training diverged at iteration " + iteration + " (epoch " + epoch + "): ";
        if (activation != null) {
            return Optional.of(finding(at + "the output of " + node(activation) + " became NaN or infinite in the forward pass"
                    + " (the loss can still look finite: the output layer clips its probabilities).", features));
        }
        if (Double.isFinite(norm) && (before == 0 || norm <= before * GROWTH_LIMIT)) {
            return Optional.empty();
        }
        List<Layer> layers = order.stream().map(net::getLayer).filter(l -> l != null && l.numParams() > 0).toList();
        for (Layer l : layers) {
            long bad = nonFinite(l.params());
            if (bad > 0) {
                return Optional.of(finding(at + "the parameters of " + node(l.conf().getLayer().getLayerName()) + " became NaN or "
                        + "infinite (" + bad + " of " + l.numParams() + "), the first layer where they did.", features));
            }
        }
        // finite but exploded: the layer whose update was largest against its weights before it
        // (after a fit DL4J's gradient view holds the update it subtracted, so before = after + update)
        String worst = null;
        double worstRatio = 0;
        for (Layer l : layers) {
            INDArray update = l.getGradientsViewArray();
            if (update == null) {
                continue;
            }
            double change = update.norm2Number().doubleValue();
            double was = l.params().add(update.reshape(l.params().shape())).norm2Number().doubleValue();
            double ratio = was == 0 ? Double.POSITIVE_INFINITY : change / was;
            if (worst == null || ratio > worstRatio || Double.isNaN(ratio)) {
                worst = l.conf().getLayer().getLayerName();
                worstRatio = ratio;
            }
        }
        String growth = Double.isFinite(norm) ? rounded(norm / before) + "-fold (norm " + rounded(before) + " to " + rounded(norm) + ")"
                : "beyond float range (norm " + rounded(before) + " before)";
        return Optional.of(finding(at + "the parameters grew " + growth + " in one iteration"
                + (worst == null ? "" : "; the largest jump was in " + node(worst) + ", whose update was " + rounded(worstRatio)
                + " times its weights") + ".", features));
    }

    /** The loss itself became NaN or infinite at {@code iteration}. */
    Finding lossBecame(double score, INDArray features, int iteration, int epoch) {
        return finding("Training diverged at iteration " + iteration + " (epoch " + epoch + "): the loss became " + score + ".",
                features);
    }

    private Finding finding(String reason, INDArray features) {
        double inputMax = features.amaxNumber().doubleValue();
        double lower = learningRate / 10;
        String rate = "Lower the learning rate (now " + number(learningRate) + "), for example to " + number(lower);
        if (inputMax > UNNORMALISED_INPUT) {
            return new Finding(reason, "The input reaches " + number(inputMax) + ": scale it to [0, 1] (normalise the data), or "
                    + rate.substring(0, 1).toLowerCase(Locale.ROOT) + rate.substring(1) + ".", lower);
        }
        return new Finding(reason, rate + "; the input is already scaled (at most " + number(inputMax) + ").", lower);
    }

    private String node(String vertex) {
        return "layer '" + vertices.nodeOf(vertex) + "'";
    }

    static long nonFinite(INDArray a) {
        return Nd4j.getExecutioner().exec(new MatchCondition(a, Conditions.isNan())).getLong(0)
                + Nd4j.getExecutioner().exec(new MatchCondition(a, Conditions.isInfinite())).getLong(0);
    }

    /** Three significant digits: 17.6, 46700, 2.2e8. */
    static String rounded(double d) {
        return Double.isFinite(d) ? number(new java.math.BigDecimal(d).round(new java.math.MathContext(3)).doubleValue())
                : Double.toString(d);
    }

    /** 0.0001, 1000000, 255; 2.3e7 or 1.79e25 when the plain form would be longer than 7 characters. */
    static String number(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        java.math.BigDecimal exact = new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros();
        String plain = exact.toPlainString();
        return plain.length() <= 7 ? plain : exact.round(new java.math.MathContext(3)).stripTrailingZeros().toString()
                .replace("E+", "e").replace("E-", "e-");
    }
}
