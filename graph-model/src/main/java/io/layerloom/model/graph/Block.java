package io.layerloom.model.graph;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named group of nodes (docs/design/blocks.md): "layer1.0", a BasicBlock. The nodes stay in
 * the graph's flat node list; a block only says which of them belong together and whether the
 * designer shows them as one card. The rules between blocks and nodes are {@link BlockRules}.
 *
 * @param id        the block's name, unique among blocks and distinct from every node id
 * @param type      a free label such as "BasicBlock", "Bottleneck", "Inception", "Fire"
 * @param members   the ids of the nodes in the block, at least one, in the graph's node order
 * @param collapsed whether the designer shows the block as one card
 * @param position  where that card sits on the canvas
 */
public record Block(String id, String type, List<String> members, boolean collapsed, Optional<Position> position) {

    public Block {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        members = List.copyOf(members);
        Objects.requireNonNull(position, "position");
    }

    /** An expanded block without a card position. */
    public static Block of(String id, String type, List<String> members) {
        return new Block(id, type, members, false, Optional.empty());
    }

    public boolean contains(String nodeId) {
        return members.contains(nodeId);
    }

    public Block withId(String newId) {
        return new Block(newId, type, members, collapsed, position);
    }

    public Block withType(String newType) {
        return new Block(id, newType, members, collapsed, position);
    }

    public Block withMembers(List<String> newMembers) {
        return new Block(id, type, newMembers, collapsed, position);
    }

    public Block withCollapsed(boolean value) {
        return new Block(id, type, members, value, position);
    }

    public Block withPosition(Optional<Position> p) {
        return new Block(id, type, members, collapsed, p);
    }
}
