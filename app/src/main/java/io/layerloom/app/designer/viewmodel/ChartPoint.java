package io.layerloom.app.designer.viewmodel;

/** One point of a training chart: iteration or epoch, and the value. */
public record ChartPoint(double x, double y) {
}
