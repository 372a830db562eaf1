package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.PruneViewModel;
import io.layerloom.app.prune.PruneSession;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Run > Prune Trained Model: the sensitivity chart (test accuracy against the share of each
 * layer's filters removed, a line per layer) and structured pruning with a ratio and fine-tuning
 * epochs, each running in the background with progress; the smaller graph is offered to open.
 * Binds to {@link PruneViewModel} and forwards gestures only.
 */
final class PruneDialog extends Stage {

    private final LineChart<Number, Number> chart;

    PruneDialog(Window owner, PruneViewModel model, String graphName) {
        initOwner(owner);
        setTitle("Prune " + graphName);
        Label intro = new Label("Distiller's two kinds of pruning, on the model trained beside " + graphName
                + ": how much each convolution can lose (its filters with the smallest L1 norms first, no fine-tuning), "
                + "then a genuinely smaller network with the surviving weights, fine-tuned.");
        intro.setWrapText(true);
        intro.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label blocked = new Label();
        blocked.textProperty().bind(model.blockedProperty());
        blocked.getStyleClass().add("prune-blocked");
        blocked.visibleProperty().bind(model.blockedProperty().isNotEmpty());
        blocked.managedProperty().bind(blocked.visibleProperty());

        Button analyse = new Button("Analyse Sensitivity");
        analyse.setId("prune-analyse");
        analyse.disableProperty().bind(model.canStartBinding().not());
        analyse.setOnAction(e -> model.analyse());

        NumberAxis x = new NumberAxis("filters removed (%)", 0, 100, 10);
        NumberAxis y = new NumberAxis();
        y.setLabel("test accuracy (%)");
        y.setForceZeroInRange(false);
        chart = new LineChart<>(x, y);
        chart.setId("prune-chart");
        chart.setTitle("Sensitivity per layer");
        chart.setAnimated(false);
        chart.setCreateSymbols(true);
        chart.setPrefHeight(320);
        model.sensitivityProperty().addListener((o, was, is) -> show(is));
        show(model.sensitivityProperty().get());

        Spinner<Double> ratio = new Spinner<>(0.05, 0.95, model.ratioProperty().get(), 0.05);
        ratio.setId("prune-ratio");
        ratio.setEditable(true);
        ratio.setPrefWidth(90);
        ratio.valueProperty().addListener((o, was, is) -> model.ratioProperty().set(is));
        Spinner<Integer> epochs = new Spinner<>(0, 50, model.fineTuneEpochsProperty().get());
        epochs.setId("prune-epochs");
        epochs.setEditable(true);
        epochs.setPrefWidth(80);
        epochs.valueProperty().addListener((o, was, is) -> model.fineTuneEpochsProperty().set(is));
        Button prune = new Button("Prune");
        prune.setId("prune-run");
        prune.setDefaultButton(true);
        prune.disableProperty().bind(model.canStartBinding().not());
        prune.setOnAction(e -> model.prune());
        HBox settings = new HBox(8, new Label("Remove"), ratio, new Label("of each convolution's filters, fine-tune for"),
                epochs, new Label("epochs"), prune);
        settings.setAlignment(Pos.CENTER_LEFT);

        ProgressBar bar = new ProgressBar();
        bar.progressProperty().bind(model.progressProperty());
        bar.setPrefWidth(220);
        Label message = new Label();
        message.setId("prune-message");
        message.textProperty().bind(model.messageProperty());
        message.setWrapText(true);
        Button cancel = new Button("Cancel");
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());
        HBox status = new HBox(8, bar, cancel, message);
        status.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(message, Priority.ALWAYS);

        TextArea result = new TextArea();
        result.setId("prune-result");
        result.setEditable(false);
        result.setPrefRowCount(9);
        result.setStyle("-fx-font-family: monospace;");
        result.textProperty().bind(model.resultProperty());
        Button open = new Button("Open Pruned Graph");
        open.setId("prune-open");
        open.disableProperty().bind(Bindings.isNull(model.prunedProperty()));
        open.setOnAction(e -> {
            model.openPruned();
            close();
        });

        VBox root = new VBox(10, intro, blocked, analyse, chart, settings, status, result, open);
        root.setPadding(new Insets(14));
        VBox.setVgrow(chart, Priority.ALWAYS);
        Scene scene = new Scene(root, 820, 760);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        setScene(scene);
    }

    private void show(PruneSession.Sensitivity s) {
        chart.getData().clear();
        if (s == null) {
            return;
        }
        XYChart.Series<Number, Number> baseline = new XYChart.Series<>();
        baseline.setName("unpruned");
        baseline.getData().add(new XYChart.Data<>(0, 100 * s.baseline()));
        baseline.getData().add(new XYChart.Data<>(100, 100 * s.baseline()));
        chart.getData().add(baseline);
        for (PruneSession.SensitivityRow row : s.rows()) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(row.group().name() + " (" + row.group().units().size() + ")");
            series.getData().add(new XYChart.Data<>(0, 100 * s.baseline()));
            for (int i = 0; i < row.ratios().size(); i++) {
                series.getData().add(new XYChart.Data<>(100 * row.ratios().get(i), 100 * row.accuracy().get(i)));
            }
            chart.getData().add(series);
        }
    }
}
