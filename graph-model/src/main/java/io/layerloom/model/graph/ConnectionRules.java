package io.layerloom.model.graph;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a wire may be drawn, asked while the user drags it so the target shows green or red
 * before the mouse is released. Shape compatibility is not judged here: a wire that gives a
 * shape error is allowed, and the analysis pins the error to its node.
 */
public final class ConnectionRules {

    private ConnectionRules() {
    }

    /** Why the wire from {@code from} into {@code to} is refused, or empty when it is allowed. */
    public static Optional<String> refusal(Graph g, String fromId, String toId) {
        String from = io.layerloom.model.util.Text.display(fromId);
        String to = io.layerloom.model.util.Text.display(toId);
        if (!g.contains(fromId)) {
            return Optional.of("there is no node '" + from + "'");
        }
        if (!g.contains(toId)) {
            return Optional.of("there is no node '" + to + "'");
        }
        if (fromId.equals(toId)) {
            return Optional.of("a node cannot feed itself");
        }
        Node target = g.require(toId);
        int max = target.kind().maxInputs();
        if (max == 0) {
            return Optional.of(target.kind().name() + " '" + to + "' takes no inputs");
        }
        if (target.inputs().contains(fromId)) {
            return Optional.of("'" + from + "' is already connected to '" + to + "'");
        }
        if (target.inputs().size() >= max) {
            return Optional.of(target.kind().name() + " '" + to + "' takes one input and already has '"
                    + io.layerloom.model.util.Text.display(target.inputs().get(0)) + "'; use Add or Concat to merge several inputs");
        }
        if (reaches(g, toId, fromId)) {
            return Optional.of("the wire would make a cycle: '" + from + "' already depends on '" + to + "'");
        }
        return Optional.empty();
    }

    public static boolean allowed(Graph g, String from, String to) {
        return refusal(g, from, to).isEmpty();
    }

    /** Whether {@code target} depends on {@code start}, following wires downstream from {@code start}. */
    static boolean reaches(Graph g, String start, String target) {
        java.util.Map<String, java.util.List<String>> consumers = new java.util.HashMap<>();
        for (Node n : g.nodes()) {
            for (String in : n.inputs()) {
                consumers.computeIfAbsent(in, k -> new java.util.ArrayList<>()).add(n.id());
            }
        }
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.push(start);
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (id.equals(target)) {
                return true;
            }
            if (seen.add(id)) {
                todo.addAll(consumers.getOrDefault(id, java.util.List.of()));
            }
        }
        return false;
    }
}
