package io.layerloom.model.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Edit.Batch}'s one-pass forms of a run of node removals (a delete of a selection) or of
 * node additions (a paste): one copy of the node list for the whole run instead of one per node.
 */
final class BatchRuns {

    private BatchRuns() {
    }

    /** The removals in one pass, when each id is a node's and no id is held twice (else empty). */
    static Optional<Graph> removeAll(Graph g, List<Edit> run) {
        Set<String> ids = new HashSet<>();
        for (Edit e : run) {
            String id = ((Edit.RemoveNode) e).id();
            if (!g.contains(id) || !ids.add(id)) {
                return Optional.empty();
            }
        }
        Set<String> seen = new HashSet<>();
        for (Node n : g.nodes()) {
            if (ids.contains(n.id()) && !seen.add(n.id())) {
                return Optional.empty();
            }
        }
        List<Node> kept = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (!ids.contains(n.id())) {
                boolean wired = n.inputs().stream().anyMatch(ids::contains);
                kept.add(wired ? n.withInputs(n.inputs().stream().filter(in -> !ids.contains(in)).toList()) : n);
            }
        }
        return Optional.of(g.withNodes(kept));
    }

    /** The additions in one pass, when each would succeed alone in turn (else empty). */
    static Optional<Graph> addAll(Graph g, List<Edit> run) {
        Set<String> added = new HashSet<>();
        List<Node> nodes = new ArrayList<>(g.nodes());
        for (Edit e : run) {
            Node n = ((Edit.AddNode) e).node();
            if (g.contains(n.id()) || added.contains(n.id())
                    || !n.inputs().stream().allMatch(in -> g.contains(in) || added.contains(in))) {
                return Optional.empty();
            }
            added.add(n.id());
            nodes.add(n);
        }
        return Optional.of(g.withNodes(nodes));
    }
}
