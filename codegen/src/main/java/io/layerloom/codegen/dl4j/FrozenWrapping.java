package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerSpec;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;

/**
 * How a node's DL4J element is wrapped for fine-tuning ({@code "trainable": false}). DL4J's frozen
 * wrappers run a layer in inference mode (a frozen BatchNorm uses its running statistics, as
 * Keras does) and drop its gradient. Its plain {@link FrozenLayer} (and {@link FrozenVertex})
 * also stops the backward pass there: the layers before it get no gradient at all, which is what
 * a frozen body under a new head wants, and saves that work. So:
 * <ul>
 *   <li>a frozen node with parameters and nothing learning before it: {@link FrozenLayer};</li>
 *   <li>a frozen node with parameters after a layer that still learns:
 *       {@link FrozenLayerWithBackprop}, which passes the gradient on;</li>
 *   <li>a node without parameters whose every reader stops the backward pass (a ReLU, pooling or
 *       merge inside a frozen body): wrapped the same way, whatever its own "trainable" says,
 *       because DL4J refuses to run the backward pass of a vertex that none of its readers sends
 *       a gradient ("all epsilons not set"), and nothing before it can need one;</li>
 *   <li>anything else stays as it is: a frozen dropout between learning layers keeps dropping.</li>
 * </ul>
 */
final class FrozenWrapping {

    private enum Wrap { NONE, STOP, PASS_ON }

    private final Graph graph;
    private final Analysis analysis;
    private final Map<String, Wrap> decided = new HashMap<>();
    private final Map<String, List<String>> readers = new HashMap<>();
    /** Whether a trainable node with parameters is this node or feeds it, by node id. */
    private final Map<String, Boolean> learns = new HashMap<>();

    /**
     * The rules of the graph mapped last on this thread: Dl4jMapping maps a graph node by node,
     * and building the readers (and the answers) again for each node made a 10,000-layer graph
     * take minutes to compile. Soft, so a finished graph does not stay in memory for a thread.
     */
    private static final ThreadLocal<java.lang.ref.SoftReference<FrozenWrapping>> LAST = new ThreadLocal<>();

    private FrozenWrapping(Graph graph, Analysis analysis) {
        this.graph = graph;
        this.analysis = analysis;
        for (Node n : graph.nodes()) {
            for (String in : n.inputs()) {
                readers.computeIfAbsent(in, k -> new java.util.ArrayList<>()).add(n.id());
            }
        }
    }

    /** {@code e}, the element of {@code node}, wrapped as the rules above say. */
    static Dl4jElement wrap(Node node, Graph graph, Analysis analysis, Dl4jElement e) {
        java.lang.ref.SoftReference<FrozenWrapping> last = LAST.get();
        FrozenWrapping rules = last == null ? null : last.get();
        if (rules == null || rules.graph != graph || rules.analysis != analysis) {
            rules = new FrozenWrapping(graph, analysis);
            LAST.set(new java.lang.ref.SoftReference<>(rules));
        }
        Wrap w = rules.decide(node.id());
        if (w == Wrap.NONE) {
            return e;
        }
        if (w == Wrap.PASS_ON) {
            if (node.spec() instanceof LayerSpec.BatchNorm) {
                throw new Dl4jMapping.Unsupported("DL4J 1.0.0-M2.1 fails at run time when it passes the gradient back "
                        + "through a frozen BatchNorm (an outdated workspace array in its backward pass), and layers before "
                        + "this one still learn", "Freeze the layers before it too (Freeze up to here), or leave this "
                        + "BatchNorm trainable.");
            }
            // Only the step with the parameters is frozen; the helpers after it pass the gradient on as they are.
            List<Dl4jElement.Step> steps = new java.util.ArrayList<>(e.steps());
            Dl4jElement.Step held = e.parameters();
            steps.set(e.parameterStep(), held.with(Construction.of(FrozenLayerWithBackprop.class,
                    Argument.of(held.construction()))));
            return e.withSteps(steps);
        }
        // Every step stops the backward pass: nothing after the node sends its helpers a gradient either.
        return e.withSteps(e.steps().stream().map(st -> st.with(Construction.of(
                st.isLayer() ? FrozenLayer.class : FrozenVertex.class, Argument.of(st.construction())))).toList());
    }

    private Wrap decide(String id) {
        Wrap known = decided.get(id);
        if (known != null) {
            return known;
        }
        // Readers come later in a graph without cycles, so an explicit stack keeps deep chains off the call stack.
        Deque<String> todo = new ArrayDeque<>(List.of(id));
        while (!todo.isEmpty()) {
            String current = todo.peek();
            if (decided.containsKey(current)) {
                todo.pop();
                continue;
            }
            List<String> pending = params(current) > 0 ? List.of()
                    : readers.getOrDefault(current, List.of()).stream().filter(r -> !decided.containsKey(r)).toList();
            if (!pending.isEmpty()) {
                pending.forEach(todo::push);
                continue;
            }
            decided.put(current, decideWithReadersKnown(current));
            todo.pop();
        }
        return decided.get(id);
    }

    private Wrap decideWithReadersKnown(String id) {
        Node node = graph.require(id);
        if (node.spec() instanceof LayerSpec.Input) {
            return Wrap.NONE;
        }
        if (params(id) > 0) {
            return node.trainable() ? Wrap.NONE : learnsBefore(node) ? Wrap.PASS_ON : Wrap.STOP;
        }
        List<String> rs = readers.getOrDefault(id, List.of());
        return !rs.isEmpty() && rs.stream().allMatch(r -> decided.get(r) == Wrap.STOP) ? Wrap.STOP : Wrap.NONE;
    }

    private long params(String id) {
        return analysis.node(id).flatMap(NodeResult::cost).map(c -> c.params()).orElse(0L);
    }

    /** Whether a trainable node with parameters feeds {@code node}, directly or not. */
    private boolean learnsBefore(Node node) {
        return node.inputs().stream().anyMatch(this::learnsAtOrBefore);
    }

    /**
     * Whether {@code id} is, or is fed by, a trainable node with parameters; remembered, so that a
     * long frozen chain is walked once, and with an explicit stack, so that it stays off the call stack.
     */
    private boolean learnsAtOrBefore(String id) {
        Deque<String> todo = new ArrayDeque<>(List.of(id));
        Set<String> open = new HashSet<>();
        while (!todo.isEmpty()) {
            String current = todo.peek();
            if (learns.containsKey(current)) {
                todo.pop();
                continue;
            }
            if (!graph.contains(current)) {
                learns.put(current, false);
                todo.pop();
                continue;
            }
            Node n = graph.require(current);
            if (n.trainable() && params(current) > 0) {
                learns.put(current, true);
                todo.pop();
                continue;
            }
            // An input already open is on a cycle (an invalid graph): it counts as not learning.
            List<String> pending = open.add(current)
                    ? n.inputs().stream().filter(i -> !learns.containsKey(i) && !open.contains(i)).toList()
                    : List.of();
            if (!pending.isEmpty()) {
                pending.forEach(todo::push);
                continue;
            }
            learns.put(current, n.inputs().stream().anyMatch(i -> learns.getOrDefault(i, false)));
            todo.pop();
        }
        return learns.get(id);
    }
}
