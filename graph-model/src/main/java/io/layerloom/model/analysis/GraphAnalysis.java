package io.layerloom.model.analysis;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Family;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.ParamDef;
import io.layerloom.model.util.Suggest;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

import static io.layerloom.model.analysis.DiagnosticCode.*;

/**
 * The analysis: a pure, total function of a graph. It never throws for anything a user can
 * build or a file can hold. It keeps going after an error and leaves whatever depends on a
 * broken node unknown without reporting again, so each diagnostic is a root cause.
 */
public final class GraphAnalysis {

    /** Values are float32. */
    public static final int BYTES_PER_VALUE = 4;
    /** Most values one example may have at one node: DL4J indexes arrays with ints. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE;
    /** Longest id the format accepts. */
    public static final int MAX_ID_LENGTH = 200;

    private final Graph graph;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    /** Index of each node that takes part in the analysis (first occurrences of each id). */
    private final Map<String, Integer> index = new HashMap<>();
    /** Nodes with an error of their own: their output is unknown. */
    private final Set<String> broken = new HashSet<>();
    private final Map<String, NodeResult> results = new HashMap<>();
    /** The node ids for "did you mean", built at the first missing input. */
    private Suggest.Index ids;

    private GraphAnalysis(Graph graph) {
        this.graph = graph;
    }

    public static Analysis analyze(Graph graph) {
        return new GraphAnalysis(graph).run();
    }

    private Analysis run() {
        List<Node> nodes = graph.nodes();
        if (nodes.isEmpty()) {
            diagnostics.add(Diagnostic.of(EMPTY_GRAPH, null, null, "The graph is empty.",
                    List.of("Add an Input layer from the palette, or start from a template.")));
            // Nothing is unknown in an empty graph: its totals are complete zeros.
            return new Analysis(List.of(), diagnostics, new Totals(0, 0, 0, 0, 0, 0, 0, true), List.of());
        }
        for (int i = 0; i < nodes.size(); i++) {
            checkNode(i, nodes.get(i));
        }
        List<String> order = topologicalOrder();
        for (String id : order) {
            infer(graph.nodes().get(index.get(id)));
        }
        checkGraph();
        diagnostics.addAll(LinearityRules.chains(graph.nodes(), index, results,
                diagnostics.stream().filter(Diagnostic::isError).flatMap(d -> d.node().stream()).collect(java.util.stream.Collectors.toSet())));

        List<NodeResult> ordered = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            NodeResult r = index.get(n.id()) == i ? results.get(n.id()) : null;
            ordered.add(r != null ? r : unknown(n));
        }
        Totals totals = totals(ordered);
        diagnostics.sort(Comparator.comparingInt(this::position));
        return new Analysis(ordered, diagnostics, totals, order);
    }

    private int position(Diagnostic d) {
        return d.node().map(id -> index.getOrDefault(id, Integer.MAX_VALUE - 1)).orElse(Integer.MAX_VALUE);
    }

    private static NodeResult unknown(Node n) {
        return new NodeResult(n.id(), n.kind().name(), n.inputs(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private void report(DiagnosticCode code, Node n, String field, String message, String... fixes) {
        diagnostics.add(Diagnostic.of(code, n.id(), field, who(n) + ": " + message, List.of(fixes)));
    }

    static String who(Node n) {
        return n.kind().name() + " '" + Text.display(n.id()) + "'";
    }

    // ---- per node, before shapes: ids, parameters, wires ----

    private void checkNode(int i, Node n) {
        if (index.containsKey(n.id())) {
            diagnostics.add(Diagnostic.of(DUPLICATE_ID, n.id(), null, who(n) + ": node #" + (i + 1)
                            + " has the same id as node #" + (index.get(n.id()) + 1) + "; ids must be unique.",
                    List.of("Rename one of them.")));
            return;
        }
        index.put(n.id(), i);
        idProblem(n.id()).ifPresent(p -> {
            report(INVALID_ID, n, "id", p, "Rename the node.");
        });
        LayerKind<?> kind = n.kind();
        List<String> known = kind.params().stream().map(ParamDef::name).toList();
        for (String field : n.unknownFields().keySet()) {
            Optional<String> near = Suggest.nearest(field, known);
            report(UNKNOWN_PARAMETER, n, field, kind.name() + " has no parameter '" + field + "'."
                            + near.map(s -> " Did you mean '" + s + "'?").orElse("")
                            + (known.isEmpty() ? " It takes no parameters." : " It takes: " + String.join(", ", known) + "."),
                    near.map(s -> "Rename '" + field + "' to '" + s + "'.").orElse("Remove '" + field + "'."));
        }
        Map<String, Object> values = kind.values(n.spec());
        for (ParamDef p : kind.params()) {
            Object v = values.get(p.name());
            Optional<String> problem = p.problem(v);
            if (problem.isPresent()) {
                String rule = problem.get().startsWith("must") ? "it " + problem.get() : problem.get();
                report(PARAM_OUT_OF_RANGE, n, p.name(), p.name() + " " + v + " is out of range: " + rule + ".",
                        "Change " + p.name() + ": " + rule + ".");
                broken.add(n.id());
            }
        }
        checkWires(n, kind);
    }

    private static Optional<String> idProblem(String id) {
        if (id.isBlank()) {
            return Optional.of("the id is empty.");
        }
        if (!id.strip().equals(id)) {
            return Optional.of("the id starts or ends with white space.");
        }
        if (id.length() > MAX_ID_LENGTH) {
            return Optional.of("the id has " + id.length() + " characters; at most " + MAX_ID_LENGTH + " are allowed.");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("the id contains a control character (such as a tab or a line break).");
        }
        return Optional.empty();
    }

    private void checkWires(Node n, LayerKind<?> kind) {
        for (String in : n.inputs()) {
            if (!graph.contains(in)) {
                if (ids == null) {
                    ids = new Suggest.Index(graph.nodes().stream().map(Node::id).distinct().toList());
                }
                report(MISSING_INPUT, n, "inputs", "its input '" + Text.display(in) + "' does not exist."
                                + ids.didYouMean(in),
                        "Connect it to an existing node, or remove the wire.");
                broken.add(n.id());
            }
        }
        int count = n.inputs().size();
        if (count == 0 && kind.minInputs() > 0) {
            report(MISSING_INPUT, n, "inputs", "it has no input.",
                    "Connect the output of another layer to it" + (kind.minInputs() > 1 ? " (at least " + kind.minInputs() + ")." : "."));
            broken.add(n.id());
        } else if (count < kind.minInputs()) {
            report(WRONG_INPUT_COUNT, n, "inputs", "it merges at least " + kind.minInputs() + " inputs but has " + count + ".",
                    "Connect another branch to it, or remove it and wire its input straight on.");
            broken.add(n.id());
        } else if (count > kind.maxInputs()) {
            report(WRONG_INPUT_COUNT, n, "inputs", kind.maxInputs() == 0
                            ? "an Input takes no inputs but it has " + count + "."
                            : "it takes one input but has " + count + " (" + Text.list(n.inputs()) + ").",
                    kind.maxInputs() == 0 ? "Remove the wires into it." : "Merge the inputs first with Add or Concat.");
            broken.add(n.id());
        }
    }

    // ---- order ----

    /** Kahn's algorithm, ties broken by node order; then one CYCLE diagnostic per cycle. */
    private List<String> topologicalOrder() {
        List<Node> nodes = graph.nodes();
        Map<String, List<String>> consumers = new HashMap<>();
        Map<String, Integer> pending = new HashMap<>();
        // Node order, never hash order: consumers lists decide tie-breaks and the cycle shown.
        List<String> analysed = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (index.get(nodes.get(i).id()) == i) {
                analysed.add(nodes.get(i).id());
                pending.put(nodes.get(i).id(), 0);
            }
        }
        for (String id : analysed) {
            Node n = nodes.get(index.get(id));
            for (String in : new java.util.LinkedHashSet<>(n.inputs())) {
                if (index.containsKey(in)) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(id);
                    pending.merge(id, 1, Integer::sum);
                }
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        pending.forEach((id, c) -> {
            if (c == 0) {
                ready.add(index.get(id));
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = nodes.get(ready.poll()).id();
            order.add(id);
            for (String c : consumers.getOrDefault(id, List.of())) {
                if (pending.merge(c, -1, Integer::sum) == 0) {
                    ready.add(index.get(c));
                }
            }
        }
        if (order.size() < index.size()) {
            reportCycles(new HashSet<>(order), consumers);
        }
        return order;
    }

    private void reportCycles(Set<String> done, Map<String, List<String>> consumers) {
        List<List<String>> cycles = new CycleFinder(graph, index, done, consumers).cycles();
        for (List<String> cycle : cycles) {
            Node first = graph.nodes().get(index.get(cycle.get(0)));
            report(CYCLE, first, "inputs", "it is on a cycle: " + loopText(cycle) + ". Data cannot flow around a loop.",
                    "Remove one of the wires on the cycle; for recurrence over time use an LSTM or SimpleRNN layer.");
            broken.addAll(cycle);
        }
    }

    /** "a -> b -> c -> a", shortened in the middle for a long cycle. */
    private static String loopText(List<String> cycle) {
        List<String> shown = new ArrayList<>();
        int max = 12;
        for (int i = 0; i < cycle.size(); i++) {
            if (cycle.size() > max && i == max - 2) {
                shown.add("... (" + (cycle.size() - max + 1) + " more)");
                i = cycle.size() - 2;
                continue;
            }
            shown.add(Text.display(cycle.get(i)));
        }
        shown.add(Text.display(cycle.get(0)));
        return String.join(" -> ", shown) + (cycle.size() > max ? ", " + cycle.size() + " nodes in all" : "");
    }

    // ---- shapes, costs, fields ----

    private void infer(Node n) {
        if (broken.contains(n.id())) {
            return;
        }
        List<TensorType> inTypes = new ArrayList<>();
        List<Optional<ReceptiveField>> inFields = new ArrayList<>();
        for (String in : n.inputs()) {
            NodeResult r = results.get(in);
            if (r == null || r.output().isEmpty()) {
                return;
            }
            inTypes.add(r.output().get());
            inFields.add(r.receptiveField());
        }
        LayerSpec spec = n.spec();
        try {
            ShapeRules.Outcome outcome = ShapeRules.apply(n.id(), spec, inTypes);
            if (outcome.output() == null) {
                diagnostics.addAll(outcome.problems());
                return;
            }
            TensorType out = outcome.output();
            if (out.elements() > MAX_ELEMENTS) {
                report(VALUE_TOO_LARGE, n, null, "its output " + out.describe() + " has " + out.elements()
                                + " values per example, more than " + MAX_ELEMENTS + " (8 GiB as float32), which DL4J cannot hold.",
                        "Reduce the layer's size or its input's size.");
                return;
            }
            Cost cost = frozen(n, CostRules.apply(spec, inTypes, out));
            ReceptiveFieldRules.Outcome reach = ReceptiveFieldRules.apply(spec, inTypes, inFields);
            results.put(n.id(), new NodeResult(n.id(), n.kind().name(), n.inputs(), Optional.of(out),
                    Optional.of(cost), reach.field(), reach.window()));
            reach.overflowedFrom().ifPresent(before -> reportOverflow(n, before, reach.window()));
        } catch (ArithmeticException e) {
            report(VALUE_TOO_LARGE, n, null, "its output or parameter count does not fit in 64 bits.",
                    "Reduce the layer's size or its input's size.");
            return;
        }
        if (n.kind().isMerge()) {
            checkAlignment(n, inFields);
        }
        checkLoss(n);
    }

    /** OVERFLOW where a receptive field first leaves 64 bits; the nodes after it show "overflow" quietly. */
    private void reportOverflow(Node n, ReceptiveField.Local before, Optional<SlidingWindow> window) {
        String step = window.map(w -> "its window (kernel " + w.kernel() + ", stride " + w.stride() + ", dilation "
                + w.dilation() + ")").orElse("its padding or cropping");
        report(OVERFLOW, n, null, "its receptive field does not fit in 64 bits: the field before it is "
                        + before.text() + " (size /stride, in input pixels) and " + step + " takes its size, stride or "
                        + "padding past " + Long.MAX_VALUE + ". It is shown as overflow from here on.",
                "Remove strided or pooling layers that act on a 1x1 output: they change nothing but this figure.",
                "Or reduce the strides, kernels or dilations before it.");
    }

    private void checkAlignment(Node n, List<Optional<ReceptiveField>> fields) {
        List<ReceptiveField.Local> locals = fields.stream().flatMap(Optional::stream)
                .filter(f -> f instanceof ReceptiveField.Local).map(f -> (ReceptiveField.Local) f).toList();
        for (int i = 1; i < locals.size(); i++) {
            if (!locals.get(0).alignedWith(locals.get(i))) {
                List<String> described = new ArrayList<>();
                for (int k = 0; k < n.inputs().size() && k < locals.size(); k++) {
                    ReceptiveField.Local l = locals.get(k);
                    described.add("'" + Text.display(n.inputs().get(k)) + "' stride " + l.height().stride() + "x" + l.width().stride()
                            + ", padding " + l.height().padding() + "x" + l.width().padding()
                            + ", field " + l.height().size() + "x" + l.width().size());
                }
                report(RECEPTIVE_FIELD_MISALIGNED, n, "inputs", "its inputs' receptive fields are not centred on the same "
                                + "input pixels (" + String.join("; ", described) + "), so it combines features from "
                                + "shifted positions.",
                        "Use padding \"same\" (or kernel/2) on every branch so the branches stay aligned.");
                return;
            }
        }
    }

    private void checkLoss(Node n) {
        Optional<Loss> loss = Optional.empty();
        ActivationFunction act = null;
        if (n.spec() instanceof LayerSpec.Output o) {
            loss = Optional.of(o.loss());
            act = o.activation();
        } else if (n.spec() instanceof LayerSpec.RnnOutput o) {
            loss = Optional.of(o.loss());
            act = o.activation();
        } else if (n.spec() instanceof LayerSpec.LossLayer o) {
            loss = Optional.of(o.loss());
            act = o.activation();
        }
        if (loss.isEmpty()) {
            return;
        }
        Loss l = loss.get();
        ActivationFunction given = act;
        l.expectedActivation().filter(expected -> expected != given).ifPresent(expected ->
                report(LOSS_ACTIVATION_MISMATCH, n, "activation", "loss " + l.jsonName() + " (" + l.title()
                                + ") expects a " + expected.jsonName() + " output, but the activation is " + given.jsonName() + ".",
                        "Set activation to " + expected.jsonName() + ".",
                        "Or choose a loss that fits " + given.jsonName() + " (mse or mae for regression)."));
    }

    // ---- whole graph ----

    private void checkGraph() {
        List<Node> nodes = graph.nodes();
        boolean hasInput = false;
        boolean hasOutput = false;
        for (String id : index.keySet()) {
            Node n = nodes.get(index.get(id));
            hasInput |= n.spec() instanceof LayerSpec.Input;
            hasOutput |= n.kind().family() == Family.OUTPUT;
        }
        if (!hasInput) {
            diagnostics.add(Diagnostic.of(NO_INPUT_LAYER, null, null, "The graph has no Input layer.",
                    List.of("Add an Input layer and set its shape to your data's shape.")));
        }
        if (!hasOutput) {
            diagnostics.add(Diagnostic.of(NO_OUTPUT_LAYER, null, null,
                    "The graph has no output layer, so there is nothing to train.",
                    List.of("Add an Output layer (or RnnOutput for sequences) at the end of the network.")));
            return;
        }
        Set<String> used = new HashSet<>();
        for (String id : index.keySet()) {
            used.addAll(nodes.get(index.get(id)).inputs());
        }
        // A node with an error of its own is flagged already; "unused" would only add noise.
        Set<String> hasError = new HashSet<>();
        diagnostics.stream().filter(Diagnostic::isError).forEach(d -> d.node().ifPresent(hasError::add));
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (index.get(n.id()) != i || used.contains(n.id()) || n.kind().family() == Family.OUTPUT
                    || hasError.contains(n.id())) {
                continue;
            }
            report(DISCONNECTED, n, null, n.spec() instanceof LayerSpec.Input
                            ? "nothing is connected to this input."
                            : "its output is not used: it does not lead to an output layer.",
                    n.spec() instanceof LayerSpec.Input ? "Connect it to the first layer, or delete it."
                            : "Connect it to the next layer, or delete it.");
        }
    }

    /**
     * A frozen layer's parameters are all non-trainable, as Keras counts a layer with
     * {@code trainable = False}: training neither computes their gradients nor keeps optimizer
     * state for them. A frozen layer without parameters changes nothing, which the user is told.
     */
    private Cost frozen(Node n, Cost cost) {
        if (n.trainable()) {
            return cost;
        }
        if (cost.params() == 0) {
            report(FROZEN_NO_PARAMS, n, "trainable", "it has no parameters, so freezing it changes nothing.",
                    "Leave it as it is, or set \"trainable\" back to true.");
            return cost;
        }
        return new Cost(0, cost.params(), cost.macs());
    }

    /**
     * Sums of the known nodes. Each node's figures are exact; a sum beyond 64 bits is reported
     * once (VALUE_TOO_LARGE) and the totals are marked incomplete rather than wrapping around.
     */
    private Totals totals(List<NodeResult> results) {
        long trainable = 0;
        long nonTrainable = 0;
        long frozen = 0;
        long macs = 0;
        long inputBytes = 0;
        long activations = 0;
        long convolutionOutputs = 0;
        boolean complete = !results.isEmpty();
        try {
            for (NodeResult r : results) {
                if (r.cost().isEmpty() || r.output().isEmpty()) {
                    complete = false;
                    continue;
                }
                Cost c = r.cost().get();
                trainable = Math.addExact(trainable, c.trainableParams());
                nonTrainable = Math.addExact(nonTrainable, c.nonTrainableParams());
                if (!graph.nodes().get(index.get(r.id())).trainable()) {
                    frozen = Math.addExact(frozen, c.params());
                }
                macs = Math.addExact(macs, c.macs());
                long bytes = r.activationBytes().orElse(0L);
                if (r.kind().equals("Input")) {
                    inputBytes = Math.addExact(inputBytes, bytes);
                } else {
                    activations = Math.addExact(activations, bytes);
                }
                if (r.kind().equals("Conv2D")) {
                    convolutionOutputs = Math.addExact(convolutionOutputs, bytes);
                }
            }
            long params = Math.addExact(trainable, nonTrainable);
            return new Totals(params, trainable, nonTrainable, macs, inputBytes, Math.multiplyExact(2, activations),
                    Math.multiplyExact(params, BYTES_PER_VALUE), complete, frozen, convolutionOutputs);
        } catch (ArithmeticException e) {
            diagnostics.add(Diagnostic.of(VALUE_TOO_LARGE, null, null,
                    "The network's total parameters, MACs or memory exceed 64 bits; its totals cannot be shown.",
                    List.of("Reduce the largest layers: every figure of a real network is far smaller.")));
            return new Totals(0, 0, 0, 0, 0, 0, 0, false);
        }
    }

}
