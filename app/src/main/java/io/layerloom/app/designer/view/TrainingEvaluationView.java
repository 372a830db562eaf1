package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import io.layerloom.app.training.TrainingEvent;
import java.util.List;
import java.util.Locale;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The evaluation: the confusion matrix as a heat map (rows the true class, columns the predicted
 * one, each row shaded by its share so that rare classes read as clearly as common ones), the
 * per-class precision, recall and F1, and the predictions on a few held-out examples.
 */
final class TrainingEvaluationView extends VBox {

    private static final double CELL = 30;

    private final GridPane matrix = new GridPane();
    private final GridPane metrics = new GridPane();
    private final TrainingViewModel vm;

    TrainingEvaluationView(TrainingViewModel vm) {
        this.vm = vm;
        getStyleClass().add("training-evaluation");
        setSpacing(14);

        Label title = new Label();
        title.getStyleClass().add("training-section-title");
        title.textProperty().bind(vm.evaluationTitleProperty());
        matrix.getStyleClass().add("confusion-matrix");
        matrix.setId("training-confusion");
        metrics.getStyleClass().add("class-metrics");
        metrics.setId("training-metrics");
        VBox left = new VBox(6, title, new HBox(16, matrix, metrics));
        left.setMinWidth(Region.USE_PREF_SIZE);

        Label predictionsTitle = new Label("Predictions on held-out examples");
        predictionsTitle.getStyleClass().add("training-section-title");
        Label none = new Label("Shown when training ends.");
        none.getStyleClass().add("training-muted");
        none.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.predictions()));
        none.managedProperty().bind(none.visibleProperty());
        SampleThumbnails predictions = new SampleThumbnails(vm.predictions(), 52);
        predictions.setId("training-predictions");
        predictions.setPrefWrapLength(8 * 104);
        Label healthTitle = new Label("Update/param ratio and mean activation by layer");
        healthTitle.getStyleClass().add("training-section-title");
        Label healthNone = new Label("Measured every " + io.layerloom.app.designer.service.TrainerService.STATISTICS_EVERY
                + " iterations while training; healthy layers are near 1e-3 (the shaded band). A ReLU layer whose"
                + " mean activation is near 0 has mostly dead units.");
        healthNone.getStyleClass().add("training-muted");
        healthNone.setWrapText(true);
        LayerHealthView health = new LayerHealthView(vm.statistics().ratios());
        health.setId("training-layer-health");
        healthNone.setMaxWidth(260);
        VBox layers = new VBox(6, healthTitle, healthNone, health);
        layers.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(layers, Priority.ALWAYS);
        VBox bottom = new VBox(6, predictionsTitle, none, predictions);

        javafx.scene.layout.FlowPane top = new javafx.scene.layout.FlowPane(24, 14, left, layers);
        top.setAlignment(Pos.TOP_LEFT);
        getChildren().addAll(top, bottom);
        vm.evaluationProperty().addListener((o, was, is) -> show(is));
        show(vm.evaluationProperty().get());
    }

    private void show(TrainingEvent.Evaluated ev) {
        matrix.getChildren().clear();
        metrics.getChildren().clear();
        if (ev == null) {
            return;
        }
        int k = ev.classNames().size();
        // the epoch the title names: a validation matrix comes right after its epoch's figures
        int epoch = ev.set().equals("validation") ? vm.charts().trainLoss().size() : 0;
        Label corner = new Label("true \u2193  predicted \u2192");
        corner.getStyleClass().add("matrix-axis");
        corner.setMinWidth(Region.USE_PREF_SIZE);
        matrix.add(corner, 0, 0);
        for (int j = 0; j < k; j++) {
            Label head = new Label(Integer.toString(j));
            head.getStyleClass().add("matrix-head");
            head.setTooltip(new Tooltip(ev.classNames().get(j)));
            GridPane.setHalignment(head, HPos.CENTER);
            matrix.add(head, j + 1, 0);
        }
        for (int i = 0; i < k; i++) {
            Label name = new Label(i + "  " + ev.classNames().get(i));
            name.getStyleClass().add("matrix-class");
            name.setMinWidth(Region.USE_PREF_SIZE);
            matrix.add(name, 0, i + 1);
            int rowTotal = 0;
            for (int j = 0; j < k; j++) {
                rowTotal += ev.confusion()[i][j];
            }
            for (int j = 0; j < k; j++) {
                matrix.add(cell(ev, i, j, rowTotal, epoch), j + 1, i + 1);
            }
        }

        String[] heads = {"class", "precision", "recall", "F1", "support"};
        for (int c = 0; c < heads.length; c++) {
            Label head = new Label(heads[c]);
            head.getStyleClass().add("metrics-head");
            head.setMinWidth(Region.USE_PREF_SIZE);
            GridPane.setHalignment(head, c == 0 ? HPos.LEFT : HPos.RIGHT);
            metrics.add(head, c, 0);
        }
        for (int i = 0; i < k; i++) {
            int support = 0;
            for (int j = 0; j < k; j++) {
                support += ev.confusion()[i][j];
            }
            List<String> row = List.of(ev.classNames().get(i), fraction(ev.precision()[i]), fraction(ev.recall()[i]),
                    fraction(ev.f1()[i]), Integer.toString(support));
            for (int c = 0; c < row.size(); c++) {
                Label value = new Label(row.get(c));
                value.getStyleClass().add(c == 0 ? "metrics-class" : "metrics-value");
                value.setMinWidth(Region.USE_PREF_SIZE);
                GridPane.setHalignment(value, c == 0 ? HPos.LEFT : HPos.RIGHT);
                metrics.add(value, c, i + 1);
            }
        }
    }

    private static StackPane cell(TrainingEvent.Evaluated ev, int i, int j, int rowTotal, int epoch) {
        int count = ev.confusion()[i][j];
        double share = rowTotal == 0 ? 0 : (double) count / rowTotal;
        Region shade = new Region();
        shade.getStyleClass().addAll("matrix-shade", i == j ? "matrix-right" : "matrix-wrong");
        // the share is the data, the colour comes from the theme: opacity carries the one, CSS the other
        shade.setOpacity(count == 0 ? 0 : 0.12 + 0.88 * share);
        Label number = new Label(count == 0 ? "" : Integer.toString(count));
        number.getStyleClass().add(share > 0.5 ? "matrix-count-strong" : "matrix-count");
        StackPane cell = new StackPane(shade, number);
        cell.getStyleClass().add("matrix-cell");
        cell.setMinSize(CELL, CELL);
        cell.setPrefSize(CELL + 2, CELL);
        cell.setAlignment(Pos.CENTER);
        Tooltip.install(cell, new Tooltip(count + " " + ev.classNames().get(i) + (i == j ? " recognised" : " taken for "
                + ev.classNames().get(j)) + String.format(Locale.ROOT, " (%.1f%% of its row)", share * 100)
                + (count == 0 ? "" : "; click to see them on the Explain tab")));
        // the window opens the Explain tab's gallery of this cell's images, from the matrix's own set
        cell.setOnMouseClicked(e -> cell.fireEvent(new ConfusionCellEvent(i, j, ev.set(), epoch)));
        cell.setId("confusion-" + i + "-" + j);
        return cell;
    }

    private static String fraction(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "\u2013";
    }
}
