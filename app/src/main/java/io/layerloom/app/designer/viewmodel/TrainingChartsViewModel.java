package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.training.TrainingEvent;
import java.util.Arrays;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The series of the live charts: loss per iteration (raw and smoothed) and the learning rate,
 * each capped by {@link DecimatedSeries}; loss and accuracy per epoch. Iterations are offered one
 * by one and shown at {@link #publish}, once per flush.
 */
public final class TrainingChartsViewModel {

    /** Most points a per-iteration chart series holds (see {@link DecimatedSeries}). */
    public static final int CHART_CAP = 1_000;

    private final DoubleProperty smoothing = new SimpleDoubleProperty(this, "smoothing", 0.9);
    private final DecimatedSeries loss = new DecimatedSeries(CHART_CAP);
    private final DecimatedSeries smoothedLoss = new DecimatedSeries(CHART_CAP);
    private final DecimatedSeries learningRate = new DecimatedSeries(CHART_CAP);
    private final ObservableList<ChartPoint> trainLoss = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> validationLoss = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> trainAccuracy = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> validationAccuracy = FXCollections.observableArrayList();

    /** Every raw loss of the run, so that moving the smoothing slider redraws the whole line. */
    private double[] scores = new double[1024];
    private int scoreCount;
    private double ema;
    private double examplesPerSecond = Double.NaN;

    TrainingChartsViewModel() {
        smoothing.addListener((o, was, is) -> resmooth());
    }

    void iteration(TrainingEvent.Iteration i) {
        if (scoreCount == scores.length) {
            scores = Arrays.copyOf(scores, scores.length * 2);
        }
        scores[scoreCount++] = i.score();
        loss.offer(i.iteration(), i.score());
        smoothedLoss.offer(i.iteration(), smoothed(i.score(), scoreCount));
        learningRate.offer(i.iteration(), i.learningRate());
        if (Double.isFinite(i.examplesPerSecond())) {
            examplesPerSecond = Double.isNaN(examplesPerSecond) ? i.examplesPerSecond()
                    : 0.9 * examplesPerSecond + 0.1 * i.examplesPerSecond();
        }
    }

    void epoch(TrainingEvent.Epoch ep) {
        addFinite(trainLoss, ep.epoch(), ep.trainLoss());
        addFinite(validationLoss, ep.epoch(), ep.validationLoss());
        addFinite(trainAccuracy, ep.epoch(), ep.trainAccuracy());
        addFinite(validationAccuracy, ep.epoch(), ep.validationAccuracy());
    }

    /** Shows the iterations offered since the last call: one list change per series. */
    void publish() {
        loss.publish();
        smoothedLoss.publish();
        learningRate.publish();
    }

    void clear() {
        loss.clear();
        smoothedLoss.clear();
        learningRate.clear();
        trainLoss.clear();
        validationLoss.clear();
        trainAccuracy.clear();
        validationAccuracy.clear();
        scoreCount = 0;
        examplesPerSecond = Double.NaN;
    }

    /** Examples per second, smoothed over the last iterations (NaN before the first). */
    double examplesPerSecond() {
        return examplesPerSecond;
    }

    /** Exponential moving average with the start-up bias removed (as TensorBoard's smoothing). */
    private double smoothed(double score, int n) {
        double w = smoothing.get();
        ema = n == 1 ? (1 - w) * score : w * ema + (1 - w) * score;
        double debias = 1 - Math.pow(w, n);
        return debias == 0 ? score : ema / debias;
    }

    private void resmooth() {
        smoothedLoss.clear();
        for (int k = 0; k < scoreCount; k++) {
            smoothedLoss.offer(k + 1, smoothed(scores[k], k + 1));
        }
        smoothedLoss.publish();
    }

    private static void addFinite(ObservableList<ChartPoint> series, double x, double y) {
        if (Double.isFinite(y)) {
            series.add(new ChartPoint(x, y));
        }
    }

    // Property accessors

    /** Weight of the past in the smoothed loss, 0 (none) to 0.99. */
    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    public ObservableList<ChartPoint> loss() {
        return loss.points();
    }

    public ObservableList<ChartPoint> smoothedLoss() {
        return smoothedLoss.points();
    }

    public ObservableList<ChartPoint> learningRate() {
        return learningRate.points();
    }

    public ObservableList<ChartPoint> trainLoss() {
        return trainLoss;
    }

    public ObservableList<ChartPoint> validationLoss() {
        return validationLoss;
    }

    public ObservableList<ChartPoint> trainAccuracy() {
        return trainAccuracy;
    }

    public ObservableList<ChartPoint> validationAccuracy() {
        return validationAccuracy;
    }
}
