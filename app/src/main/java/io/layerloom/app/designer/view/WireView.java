package io.layerloom.app.designer.view;

import java.util.ArrayList;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.shape.CubicCurveTo;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;

/**
 * A wire from one node's output port to another's input port, drawn along the route its
 * {@link WireGeometry} gives: the curve, a wider invisible twin that is easy to hit with the
 * mouse, and the tensor shape it carries as a small label at its middle.
 */
final class WireView extends Group {

    static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    private final String from;
    private final String to;
    private final Path curve = new Path();
    private final Path hit = new Path();
    private final Label label = new Label();
    private WireGeometry geometry;

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

    /** The route last drawn: what the SVG export writes and what culling measures. */
    WireGeometry geometry() {
        return geometry;
    }

    void setSelected(boolean selected) {
        pseudoClassStateChanged(SELECTED, selected);
    }

    /** Draws the wire along a new route, in canvas units. */
    void route(WireGeometry route) {
        geometry = route;
        draw(curve, route);
        draw(hit, route);
        label.relocate(route.labelX(), route.labelY());
    }

    /** The route as elements of a path, reusing them when the path already has that form. */
    static void draw(Path p, WireGeometry route) {
        javafx.collections.ObservableList<PathElement> elements = p.getElements();
        if (!sameForm(elements, route)) {
            List<PathElement> fresh = new ArrayList<>();
            fresh.add(new MoveTo());
            route.segments().forEach(s -> fresh.add(s instanceof WireGeometry.Curve ? new CubicCurveTo() : new LineTo()));
            elements.setAll(fresh);
        }
        MoveTo m = (MoveTo) elements.get(0);
        m.setX(route.startX());
        m.setY(route.startY());
        for (int i = 0; i < route.segments().size(); i++) {
            WireGeometry.Segment s = route.segments().get(i);
            if (s instanceof WireGeometry.Curve c) {
                CubicCurveTo to = (CubicCurveTo) elements.get(i + 1);
                to.setControlX1(c.c1x());
                to.setControlY1(c.c1y());
                to.setControlX2(c.c2x());
                to.setControlY2(c.c2y());
                to.setX(c.x());
                to.setY(c.y());
            } else {
                LineTo to = (LineTo) elements.get(i + 1);
                to.setX(s.x());
                to.setY(s.y());
            }
        }
    }

    private static boolean sameForm(List<PathElement> elements, WireGeometry route) {
        if (elements.size() != route.segments().size() + 1 || !(elements.get(0) instanceof MoveTo)) {
            return false;
        }
        for (int i = 0; i < route.segments().size(); i++) {
            boolean curve = route.segments().get(i) instanceof WireGeometry.Curve;
            if (curve ? !(elements.get(i + 1) instanceof CubicCurveTo) : !(elements.get(i + 1) instanceof LineTo)) {
                return false;
            }
        }
        return true;
    }
}
