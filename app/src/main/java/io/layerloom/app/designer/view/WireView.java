package io.layerloom.app.designer.view;

import javafx.css.PseudoClass;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.shape.CubicCurveTo;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;

/**
 * A wire from one node's output port to another's input port: a cubic curve leaving downwards
 * and arriving from above, a wider invisible twin that is easy to hit with the mouse, and the
 * tensor shape it carries as a small label at its middle.
 */
final class WireView extends Group {

    static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    private final String from;
    private final String to;
    private final Path curve = new Path();
    private final Path hit = new Path();
    private final Label label = new Label();

    WireView(String from, String to) {
        this.from = from;
        this.to = to;
        getStyleClass().add("wire");
        setId("wire-" + from + "-" + to);
        curve.getStyleClass().add("wire-curve");
        hit.getStyleClass().add("wire-hit");
        label.getStyleClass().add("wire-label");
        curve.setMouseTransparent(true);
        label.setMouseTransparent(true);
        label.setVisible(false);
        // Centre the label on its anchor point whatever its text's width.
        label.translateXProperty().bind(label.widthProperty().divide(-2));
        label.translateYProperty().bind(label.heightProperty().divide(-2));
        getChildren().addAll(hit, curve, label);
    }

    String from() {
        return from;
    }

    /** In the zoomed-out overview a wire is its curve alone: no shape label, no wide hit area. */
    void setOverview(boolean on) {
        if (on) {
            getChildren().setAll(curve);
        } else if (getChildren().size() == 1) {
            getChildren().setAll(hit, curve, label);
        }
    }

    String to() {
        return to;
    }

    void setShapeText(String text) {
        if (!text.equals(label.getText())) {
            label.setText(text);
            label.setVisible(!text.isEmpty());
        }
    }

    String shapeText() {
        return label.getText();
    }

    /** The route as SVG path data and the label's anchor, so an exported picture draws what the canvas does. */
    GraphPicture.Route svgRoute() {
        StringBuilder d = new StringBuilder();
        for (javafx.scene.shape.PathElement e : curve.getElements()) {
            if (e instanceof MoveTo m) {
                d.append(String.format(java.util.Locale.ROOT, "M%.1f %.1f", m.getX(), m.getY()));
            } else if (e instanceof LineTo l) {
                d.append(String.format(java.util.Locale.ROOT, " L%.1f %.1f", l.getX(), l.getY()));
            } else if (e instanceof CubicCurveTo c) {
                d.append(String.format(java.util.Locale.ROOT, " C%.1f %.1f %.1f %.1f %.1f %.1f", c.getControlX1(),
                        c.getControlY1(), c.getControlX2(), c.getControlY2(), c.getX(), c.getY()));
            }
        }
        return new GraphPicture.Route(d.toString(), label.getLayoutX(), label.getLayoutY());
    }

    void setSelected(boolean selected) {
        pseudoClassStateChanged(SELECTED, selected);
    }

    /**
     * Re-routes the wire between two points, in canvas units. With {@code laneX} set, the wire
     * leaves sideways to that x, runs down it and comes back: the route of a skip connection
     * whose straight path would cross the nodes between its ends.
     */
    void route(double sx, double sy, double tx, double ty, Double laneX) {
        route(curve, sx, sy, tx, ty, laneX);
        route(hit, sx, sy, tx, ty, laneX);
        label.relocate(laneX == null ? (sx + tx) / 2 : laneX, (sy + ty) / 2);
    }

    /** The same route as elements of a path, reusing them when the path already has that form. */
    static void route(Path p, double sx, double sy, double tx, double ty, Double laneX) {
        if (laneX == null) {
            // Vertical tangents at both ends; a wire that goes back up gets a longer pull to stay readable.
            double pull = ty >= sy ? Math.max(30, (ty - sy) / 2) : Math.max(80, (sy - ty) / 3);
            if (p.getElements().size() != 2) {
                p.getElements().setAll(new MoveTo(), new CubicCurveTo());
            }
            move(p, sx, sy);
            cubic(p, 1, sx, sy + pull, tx, ty - pull, tx, ty);
        } else {
            double bend = 28;
            if (p.getElements().size() != 4) {
                p.getElements().setAll(new MoveTo(), new CubicCurveTo(), new LineTo(), new CubicCurveTo());
            }
            move(p, sx, sy);
            cubic(p, 1, sx, sy + bend, laneX, sy, laneX, sy + bend + 12);
            LineTo down = (LineTo) p.getElements().get(2);
            down.setX(laneX);
            down.setY(Math.max(sy + bend + 12, ty - bend - 12));
            cubic(p, 3, laneX, ty, tx, ty - bend, tx, ty);
        }
    }

    private static void move(Path p, double x, double y) {
        MoveTo m = (MoveTo) p.getElements().get(0);
        m.setX(x);
        m.setY(y);
    }

    private static void cubic(Path p, int i, double c1x, double c1y, double c2x, double c2y, double x, double y) {
        CubicCurveTo c = (CubicCurveTo) p.getElements().get(i);
        c.setControlX1(c1x);
        c.setControlY1(c1y);
        c.setControlX2(c2x);
        c.setControlY2(c2y);
        c.setX(x);
        c.setY(y);
    }
}
