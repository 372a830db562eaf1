package io.layerloom.app.designer.view;

import java.util.List;
import javafx.scene.shape.CubicCurveTo;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one computation of a wire's route, and what the canvas and the SVG export make of it. */
class WireGeometryTest {

    @Test
    void aPlainWireLeavesDownwardsAndArrivesFromAbove() {
        assertEquals(new WireGeometry(100, 100, List.of(new WireGeometry.Curve(100, 200, 300, 200, 300, 300)), 200, 200),
                WireGeometry.between(100, 100, 300, 300, null));
        // a short hop keeps a pull of 30; a wire going back up pulls at least 80
        assertEquals(new WireGeometry(0, 0, List.of(new WireGeometry.Curve(0, 30, 0, -10, 0, 20)), 0, 10),
                WireGeometry.between(0, 0, 0, 20, null));
        assertEquals(new WireGeometry(0, 300, List.of(new WireGeometry.Curve(0, 400, 50, -100, 50, 0)), 25, 150),
                WireGeometry.between(0, 300, 50, 0, null));
    }

    @Test
    void aLanedWireBendsOutRunsDownTheLaneAndBendsBack() {
        WireGeometry g = WireGeometry.between(100, 100, 100, 500, 240.0);
        assertEquals(new WireGeometry(100, 100, List.of(
                new WireGeometry.Curve(100, 128, 240, 100, 240, 140),
                new WireGeometry.Line(240, 460),
                new WireGeometry.Curve(240, 500, 100, 472, 100, 500)), 240, 300), g);
        assertArrayEquals(new double[] {100, 100, 240, 500}, g.bounds());
        assertEquals(new GraphPicture.Route("M100.0 100.0 C100.0 128.0 240.0 100.0 240.0 140.0 L240.0 460.0"
                + " C240.0 500.0 100.0 472.0 100.0 500.0", 240, 300), g.svg());
    }

    @Test
    void aWirePassesThroughABoxItsCurveEnters() {
        WireGeometry g = WireGeometry.between(100, 0, 100, 400, null);
        assertTrue(g.passesThrough(50, 150, 150, 250, 16));
        assertFalse(g.passesThrough(200, 150, 300, 250, 16), "beside the curve");
        assertFalse(g.passesThrough(50, 395, 150, 500, 16), "only its end touches the box");
    }

    @Test
    void drawingReusesThePathsElementsWhileTheRouteKeepsItsForm() {
        Path p = new Path();
        WireView.draw(p, WireGeometry.between(0, 0, 0, 100, null));
        assertEquals(List.of(MoveTo.class, CubicCurveTo.class), p.getElements().stream().map(Object::getClass).toList());
        CubicCurveTo curve = (CubicCurveTo) p.getElements().get(1);
        WireView.draw(p, WireGeometry.between(10, 0, 40, 200, null));
        assertSame(curve, p.getElements().get(1));
        assertEquals(List.of(10.0, 100.0, 40.0, 100.0, 40.0, 200.0), List.of(curve.getControlX1(), curve.getControlY1(),
                curve.getControlX2(), curve.getControlY2(), curve.getX(), curve.getY()));
        WireView.draw(p, WireGeometry.between(0, 0, 0, 400, 120.0));
        assertEquals(List.of(MoveTo.class, CubicCurveTo.class, LineTo.class, CubicCurveTo.class),
                p.getElements().stream().map(Object::getClass).toList());
        assertEquals(List.of(120.0, 360.0), List.of(((LineTo) p.getElements().get(2)).getX(), ((LineTo) p.getElements().get(2)).getY()));
    }
}
