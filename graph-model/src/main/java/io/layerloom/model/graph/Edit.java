package io.layerloom.model.graph;

import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A change to a graph, as one undoable step. Applying returns a new graph; undo goes back to the
 * previous value, so no edit needs an inverse. An edit that does not fit the graph (a node that
 * does not exist) is a programmer's mistake and throws {@link IllegalArgumentException}; whether
 * a wire is allowed is for {@link ConnectionRules} to say before the edit is made.
 */
public sealed interface Edit {

    Graph apply(Graph graph);

    /** What the edit does, for "Undo Add Conv2D". */
    String description();

    record AddNode(Node node) implements Edit {
        public AddNode {
            Objects.requireNonNull(node, "node");
        }

        public Graph apply(Graph g) {
            if (g.contains(node.id())) {
                throw new IllegalArgumentException("a node with id '" + node.id() + "' already exists");
            }
            for (String in : node.inputs()) {
                g.require(in);
            }
            return g.plus(node);
        }

        public String description() {
            return "Add " + node.kind().name();
        }
    }

    /**
     * Removes a node and every wire into or out of it, as one step. Where a file holds the id
     * twice, the first node goes (wires name the first) and the wires stay with the second.
     */
    record RemoveNode(String id) implements Edit {
        public Graph apply(Graph g) {
            int removed = g.indexOf(id);
            if (removed < 0) {
                throw new IllegalArgumentException("no node with id '" + id + "'");
            }
            boolean duplicated = g.nodes().stream().filter(n -> n.id().equals(id)).count() > 1;
            List<Node> kept = new ArrayList<>();
            for (int i = 0; i < g.size(); i++) {
                Node n = g.nodes().get(i);
                if (i == removed) {
                    continue;
                }
                if (!duplicated && n.inputs().contains(id)) {
                    n = n.withInputs(n.inputs().stream().filter(in -> !in.equals(id)).toList());
                }
                kept.add(n);
            }
            return g.withNodes(kept);
        }

        public String description() {
            return "Delete " + id;
        }
    }

    /** Appends {@code from} to the inputs of {@code to}. */
    record Connect(String from, String to) implements Edit {
        public Graph apply(Graph g) {
            g.require(from);
            return g.replace(to, n -> {
                List<String> inputs = new ArrayList<>(n.inputs());
                inputs.add(from);
                return n.withInputs(inputs);
            });
        }

        public String description() {
            return "Connect " + from + " to " + to;
        }
    }

    /** Removes the wire from {@code from} into {@code to} (its first occurrence). */
    record Disconnect(String from, String to) implements Edit {
        public Graph apply(Graph g) {
            return g.replace(to, n -> {
                List<String> inputs = new ArrayList<>(n.inputs());
                if (!inputs.remove(from)) {
                    throw new IllegalArgumentException("'" + from + "' is not an input of '" + to + "'");
                }
                return n.withInputs(inputs);
            });
        }

        public String description() {
            return "Disconnect " + from + " from " + to;
        }
    }

    /** Replaces the ordered inputs of a node, as when the user reorders a Concat's inputs. */
    record SetInputs(String id, List<String> inputs) implements Edit {
        public SetInputs {
            inputs = List.copyOf(inputs);
        }

        public Graph apply(Graph g) {
            inputs.forEach(g::require);
            return g.replace(id, n -> n.withInputs(inputs));
        }

        public String description() {
            return "Reorder inputs of " + id;
        }
    }

    /** Moves one or more nodes, as one step (a drag of a selection). */
    record Move(Map<String, Position> positions) implements Edit {
        public Move {
            positions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(positions));
        }

        public static Move one(String id, Position p) {
            return new Move(Map.of(id, p));
        }

        public Graph apply(Graph g) {
            Graph out = g;
            for (Map.Entry<String, Position> e : positions.entrySet()) {
                out = out.replace(e.getKey(), n -> n.withPosition(e.getValue()));
            }
            return out;
        }

        public String description() {
            return positions.size() == 1 ? "Move " + positions.keySet().iterator().next()
                    : "Move " + positions.size() + " nodes";
        }
    }

    /** Replaces a node's parameters; the kind may change too (the inspector's kind switch). */
    record SetSpec(String id, LayerSpec spec) implements Edit {
        public Graph apply(Graph g) {
            return g.replace(id, n -> n.withSpec(spec));
        }

        public String description() {
            return "Change " + id;
        }
    }

    /** Sets one parameter of a node, by its JSON name. */
    record SetParam(String id, String param, Object value) implements Edit {
        public Graph apply(Graph g) {
            return g.replace(id, n -> {
                LayerKind<?> kind = n.kind();
                return n.withSpec(kind.with(n.spec(), param, value));
            });
        }

        public String description() {
            return "Set " + param + " of " + id;
        }
    }

    /** Drops fields the node's kind does not have (the fix for an unknown parameter). */
    record RemoveUnknownFields(String id, List<String> fields) implements Edit {
        public RemoveUnknownFields {
            fields = List.copyOf(fields);
        }

        public Graph apply(Graph g) {
            return g.replace(id, n -> {
                Map<String, String> kept = new LinkedHashMap<>(n.unknownFields());
                fields.forEach(kept::remove);
                return n.withUnknownFields(kept);
            });
        }

        public String description() {
            return "Remove unknown fields of " + id;
        }
    }

    /**
     * Gives a node a new id and updates every wire that names it. Where a file holds the id
     * twice, the first node is renamed (it is the one wires name): the fix for a duplicate.
     */
    record Rename(String oldId, String newId) implements Edit {
        public Graph apply(Graph g) {
            int renamed = g.indexOf(oldId);
            if (renamed < 0) {
                throw new IllegalArgumentException("no node with id '" + oldId + "'");
            }
            if (!oldId.equals(newId) && g.contains(newId)) {
                throw new IllegalArgumentException("a node with id '" + newId + "' already exists");
            }
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < g.size(); i++) {
                Node n = g.nodes().get(i);
                Node m = i == renamed ? n.withId(newId) : n;
                if (m.inputs().contains(oldId)) {
                    m = m.withInputs(m.inputs().stream().map(in -> in.equals(oldId) ? newId : in).toList());
                }
                out.add(m);
            }
            Graph renamedNodes = g.withNodes(out);
            if (g.blocks().stream().noneMatch(b -> b.contains(oldId))) {
                return renamedNodes;
            }
            // The first node is the one blocks name, as wires do; withNodes kept the block only if a second remains.
            List<Block> blocks = g.blocks().stream().map(b -> b.contains(oldId)
                    ? b.withMembers(b.members().stream().map(m -> m.equals(oldId) ? newId : m).toList()) : b).toList();
            return renamedNodes.withBlocks(blocks);
        }

        public String description() {
            return "Rename " + oldId + " to " + newId;
        }
    }

    /**
     * Freezes ({@code trainable} false) or unfreezes nodes, as one step: the inspector's check box
     * for one node, "Freeze up to here" and "Unfreeze all" for many.
     */
    record SetTrainable(java.util.Set<String> ids, boolean trainable) implements Edit {
        public SetTrainable {
            ids = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(ids));
        }

        /**
         * Freezes the given nodes and every node they depend on, directly or not: the pretrained
         * body below a new head. Wires to ids that do not exist are passed over.
         */
        public static SetTrainable freezeUpTo(Graph g, java.util.Collection<String> selection) {
            java.util.Set<String> seen = new java.util.LinkedHashSet<>();
            java.util.Deque<String> todo = new java.util.ArrayDeque<>(selection);
            while (!todo.isEmpty()) {
                String id = todo.pop();
                if (g.contains(id) && seen.add(id)) {
                    todo.addAll(g.require(id).inputs());
                }
            }
            // In file order, so the edit reads the same whatever the selection's order.
            java.util.Set<String> ordered = new java.util.LinkedHashSet<>();
            g.nodes().stream().map(Node::id).filter(seen::contains).forEach(ordered::add);
            return new SetTrainable(ordered, false);
        }

        /** Makes every frozen node trainable again. */
        public static SetTrainable unfreezeAll(Graph g) {
            java.util.Set<String> frozen = new java.util.LinkedHashSet<>();
            g.nodes().stream().filter(n -> !n.trainable()).map(Node::id).forEach(frozen::add);
            return new SetTrainable(frozen, true);
        }

        /** One copy of the node list for all the ids: "Freeze up to here" may cover the whole graph. */
        public Graph apply(Graph g) {
            List<Node> copy = new ArrayList<>(g.nodes());
            for (String id : ids) {
                int i = g.indexOf(id);
                if (i < 0) {
                    throw new IllegalArgumentException("no node with id '" + id + "'");
                }
                copy.set(i, copy.get(i).withTrainable(trainable));
            }
            return g.withNodes(copy);
        }

        public String description() {
            String what = ids.size() == 1 ? ids.iterator().next() : ids.size() + " nodes";
            return (trainable ? "Unfreeze " : "Freeze ") + what;
        }
    }

    /** Sets (or removes) the graph's training settings. */
    record SetTraining(java.util.Optional<io.layerloom.model.training.TrainingSettings> settings) implements Edit {
        public Graph apply(Graph g) {
            return g.withTraining(settings);
        }

        public String description() {
            return "Change training settings";
        }
    }

    record RenameGraph(String name) implements Edit {
        public Graph apply(Graph g) {
            return g.withName(name);
        }

        public String description() {
            return "Rename graph";
        }
    }

    /** Groups nodes into a new, expanded block (docs/design/blocks.md); see {@link BlockEdits#whyNotMake}. */
    record MakeBlock(String id, String type, List<String> members) implements Edit {
        public MakeBlock {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            members = List.copyOf(members);
        }

        public Graph apply(Graph g) {
            return BlockEdits.make(g, id, type, members);
        }

        public String description() {
            return "Make block " + id;
        }
    }

    /**
     * Adds a block as it is, collapsed or not, with its card's position (a paste): its members
     * must be nodes of the graph in no other block, and its id free; see {@link BlockEdits#whyNotMake}.
     */
    record AddBlock(Block block) implements Edit {
        public AddBlock {
            Objects.requireNonNull(block, "block");
        }

        public Graph apply(Graph g) {
            Graph made = BlockEdits.make(g, block.id(), block.type(), block.members());
            return BlockGeometry.replace(made, block.id(), BlockEdits.require(made, block.id())
                    .withCollapsed(block.collapsed()).withPosition(block.position()));
        }

        public String description() {
            return "Add block " + block.id();
        }
    }

    /** Dissolves a block; its nodes stay as they are (an expanded block's nodes stay where they are shown). */
    record Ungroup(String blockId) implements Edit {
        public Graph apply(Graph g) {
            Block b = BlockEdits.require(g, blockId);
            Graph expanded = b.collapsed() ? BlockGeometry.expand(g, b) : g;
            return expanded.withBlocks(expanded.blocks().stream().filter(x -> !x.id().equals(blockId)).toList());
        }

        public String description() {
            return "Ungroup " + blockId;
        }
    }

    /**
     * Collapses a block into one card or expands it in place; what lies below moves by the
     * height the block gives back or takes ({@link BlockGeometry}).
     */
    record SetBlockCollapsed(String blockId, boolean collapsed) implements Edit {
        public Graph apply(Graph g) {
            Block b = BlockEdits.require(g, blockId);
            if (b.collapsed() == collapsed) {
                return g;
            }
            return collapsed ? BlockGeometry.collapse(g, b) : BlockGeometry.expand(g, b);
        }

        public String description() {
            return (collapsed ? "Collapse " : "Expand ") + blockId;
        }
    }

    /** Moves a collapsed block's card, its members with it. */
    record MoveBlock(String blockId, Position to) implements Edit {
        public Graph apply(Graph g) {
            Block b = BlockEdits.require(g, blockId);
            java.util.Optional<Position> from = BlockGeometry.cardPosition(g, b);
            Graph out = BlockGeometry.replace(g, blockId, b.withPosition(java.util.Optional.of(to)));
            return from.map(p -> BlockGeometry.moveMembers(out, b.members(), to.x() - p.x(), to.y() - p.y())).orElse(out);
        }

        public String description() {
            return "Move " + blockId;
        }
    }

    /** Gives a block a new name (its id); refused when a block or node has it already. */
    record RenameBlock(String oldId, String newId) implements Edit {
        public Graph apply(Graph g) {
            return BlockEdits.rename(g, oldId, newId);
        }

        public String description() {
            return "Rename block " + oldId + " to " + newId;
        }
    }

    /** Changes a block's type label ("Bottleneck"). */
    record SetBlockType(String blockId, String type) implements Edit {
        public Graph apply(Graph g) {
            return BlockGeometry.replace(g, blockId, BlockEdits.require(g, blockId).withType(type));
        }

        public String description() {
            return "Set type of " + blockId;
        }
    }

    /** Adds a copy of a block beside it, with fresh ids, reading the same inputs. */
    record DuplicateBlock(String blockId) implements Edit {
        public Graph apply(Graph g) {
            return BlockEdits.duplicate(g, blockId);
        }

        public String description() {
            return "Duplicate " + blockId;
        }
    }

    /**
     * Chains {@code times} copies of a block after it, rewiring what it fed to the last copy;
     * see {@link BlockEdits#whyNotRepeat} for the blocks that can be repeated.
     */
    record RepeatBlock(String blockId, int times) implements Edit {
        public Graph apply(Graph g) {
            return BlockEdits.repeat(g, blockId, times);
        }

        public String description() {
            return "Repeat " + blockId + (times == 1 ? " once" : " " + times + " times");
        }
    }

    /** Several edits as one undoable step, such as a paste or a delete of a selection. */
    record Batch(String description, List<Edit> edits) implements Edit {
        public Batch {
            Objects.requireNonNull(description, "description");
            edits = List.copyOf(edits);
        }

        /**
         * Each edit in turn, but a run of node removals (a delete of a selection) or of node
         * additions (a paste) is done with one copy of the node list where the result is the
         * same: one edit at a time copies the whole graph per node, quadratic for a large
         * selection.
         */
        public Graph apply(Graph g) {
            Graph out = g;
            int i = 0;
            while (i < edits.size()) {
                int j = i;
                while (j < edits.size() && edits.get(j).getClass() == edits.get(i).getClass()) {
                    j++;
                }
                Optional<Graph> together = j - i < 2 ? Optional.empty()
                        : edits.get(i) instanceof RemoveNode ? BatchRuns.removeAll(out, edits.subList(i, j))
                        : edits.get(i) instanceof AddNode ? BatchRuns.addAll(out, edits.subList(i, j)) : Optional.empty();
                if (together.isPresent()) {
                    out = together.get();
                } else {
                    for (int k = i; k < j; k++) {
                        out = edits.get(k).apply(out);
                    }
                }
                i = j;
            }
            return out;
        }
    }
}
