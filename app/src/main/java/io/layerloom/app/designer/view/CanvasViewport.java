package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.CanvasViewModel;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Paint;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import javafx.scene.transform.Transform;

/**
 * Where the canvas's world is on screen: a pan and a zoom, the ways they change (pan, zoom at a
 * point, fit, centre, the first view of a graph) and the dotted grid drawn under them. Each change
 * ends with {@code changed}, where the canvas takes what left the view out of the scene graph and
 * switches the overview on or off.
 */
final class CanvasViewport {

    /** Far enough out for a 1,000-node chain (about 150,000 pixels tall) to fit a window. */
    static final double MIN_SCALE = 0.005;
    static final double MAX_SCALE = 3;
    private static final double MARGIN = 40;

    private final Translate pan = new Translate(0, 0);
    private final Scale zoom = new Scale(1, 1);
    private final Runnable changed;

    CanvasViewport(Runnable changed) {
        this.changed = changed;
    }

    /** The world's transforms, pan then zoom. */
    Transform[] transforms() {
        return new Transform[] {pan, zoom};
    }

    double scale() {
        return zoom.getX();
    }

    Point2D toWorld(double x, double y) {
        return new Point2D((x - pan.getX()) / zoom.getX(), (y - pan.getY()) / zoom.getY());
    }

    void panBy(double dx, double dy) {
        pan.setX(pan.getX() + dx);
        pan.setY(pan.getY() + dy);
        changed.run();
    }

    /** Zooms by {@code factor} keeping the world point under (x, y) where it is. */
    void zoomAt(double factor, double x, double y) {
        double old = zoom.getX();
        double s = clamp(old * factor, MIN_SCALE, MAX_SCALE);
        double f = s / old;
        pan.setX(x - (x - pan.getX()) * f);
        pan.setY(y - (y - pan.getY()) * f);
        setScale(s);
        changed.run();
    }

    /** No pan, 100%. */
    void reset() {
        pan.setX(0);
        pan.setY(0);
        setScale(1);
        changed.run();
    }

    /** The whole of {@code world} in a view of w x h, centred, never beyond 100%. */
    void fit(Bounds world, double w, double h) {
        double s = clamp(Math.min((w - 2 * MARGIN) / world.getWidth(), (h - 2 * MARGIN) / world.getHeight()), MIN_SCALE, 1);
        setScale(s);
        pan.setX(w / 2 - (world.getMinX() + world.getWidth() / 2) * s);
        pan.setY(h / 2 - (world.getMinY() + world.getHeight() / 2) * s);
        changed.run();
    }

    /** The world point (x, y) in the middle of a view of w x h, zooming in to 100% first if text would be unreadable. */
    void centreOn(double x, double y, double w, double h) {
        if (zoom.getX() < 0.6) {
            setScale(1);
        }
        double s = zoom.getX();
        pan.setX(w / 2 - x * s);
        pan.setY(h / 2 - y * s);
        changed.run();
    }

    /**
     * A newly opened graph: readable scale, the top of {@code world} in view; centred across when
     * the graph is narrow enough to fit across, else on {@code topX}, the middle of its top card
     * (a wide graph centred across can leave its first layers out of view).
     */
    void showTop(Bounds world, double topX, double w, double h) {
        double fit = Math.min((w - 2 * MARGIN) / world.getWidth(), (h - 2 * MARGIN) / world.getHeight());
        double s = clamp(fit, 0.75, 1);
        setScale(s);
        double across = world.getWidth() * s <= w - 2 * MARGIN ? world.getMinX() + world.getWidth() / 2 : topX;
        pan.setX(w / 2 - across * s);
        pan.setY(fit >= 0.75 ? h / 2 - (world.getMinY() + world.getHeight() / 2) * s : MARGIN - world.getMinY() * s);
        changed.run();
    }

    /** The dotted grid under the world, one dot per grid step (or per five, ... when zoomed far out). */
    void drawGrid(Canvas grid, Paint dot) {
        GraphicsContext gc = grid.getGraphicsContext2D();
        double w = grid.getWidth();
        double h = grid.getHeight();
        gc.clearRect(0, 0, w, h);
        if (dot == null || w <= 0 || h <= 0) {
            return;
        }
        gc.setFill(dot);
        double step = CanvasViewModel.GRID * zoom.getX();
        while (step < 12) {
            step *= 5;
        }
        double x0 = ((pan.getX() % step) + step) % step;
        double y0 = ((pan.getY() % step) + step) % step;
        double r = zoom.getX() >= 0.75 ? 1.0 : 0.75;
        for (double x = x0; x < w; x += step) {
            for (double y = y0; y < h; y += step) {
                gc.fillRect(x - r, y - r, 2 * r, 2 * r);
            }
        }
    }

    private void setScale(double s) {
        zoom.setX(s);
        zoom.setY(s);
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
