package io.layerloom.app.designer.view;

import atlantafx.base.theme.Styles;
import io.layerloom.app.designer.viewmodel.TrainingDataViewModel;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/**
 * The data-fit message's other fixes, one button each ("Pad to 1x32x32", "Resize to 1x32x32",
 * "Crop to 1x32x32"): a click stores the fit in the training settings (undoable); the data reloads
 * fitted. A fit that cannot fit these images is shown off, its tooltip saying why.
 */
final class FitButtons extends HBox {

    /** @param loading while the data (re)loads the old problem's fits are not offered */
    FitButtons(ObservableValue<TrainingDataViewModel.Problem> problem, ObservableValue<Boolean> loading) {
        super(8);
        setId("training-fit-buttons");
        setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        problem.addListener((o, was, is) -> show(is));
        show(problem.getValue());
        visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> !getChildren().isEmpty() && !Boolean.TRUE.equals(loading.getValue()), getChildren(), loading));
        managedProperty().bind(visibleProperty());
    }

    private void show(TrainingDataViewModel.Problem p) {
        getChildren().clear();
        if (p != null) {
            for (TrainingDataViewModel.Alternative a : p.fits()) {
                Button b = new Button(a.label());
                b.setId("training-fit-" + a.label().substring(0, a.label().indexOf(' ')).toLowerCase(java.util.Locale.ROOT));
                b.getStyleClass().add(Styles.SMALL);
                b.setMinWidth(Region.USE_PREF_SIZE);
                b.setOnAction(e -> a.action().run());
                if (a.available()) {
                    getChildren().add(b);
                } else {
                    // a disabled button shows no tooltip: its holder says why it is off
                    b.setDisable(true);
                    javafx.scene.layout.StackPane holder = new javafx.scene.layout.StackPane(b);
                    holder.setMinWidth(Region.USE_PREF_SIZE);
                    javafx.scene.control.Tooltip.install(holder, new javafx.scene.control.Tooltip(a.unavailable()));
                    getChildren().add(holder);
                }
            }
        }
    }
}
