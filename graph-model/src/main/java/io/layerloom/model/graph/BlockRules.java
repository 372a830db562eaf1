package io.layerloom.model.graph;

import io.layerloom.model.util.Suggest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a graph's blocks follow, stated once for the reader (which reports a broken rule at
 * its line and column) and for {@link Graph} (which refuses one as a programmer's mistake).
 * A block has an id that is not empty, not another block's and not a node's; at least one
 * member; only members that are nodes of the graph; and a node belongs to one block at most.
 */
public final class BlockRules {

    /** One broken rule: which block (index in the list), which field, the message with its fix. */
    public record Problem(int block, String field, int member, String message) {
    }

    private BlockRules() {
    }

    public static List<Problem> problems(List<Node> nodes, List<Block> blocks) {
        List<Problem> out = new ArrayList<>();
        Set<String> nodeIds = new LinkedHashSet<>();
        nodes.forEach(n -> nodeIds.add(n.id()));
        Map<String, Integer> blockIds = new HashMap<>();
        Map<String, String> owner = new HashMap<>();
        Suggest.Index suggestions = null;
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            String id = block.id();
            if (id.isBlank() || !id.strip().equals(id)) {
                out.add(new Problem(b, "id", -1, "block #" + (b + 1) + ": the id '" + id + "' is empty or has white space "
                        + "at an end. Name the block, such as \"layer1.0\"."));
            }
            Integer earlier = blockIds.putIfAbsent(id, b);
            if (earlier != null) {
                out.add(new Problem(b, "id", -1, "block '" + id + "' is defined twice (blocks #" + (earlier + 1) + " and #"
                        + (b + 1) + "). Give the second its own id, such as '" + freshBlockId(id, blockIds.keySet(), nodeIds)
                        + "', or merge their members into one block."));
            }
            if (nodeIds.contains(id)) {
                out.add(new Problem(b, "id", -1, "block '" + id + "' has the id of a node; block ids and node ids must "
                        + "differ. Rename the block, such as '" + freshBlockId(id, blockIds.keySet(), nodeIds) + "'."));
            }
            if (block.members().isEmpty()) {
                out.add(new Problem(b, "members", -1, "block '" + id + "' has no members; a block groups at least one "
                        + "node. Add node ids to its \"members\" or delete the block."));
            }
            Set<String> seen = new HashSet<>();
            for (int m = 0; m < block.members().size(); m++) {
                String member = block.members().get(m);
                if (!nodeIds.contains(member)) {
                    if (suggestions == null) {
                        suggestions = new Suggest.Index(nodeIds);
                    }
                    out.add(new Problem(b, "members", m, "block '" + id + "': member '" + member + "' is not a node of this "
                            + "graph." + suggestions.didYouMean(member) + " Remove it from \"members\" or add the node."));
                    continue;
                }
                if (!seen.add(member)) {
                    out.add(new Problem(b, "members", m, "block '" + id + "' lists member '" + member + "' twice. Remove "
                            + "the second one."));
                    continue;
                }
                String other = owner.putIfAbsent(member, id);
                if (other != null && !other.equals(id)) {
                    out.add(new Problem(b, "members", m, "node '" + member + "' is in block '" + other + "' and in block '"
                            + id + "'; a node belongs to one block at most. Remove it from the \"members\" of one of them."));
                }
            }
        }
        return out;
    }

    /** A block id like "stem_2" that neither a block nor a node has. */
    public static String freshBlockId(String base, Set<String> blockIds, Set<String> nodeIds) {
        for (int i = 2; ; i++) {
            String candidate = base + "_" + i;
            if (!blockIds.contains(candidate) && !nodeIds.contains(candidate)) {
                return candidate;
            }
        }
    }
}
