package io.layerloom.app.designer.view;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides how a wire runs: the plain curve between its ports, or, where that curve would cross
 * other cards (a ResNet's identity shortcut past the block it skips), a vertical lane beside them.
 * Cards are found through a coarse grid, so routing a wire costs the cards near it, not all.
 */
final class WireRouter {

    private static final double WIDTH = NodeView.WIDTH;
    private static final double HEIGHT = NodeView.HEIGHT;

    /** The route of the wire from one card's output port to another's input port. */
    WireGeometry route(NodeView from, NodeView to) {
        double sx = from.outX();
        double sy = from.outY();
        double tx = to.inX();
        double ty = to.inY();
        return WireGeometry.between(sx, sy, tx, ty, lane(from, to, sx, sy, tx, ty));
    }

    /**
     * Null when the plain curve between two ports is clear; else the x of a free vertical lane
     * beside the nodes it would cross (right of them first), as for a ResNet's identity shortcut.
     */
    private Double lane(NodeView from, NodeView to, double sx, double sy, double tx, double ty) {
        if (ty - sy < HEIGHT) {
            return null;
        }
        WireGeometry plain = WireGeometry.between(sx, sy, tx, ty, null);
        if (!crossesNode(from, to, sx, sy, tx, ty, plain, null)) {
            return null;
        }
        double gap = WIDTH / 2 + 20;
        double right = Math.max(sx, tx) + gap;
        if (!crossesNode(from, to, sx, sy, tx, ty, plain, right)) {
            return right;
        }
        double left = Math.min(sx, tx) - gap;
        return crossesNode(from, to, sx, sy, tx, ty, plain, left) ? right : left;
    }

    /** Whether the plain curve (or, with {@code laneX}, a lane at that x) runs through a card other than its ends. */
    private boolean crossesNode(NodeView from, NodeView to, double sx, double sy, double tx, double ty,
                                WireGeometry plain, Double laneX) {
        double minX = Math.min(sx, tx) - WIDTH / 2;
        double maxX = Math.max(sx, tx) + WIDTH / 2;
        if (laneX != null) {
            minX = laneX - 4;
            maxX = laneX + 4;
        }
        for (NodeView v : candidates(minX, sy, maxX, ty)) {
            if (v == from || v == to) {
                continue;
            }
            double x0 = v.getLayoutX() - 6;
            double y0 = v.getLayoutY() - 6;
            double x1 = x0 + WIDTH + 12;
            double y1 = y0 + v.height() + 12;
            if (x1 < minX || x0 > maxX || y1 < sy || y0 > ty) {
                continue;
            }
            if (laneX != null ? laneX > x0 && laneX < x1 : plain.passesThrough(x0, y0, x1, y1, 16)) {
                return true;
            }
        }
        return false;
    }

    /** Cards by the grid cell of their top-left corner: wire routing asks only the cells a wire spans. */
    private final Map<Long, List<NodeView>> cells = new HashMap<>();
    private static final double CELL = 300; // larger than a card, so a card reaches at most one cell right and down

    /** Records where the cards are; called once per reconcile (a drag's own moves are caught up on release). */
    void index(Collection<NodeView> views) {
        cells.clear();
        for (NodeView v : views) {
            cells.computeIfAbsent(cell(Math.floor(v.getLayoutX() / CELL), Math.floor(v.getLayoutY() / CELL)),
                    k -> new ArrayList<>()).add(v);
        }
    }

    private static long cell(double cx, double cy) {
        return ((long) cx << 32) ^ ((long) cy & 0xffffffffL);
    }

    /** The cards that may overlap a box: those whose cell's corner is up to one cell left of or above it. */
    private List<NodeView> candidates(double minX, double minY, double maxX, double maxY) {
        List<NodeView> out = new ArrayList<>();
        long cx0 = (long) Math.floor(minX / CELL) - 1;
        long cx1 = (long) Math.floor(maxX / CELL);
        long cy0 = (long) Math.floor(minY / CELL) - 1;
        long cy1 = (long) Math.floor(maxY / CELL);
        if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > cells.size()) {
            cells.values().forEach(out::addAll); // a box wider than the graph: every card
            return out;
        }
        for (long cx = cx0; cx <= cx1; cx++) {
            for (long cy = cy0; cy <= cy1; cy++) {
                List<NodeView> in = cells.get(cell(cx, cy));
                if (in != null) {
                    out.addAll(in);
                }
            }
        }
        return out;
    }
}
