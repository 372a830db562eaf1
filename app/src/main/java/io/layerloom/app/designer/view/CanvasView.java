package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.CanvasViewModel;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.util.AtomicFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Path;
import javafx.scene.shape.Rectangle;

/**
 * The graph as cards and wires on an endless dotted sheet. Layers, back to front: the grid
 * (a canvas redrawn on pan and zoom), the world (wires, nodes and the wire being drawn, under one
 * pan and zoom transform) and a screen-space overlay (rubber band, refusal text, the empty-graph
 * hint and the receptive-field panel).
 *
 * <p>Views are reconciled by node id at most once per pulse (in {@link #layoutChildren}), so a
 * batch of edits costs one pass and a node that did not change is not touched. A drag moves only
 * the dragged cards and their wires; the model hears of it once, on release.
 */
public final class CanvasView extends Region {

    static final double MIN_SCALE = CanvasViewport.MIN_SCALE;
    /**
     * Below this scale text is a few pixels high: the canvas becomes an overview (cards keep their
     * outline and error colour, their text and the wires' shape labels go), which also keeps a
     * fitted 500-node graph cheap to draw.
     */
    static final double OVERVIEW_BELOW = 0.3;
    private static final javafx.css.PseudoClass OVERVIEW = javafx.css.PseudoClass.getPseudoClass("overview");
    private static final double WIDTH = NodeView.WIDTH;
    private static final double HEIGHT = NodeView.HEIGHT;

    private final DocumentViewModel document;
    private final CanvasViewModel model;
    private final Canvas grid = new Canvas();
    /** Never seen: CSS gives it the theme's grid colour, which the grid canvas paints with. */
    private final Circle gridDot = new Circle(1);
    private final Group world = new Group();
    private final Group wireLayer = new Group();
    private final Group nodeLayer = new Group();
    private final Group content = new Group(wireLayer, nodeLayer);
    final Path preview = new Path();
    private final Pane overlay = new Pane();
    final Rectangle band = new Rectangle();
    final Label refusal = new Label();
    private final Label hint = new Label("Drag a layer from the palette, or File > New from Template");
    private final ReceptiveFieldView receptiveField;
    private final CanvasViewport viewport = new CanvasViewport(this::viewChanged);
    private final CanvasGestures gestures;

    private final Map<String, NodeView> nodes = new LinkedHashMap<>();
    /** Held so that its listener lives as long as the canvas. */
    private javafx.collections.ObservableMap<String, String> statisticsShown;
    private final Map<String, WireView> wires = new LinkedHashMap<>();
    private final Map<String, List<WireView>> wiresByNode = new HashMap<>();
    private final WireRouter router = new WireRouter();
    private final Set<String> shownSelection = new HashSet<>();
    /** Held here: the document hands out an unmodifiable wrapper, whose listeners live only as long as it does. */
    private final javafx.collections.ObservableList<String> selection;
    private WireView selectedWire;
    private boolean dirty = true;
    private boolean initialViewPending = true;
    private boolean fitPending;

    /** The canvas of {@code model} (and its document), which the window's composition root made. */
    public CanvasView(CanvasViewModel model) {
        this.document = model.document();
        this.model = model;
        getStyleClass().add("canvas-view");
        setId("canvas");
        getStylesheets().add(CanvasView.class.getResource("/io/layerloom/app/designer/canvas.css").toExternalForm());
        setFocusTraversable(true);
        // Whatever room it is given: its content is scrolled, not sized to (explicit sizes keep
        // the world's bounds out of the region's computed size).
        setMinSize(0, 0);
        setPrefSize(600, 400);

        gridDot.getStyleClass().add("grid-dot");
        gridDot.setOpacity(0);
        gridDot.setManaged(false);
        gridDot.setMouseTransparent(true);
        gridDot.fillProperty().addListener((o, a, b) -> redrawGrid());
        grid.getStyleClass().add("canvas-grid");

        preview.getStyleClass().add("wire-preview");
        preview.setMouseTransparent(true);
        preview.setVisible(false);
        world.getChildren().addAll(content, preview);
        world.getTransforms().setAll(viewport.transforms());
        // Managed, so that a card laid out again (a label's new text, a card put back into view)
        // asks this view for a layout pass; the explicit sizes above keep the world out of our size.

        band.getStyleClass().add("rubber-band");
        band.setVisible(false);
        band.setManaged(false);
        refusal.getStyleClass().add("refusal-label");
        refusal.setVisible(false);
        refusal.setManaged(false);
        hint.getStyleClass().add("canvas-hint");
        hint.setManaged(false);
        hint.setMouseTransparent(true);
        receptiveField = new ReceptiveFieldView();
        receptiveField.setManaged(false);
        overlay.setPickOnBounds(false);
        overlay.getChildren().addAll(band, refusal, hint, receptiveField);

        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        getChildren().addAll(gridDot, grid, world, overlay);

        document.graphProperty().addListener((o, a, b) -> invalidate());
        document.analysisProperty().addListener((o, a, b) -> invalidate());
        selection = document.selection();
        selection.addListener((ListChangeListener<String>) c -> applySelection());
        document.revealProperty().addListener((o, a, b) -> {
            if (b != null) {
                centreOn(b.id());
            }
        });
        gestures = new CanvasGestures(this, model);
    }

    // Commands called by the window's menus

    public void copy() {
        model.copySelection().ifPresent(CanvasView::putOnClipboard);
    }

    public void cut() {
        model.cutSelection().ifPresent(CanvasView::putOnClipboard);
    }

    /** Pastes copied layers: LayerLoom's own format first, else plain text that is graph JSON. */
    public void paste() {
        Clipboard clipboard = Clipboard.getSystemClipboard();
        Object text = clipboard.hasContent(DesignerFormats.NODES) ? clipboard.getContent(DesignerFormats.NODES)
                : clipboard.getString();
        if (text instanceof String s) {
            model.paste(s);
        }
    }

    public void duplicate() {
        model.duplicate();
    }

    /** Deletes the selected layers, or the selected wire when no layer is selected. */
    public void deleteSelection() {
        if (document.selection().isEmpty() && selectedWire != null) {
            WireView w = selectedWire;
            selectWire(null);
            model.disconnect(w.from(), w.to());
        } else {
            model.deleteSelection();
        }
    }

    public void selectAll() {
        model.selectAll();
    }

    /** Arranges every node with the layered layout, as one undoable edit. */
    public void autoLayout() {
        model.autoLayout();
        flush();
        zoomToFit();
    }

    public void zoomIn() {
        viewport.zoomAt(1.25, getWidth() / 2, getHeight() / 2);
    }

    public void zoomOut() {
        viewport.zoomAt(1 / 1.25, getWidth() / 2, getHeight() / 2);
    }

    /** Zooms so that the whole graph fits (never beyond 100%; a large graph becomes an overview). */
    public void zoomToFit() {
        flush();
        Bounds b = contentBounds();
        if (b == null) {
            viewport.reset();
            return;
        }
        if (getWidth() <= 0 || getHeight() <= 0) {
            fitPending = true;
            return;
        }
        viewport.fit(b, getWidth(), getHeight());
    }

    public BooleanProperty snapToGridProperty() {
        return model.snapToGridProperty();
    }

    /** A picture of the whole graph, not just what is in view, at up to twice screen resolution. */
    public void exportPng(java.nio.file.Path file) throws IOException {
        PngFiles.write(picture(), file);
    }

    /** The whole graph as a picture (on the JavaFX thread), cards in full even when the view is an overview. */
    public javafx.scene.image.WritableImage picture() throws IOException {
        flush();
        boolean overview = isOverview();
        showOverview(false);
        attachAll();
        content.applyCss();
        content.layout();
        try {
            return GraphPicture.snapshot(content, contentBounds(), getBackground());
        } finally {
            showOverview(overview);
            cull();
        }
    }

    public void exportSvg(java.nio.file.Path file) throws IOException {
        AtomicFiles.writeString(file, svg());
    }

    /** The whole graph as SVG text, with the wires routed as on the canvas (on the JavaFX thread). */
    public String svg() {
        return GraphPicture.svg(document.graph(), document.analysis(), svgRoutes());
    }

    /** Each wire's route as the canvas draws it, by {@link GraphPicture#key} (on the JavaFX thread). */
    Map<String, GraphPicture.Route> svgRoutes() {
        flush();
        Map<String, GraphPicture.Route> routes = new HashMap<>();
        wires.values().forEach(w -> routes.put(GraphPicture.key(w.from(), w.to()), w.svgRoute()));
        return routes;
    }

    /** A picture to draw the receptive field on, instead of a plain pixel grid (null for the grid). */
    public void setSampleImage(Image image) {
        receptiveField.setSampleImage(image);
    }

    public double getScale() {
        return viewport.scale();
    }

    // Reconciliation

    private void invalidate() {
        dirty = true;
        requestLayout();
    }

    /** Brings the views up to date now instead of at the next pulse. */
    void flush() {
        if (dirty) {
            reconcile();
        }
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (grid.getWidth() != w || grid.getHeight() != h) {
            grid.setWidth(w);
            grid.setHeight(h);
            redrawGrid();
        }
        overlay.resize(w, h);
        flush();
        hint.autosize();
        hint.relocate(Math.round((w - hint.getWidth()) / 2), Math.round((h - hint.getHeight()) / 2));
        receptiveField.autosize();
        receptiveField.relocate(Math.round(w - receptiveField.getWidth() - 12),
                Math.round(h - receptiveField.getHeight() - 12));
        if (w > 0 && h > 0) {
            if (fitPending) {
                fitPending = false;
                zoomToFit();
            } else if (initialViewPending && !nodes.isEmpty()) {
                showTop();
            }
        }
    }

    private void reconcile() {
        dirty = false;
        Graph g = document.graph();
        Analysis a = document.analysis();
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
        for (Node n : g.nodes()) {
            if (!live.add(n.id())) {
                continue; // a duplicated id (the analysis reports it); the first one is drawn
            }
            NodeView v = nodes.get(n.id());
            if (v == null) {
                v = new NodeView(n);
                v.setOverview(isOverview());
                nodes.put(n.id(), v); // put in the scene graph by cull() if it is in view
                if (statisticsShown != null) {
                    v.setStatistic(statisticsShown.get(n.id()));
                }
            } else {
                survivors++;
            }
            NodeResult r = a == null ? null : a.node(n.id()).orElse(null);
            v.update(n, r, diagnostics.getOrDefault(n.id(), List.of()));
            Position p = n.position().orElse(new Position(40, 40 + index * (HEIGHT + 56)));
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

        Set<String> liveWires = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (Node n : g.nodes()) {
            if (!seen.add(n.id())) {
                continue;
            }
            for (String in : n.inputs()) {
                if (!nodes.containsKey(in) || in.equals(n.id())) {
                    continue;
                }
                String key = in + '\u0000' + n.id();
                if (!liveWires.add(key)) {
                    continue;
                }
                WireView w = wires.get(key);
                if (w == null) {
                    w = new WireView(in, n.id());
                    w.setOverview(isOverview());
                    wires.put(key, w);
                }
                w.setShapeText(a == null ? "" : a.node(in).flatMap(NodeResult::output).map(TensorType::text).orElse(""));
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
        shownSelection.clear();
        nodes.values().forEach(v -> v.setSelected(false));
        applySelection();
        hint.setVisible(g.size() == 0);
        cull();
        // A new document (New, Open, a template: a fresh history), not a first layer dropped by hand.
        if (!nodes.isEmpty() && (!hadNodes || survivors == 0) && !document.canUndoProperty().get()) {
            initialViewPending = true; // a new document: show its top instead of an empty corner
        }
    }

    private void applySelection() {
        Set<String> now = new HashSet<>(document.selection());
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
        if (!now.isEmpty()) {
            selectWire(null);
        }
        updateReceptiveField();
    }

    private void updateReceptiveField() {
        String only = document.selection().size() == 1 ? document.selection().get(0) : null;
        receptiveField.show(document.graph(), document.analysis(), only);
        requestLayout(); // the panel sits in the corner by its new height
    }

    // Geometry used by the gestures

    /**
     * Shows a live statistic per layer beside its card (the Training tab's update-to-parameter
     * ratios), following the map as it changes.
     */
    public void showStatistics(javafx.collections.ObservableMap<String, String> statistics) {
        statisticsShown = statistics;
        statistics.addListener((javafx.collections.MapChangeListener<String, String>) c -> {
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

    NodeView nodeView(String id) {
        return nodes.get(id);
    }

    Collection<NodeView> nodeViews() {
        return nodes.values();
    }

    Collection<WireView> wireViews() {
        return wires.values();
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
        NodeView from = nodes.get(w.from());
        NodeView to = nodes.get(w.to());
        double sx = from.outX();
        double sy = from.outY();
        double tx = to.inX();
        double ty = to.inY();
        w.route(sx, sy, tx, ty, router.lane(from, to, sx, sy, tx, ty));
    }

    /** The node card under a point of the canvas (canvas units), if any, ignoring {@code except}. */
    NodeView nodeAt(Point2D p, String except) {
        NodeView found = null;
        for (NodeView v : nodes.values()) {
            if (!v.nodeId().equals(except) && p.getX() >= v.getLayoutX() && p.getX() <= v.getLayoutX() + WIDTH
                    && p.getY() >= v.getLayoutY() - PortView.RADIUS && p.getY() <= v.getLayoutY() + HEIGHT) {
                found = v; // the last drawn is on top
            }
        }
        return found;
    }

    List<String> nodesIn(Bounds area) {
        List<String> ids = new ArrayList<>();
        for (NodeView v : nodes.values()) {
            if (area.intersects(v.getLayoutX(), v.getLayoutY(), WIDTH, HEIGHT)) {
                ids.add(v.nodeId());
            }
        }
        return ids;
    }

    Point2D toWorld(double x, double y) {
        return viewport.toWorld(x, y);
    }

    /** Adds a layer kind dropped at a point of this view (local coordinates): the palette's drop. */
    boolean dropKind(String kind, double x, double y) {
        Point2D p = toWorld(x, y);
        return model.addKind(kind, p.getX(), p.getY()).isPresent();
    }

    void panBy(double dx, double dy) {
        viewport.panBy(dx, dy);
    }

    void zoomAt(double factor, double x, double y) {
        viewport.zoomAt(factor, x, y);
    }

    /** After every pan or zoom: the overview on or off, views in or out of the scene graph, the grid. */
    private void viewChanged() {
        showOverview(viewport.scale() < OVERVIEW_BELOW);
        redrawGrid();
    }

    private void showOverview(boolean overview) {
        if (overview != isOverview()) {
            pseudoClassStateChanged(OVERVIEW, overview);
            nodes.values().forEach(v -> v.setOverview(overview));
            wires.values().forEach(w -> w.setOverview(overview));
        }
    }

    /** True when zoomed out below readable text ({@link #OVERVIEW_BELOW}). */
    public boolean isOverview() {
        return getPseudoClassStates().contains(OVERVIEW);
    }

    /** Scrolls so that the node is in the middle of the view, zooming in first if its text would be unreadable. */
    void centreOn(String id) {
        flush();
        NodeView v = nodes.get(id);
        if (v == null) {
            return;
        }
        viewport.centreOn(v.getLayoutX() + WIDTH / 2, v.getLayoutY() + HEIGHT / 2, getWidth(), getHeight());
    }

    /** A newly opened graph: readable scale, the top of the graph in view and centred across. */
    private void showTop() {
        initialViewPending = false;
        Bounds b = contentBounds();
        if (b != null) {
            NodeView top = nodes.values().stream().min(java.util.Comparator.comparingDouble(NodeView::getLayoutY)
                    .thenComparingDouble(NodeView::getLayoutX)).orElseThrow();
            viewport.showTop(b, top.getLayoutX() + WIDTH / 2, getWidth(), getHeight());
        }
    }

    /** The box around every node, in canvas units, or null for an empty graph. */
    Bounds contentBounds() {
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
            maxY = Math.max(maxY, v.getLayoutY() + HEIGHT);
        }
        for (WireView w : wires.values()) {
            Bounds wb = w.getBoundsInParent();
            minX = Math.min(minX, wb.getMinX());
            maxX = Math.max(maxX, wb.getMaxX());
        }
        return new BoundingBox(minX, minY, maxX - minX, maxY - minY);
    }

    /**
     * Takes what is out of view out of the scene graph. Hiding is not enough: every pulse walks
     * all attached nodes to update bounds, visible or not, which made a drag in a 500-node graph
     * cost three times one in a small graph. Detached views keep their state and come back when
     * panned or zoomed into view.
     */
    private void cull() {
        double w = getWidth();
        double h = getHeight();
        if (w <= 0 || h <= 0) {
            attachAll(); // not laid out yet: nothing is known to be out of view
            return;
        }
        Point2D a = toWorld(0, 0);
        Point2D b = toWorld(w, h);
        double x0 = a.getX() - 40;
        double y0 = a.getY() - 40;
        double x1 = b.getX() + 40;
        double y1 = b.getY() + 40;
        Set<javafx.scene.Node> detach = new HashSet<>();
        List<javafx.scene.Node> attachNodes = new ArrayList<>();
        for (NodeView v : nodes.values()) {
            boolean in = v.getLayoutX() < x1 && v.getLayoutX() + WIDTH > x0 && v.getLayoutY() < y1 && v.getLayoutY() + HEIGHT > y0;
            if (in && v.getParent() == null) {
                attachNodes.add(v);
            } else if (!in && v.getParent() != null) {
                detach.add(v);
            }
        }
        List<javafx.scene.Node> attachWires = new ArrayList<>();
        double side = WIDTH / 2 + 60; // room for a side lane
        for (WireView wire : wires.values()) {
            NodeView from = nodes.get(wire.from());
            NodeView to = nodes.get(wire.to());
            double sy = from.outY();
            double ty = to.inY();
            double bulge = 60 + Math.abs(ty - sy) / 3; // a wire going back up swings out further
            boolean in = Math.min(from.outX(), to.inX()) - side < x1 && Math.max(from.outX(), to.inX()) + side > x0
                    && Math.min(sy, ty) - bulge < y1 && Math.max(sy, ty) + bulge > y0;
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

    /** Puts every view in the scene graph, for a picture of the whole graph. */
    private void attachAll() {
        nodes.values().stream().filter(v -> v.getParent() == null).forEach(nodeLayer.getChildren()::add);
        wires.values().stream().filter(w -> w.getParent() == null).forEach(wireLayer.getChildren()::add);
    }

    private void redrawGrid() {
        cull();
        viewport.drawGrid(grid, gridDot.getFill());
    }

    private static void putOnClipboard(String json) {
        ClipboardContent c = new ClipboardContent();
        c.put(DesignerFormats.NODES, json);
        c.putString(json);
        Clipboard.getSystemClipboard().setContent(c);
    }
}
