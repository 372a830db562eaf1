package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.ChartPoint;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The live charts: loss per iteration (raw and smoothed), per-epoch loss and accuracy, and the
 * learning rate. Animations and symbols are off; the series follow the view model's lists, which
 * change in batches, so each chart lays out at most once per flush.
 */
final class TrainingCharts extends javafx.scene.layout.Pane {

    private static final double MIN_TILE = 270;
    private static final double GAP = 10;
    private static final double TILE_HEIGHT = 270;

    TrainingCharts(TrainingViewModel vm) {
        getStyleClass().add("training-charts");
        // The grid takes the width it is given and never asks for more: a pane that remembered a
        // wider tile (as a TilePane does) kept its charts wider than a narrowed tab, behind a
        // horizontal scroll bar with the legends cut.
        setMinWidth(0);

        LineChart<Number, Number> loss = chart("chart-loss", "iteration", "loss");
        loss.getData().add(series("loss", vm.charts().loss()));
        loss.getData().add(series("smoothed", vm.charts().smoothedLoss()));
        Slider smoothing = new Slider(0, 0.99, vm.charts().smoothingProperty().get());
        smoothing.setId("training-smoothing");
        smoothing.valueProperty().bindBidirectional(vm.charts().smoothingProperty());
        smoothing.setPrefWidth(90);
        smoothing.setMinWidth(40); // in a narrow chart the slider gives way, its label stays whole
        Tooltip.install(smoothing, new Tooltip("Smoothing: weight of the past in the moving average of the loss"));
        Label smoothingLabel = new Label("Smoothing");
        smoothingLabel.getStyleClass().add("chart-header-note");
        smoothingLabel.setMinWidth(Region.USE_PREF_SIZE);

        LineChart<Number, Number> epochs = chart("chart-epochs", "epoch", "loss / accuracy");
        epochs.getData().add(series("train loss", vm.charts().trainLoss()));
        epochs.getData().add(series("validation loss", vm.charts().validationLoss()));
        epochs.getData().add(series("train accuracy", vm.charts().trainAccuracy()));
        epochs.getData().add(series("validation accuracy", vm.charts().validationAccuracy()));
        ((NumberAxis) epochs.getXAxis()).setTickLabelFormatter(wholeNumbers());
        // a handful of points: marks make the first epoch visible (the per-iteration charts stay without)
        epochs.setCreateSymbols(true);
        // four names do not fit on one line of a 300-pixel chart, and the chart's own legend never
        // wraps (it is dropped, or cut: "validation accurac"): a legend of its own that wraps
        epochs.setLegendVisible(false);

        LineChart<Number, Number> rate = chart("chart-lr", "iteration", "learning rate");
        rate.getData().add(series("learning rate", vm.charts().learningRate()));
        rate.setLegendVisible(false);
        // a constant rate would get an axis of 0.001 +- 1e-6; from 0 it reads plainly
        ((NumberAxis) rate.getYAxis()).setForceZeroInRange(true);
        ((NumberAxis) rate.getYAxis()).setTickLabelFormatter(compact());

        // iteration axes with a few round ticks: the automatic ones crowd their labels on a narrow chart
        iterationAxis((NumberAxis) loss.getXAxis(), vm.charts().loss());
        iterationAxis((NumberAxis) rate.getXAxis(), vm.charts().learningRate());
        epochAxis((NumberAxis) epochs.getXAxis(), vm.charts().trainLoss(), vm.runEpochsProperty());

        getChildren().addAll(
                panel("Loss per iteration", loss, vm.charts().loss(), "The loss of each batch appears here.", smoothingLabel, smoothing),
                withLegend(panel("Loss and accuracy per epoch", epochs, vm.charts().trainLoss(),
                        "One point per epoch, training and validation."), epochs),
                panel("Learning rate", rate, vm.charts().learningRate(), "The rate each iteration trains at."));
    }

    /** Three charts side by side when there is room, else two or one per row (the tab may be a narrow dock). */
    private int columns(double width) {
        return (int) Math.max(1, Math.min(getChildren().size(), Math.floor((width + GAP) / (MIN_TILE + GAP))));
    }

    @Override
    protected void layoutChildren() {
        javafx.geometry.Insets in = getInsets();
        double width = getWidth() - in.getLeft() - in.getRight();
        int columns = columns(width);
        double tile = Math.floor((width - (columns - 1) * GAP) / columns);
        for (int i = 0; i < getChildren().size(); i++) {
            javafx.scene.Node child = getChildren().get(i);
            child.resizeRelocate(in.getLeft() + (i % columns) * (tile + GAP), in.getTop() + (i / columns) * (TILE_HEIGHT + GAP),
                    tile, TILE_HEIGHT);
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        javafx.geometry.Insets in = getInsets();
        return in.getLeft() + in.getRight() + getChildren().size() * (MIN_TILE + GAP) - GAP;
    }

    @Override
    protected double computePrefHeight(double width) {
        javafx.geometry.Insets in = getInsets();
        double inner = (width < 0 ? computePrefWidth(-1) : width) - in.getLeft() - in.getRight();
        int rows = (int) Math.ceil(getChildren().size() / (double) columns(inner));
        return in.getTop() + in.getBottom() + rows * TILE_HEIGHT + (rows - 1) * GAP;
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    public javafx.geometry.Orientation getContentBias() {
        return javafx.geometry.Orientation.HORIZONTAL;
    }

    private static void iterationAxis(NumberAxis axis, ObservableList<ChartPoint> points) {
        axis.setAutoRanging(false);
        axis.setLowerBound(0);
        Runnable fit = () -> {
            double max = points.isEmpty() ? 10 : points.get(points.size() - 1).x();
            double step = niceStep(Math.max(max, 10) / 5);
            axis.setTickUnit(step);
            axis.setUpperBound(Math.ceil(max / step) * step);
        };
        points.addListener((ListChangeListener<ChartPoint>) c -> fit.run());
        fit.run();
    }

    /** 0 .. the run's epochs with whole ticks from 1 (0 unlabelled), so that the first epoch's marks stand clear. */
    private static void epochAxis(NumberAxis axis, ObservableList<ChartPoint> points,
                                  javafx.beans.value.ObservableIntegerValue runEpochs) {
        axis.setAutoRanging(false);
        axis.setLowerBound(0);
        Runnable fit = () -> {
            double last = Math.max(2, Math.max(runEpochs.get(), points.isEmpty() ? 0 : points.get(points.size() - 1).x()));
            axis.setTickUnit(Math.max(1, niceStep(last / 8)));
            axis.setUpperBound(last);
        };
        points.addListener((ListChangeListener<ChartPoint>) c -> fit.run());
        runEpochs.addListener((o, was, is) -> fit.run());
        fit.run();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / magnitude;
        return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * magnitude;
    }

    private static VBox panel(String title, LineChart<Number, Number> chart, ObservableList<ChartPoint> first, String empty,
                              javafx.scene.Node... extra) {
        Label label = new Label(title);
        label.getStyleClass().add("training-section-title");
        label.setMinWidth(Region.USE_PREF_SIZE);
        Label placeholder = new Label(empty);
        placeholder.getStyleClass().add("chart-placeholder");
        placeholder.setWrapText(true);
        placeholder.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        placeholder.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(first));
        // an empty chart shows its axes 0..100: hide them until there is data
        chart.visibleProperty().bind(placeholder.visibleProperty().not());
        javafx.scene.layout.StackPane area = new javafx.scene.layout.StackPane(chart, placeholder);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(6, label, gap);
        header.getChildren().addAll(extra);
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox box = new VBox(2, header, area);
        box.getStyleClass().add("chart-panel");
        VBox.setVgrow(area, Priority.ALWAYS);
        box.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        return box;
    }

    /** A legend under the chart that wraps onto a second line when the chart is narrow, in the series' colours. */
    private static VBox withLegend(VBox panel, LineChart<Number, Number> chart) {
        javafx.scene.layout.FlowPane legend = new javafx.scene.layout.FlowPane(10, 2);
        legend.getStyleClass().add("training-chart-legend");
        legend.setId(chart.getId() + "-legend"); // training.css colours its symbols as the chart's own legend
        legend.setAlignment(javafx.geometry.Pos.CENTER);
        for (int i = 0; i < chart.getData().size(); i++) {
            Region symbol = new Region();
            symbol.getStyleClass().addAll("chart-line-symbol", "chart-legend-item-symbol", "default-color" + i);
            Label item = new Label(chart.getData().get(i).getName(), symbol);
            item.getStyleClass().add("chart-legend-item");
            legend.getChildren().add(item);
        }
        legend.visibleProperty().bind(chart.visibleProperty());
        panel.getChildren().add(legend);
        return panel;
    }

    private static LineChart<Number, Number> chart(String id, String x, String y) {
        NumberAxis xAxis = new NumberAxis();
        xAxis.setLabel(x);
        xAxis.setForceZeroInRange(false);
        xAxis.setMinorTickVisible(false);
        xAxis.setAnimated(false);
        NumberAxis yAxis = new NumberAxis();
        yAxis.setLabel(y);
        yAxis.setForceZeroInRange(false);
        yAxis.setMinorTickVisible(false);
        yAxis.setAnimated(false);
        LineChart<Number, Number> chart = new LineChart<>(xAxis, yAxis);
        chart.setId(id);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setMinHeight(180);
        chart.setPrefHeight(230);
        chart.getStyleClass().add("training-chart");
        return chart;
    }

    /** A chart series that follows {@code points}: appended points are appended, anything else replaces. */
    private static XYChart.Series<Number, Number> series(String name, ObservableList<ChartPoint> points) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        series.getData().setAll(data(points));
        points.addListener((ListChangeListener<ChartPoint>) c -> {
            List<XYChart.Data<Number, Number>> added = new ArrayList<>();
            boolean onlyAppended = true;
            while (c.next()) {
                if (c.wasRemoved() || c.wasPermutated() || c.wasUpdated() || c.getFrom() != series.getData().size() + added.size()) {
                    onlyAppended = false;
                    break;
                }
                added.addAll(data(c.getAddedSubList()));
            }
            if (onlyAppended) {
                series.getData().addAll(added);
            } else {
                series.getData().setAll(data(points));
            }
        });
        return series;
    }

    private static List<XYChart.Data<Number, Number>> data(List<? extends ChartPoint> points) {
        List<XYChart.Data<Number, Number>> list = new ArrayList<>(points.size());
        for (ChartPoint p : points) {
            list.add(new XYChart.Data<>(p.x(), p.y()));
        }
        return list;
    }

    private static StringConverter<Number> wholeNumbers() {
        return new StringConverter<>() {
            @Override
            public String toString(Number n) {
                double d = n.doubleValue();
                return d >= 1 && d == Math.rint(d) ? Long.toString((long) d) : "";
            }

            @Override
            public Number fromString(String s) {
                return Double.valueOf(s);
            }
        };
    }

    /** 0.001 and 2.5e-5 rather than 0.000025 (or 0, the default formatter's rounding). */
    private static StringConverter<Number> compact() {
        return new StringConverter<>() {
            @Override
            public String toString(Number n) {
                double d = n.doubleValue();
                if (d == 0) {
                    return "0";
                }
                if (Math.abs(d) >= 1e-3 && Math.abs(d) < 1e5) {
                    return new java.math.BigDecimal(d).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
                }
                return String.format(Locale.ROOT, "%.1e", d).replaceFirst("\\.0e", "e").replaceFirst("e([+-])0*(\\d)", "e$1$2");
            }

            @Override
            public Number fromString(String s) {
                return Double.valueOf(s);
            }
        };
    }
}
