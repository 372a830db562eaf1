package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.RecoveryViewModel;
import io.layerloom.app.designer.viewmodel.RecoveryViewModel.Item;
import java.net.URL;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * "Recover unsaved work": one card per document a crash left unsaved (name, file, layers, time)
 * with Restore, Save Elsewhere and Discard; a damaged file shows why and offers Discard only.
 * It closes by itself once every card is answered; "Decide later" keeps the rest for the next start.
 */
public final class RecoveryDialog {

    private final Alert alert;
    private final VBox cards = new VBox(10);
    private final RecoveryViewModel model;

    private RecoveryDialog(Window owner, RecoveryViewModel model) {
        this.model = model;
        alert = new Alert(Alert.AlertType.NONE);
        alert.initOwner(owner);
        alert.setTitle("Recover unsaved work");
        alert.setHeaderText("LayerLoom did not close normally. This work was not saved:");
        alert.getButtonTypes().setAll(new ButtonType("Decide later", ButtonBar.ButtonData.CANCEL_CLOSE));
        alert.getDialogPane().setId("recovery-dialog");
        URL css = RecoveryDialog.class.getResource("/io/layerloom/app/designer/designer.css");
        if (css != null) {
            alert.getDialogPane().getStylesheets().add(css.toExternalForm());
        }
        // up to three cards show whole; more scroll
        Region list = cards;
        if (model.items().size() > 3) {
            ScrollPane scroll = new ScrollPane(cards);
            scroll.setFitToWidth(true);
            scroll.setPrefViewportHeight(3 * 124.0);
            list = scroll;
        }
        Label hint = new Label("Restore opens it as an unsaved document; Save writes it back to its file, "
                + "Save As anywhere. \"Decide later\" keeps it for the next start.");
        hint.setWrapText(true);
        hint.getStyleClass().add("recovery-details");
        alert.getDialogPane().setContent(new VBox(12, list, hint));
        alert.getDialogPane().setPrefWidth(660);
        alert.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        model.items().addListener((ListChangeListener<Item>) c -> refresh());
        refresh();
    }

    /** Shows the dialog over {@code owner} without waiting for it. */
    public static RecoveryDialog show(Window owner, RecoveryViewModel model) {
        RecoveryDialog dialog = new RecoveryDialog(owner, model);
        dialog.alert.show();
        return dialog;
    }

    public boolean isShowing() {
        return alert.isShowing();
    }

    private void refresh() {
        if (model.items().isEmpty()) {
            alert.close();
            return;
        }
        cards.getChildren().setAll(model.items().stream().map(this::card).toList());
    }

    private VBox card(Item item) {
        Label title = new Label(item.title());
        title.getStyleClass().add("recovery-title");
        Label details = new Label(item.details());
        details.setWrapText(true);
        details.setMinHeight(Region.USE_PREF_SIZE);
        details.getStyleClass().add("recovery-details");
        HBox buttons = new HBox(8);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        if (item.recoverable()) {
            Button restore = new Button("Restore");
            restore.setDefaultButton(model.items().indexOf(item) == 0);
            restore.setOnAction(e -> model.restore(item));
            Button saveElsewhere = new Button("Save Elsewhere\u2026");
            saveElsewhere.setOnAction(e -> model.saveElsewhere(item));
            buttons.getChildren().addAll(restore, saveElsewhere);
        }
        Button discard = new Button("Discard");
        discard.setOnAction(e -> model.discard(item));
        buttons.getChildren().add(discard);
        VBox card = new VBox(4, title, details, buttons);
        HBox.setHgrow(card, Priority.ALWAYS);
        card.getStyleClass().add("recovery-card");
        if (!item.recoverable()) {
            card.getStyleClass().add("damaged");
        }
        return card;
    }
}
