package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.ProfileViewModel;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/**
 * The Profile action's part of the status bar (Run > Profile Training Iteration starts it): its
 * progress with Cancel while it runs, then the outcome, the whole of it in a tooltip. The times
 * go into the Summary table's Time column and onto the cards. Nothing shows before a profile.
 */
final class ProfileStatus extends HBox {

    private static final double MESSAGE_WIDTH = 560;

    ProfileStatus(ProfileViewModel model) {
        super(8);
        setId("profile-status");
        setAlignment(Pos.CENTER_LEFT);
        ProgressBar progress = new ProgressBar();
        progress.setId("profile-progress");
        progress.setPrefWidth(110);
        progress.setMinWidth(Region.USE_PREF_SIZE);
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.runningProperty());
        progress.managedProperty().bind(model.runningProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("profile-cancel");
        cancel.getStyleClass().add("small");
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        cancel.visibleProperty().bind(model.runningProperty());
        cancel.managedProperty().bind(model.runningProperty());
        cancel.setOnAction(e -> model.cancel());
        Label message = new Label();
        message.setId("profile-message");
        message.textProperty().bind(model.messageProperty());
        message.setMaxWidth(MESSAGE_WIDTH);
        message.setTextOverrun(OverrunStyle.ELLIPSIS);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(model.messageProperty());
        tip.setWrapText(true);
        tip.setMaxWidth(500);
        message.setTooltip(tip);
        getChildren().addAll(progress, cancel, message);
        visibleProperty().bind(model.messageProperty().isNotEmpty().or(model.runningProperty()));
        managedProperty().bind(visibleProperty());
    }
}
