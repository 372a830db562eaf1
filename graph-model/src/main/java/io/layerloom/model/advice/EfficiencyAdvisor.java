package io.layerloom.model.advice;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Cost;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.Totals;
import io.layerloom.model.graph.Graph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The efficiency advisor (issue 15, part 2): each layer's share of the network's parameters,
 * MACs and, with a profile, time; and suggestions (largest saving first, see {@link #weight}) from MobileNet, Inception/ResNet, Network in
 * Network and ShuffleNet, each with its exact saving. A suggestion's figures are the totals of
 * the edited graph as {@link GraphAnalysis} gives them, and a suggestion is kept only when that
 * graph has no error, every layer it does not replace keeps its output shape, and both the
 * parameters and the MACs go down. Where each idea applies is {@link AdviceRules}.
 */
public final class EfficiencyAdvisor {

    /** What the advisor says about the grouped suggestions, shown with every advice. */
    public static final String SHUFFLE_NOTE = "Grouped suggestions split a 1x1 convolution into groups and add "
            + "ShuffleNet's channel shuffle (ChannelShuffle) after it, so that stacked grouped layers mix their groups; "
            + "the shuffle has no parameters or MACs, so the savings shown are the grouping's.";

    private EfficiencyAdvisor() {
    }

    public static Advice advise(Graph g) {
        return advise(g, GraphAnalysis.analyze(g), Map.of());
    }

    /**
     * @param layerMillis each layer's measured time (a profile), by node id; empty when none was
     *                    measured, and then the shares have no time
     */
    public static Advice advise(Graph g, Analysis a, Map<String, Double> layerMillis) {
        Totals totals = a.totals();
        List<LayerShare> layers = shares(a, layerMillis);
        List<String> notes = new ArrayList<>();
        notes.add(SHUFFLE_NOTE);
        if (a.hasErrors() || !totals.complete()) {
            return new Advice(totals, layers, List.of(), notes, Optional.of("The graph has " + a.count(
                    io.layerloom.model.analysis.Severity.ERROR) + " error(s): a saving can only be measured on a "
                    + "graph whose every layer is known. Fix the errors (layerloom validate) and ask again."));
        }
        List<Suggestion> suggestions = new ArrayList<>();
        for (AdviceRules.Candidate c : AdviceRules.candidates(g, a)) {
            check(g, a, c).ifPresent(suggestions::add);
        }
        suggestions.sort(Comparator.comparingDouble(EfficiencyAdvisor::weight).reversed()
                .thenComparing(Comparator.comparingLong(Suggestion::savedMacs).reversed())
                .thenComparing(Suggestion::id));
        if (suggestions.isEmpty()) {
            notes.add("No layer passes the thresholds: k x k Conv2D on " + AdviceRules.SEPARABLE_MIN_CHANNELS
                    + "+ channels (separable), on " + AdviceRules.BOTTLENECK_MIN_CHANNELS + "+ channels not after a 1x1 "
                    + "(bottleneck), a Flatten of a map of " + AdviceRules.GLOBAL_POOL_MIN_POSITIONS + "+ positions "
                    + "before Dense layers (global pooling), a linear 1x1 Conv2D without bias on "
                    + AdviceRules.GROUPED_MIN_CHANNELS + "+ channels (grouped).");
        }
        return new Advice(totals, layers, suggestions, notes, Optional.empty());
    }

    /**
     * How a suggestion ranks: the larger of its shares of the parameters and of the MACs saved, so
     * that VGG-16's global pooling (73% of the parameters) comes before a convolution's 11% of the MACs.
     */
    public static double weight(Suggestion s) {
        return Math.max(s.paramFraction(), s.macFraction());
    }

    /** The candidate measured on the edited graph, or empty when it breaks something or saves nothing. */
    static Optional<Suggestion> check(Graph g, Analysis before, AdviceRules.Candidate c) {
        Graph edited;
        try {
            edited = c.edit().apply(g);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Analysis after = GraphAnalysis.analyze(edited);
        if (after.hasErrors() || !after.totals().complete()) {
            return Optional.empty();
        }
        for (NodeResult r : before.nodes()) {
            if (c.reshaped().contains(r.id())) {
                continue;
            }
            Optional<NodeResult> now = after.node(r.id());
            if (now.isEmpty() || !now.get().output().equals(r.output())) {
                return Optional.empty();
            }
        }
        Totals was = before.totals();
        Totals is = after.totals();
        if (is.params() >= was.params() || is.macs() >= was.macs()) {
            return Optional.empty();
        }
        return Optional.of(new Suggestion(c.id(), c.idea(), c.nodes(), c.title(), was, is, c.edit()));
    }

    static List<LayerShare> shares(Analysis a, Map<String, Double> layerMillis) {
        Totals t = a.totals();
        double time = layerMillis.values().stream().filter(v -> v > 0).mapToDouble(Double::doubleValue).sum();
        List<LayerShare> out = new ArrayList<>();
        for (NodeResult r : a.nodes()) {
            Cost c = r.cost().orElse(null);
            if (c == null) {
                continue;
            }
            Double ms = layerMillis.get(r.id());
            OptionalDouble timeShare = time > 0 && ms != null && ms >= 0 ? OptionalDouble.of(ms / time) : OptionalDouble.empty();
            out.add(new LayerShare(r.id(), r.kind(), c.params(), c.macs(), share(c.params(), t.params()),
                    share(c.macs(), t.macs()), timeShare));
        }
        return out;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
