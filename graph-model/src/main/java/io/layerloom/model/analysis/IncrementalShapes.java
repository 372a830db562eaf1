package io.layerloom.model.analysis;

import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.ParamDef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A graph being built one node at a time (the ONNX import) that answers "what is this node's
 * output type so far?" as often as asked: each answer equals {@code GraphAnalysis.analyze} of the
 * nodes put so far, but each node is inferred once, from its inputs' types, instead of the whole
 * graph per question. Putting a node again (a replaced spec or inputs), or putting one that a node
 * already inferred was missing, forgets that node's answer and every answer that depends on it.
 * <p>
 * A node's output is unknown exactly where the analysis leaves it unknown: a parameter out of
 * range, a missing input or the wrong number of inputs, an input unknown or on a cycle, no shape
 * rule result, more than {@link GraphAnalysis#MAX_ELEMENTS} values, or a size or cost beyond 64 bits.
 * Not thread-safe.
 */
public final class IncrementalShapes {

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Node> view = Collections.unmodifiableMap(nodes);
    private final Map<String, Optional<TensorType>> known = new HashMap<>();
    /** Ids read by an inferred node that did not exist then: putting one forgets its readers. */
    private final Set<String> awaited = new HashSet<>();
    private int inferred;

    /** Adds {@code n}, or replaces the node with its id (keeping that node's place in {@link #nodes()}). */
    public void put(Node n) {
        String id = n.id();
        boolean depended = known.containsKey(id) || awaited.remove(id);
        nodes.put(id, n);
        if (depended) {
            forget(id);
        }
    }

    /** The nodes put so far, in the order first put; read-only. */
    public Map<String, Node> nodes() {
        return view;
    }

    /** How many single-node inferences have been made (for tests and profiles: each node once between changes). */
    public int inferences() {
        return inferred;
    }

    /** The output type of node {@code id} as the analysis of the nodes put so far gives it; empty for an unknown id. */
    public Optional<TensorType> output(String id) {
        if (id == null || !nodes.containsKey(id)) {
            return Optional.empty();
        }
        Optional<TensorType> done = known.get(id);
        if (done != null) {
            return done;
        }
        // Depth first without recursion (a chain may be long); "open" and not known means on the current path.
        Deque<String> stack = new ArrayDeque<>();
        Set<String> open = new HashSet<>();
        stack.push(id);
        while (!stack.isEmpty()) {
            String top = stack.peek();
            if (known.containsKey(top)) {
                stack.pop();
                continue;
            }
            Node n = nodes.get(top);
            if (open.add(top)) {
                boolean waiting = false;
                for (String in : n.inputs()) {
                    if (nodes.containsKey(in) && !known.containsKey(in) && !open.contains(in)) {
                        stack.push(in);
                        waiting = true;
                    }
                }
                if (waiting) {
                    continue;
                }
            }
            stack.pop();
            known.put(top, infer(n));
        }
        return known.get(id);
    }

    /** One node from its inputs' answers; an input open but not answered is on a cycle through this node. */
    private Optional<TensorType> infer(Node n) {
        inferred++;
        List<TensorType> in = new ArrayList<>();
        boolean complete = true;
        for (String i : n.inputs()) {
            if (!nodes.containsKey(i)) {
                awaited.add(i);
                complete = false;
                continue;
            }
            Optional<TensorType> t = known.getOrDefault(i, Optional.empty());
            complete &= t.isPresent();
            t.ifPresent(in::add);
        }
        return complete ? output(n, in) : Optional.empty();
    }

    /** The output of {@code n} from known input types, or empty where the analysis reports an error of the node's own. */
    static Optional<TensorType> output(Node n, List<TensorType> inputs) {
        LayerKind<?> kind = n.kind();
        Map<String, Object> values = kind.values(n.spec());
        for (ParamDef p : kind.params()) {
            if (p.problem(values.get(p.name())).isPresent()) {
                return Optional.empty();
            }
        }
        int count = inputs.size();
        if ((count == 0 && kind.minInputs() > 0) || count < kind.minInputs() || count > kind.maxInputs()) {
            return Optional.empty();
        }
        try {
            TensorType out = ShapeRules.apply(n.id(), n.spec(), inputs).output();
            if (out == null || out.elements() > GraphAnalysis.MAX_ELEMENTS) {
                return Optional.empty();
            }
            // The analysis leaves a node unknown when its cost does not fit in 64 bits either.
            CostRules.apply(n.spec(), inputs, out);
            return Optional.of(out);
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Forgets the answers for {@code id} and for every node that reads it, directly or not. */
    private void forget(String id) {
        Set<String> stale = new HashSet<>(Set.of(id));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Node n : nodes.values()) {
                if (!stale.contains(n.id()) && n.inputs().stream().anyMatch(stale::contains)) {
                    grew |= stale.add(n.id());
                }
            }
        }
        known.keySet().removeAll(stale);
    }
}
