package io.layerloom.app.designer.view;

import java.util.List;
import java.util.Locale;

/**
 * The shape of one wire, worked out here and nowhere else: the canvas's {@link WireView} and the
 * wire being drawn turn it into path elements, the SVG export into path data, the
 * {@link WireRouter} samples it to see which cards a wire would cross, and the canvas keeps a wire
 * in the scene graph while its bounds are in view. A plain wire is one cubic curve that leaves
 * its output port downwards and arrives at the input port from above; a wire given a side lane
 * bends out to that x, runs down it and bends back in.
 *
 * @param startX where the wire leaves its output port, in canvas units
 * @param segments what follows the start, in order
 * @param labelX where the wire's shape label is centred
 */
record WireGeometry(double startX, double startY, List<Segment> segments, double labelX, double labelY) {

    /** How far a laned wire runs sideways before it turns along its lane. */
    private static final double BEND = 28;

    WireGeometry {
        segments = List.copyOf(segments);
    }

    /** A piece of the wire after the point where the one before it ends. */
    sealed interface Segment permits Curve, Line {
        double x();

        double y();
    }

    record Curve(double c1x, double c1y, double c2x, double c2y, double x, double y) implements Segment {
        /** The point at {@code t} (0 to 1) of this curve when it starts at (x0, y0). */
        double xAt(double x0, double t) {
            double u = 1 - t;
            return u * u * u * x0 + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * x;
        }

        double yAt(double y0, double t) {
            double u = 1 - t;
            return u * u * u * y0 + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * y;
        }
    }

    record Line(double x, double y) implements Segment {
    }

    /**
     * The wire from (sx, sy) to (tx, ty). With {@code laneX} set, the wire leaves sideways to that
     * x, runs down it and comes back: the route of a skip connection whose plain curve would cross
     * the nodes between its ends.
     */
    static WireGeometry between(double sx, double sy, double tx, double ty, Double laneX) {
        if (laneX == null) {
            // Vertical tangents at both ends; a wire that goes back up gets a longer pull to stay readable.
            double pull = ty >= sy ? Math.max(30, (ty - sy) / 2) : Math.max(80, (sy - ty) / 3);
            return new WireGeometry(sx, sy, List.of(new Curve(sx, sy + pull, tx, ty - pull, tx, ty)),
                    (sx + tx) / 2, (sy + ty) / 2);
        }
        return new WireGeometry(sx, sy, List.of(
                new Curve(sx, sy + BEND, laneX, sy, laneX, sy + BEND + 12),
                new Line(laneX, Math.max(sy + BEND + 12, ty - BEND - 12)),
                new Curve(laneX, ty, tx, ty - BEND, tx, ty)), laneX, (sy + ty) / 2);
    }

    /**
     * Whether the wire passes inside the box (x0, y0)-(x1, y1), judged at {@code steps - 1} points
     * spaced evenly along each curve, its ends left out (they sit on their own cards' ports).
     */
    boolean passesThrough(double x0, double y0, double x1, double y1, int steps) {
        double fromX = startX;
        double fromY = startY;
        for (Segment s : segments) {
            if (s instanceof Curve c) {
                for (int i = 1; i < steps; i++) {
                    double t = i / (double) steps;
                    double x = c.xAt(fromX, t);
                    double y = c.yAt(fromY, t);
                    if (x > x0 && x < x1 && y > y0 && y < y1) {
                        return true;
                    }
                }
            } else if (Math.max(fromX, s.x()) > x0 && Math.min(fromX, s.x()) < x1
                    && Math.max(fromY, s.y()) > y0 && Math.min(fromY, s.y()) < y1) {
                return true;
            }
            fromX = s.x();
            fromY = s.y();
        }
        return false;
    }

    /**
     * The box around the wire's points and control points, in which the whole wire lies (a cubic
     * curve stays inside its control points' hull): {minX, minY, maxX, maxY}.
     */
    double[] bounds() {
        double[] b = {startX, startY, startX, startY};
        for (Segment s : segments) {
            if (s instanceof Curve c) {
                include(b, c.c1x(), c.c1y());
                include(b, c.c2x(), c.c2y());
            }
            include(b, s.x(), s.y());
        }
        return b;
    }

    private static void include(double[] b, double x, double y) {
        b[0] = Math.min(b[0], x);
        b[1] = Math.min(b[1], y);
        b[2] = Math.max(b[2], x);
        b[3] = Math.max(b[3], y);
    }

    /** The wire as SVG: path data and where its shape label sits. */
    GraphPicture.Route svg() {
        StringBuilder d = new StringBuilder(String.format(Locale.ROOT, "M%.1f %.1f", startX, startY));
        for (Segment s : segments) {
            if (s instanceof Curve c) {
                d.append(String.format(Locale.ROOT, " C%.1f %.1f %.1f %.1f %.1f %.1f", c.c1x(), c.c1y(), c.c2x(), c.c2y(),
                        c.x(), c.y()));
            } else {
                d.append(String.format(Locale.ROOT, " L%.1f %.1f", s.x(), s.y()));
            }
        }
        return new GraphPicture.Route(d.toString(), labelX, labelY);
    }
}
