package io.layerloom.model.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import io.layerloom.model.training.TrainingSettings;

/**
 * An immutable layer graph: a name, an optional description and the nodes in insertion order.
 * Every edit returns a new graph. The nodes are a list, not a map, so that a graph read from a
 * file keeps whatever the file holds (a duplicated id included) for the analysis to report;
 * {@link #node(String)} finds the first node with an id.
 */
public final class Graph {

    private final String name;
    private final String description;
    private final List<Node> nodes;
    private final Optional<TrainingSettings> training;
    private final Map<String, Integer> firstIndex;
    private final List<Block> blocks;
    /** Built at the first call of {@link #consumers}: the graph is immutable. */
    private volatile Map<String, List<String>> consumerIndex;
    /** Built at the first call of {@link #blockOf}. */
    private volatile Map<String, Block> blockIndex;

    public Graph(String name, String description, List<Node> nodes) {
        this(name, description, nodes, Optional.empty());
    }

    public Graph(String name, String description, List<Node> nodes, Optional<TrainingSettings> training) {
        this(name, description, nodes, training, List.of());
    }

    /**
     * A graph with blocks, which must follow {@link BlockRules}: a broken rule here is a
     * programmer's mistake (the reader reports a file's with its line and column).
     */
    public Graph(String name, String description, List<Node> nodes, Optional<TrainingSettings> training,
                 List<Block> blocks) {
        this.training = Objects.requireNonNull(training, "training");
        this.blocks = List.copyOf(blocks);
        if (!this.blocks.isEmpty()) {
            List<BlockRules.Problem> problems = BlockRules.problems(nodes, this.blocks);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(problems.get(0).message());
            }
        }
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.nodes = List.copyOf(nodes);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < this.nodes.size(); i++) {
            index.putIfAbsent(this.nodes.get(i).id(), i);
        }
        this.firstIndex = Collections.unmodifiableMap(index);
    }

    public static Graph empty(String name) {
        return new Graph(name, "", List.of());
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** How the file says the network should be trained, if it says. */
    public Optional<TrainingSettings> training() {
        return training;
    }

    public Graph withTraining(Optional<TrainingSettings> settings) {
        return new Graph(name, description, nodes, settings, blocks);
    }

    /** The named groups of nodes (docs/design/blocks.md), in file order; empty for most graphs. */
    public List<Block> blocks() {
        return blocks;
    }

    public Optional<Block> block(String blockId) {
        return blocks.stream().filter(b -> b.id().equals(blockId)).findFirst();
    }

    /**
     * This graph with every collapsed block expanded in place (the lowest first, so each expands
     * where it stands): every layer shown, as a picture or the layout needs it.
     */
    public Graph withBlocksExpanded() {
        Graph g = this;
        for (int i = blocks.size() - 1; i >= 0; i--) {
            g = new Edit.SetBlockCollapsed(blocks.get(i).id(), false).apply(g);
        }
        return g;
    }

    /** The block a node belongs to, if any. */
    public Optional<Block> blockOf(String nodeId) {
        if (blocks.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Block> index = blockIndex;
        if (index == null) {
            index = new HashMap<>();
            for (Block b : blocks) {
                for (String m : b.members()) {
                    index.putIfAbsent(m, b);
                }
            }
            blockIndex = index;
        }
        return Optional.ofNullable(index.get(nodeId));
    }

    public Graph withBlocks(List<Block> newBlocks) {
        return new Graph(name, description, nodes, training, newBlocks);
    }

    public int size() {
        return nodes.size();
    }

    public boolean contains(String id) {
        return firstIndex.containsKey(id);
    }

    public Optional<Node> node(String id) {
        Integer i = firstIndex.get(id);
        return i == null ? Optional.empty() : Optional.of(nodes.get(i));
    }

    /** The node with this id; throws for a programmer's mistake (an id not in the graph). */
    public Node require(String id) {
        return node(id).orElseThrow(() -> new IllegalArgumentException("no node with id '" + id + "'"));
    }

    public int indexOf(String id) {
        Integer i = firstIndex.get(id);
        return i == null ? -1 : i;
    }

    /** The ids of the nodes that take {@code id} as an input, in node order (once each). */
    public List<String> consumers(String id) {
        Map<String, List<String>> index = consumerIndex;
        if (index == null) {
            index = new HashMap<>();
            for (Node n : nodes) {
                for (String in : new java.util.LinkedHashSet<>(n.inputs())) {
                    index.computeIfAbsent(in, k -> new ArrayList<>()).add(n.id());
                }
            }
            consumerIndex = index;
        }
        return List.copyOf(index.getOrDefault(id, List.of()));
    }

    public Graph withName(String newName) {
        return new Graph(newName, description, nodes, training, blocks);
    }

    /**
     * The graph with other nodes and the same blocks, less the members that are no longer nodes
     * (a block left without members goes too): deleting a layer takes it out of its block.
     */
    public Graph withNodes(List<Node> newNodes) {
        if (blocks.isEmpty()) {
            return new Graph(name, description, newNodes, training);
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        newNodes.forEach(n -> ids.add(n.id()));
        List<Block> kept = new ArrayList<>();
        for (Block b : blocks) {
            List<String> members = b.members().stream().filter(ids::contains).toList();
            if (!members.isEmpty()) {
                kept.add(members.size() == b.members().size() ? b : b.withMembers(members));
            }
        }
        return new Graph(name, description, newNodes, training, kept);
    }

    public Graph plus(Node node) {
        List<Node> copy = new ArrayList<>(nodes);
        copy.add(node);
        return withNodes(copy);
    }

    /** A graph with the first node of this id replaced by {@code change.apply(node)}. */
    public Graph replace(String id, UnaryOperator<Node> change) {
        int i = indexOf(id);
        if (i < 0) {
            throw new IllegalArgumentException("no node with id '" + id + "'");
        }
        List<Node> copy = new ArrayList<>(nodes);
        copy.set(i, change.apply(nodes.get(i)));
        return withNodes(copy);
    }

    /** A fresh id like "conv2d_3" that no node has yet. */
    public String freshId(String base) {
        String stem = base.toLowerCase(java.util.Locale.ROOT);
        for (int i = 1; ; i++) {
            String candidate = stem + "_" + i;
            if (!contains(candidate)) {
                return candidate;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Graph g && name.equals(g.name) && description.equals(g.description) && nodes.equals(g.nodes)
                && training.equals(g.training) && blocks.equals(g.blocks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, nodes, training, blocks);
    }

    @Override
    public String toString() {
        return "Graph[" + name + ", " + nodes.size() + " nodes]";
    }
}
