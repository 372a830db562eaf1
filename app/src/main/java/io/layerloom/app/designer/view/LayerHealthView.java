package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.LayerStatistic;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;

/**
 * Each layer's update-to-parameter ratio on a log scale from 1e-6 to 1e-1, with the healthy band
 * (1e-4 to 1e-2) shaded: a layer far right of it learns too fast, far left hardly at all; then the
 * mean of its output.
 */
final class LayerHealthView extends GridPane {

    private static final PseudoClass UNHEALTHY = PseudoClass.getPseudoClass("unhealthy");
    private static final double TRACK = 120;
    private static final double MIN_EXP = -6;
    private static final double MAX_EXP = -1;

    LayerHealthView(ObservableList<LayerStatistic> rows) {
        getStyleClass().add("layer-health");
        setHgap(10);
        setVgap(3);
        rows.addListener((ListChangeListener<LayerStatistic>) c -> rebuild(rows));
        rebuild(rows);
    }

    private void rebuild(ObservableList<LayerStatistic> rows) {
        getChildren().clear();
        for (int i = 0; i < rows.size(); i++) {
            LayerStatistic s = rows.get(i);
            Label node = new Label(s.node());
            node.getStyleClass().add("metrics-class");
            node.setMinWidth(Region.USE_PREF_SIZE);
            Label value = new Label(s.text());
            value.setMinWidth(Region.USE_PREF_SIZE);
            value.getStyleClass().add("metrics-value");
            value.pseudoClassStateChanged(UNHEALTHY, !s.healthy());
            Pane track = new Pane();
            track.getStyleClass().add("health-track");
            track.setPrefSize(TRACK, 12);
            track.setMinSize(TRACK, 12);
            track.setMaxSize(TRACK, 12);
            Region band = new Region();
            band.getStyleClass().add("health-band");
            band.resizeRelocate(x(LayerStatistic.LOW), 0, x(LayerStatistic.HIGH) - x(LayerStatistic.LOW), 12);
            band.setManaged(false);
            Region marker = new Region();
            marker.getStyleClass().add("health-marker");
            marker.pseudoClassStateChanged(UNHEALTHY, !s.healthy());
            marker.setManaged(false);
            marker.resizeRelocate(Math.max(0, Math.min(TRACK - 4, x(s.ratio()) - 2)), 0, 4, 12);
            track.getChildren().addAll(band, marker);
            Tooltip.install(track, new Tooltip(s.node() + ": one update changed its parameters by " + s.text()
                    + " of their size (iteration " + s.iteration() + "); healthy layers are near 1e-3."));
            Label activation = new Label(s.activationText());
            activation.setMinWidth(Region.USE_PREF_SIZE);
            activation.getStyleClass().add("metrics-value");
            if (!s.activationText().isEmpty()) {
                Tooltip.install(activation, new Tooltip(s.node() + ": the mean of its output over the batch (iteration "
                        + s.iteration() + "). A ReLU layer near 0 has mostly dead units; a sigmoid or tanh layer near"
                        + " its limits is saturated."));
            }
            add(node, 0, i);
            add(value, 1, i);
            add(track, 2, i);
            add(activation, 3, i);
            GridPane.setValignment(track, javafx.geometry.VPos.CENTER);
        }
        setAlignment(Pos.TOP_LEFT);
    }

    private static double x(double ratio) {
        double e = ratio > 0 ? Math.log10(ratio) : MIN_EXP;
        return (Math.max(MIN_EXP, Math.min(MAX_EXP, e)) - MIN_EXP) / (MAX_EXP - MIN_EXP) * TRACK;
    }
}
