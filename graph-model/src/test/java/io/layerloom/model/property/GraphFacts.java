package io.layerloom.model.property;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Independent facts about a graph, computed the naive way to check the analysis against: which
 * node is the first with its id (the one the analysis uses), which nodes lie on a cycle, and what
 * each node depends on.
 */
final class GraphFacts {

    private final Graph graph;
    /** The first node with each id, in node order. */
    private final Map<String, Node> primary = new LinkedHashMap<>();

    GraphFacts(Graph graph) {
        this.graph = graph;
        for (Node n : graph.nodes()) {
            primary.putIfAbsent(n.id(), n);
        }
    }

    Map<String, Node> primary() {
        return primary;
    }

    boolean hasDuplicates() {
        return primary.size() != graph.size();
    }

    /** The wires the analysis follows: inputs of first nodes that name an existing id. */
    List<String> inputs(String id) {
        return primary.get(id).inputs().stream().filter(primary::containsKey).distinct().toList();
    }

    /** Every node {@code id} depends on through wires, not counting itself unless on a loop. */
    Set<String> ancestors(String id) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(inputs(id));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (seen.add(v)) {
                todo.addAll(inputs(v));
            }
        }
        return seen;
    }

    /** Nodes that depend on themselves: members of a cycle, self-loops included. */
    Set<String> onCycles() {
        Set<String> out = new HashSet<>();
        for (String id : primary.keySet()) {
            if (ancestors(id).contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** Kahn's algorithm: a cycle is what is left when no node without pending inputs remains. */
    boolean hasCycle() {
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> consumers = new HashMap<>();
        for (String id : primary.keySet()) {
            List<String> ins = inputs(id);
            pending.put(id, ins.size());
            for (String in : ins) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(id);
            }
        }
        Deque<String> ready = new ArrayDeque<>();
        pending.forEach((id, count) -> {
            if (count == 0) {
                ready.add(id);
            }
        });
        int placed = 0;
        while (!ready.isEmpty()) {
            String id = ready.pop();
            placed++;
            for (String c : consumers.getOrDefault(id, List.of())) {
                if (pending.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        return placed < primary.size();
    }

    /** Whether {@code to} depends on {@code from} (or is it). */
    boolean dependsOn(String to, String from) {
        return to.equals(from) || ancestors(to).contains(from);
    }

    /** The ids of first nodes in node order. */
    List<String> ids() {
        return new ArrayList<>(primary.keySet());
    }
}
