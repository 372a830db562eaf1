package io.layerloom.model.graph;

/** Where a node sits on the canvas, in canvas units. */
public record Position(double x, double y) {

    public Position {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("position must be finite, got (" + x + ", " + y + ")");
        }
        // -0.0 would not survive JSON, which has one zero; adding 0.0 turns it into +0.0.
        x += 0.0;
        y += 0.0;
    }

    public Position plus(double dx, double dy) {
        return new Position(x + dx, y + dy);
    }
}
