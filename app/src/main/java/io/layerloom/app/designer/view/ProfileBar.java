package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.ProfileViewModel;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The Profile action above the Summary table: a button that profiles a training iteration of the
 * graph, its progress with Cancel while it runs, and the outcome in one line. The times go into
 * the table's Time column and onto the cards.
 */
final class ProfileBar extends HBox {

    ProfileBar(ProfileViewModel model) {
        setId("profile-bar");
        getStyleClass().add("profile-bar");
        setSpacing(8);
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 8, 4, 8));
        Button profile = new Button("Profile");
        profile.setId("profile-button");
        profile.setTooltip(new Tooltip("Train a few iterations on random data of the Input's shape, as training builds the "
                + "network, and measure each layer's forward and backward time: where does the network spend its time?"));
        profile.disableProperty().bind(model.canProfileBinding().not());
        profile.setOnAction(e -> model.profile());
        profile.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ProgressBar progress = new ProgressBar();
        progress.setId("profile-progress");
        progress.setPrefWidth(120);
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.runningProperty());
        progress.managedProperty().bind(model.runningProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("profile-cancel");
        cancel.visibleProperty().bind(model.runningProperty());
        cancel.managedProperty().bind(model.runningProperty());
        cancel.setOnAction(e -> model.cancel());
        cancel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label message = new Label();
        message.setId("profile-message");
        message.textProperty().bind(model.messageProperty());
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(model.messageProperty());
        tip.setWrapText(true);
        tip.setMaxWidth(500);
        message.setTooltip(tip);
        getChildren().addAll(profile, progress, cancel, message);
    }
}
