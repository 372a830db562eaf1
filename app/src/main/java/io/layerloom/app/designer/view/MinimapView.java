package io.layerloom.app.designer.view;

import java.util.Collection;
import java.util.function.BiConsumer;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/**
 * The whole graph in a corner of the canvas: every card as a box in its family's colour, and the
 * part of the graph in view as a rectangle. A click or a drag moves the view there.
 *
 * <p>Cheap for graphs of hundreds of layers: the boxes are painted once per change of the graph
 * (or its layout) on one canvas, and a pan or zoom only moves the rectangle, a single node.
 */
final class MinimapView extends Region {

    static final double MAX_WIDTH = 180;
    static final double MAX_HEIGHT = 220;
    private static final double INSET = 6;

    private final Canvas boxes = new Canvas();
    private final Rectangle view = new Rectangle();
    private final BiConsumer<Double, Double> jump;

    /** World to minimap: x' = x * scale + dx. */
    private double scale = 1;
    private double dx;
    private double dy;
    private Bounds world;

    /** {@code jump} centres the canvas on a world point (x, y). */
    MinimapView(BiConsumer<Double, Double> jump) {
        this.jump = jump;
        getStyleClass().add("minimap");
        setId("minimap");
        setManaged(false);
        boxes.setMouseTransparent(true);
        view.getStyleClass().add("minimap-view");
        view.setMouseTransparent(true);
        view.setManaged(false);
        getChildren().addAll(boxes, view);
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::moveTo);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::moveTo);
        // The canvas's own gestures (rubber band, deselect) must not see a click on the map.
        addEventHandler(MouseEvent.MOUSE_RELEASED, MouseEvent::consume);
        addEventHandler(MouseEvent.MOUSE_CLICKED, MouseEvent::consume);
    }

    /**
     * Paints the cards (in canvas units, within {@code bounds}) and sizes the map to the graph's
     * proportions, at most {@link #MAX_WIDTH} x {@link #MAX_HEIGHT}.
     */
    void setContent(Collection<NodeView> nodes, Bounds bounds) {
        world = bounds;
        GraphicsContext gc = boxes.getGraphicsContext2D();
        if (bounds == null || bounds.getWidth() <= 0 || bounds.getHeight() <= 0) {
            gc.clearRect(0, 0, boxes.getWidth(), boxes.getHeight());
            return;
        }
        scale = Math.min((MAX_WIDTH - 2 * INSET) / bounds.getWidth(), (MAX_HEIGHT - 2 * INSET) / bounds.getHeight());
        double w = Math.max(48, Math.ceil(bounds.getWidth() * scale + 2 * INSET));
        double h = Math.max(48, Math.ceil(bounds.getHeight() * scale + 2 * INSET));
        dx = (w - bounds.getWidth() * scale) / 2 - bounds.getMinX() * scale;
        dy = (h - bounds.getHeight() * scale) / 2 - bounds.getMinY() * scale;
        resize(w, h);
        boxes.setWidth(w);
        boxes.setHeight(h);
        gc.clearRect(0, 0, w, h);
        // A card stays visible however far out: at least 4 pixels across, 1.5 down.
        double cw = Math.max(4, NodeView.WIDTH * scale);

        java.util.Map<io.layerloom.model.layer.Family, Color> colours = new java.util.EnumMap<>(io.layerloom.model.layer.Family.class);
        for (NodeView v : nodes) {
            gc.setFill(colours.computeIfAbsent(v.family(), f -> Color.web(OverviewLayer.colour(f))));
            // a collapsed block's card is taller than a layer's
            gc.fillRect(v.getLayoutX() * scale + dx + (NodeView.WIDTH * scale - cw) / 2, v.getLayoutY() * scale + dy, cw,
                    Math.max(1.5, v.height() * scale));
        }
    }

    /** Shows the part of the world in view, (x0, y0)-(x1, y1) in canvas units, as the rectangle. */
    void showView(double x0, double y0, double x1, double y1) {
        if (world == null) {
            view.setVisible(false);
            return;
        }
        double w = getWidth();
        double h = getHeight();
        double left = clamp(x0 * scale + dx, 0, w);
        double top = clamp(y0 * scale + dy, 0, h);
        double right = clamp(x1 * scale + dx, 0, w);
        double bottom = clamp(y1 * scale + dy, 0, h);
        view.setVisible(right - left > 0 && bottom - top > 0);
        // At reading zoom in a big graph the view is a speck on the map: keep it big enough to see.
        double rw = Math.max(8, right - left);
        double rh = Math.max(8, bottom - top);
        view.setX(Math.min(w - rw, (left + right - rw) / 2));
        view.setY(Math.min(h - rh, (top + bottom - rh) / 2));
        view.setWidth(rw);
        view.setHeight(rh);
    }

    /** The world point under a point of the map. */
    Point2D toWorld(double x, double y) {
        return new Point2D((x - dx) / scale, (y - dy) / scale);
    }

    /** The point of the map where a world point is drawn. */
    Point2D fromWorld(double x, double y) {
        return new Point2D(x * scale + dx, y * scale + dy);
    }

    Rectangle viewRectangle() {
        return view;
    }

    private void moveTo(MouseEvent e) {
        e.consume();
        if (world != null) {
            Point2D p = toWorld(e.getX(), e.getY());
            jump.accept(p.getX(), p.getY());
        }
    }

    @Override
    protected void layoutChildren() {
        // Sized by setContent.
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
