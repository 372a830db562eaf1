package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.CanvasViewModel;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.model.graph.Graph;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.collections.ListChangeListener;
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
 * <p>The cards and wires are a {@link CanvasContent}, reconciled by node id at most once per pulse
 * (in {@link #layoutChildren}), so a batch of edits costs one pass and a node that did not change
 * is not touched. What the mouse and keyboard do is {@link CanvasGestures}; where the view is,
 * {@link CanvasViewport}. A drag moves only the dragged cards and their wires; the model hears of
 * it once, on release.
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
    final CanvasContent content = new CanvasContent();
    final Path preview = new Path();
    private final Pane overlay = new Pane();
    final Rectangle band = new Rectangle();
    final Label refusal = new Label();
    private final Label hint = new Label("Drag a layer from the palette, or File > New from Template");
    private final ReceptiveFieldView receptiveField;
    private final CanvasViewport viewport = new CanvasViewport(this::viewChanged);
    /** Names of stages and cards at a readable size while zoomed out. */
    private final OverviewLayer overviewLayer = new OverviewLayer();
    private final MinimapView minimap = new MinimapView(this::centreAt);
    private final BooleanProperty minimapShown = new javafx.beans.property.SimpleBooleanProperty(this, "minimapShown", true);
    private final CanvasGestures gestures;

    /** Held here: the document hands out an unmodifiable wrapper, whose listeners live only as long as it does. */
    private final javafx.collections.ObservableList<String> selection;
    private boolean dirty = true;
    private boolean initialViewPending = true;
    private boolean fitPending;
    private boolean overviewStale = true;

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
        world.getChildren().addAll(content.group, preview);
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
        minimap.visibleProperty().bind(minimapShown.and(hint.visibleProperty().not()));
        overlay.getChildren().add(minimap);
        getChildren().addAll(gridDot, grid, world, overviewLayer, overlay);

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

    public void freezeUpToHere() {
        model.freezeUpToSelection();
    }

    public void unfreezeAll() {
        model.unfreezeAll();
    }

    /** Deletes the selected layers, or the selected wire when no layer is selected. */
    public void deleteSelection() {
        if (document.selection().isEmpty() && content.selectedWire() != null) {
            WireView w = content.selectedWire();
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

    /** Whether the minimap shows in the canvas's top right corner (View > Minimap). */
    public BooleanProperty minimapShownProperty() {
        return minimapShown;
    }

    /** Moves the view, at its scale, so that the world point (x, y) is in its middle: the minimap's jump. */
    void centreAt(double x, double y) {
        double s = viewport.scale();
        Point2D origin = toWorld(0, 0);
        double screenX = (x - origin.getX()) * s;
        double screenY = (y - origin.getY()) * s;
        viewport.panBy(getWidth() / 2 - screenX, getHeight() / 2 - screenY);
    }

    public BooleanProperty snapToGridProperty() {
        return model.snapToGridProperty();
    }

    /**
     * The whole graph as a picture (on the JavaFX thread), not just what is in view, at up to
     * twice screen resolution, cards in full even when the view is an overview.
     */
    public javafx.scene.image.WritableImage picture() throws IOException {
        flush();
        boolean overview = isOverview();
        showOverview(false);
        content.attachAll();
        content.group.applyCss();
        content.group.layout();
        try {
            return GraphPicture.snapshot(content.group, contentBounds(), getBackground());
        } finally {
            showOverview(overview);
            cull();
        }
    }

    /** Each wire's route as the canvas draws it, by {@link GraphPicture#key} (on the JavaFX thread). */
    Map<String, GraphPicture.Route> svgRoutes() {
        flush();
        return content.svgRoutes();
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
        if (overviewLayer.getWidth() != w || overviewLayer.getHeight() != h) {
            overviewLayer.resize(w, h);
            overviewStale = true;
        }
        minimap.relocate(Math.round(w - minimap.getWidth() - 12), 12);
        hint.autosize();
        hint.relocate(Math.round((w - hint.getWidth()) / 2), Math.round((h - hint.getHeight()) / 2));
        receptiveField.autosize();
        receptiveField.relocate(Math.round(w - receptiveField.getWidth() - 12),
                Math.round(h - receptiveField.getHeight() - 12));
        if (w > 0 && h > 0) {
            if (fitPending) {
                fitPending = false;
                zoomToFit();
            } else if (initialViewPending && !content.isEmpty()) {
                showTop();
            }
        }
        if (overviewStale) {
            redrawOverview();
        }
    }

    private void reconcile() {
        dirty = false;
        Graph g = document.graph();
        boolean fresh = content.reconcile(g, document.analysis());
        applySelection();
        hint.setVisible(g.size() == 0);
        overviewLayer.setContent(content.nodeViews(), document.selection());
        minimap.setContent(content.nodeViews(), content.bounds());
        cull();
        redrawOverview();
        // A new document (New, Open, a template: a fresh history), not a first layer dropped by hand.
        if (g.size() == 0) {
            // Nothing to show: the view stays as it is, so that a first layer lands where it is dropped.
            initialViewPending = false;
        } else if (fresh && !document.canUndoProperty().get()) {
            initialViewPending = true; // a new document: show its top instead of an empty corner
        }
    }

    private void applySelection() {
        content.showSelection(document.selection());
        overviewLayer.setSelection(document.selection());
        if (isOverview()) {
            redrawOverview();
        }
        if (!document.selection().isEmpty()) {
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
        content.showStatistics(statistics);
    }

    /** Each layer's share of a profiled training iteration as a thin bar on its card (the Profile action). */
    public void showTimeShares(javafx.collections.ObservableMap<String, Double> shares) { content.showTimeShares(shares); }

    NodeView nodeView(String id) {
        return content.nodeView(id);
    }

    void selectWire(WireView w) {
        content.selectWire(w);
    }

    /** Re-routes the wires touching these nodes: all a drag needs to redraw. */
    void rerouteWiresOf(Collection<String> ids) {
        content.rerouteWiresOf(ids);
        // The overview's names are not redrawn while a card is dragged (a repaint of the whole
        // canvas per move, against the dragged card's area alone); they catch up on release.
    }

    /** The node card under a point of the canvas (canvas units), if any, ignoring {@code except}. */
    NodeView nodeAt(Point2D p, String except) {
        return content.nodeAt(p, except);
    }

    List<String> nodesIn(Bounds area) {
        return content.nodesIn(area);
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
        // Several wheel or drag events can arrive within one frame: the names are drawn once, at layout.
        overviewStale = true;
        requestLayout();
    }

    /** The overview's names (or nothing, when zoomed in) and the minimap's view rectangle, for the current view. */
    private void redrawOverview() {
        overviewStale = false;
        double s = viewport.scale();
        Point2D origin = toWorld(0, 0);
        overviewLayer.draw(isOverview(), s, -origin.getX() * s, -origin.getY() * s);
        Point2D end = toWorld(getWidth(), getHeight());
        minimap.showView(origin.getX(), origin.getY(), end.getX(), end.getY());
    }

    /** The names the overview shows now (for tests): stages, blocks, and cards as "name Kind". */
    List<String> overviewLabels() {
        return overviewLayer.drawnLabels();
    }

    MinimapView minimap() {
        return minimap;
    }

    private void showOverview(boolean overview) {
        if (overview != isOverview()) {
            pseudoClassStateChanged(OVERVIEW, overview);
            content.setOverview(overview);
        }
    }

    /** True when zoomed out below readable text ({@link #OVERVIEW_BELOW}). */
    public boolean isOverview() {
        return getPseudoClassStates().contains(OVERVIEW);
    }

    /** Scrolls so that the node is in the middle of the view, zooming in first if its text would be unreadable. */
    void centreOn(String id) {
        flush();
        NodeView v = content.nodeView(content.shownAs(id)); // a layer inside a collapsed block: its card
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
            NodeView top = content.nodeViews().stream().min(java.util.Comparator.comparingDouble(NodeView::getLayoutY)
                    .thenComparingDouble(NodeView::getLayoutX)).orElseThrow();
            viewport.showTop(b, top.getLayoutX() + WIDTH / 2, getWidth(), getHeight());
        }
    }

    /** The box around every node, in canvas units, or null for an empty graph. */
    Bounds contentBounds() {
        return content.bounds();
    }

    /** Takes what is out of view (with a margin) out of the scene graph: {@link CanvasContent#cull}. */
    private void cull() {
        double w = getWidth();
        double h = getHeight();
        if (w <= 0 || h <= 0) {
            content.attachAll(); // not laid out yet: nothing is known to be out of view
            return;
        }
        Point2D a = toWorld(0, 0);
        Point2D b = toWorld(w, h);
        content.cull(a.getX() - 40, a.getY() - 40, b.getX() + 40, b.getY() + 40);
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
