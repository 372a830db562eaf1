package io.layerloom.model.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The work behind the block edits of {@link Edit}: making, duplicating and repeating blocks
 * with fresh ids and their wiring. A request that does not fit the graph throws
 * {@link IllegalArgumentException} with a message a user can read (the designer checks first
 * with {@link #whyNotRepeat} and the like, and shows the reason).
 */
public final class BlockEdits {

    private BlockEdits() {
    }

    static Block require(Graph g, String blockId) {
        return g.block(blockId).orElseThrow(() -> new IllegalArgumentException("no block with id '" + blockId + "'"));
    }

    /** Why these nodes cannot become a block, or empty when they can. */
    public static Optional<String> whyNotMake(Graph g, String id, List<String> members) {
        if (members.isEmpty()) {
            return Optional.of("Select the layers to group first.");
        }
        if (id.isBlank() || !id.strip().equals(id)) {
            return Optional.of("A block needs a name without white space at its ends, such as \"layer1.0\".");
        }
        if (g.block(id).isPresent() || g.contains(id)) {
            return Optional.of("'" + id + "' is already the name of a " + (g.contains(id) ? "layer" : "block")
                    + "; choose another, such as '" + BlockRules.freshBlockId(id, blockIds(g), nodeIds(g)) + "'.");
        }
        for (String m : members) {
            if (!g.contains(m)) {
                return Optional.of("'" + m + "' is not a layer of this graph.");
            }
            Optional<Block> owner = g.blockOf(m);
            if (owner.isPresent()) {
                return Optional.of("'" + m + "' is already in block '" + owner.get().id() + "'; a layer belongs to one "
                        + "block at most. Ungroup that block first, or leave the layer out.");
            }
        }
        return Optional.empty();
    }

    static Graph make(Graph g, String id, String type, List<String> members) {
        whyNotMake(g, id, members).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        Set<String> chosen = Set.copyOf(members);
        List<String> ordered = g.nodes().stream().map(Node::id).filter(chosen::contains).distinct().toList();
        List<Block> blocks = new ArrayList<>(g.blocks());
        blocks.add(Block.of(id, type, ordered));
        return g.withBlocks(blocks);
    }

    static Graph rename(Graph g, String oldId, String newId) {
        require(g, oldId);
        if (!oldId.equals(newId) && (g.block(newId).isPresent() || g.contains(newId))) {
            throw new IllegalArgumentException("'" + newId + "' is already the name of a "
                    + (g.contains(newId) ? "layer" : "block") + "; choose another.");
        }
        if (newId.isBlank() || !newId.strip().equals(newId)) {
            throw new IllegalArgumentException("A block needs a name without white space at its ends, such as \"layer1.0\".");
        }
        return BlockGeometry.replace(g, oldId, require(g, oldId).withId(newId));
    }

    /** The nodes outside the block that feed it, in order of first use. */
    public static List<String> sources(Graph g, Block b) {
        Set<String> out = new LinkedHashSet<>();
        Set<String> members = Set.copyOf(b.members());
        for (String m : b.members()) {
            for (String in : g.require(m).inputs()) {
                if (!members.contains(in)) {
                    out.add(in);
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * The members whose outputs leave the block: those read by a node outside it, or, when no
     * member is, those read by nothing (the end of the network).
     */
    public static List<String> exits(Graph g, Block b) {
        List<String> read = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        Set<String> members = Set.copyOf(b.members());
        for (String m : b.members()) {
            List<String> consumers = g.consumers(m);
            if (consumers.stream().anyMatch(c -> !members.contains(c))) {
                read.add(m);
            } else if (consumers.isEmpty()) {
                unread.add(m);
            }
        }
        return read.isEmpty() ? unread : read;
    }

    /**
     * The member whose card the designer shows for the collapsed block, so that wires, selection
     * and dragging work on it as on any card: its (first) output, else its last member.
     */
    public static String cardMember(Graph g, Block b) {
        List<String> exits = exits(g, b);
        return exits.isEmpty() ? b.members().get(b.members().size() - 1) : exits.get(0);
    }

    /** The collapsed block whose card is this node's, if any. */
    public static Optional<Block> collapsedShownBy(Graph g, String nodeId) {
        return g.blockOf(nodeId).filter(Block::collapsed).filter(b -> cardMember(g, b).equals(nodeId));
    }

    /** Why the block cannot be repeated, or empty when it can. */
    public static Optional<String> whyNotRepeat(Graph g, String blockId, int times) {
        Optional<Block> found = g.block(blockId);
        if (found.isEmpty()) {
            return Optional.of("There is no block '" + blockId + "'.");
        }
        Block b = found.get();
        if (times < 1) {
            return Optional.of("Repeat at least once (got " + times + ").");
        }
        if (times > 1000) {
            return Optional.of("Repeat at most 1000 times at once (got " + times + ").");
        }
        List<String> sources = sources(g, b);
        if (sources.size() != 1) {
            return Optional.of("Block '" + blockId + "' has " + (sources.isEmpty() ? "no input from outside" : sources.size()
                    + " inputs from outside (" + String.join(", ", sources) + ")") + "; a block is repeated by chaining "
                    + "copies, so it needs exactly one. Duplicate it instead, or group the layers so that one layer feeds the block.");
        }
        List<String> exits = exits(g, b);
        if (exits.size() != 1) {
            return Optional.of("Block '" + blockId + "' has " + (exits.isEmpty() ? "no output" : exits.size()
                    + " outputs (" + String.join(", ", exits) + ")") + "; a block is repeated by chaining copies, so it "
                    + "needs exactly one layer whose output leaves it. Duplicate it instead, or regroup the layers.");
        }
        return Optional.empty();
    }

    /**
     * The block repeated {@code times} times after itself: each copy reads the previous one's
     * output, and what the block fed reads the last copy's.
     */
    static Graph repeat(Graph g, String blockId, int times) {
        whyNotRepeat(g, blockId, times).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        Block b = require(g, blockId);
        String source = sources(g, b).get(0);
        String exit = exits(g, b).get(0);
        double pitch = BlockGeometry.pitch(g, b);
        Optional<Double> bottom = BlockGeometry.bottom(g, b);
        Graph out = bottom.isPresent()
                ? BlockGeometry.shiftBelow(g, bottom.get(), times * pitch, Set.copyOf(b.members()), b.id()) : g;
        List<String> outsideReaders = g.consumers(exit).stream().filter(c -> !b.contains(c)).toList();
        String previousExit = exit;
        String previousId = blockId;
        List<Node> added = new ArrayList<>();
        List<Block> addedBlocks = new ArrayList<>();
        Set<String> takenNodes = nodeIds(out);
        Set<String> takenBlocks = blockIds(out);
        for (int k = 1; k <= times; k++) {
            String copyId = nextBlockId(previousId, takenBlocks, takenNodes);
            takenBlocks.add(copyId);
            Map<String, String> ids = copyIds(b, copyId, takenNodes);
            Map<String, String> wiring = new HashMap<>(ids);
            wiring.put(source, previousExit);
            for (String m : b.members()) {
                Node original = out.require(m);
                Node copy = original.withId(ids.get(m)).withInputs(original.inputs().stream()
                        .map(in -> wiring.getOrDefault(in, in)).toList());
                if (copy.position().isPresent()) {
                    copy = copy.withPosition(copy.position().get().plus(0, k * pitch));
                }
                added.add(copy);
            }
            double down = k * pitch;
            Block copyBlock = new Block(copyId, b.type(), b.members().stream().map(ids::get).toList(), b.collapsed(),
                    BlockGeometry.cardPosition(out, b).filter(p -> b.collapsed()).map(p -> p.plus(0, down)));
            addedBlocks.add(copyBlock);
            previousExit = ids.get(exit);
            previousId = copyId;
        }
        String lastExit = previousExit;
        List<Node> nodes = new ArrayList<>();
        int last = lastIndex(out, b);
        for (int i = 0; i < out.size(); i++) {
            Node n = out.nodes().get(i);
            if (outsideReaders.contains(n.id())) {
                n = n.withInputs(n.inputs().stream().map(in -> in.equals(exit) ? lastExit : in).toList());
            }
            nodes.add(n);
            if (i == last) {
                nodes.addAll(added);
            }
        }
        List<Block> blocks = new ArrayList<>(out.blocks());
        blocks.addAll(blocks.indexOf(require(out, blockId)) + 1, addedBlocks);
        return out.withNodes(nodes).withBlocks(blocks);
    }

    /**
     * A copy of the block beside it, reading the same inputs, feeding nothing yet (the user
     * wires it): a parallel branch.
     */
    static Graph duplicate(Graph g, String blockId) {
        Block b = require(g, blockId);
        Set<String> takenNodes = nodeIds(g);
        String copyId = nextBlockId(blockId, blockIds(g), takenNodes);
        Map<String, String> ids = copyIds(b, copyId, takenNodes);
        double dx = BlockGeometry.GAP + BlockGeometry.NODE_WIDTH;
        List<Node> added = new ArrayList<>();
        for (String m : b.members()) {
            Node original = g.require(m);
            Node copy = original.withId(ids.get(m)).withInputs(original.inputs().stream()
                    .map(in -> ids.getOrDefault(in, in)).toList());
            if (copy.position().isPresent()) {
                copy = copy.withPosition(copy.position().get().plus(dx, 0));
            }
            added.add(copy);
        }
        List<Node> nodes = new ArrayList<>(g.nodes());
        nodes.addAll(lastIndex(g, b) + 1, added);
        Block copy = new Block(copyId, b.type(), b.members().stream().map(ids::get).toList(), b.collapsed(),
                BlockGeometry.cardPosition(g, b).filter(p -> b.collapsed()).map(p -> p.plus(dx, 0)));
        List<Block> blocks = new ArrayList<>(g.blocks());
        blocks.add(blocks.indexOf(b) + 1, copy);
        return g.withNodes(nodes).withBlocks(blocks);
    }

    /** The name of the next copy: "layer1.1" after "layer1.0", "stem_2" after "stem". */
    public static String nextBlockId(String id, Set<String> blockIds, Set<String> nodeIds) {
        int digits = id.length();
        while (digits > 0 && Character.isDigit(id.charAt(digits - 1))) {
            digits--;
        }
        if (digits < id.length() && id.length() - digits < 9) {
            String stem = id.substring(0, digits);
            for (int n = Integer.parseInt(id.substring(digits)) + 1; ; n++) {
                String candidate = stem + n;
                if (!blockIds.contains(candidate) && !nodeIds.contains(candidate)) {
                    return candidate;
                }
            }
        }
        return BlockRules.freshBlockId(id, blockIds, nodeIds);
    }

    /**
     * Fresh ids for a copy's members: a member named after its block ("layer1.1.conv1" in
     * "layer1.1") is named after the copy ("layer1.2.conv1"); another gets a suffix. The new
     * ids are added to {@code taken}.
     */
    public static Map<String, String> copyIds(Block b, String copyId, Set<String> taken) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String m : b.members()) {
            boolean namedAfterBlock = m.length() > b.id().length() && m.startsWith(b.id())
                    && !Character.isLetterOrDigit(m.charAt(b.id().length()));
            String wanted = namedAfterBlock ? copyId + m.substring(b.id().length()) : m + "_" + copyId;
            String id = wanted;
            for (int i = 2; taken.contains(id); i++) {
                id = wanted + "_" + i;
            }
            taken.add(id);
            ids.put(m, id);
        }
        return ids;
    }

    private static int lastIndex(Graph g, Block b) {
        int last = -1;
        for (String m : b.members()) {
            last = Math.max(last, g.indexOf(m));
        }
        return last;
    }

    static Set<String> nodeIds(Graph g) {
        Set<String> ids = new HashSet<>();
        g.nodes().forEach(n -> ids.add(n.id()));
        return ids;
    }

    static Set<String> blockIds(Graph g) {
        Set<String> ids = new HashSet<>();
        g.blocks().forEach(b -> ids.add(b.id()));
        return ids;
    }
}
