package io.layerloom.model.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of analysing a graph: one {@link NodeResult} per node (in the graph's node order),
 * the diagnostics, the totals, and the nodes in topological order.
 */
public final class Analysis {

    private final List<NodeResult> nodes;
    private final Map<String, NodeResult> byId;
    private final List<Diagnostic> diagnostics;
    /** Each node's diagnostics, so that the canvas asking for every node's is not quadratic. */
    private final Map<String, List<Diagnostic>> byNode;
    private final Totals totals;
    private final List<String> order;

    Analysis(List<NodeResult> nodes, List<Diagnostic> diagnostics, Totals totals, List<String> order) {
        this.nodes = List.copyOf(nodes);
        this.diagnostics = List.copyOf(diagnostics);
        this.totals = totals;
        this.order = List.copyOf(order);
        Map<String, NodeResult> map = new LinkedHashMap<>();
        for (NodeResult r : this.nodes) {
            map.putIfAbsent(r.id(), r);
        }
        this.byId = Collections.unmodifiableMap(map);
        Map<String, List<Diagnostic>> pinned = new java.util.HashMap<>();
        for (Diagnostic d : this.diagnostics) {
            d.node().ifPresent(id -> pinned.computeIfAbsent(id, k -> new java.util.ArrayList<>()).add(d));
        }
        pinned.replaceAll((id, list) -> List.copyOf(list));
        this.byNode = pinned;
    }

    /** One result per node, in the graph's node order (a duplicated id appears each time). */
    public List<NodeResult> nodes() {
        return nodes;
    }

    /** The result of the first node with this id. */
    public Optional<NodeResult> node(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public List<Diagnostic> diagnosticsFor(String id) {
        return byNode.getOrDefault(id, List.of());
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public long count(Severity severity) {
        return diagnostics.stream().filter(d -> d.severity() == severity).count();
    }

    public Totals totals() {
        return totals;
    }

    /** Node ids in a topological order, ties broken by node order; nodes on a cycle are left out. */
    public List<String> topologicalOrder() {
        return order;
    }
}
