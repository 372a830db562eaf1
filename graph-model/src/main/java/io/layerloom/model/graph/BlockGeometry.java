package io.layerloom.model.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where blocks and their members sit when a block collapses, expands or is repeated, so that
 * the designer's picture stays tidy and each change is undone with the edit that made it. Graphs
 * flow downwards: a block that collapses pulls up what lies below it by the height it gives
 * back, and one that expands pushes it down again. A collapsed block keeps its members'
 * positions relative to one another (they move with its card), so expanding restores them.
 * The sizes are the designer's card sizes (the app checks that they agree).
 */
public final class BlockGeometry {

    /** A layer card's width on the canvas. */
    public static final double NODE_WIDTH = 224;
    /** A layer card's height on the canvas. */
    public static final double NODE_HEIGHT = 76;
    /** A collapsed block card's height. */
    public static final double CARD_HEIGHT = 96;
    /** Vertical room between cards, for wire labels. */
    public static final double GAP = 56;

    private BlockGeometry() {
    }

    /**
     * The members' top and bottom and the x of the first member (a block's main path, so that
     * the card stands in line with the cards above and below it), or empty when a member has no
     * position.
     */
    record Extent(double anchorX, double minY, double maxY) {
    }

    static Optional<Extent> extent(Graph g, Block b) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (String m : b.members()) {
            Optional<Position> p = g.node(m).flatMap(Node::position);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            minX = Math.min(minX, p.get().x());
            minY = Math.min(minY, p.get().y());
            maxY = Math.max(maxY, p.get().y());
        }
        if (minX == Double.POSITIVE_INFINITY) {
            return Optional.empty();
        }
        double anchorX = g.node(b.members().get(0)).flatMap(Node::position).orElseThrow().x();
        return Optional.of(new Extent(anchorX, minY, maxY));
    }

    /** Where the block's card is drawn: its position, else at its first member's x and its members' top. */
    public static Optional<Position> cardPosition(Graph g, Block b) {
        return b.position().or(() -> extent(g, b).map(e -> new Position(e.anchorX(), e.minY())));
    }

    /** How much taller the expanded members are than the collapsed card. */
    static double saved(Extent e) {
        return (e.maxY() - e.minY() + NODE_HEIGHT) - CARD_HEIGHT;
    }

    /** The block collapsed, its card at its members' top-left, what lies below pulled up. */
    static Graph collapse(Graph g, Block b) {
        Optional<Extent> e = extent(g, b);
        Block collapsed = b.withCollapsed(true);
        if (e.isEmpty()) {
            return replace(g, b.id(), collapsed);
        }
        collapsed = collapsed.withPosition(Optional.of(new Position(e.get().anchorX(), e.get().minY())));
        Graph out = replace(g, b.id(), collapsed);
        return shiftBelow(out, e.get().maxY(), -saved(e.get()), Set.copyOf(b.members()), b.id());
    }

    /** The block expanded, its members placed at its card, what lies below pushed down. */
    static Graph expand(Graph g, Block b) {
        Optional<Extent> e = extent(g, b);
        Block expanded = b.withCollapsed(false);
        Optional<Position> card = cardPosition(g, b);
        if (e.isEmpty() || card.isEmpty()) {
            return replace(g, b.id(), expanded.withPosition(Optional.empty()));
        }
        double dx = card.get().x() - e.get().anchorX();
        double dy = card.get().y() - e.get().minY();
        Graph out = replace(g, b.id(), expanded.withPosition(Optional.empty()));
        out = shiftBelow(out, card.get().y(), saved(e.get()), Set.copyOf(b.members()), b.id());
        return moveMembers(out, b.members(), dx, dy);
    }

    /**
     * Moves down by {@code dy} everything that lies below {@code y}: nodes outside collapsed
     * blocks, and collapsed blocks (card and members together), except the given ones.
     */
    static Graph shiftBelow(Graph g, double y, double dy, Set<String> exceptNodes, String exceptBlock) {
        if (dy == 0) {
            return g;
        }
        Set<String> hidden = new HashSet<>();
        List<Block> blocks = new ArrayList<>();
        Set<String> moved = new HashSet<>();
        for (Block b : g.blocks()) {
            if (b.collapsed() && !b.id().equals(exceptBlock)) {
                hidden.addAll(b.members());
                Optional<Position> card = cardPosition(g, b);
                if (card.isPresent() && card.get().y() > y) {
                    blocks.add(b.withPosition(Optional.of(card.get().plus(0, dy))));
                    moved.addAll(b.members());
                    continue;
                }
            } else if (!b.id().equals(exceptBlock) && b.position().isPresent() && b.position().get().y() > y) {
                blocks.add(b.withPosition(Optional.of(b.position().get().plus(0, dy))));
                continue;
            }
            blocks.add(b);
        }
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            boolean below = !hidden.contains(n.id()) && !exceptNodes.contains(n.id())
                    && n.position().filter(p -> p.y() > y).isPresent();
            if (n.position().isPresent() && (moved.contains(n.id()) || below)) {
                n = n.withPosition(n.position().get().plus(0, dy));
            }
            nodes.add(n);
        }
        return g.withNodes(nodes).withBlocks(blocks);
    }

    static Graph moveMembers(Graph g, List<String> members, double dx, double dy) {
        if (dx == 0 && dy == 0) {
            return g;
        }
        Set<String> set = Set.copyOf(members);
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            nodes.add(set.contains(n.id()) && n.position().isPresent() ? n.withPosition(n.position().get().plus(dx, dy)) : n);
        }
        return g.withNodes(nodes);
    }

    static Graph replace(Graph g, String blockId, Block replacement) {
        List<Block> blocks = new ArrayList<>(g.blocks());
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).id().equals(blockId)) {
                blocks.set(i, replacement);
            }
        }
        return g.withBlocks(blocks);
    }

    /** The vertical room one more copy of the block takes, expanded or collapsed. */
    static double pitch(Graph g, Block b) {
        if (b.collapsed()) {
            return CARD_HEIGHT + GAP;
        }
        return extent(g, b).map(e -> e.maxY() - e.minY() + NODE_HEIGHT + GAP).orElse(0.0);
    }

    /** The lowest y the block covers on the canvas (its card's top when collapsed). */
    static Optional<Double> bottom(Graph g, Block b) {
        if (b.collapsed()) {
            return cardPosition(g, b).map(Position::y);
        }
        return extent(g, b).map(Extent::maxY);
    }
}
