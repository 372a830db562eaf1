package io.layerloom.app.designer.view;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Block;
import io.layerloom.model.graph.BlockGeometry;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableMap;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Group;

/**
 * The cards and wires of the canvas, in canvas units: one {@link NodeView} per node id and one
 * {@link WireView} per wire, reconciled against the graph and its analysis so that a node that
 * did not change is not touched, with the questions the gestures ask of them (what is under a
 * point, what lies in a rubber band) and the culling that keeps what is out of view out of the
 * scene graph. {@link CanvasView} owns it, decides when to reconcile and where the view is.
 */
final class CanvasContent {

    private static final double WIDTH = NodeView.WIDTH;
    private static final double HEIGHT = NodeView.HEIGHT;
    /**
     * How far a wire's shape label may stand out of the box of its route: half of a wide label
     * across, half of its height down. Culling keeps a wire whose label is partly in view.
     */
    private static final double LABEL_REACH_X = 80;
    private static final double LABEL_REACH_Y = 10;

    private final Group wireLayer = new Group();
    private final Group nodeLayer = new Group();
    /** Wires under cards, in canvas units: what the canvas's world shows and a picture snapshots. */
    final Group group = new Group(wireLayer, nodeLayer);

    private final Map<String, NodeView> nodes = new LinkedHashMap<>();
    private final Map<String, WireView> wires = new LinkedHashMap<>();
    private final Map<String, List<WireView>> wiresByNode = new HashMap<>();
    private final WireRouter router = new WireRouter();
    private final Set<String> shownSelection = new HashSet<>();
    /** Members of collapsed blocks, by the id of the card that stands for their block. */
    private final Map<String, String> shownAs = new HashMap<>();
    /** Held so that its listener lives as long as the canvas. */
    private ObservableMap<String, String> statisticsShown;
    private ObservableMap<String, Double> timeSharesShown;
    private WireView selectedWire;
    private boolean overview;

    /**
     * Brings the views up to date with the graph and its analysis (null while it is not known).
     * Returns whether this looks like a new graph: cards now, and none of them kept from before.
     */
    boolean reconcile(Graph g, Analysis a) {
        Map<String, List<Diagnostic>> diagnostics = new HashMap<>();
        if (a != null) {
            for (Diagnostic d : a.diagnostics()) {
                d.node().ifPresent(id -> diagnostics.computeIfAbsent(id, k -> new ArrayList<>()).add(d));
            }
        }
        boolean hadNodes = !nodes.isEmpty();
        int survivors = 0;
        Set<String> live = new HashSet<>();
        int index = 0;
        // A collapsed block is drawn as one card: its output member's, at the block's place; the others are hidden.
        shownAs.clear();
        Map<String, Block> cardOf = new HashMap<>();
        for (Block b : g.blocks()) {
            if (b.collapsed()) {
                String rep = BlockCard.representative(g, b);
                b.members().forEach(m -> shownAs.put(m, rep));
                cardOf.put(rep, b);
            }
        }
        for (Node n : g.nodes()) {
            if (shownAs.containsKey(n.id()) && !cardOf.containsKey(n.id())) {
                index++;
                continue;
            }
            if (!live.add(n.id())) {
                continue; // a duplicated id (the analysis reports it); the first one is drawn
            }
            NodeView v = nodes.get(n.id());
            if (v == null) {
                v = new NodeView(n);
                v.setOverview(overview);
                nodes.put(n.id(), v); // put in the scene graph by cull() if it is in view
                if (statisticsShown != null) {
                    v.setStatistic(statisticsShown.get(n.id()));
                }
                if (timeSharesShown != null) {
                    v.setTimeShare(timeSharesShown.get(n.id()));
                }
            } else {
                survivors++;
            }
            NodeResult r = a == null ? null : a.node(n.id()).orElse(null);
            v.update(n, r, diagnostics.getOrDefault(n.id(), List.of()));
            Block block = cardOf.get(n.id());
            v.showBlock(block == null ? null : BlockCard.of(g, a, block));
            Position p = (block == null ? n.position() : BlockGeometry.cardPosition(g, block)).orElse(NodeView.unplaced(index));
            if (v.getLayoutX() != p.x() || v.getLayoutY() != p.y()) {
                v.relocate(p.x(), p.y());
            }
            index++;
        }
        if (nodes.size() != live.size()) {
            List<NodeView> gone = new ArrayList<>();
            nodes.values().removeIf(v -> {
                boolean dead = !live.contains(v.nodeId());
                if (dead) {
                    gone.add(v);
                }
                return dead;
            });
            nodeLayer.getChildren().removeAll(new HashSet<>(gone));
        }
        reconcileWires(g, a);
        shownSelection.clear();
        nodes.values().forEach(v -> v.setSelected(false));
        return !nodes.isEmpty() && (!hadNodes || survivors == 0);
    }

    private void reconcileWires(Graph g, Analysis a) {
        Set<String> liveWires = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (Node n : g.nodes()) {
            if (!seen.add(n.id())) {
                continue;
            }
            String to = shownAs.getOrDefault(n.id(), n.id());
            for (String source : n.inputs()) {
                String in = shownAs.getOrDefault(source, source);
                if (!nodes.containsKey(in) || !nodes.containsKey(to) || in.equals(to)) {
                    continue; // inside a collapsed block, or to a node that does not exist
                }
                String key = GraphPicture.key(in, to);
                if (!liveWires.add(key)) {
                    continue;
                }
                WireView w = wires.get(key);
                if (w == null) {
                    w = new WireView(in, to);
                    w.setOverview(overview);
                    wires.put(key, w);
                }
                w.setShapeText(a == null ? "" : a.node(source).flatMap(NodeResult::output).map(TensorType::text).orElse(""));
            }
        }
        if (wires.size() != liveWires.size()) {
            List<WireView> gone = new ArrayList<>();
            wires.entrySet().removeIf(e -> {
                boolean dead = !liveWires.contains(e.getKey());
                if (dead) {
                    gone.add(e.getValue());
                }
                return dead;
            });
            wireLayer.getChildren().removeAll(new HashSet<>(gone));
            if (gone.contains(selectedWire)) {
                selectedWire = null;
            }
        }
        wiresByNode.clear();
        router.index(nodes.values());
        for (WireView w : wires.values()) {
            wiresByNode.computeIfAbsent(w.from(), k -> new ArrayList<>()).add(w);
            wiresByNode.computeIfAbsent(w.to(), k -> new ArrayList<>()).add(w);
            route(w);
        }
    }

    /** Marks the selected cards, unmarking those that left the selection. */
    void showSelection(Collection<String> selection) {
        Set<String> now = new HashSet<>();
        selection.forEach(id -> now.add(shownAs(id))); // a layer inside a collapsed block: its card
        for (String id : shownSelection) {
            if (!now.contains(id) && nodes.containsKey(id)) {
                nodes.get(id).setSelected(false);
            }
        }
        for (String id : now) {
            NodeView v = nodes.get(id);
            if (v != null) {
                v.setSelected(true);
            }
        }
        shownSelection.clear();
        shownSelection.addAll(now);
    }

    /** A live statistic per layer beside its card, following the map as it changes. */
    void showStatistics(ObservableMap<String, String> statistics) {
        statisticsShown = statistics;
        statistics.addListener((MapChangeListener<String, String>) c -> {
            NodeView v = nodes.get(c.getKey());
            if (v != null) {
                v.setStatistic(c.wasAdded() ? c.getValueAdded() : null);
            }
        });
        statistics.forEach((id, text) -> {
            NodeView v = nodes.get(id);
            if (v != null) {
                v.setStatistic(text);
            }
        });
    }

    /** Each layer's share of a profiled training iteration as a bar on its card, following the map. */
    void showTimeShares(ObservableMap<String, Double> shares) {
        timeSharesShown = shares;
        shares.addListener((MapChangeListener<String, Double>) c -> {
            NodeView v = nodes.get(c.getKey());
            if (v != null) {
                v.setTimeShare(shares.get(c.getKey()));
            }
        });
        shares.forEach((id, share) -> {
            NodeView v = nodes.get(id);
            if (v != null) {
                v.setTimeShare(share);
            }
        });
    }

    /** Cards as bare boxes and wires as bare curves, or back in full. */
    void setOverview(boolean on) {
        if (on != overview) {
            overview = on;
            nodes.values().forEach(v -> v.setOverview(on));
            wires.values().forEach(w -> w.setOverview(on));
        }
    }

    boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** The card that shows this node: its own, or its collapsed block's. */
    String shownAs(String id) {
        return shownAs.getOrDefault(id, id);
    }

    NodeView nodeView(String id) {
        return nodes.get(id);
    }

    Collection<NodeView> nodeViews() {
        return nodes.values();
    }

    WireView selectedWire() {
        return selectedWire;
    }

    void selectWire(WireView w) {
        if (selectedWire != null) {
            selectedWire.setSelected(false);
        }
        selectedWire = w;
        if (w != null) {
            w.setSelected(true);
        }
    }

    /** Re-routes the wires touching these nodes: all a drag needs to redraw. */
    void rerouteWiresOf(Collection<String> ids) {
        Set<WireView> touched = new LinkedHashSet<>();
        for (String id : ids) {
            touched.addAll(wiresByNode.getOrDefault(id, List.of()));
        }
        for (WireView w : touched) {
            route(w);
            if (w.getParent() == null) {
                wireLayer.getChildren().add(w); // it may reach into view now; culling catches up later
            }
        }
    }

    private void route(WireView w) {
        w.route(router.route(nodes.get(w.from()), nodes.get(w.to())));
    }

    /** Each wire's route as the SVG export writes it, by {@link GraphPicture#key}. */
    Map<String, GraphPicture.Route> svgRoutes() {
        Map<String, GraphPicture.Route> routes = new HashMap<>();
        wires.values().forEach(w -> routes.put(GraphPicture.key(w.from(), w.to()), w.geometry().svg()));
        return routes;
    }

    /** The node card under a point (canvas units), if any, ignoring {@code except}. */
    NodeView nodeAt(Point2D p, String except) {
        NodeView found = null;
        for (NodeView v : nodes.values()) {
            if (!v.nodeId().equals(except) && p.getX() >= v.getLayoutX() && p.getX() <= v.getLayoutX() + WIDTH
                    && p.getY() >= v.getLayoutY() - PortView.RADIUS && p.getY() <= v.getLayoutY() + v.height()) {
                found = v; // the last drawn is on top
            }
        }
        return found;
    }

    List<String> nodesIn(Bounds area) {
        List<String> ids = new ArrayList<>();
        for (NodeView v : nodes.values()) {
            if (area.intersects(v.getLayoutX(), v.getLayoutY(), WIDTH, v.height())) {
                ids.add(v.nodeId());
            }
        }
        return ids;
    }

    /** The box around every node, in canvas units, or null for an empty graph. */
    Bounds bounds() {
        if (nodes.isEmpty()) {
            return null;
        }
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (NodeView v : nodes.values()) {
            minX = Math.min(minX, v.getLayoutX());
            minY = Math.min(minY, v.getLayoutY());
            maxX = Math.max(maxX, v.getLayoutX() + WIDTH);
            maxY = Math.max(maxY, v.getLayoutY() + v.height());
        }
        for (WireView w : wires.values()) {
            Bounds wb = w.getBoundsInParent();
            minX = Math.min(minX, wb.getMinX());
            maxX = Math.max(maxX, wb.getMaxX());
        }
        return new BoundingBox(minX, minY, maxX - minX, maxY - minY);
    }

    /**
     * Takes what lies outside the box (x0, y0)-(x1, y1) out of the scene graph and puts what lies
     * in it back. Hiding is not enough: every pulse walks all attached nodes to update bounds,
     * visible or not, which made a drag in a 500-node graph cost three times one in a small graph.
     * Detached views keep their state and come back when panned or zoomed into view.
     */
    void cull(double x0, double y0, double x1, double y1) {
        Set<javafx.scene.Node> detach = new HashSet<>();
        List<javafx.scene.Node> attachNodes = new ArrayList<>();
        for (NodeView v : nodes.values()) {
            boolean in = v.getLayoutX() < x1 && v.getLayoutX() + WIDTH > x0 && v.getLayoutY() < y1 && v.getLayoutY() + v.height() > y0;
            if (in && v.getParent() == null) {
                attachNodes.add(v);
            } else if (!in && v.getParent() != null) {
                detach.add(v);
            }
        }
        List<javafx.scene.Node> attachWires = new ArrayList<>();
        for (WireView wire : wires.values()) {
            double[] b = wire.geometry().bounds();
            boolean in = b[0] - LABEL_REACH_X < x1 && b[2] + LABEL_REACH_X > x0
                    && b[1] - LABEL_REACH_Y < y1 && b[3] + LABEL_REACH_Y > y0;
            if (in && wire.getParent() == null) {
                attachWires.add(wire);
            } else if (!in && wire.getParent() != null) {
                detach.add(wire);
            }
        }
        if (!detach.isEmpty()) {
            nodeLayer.getChildren().removeAll(detach);
            wireLayer.getChildren().removeAll(detach);
        }
        nodeLayer.getChildren().addAll(attachNodes);
        wireLayer.getChildren().addAll(attachWires);
    }

    /** Puts every view in the scene graph, for a picture of the whole graph or before the view has a size. */
    void attachAll() {
        nodes.values().stream().filter(v -> v.getParent() == null).forEach(nodeLayer.getChildren()::add);
        wires.values().stream().filter(w -> w.getParent() == null).forEach(wireLayer.getChildren()::add);
    }
}
