package io.layerloom.app.designer.view;

import io.layerloom.app.designer.view.Shortcuts.Shortcut;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** The Help menu's windows. */
final class HelpDialogs {

    private HelpDialogs() {
    }

    static GridPane shortcutTable() {
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(4);
        grid.setId("shortcut-table");
        int row = 0;
        for (Shortcut s : Shortcuts.ALL) {
            Label keys = new Label(s.keysText());
            keys.getStyleClass().add("shortcut-keys");
            grid.addRow(row++, keys, new Label(s.action()));
        }
        for (String[] gesture : Shortcuts.GESTURES) {
            Label what = new Label(gesture[0]);
            what.getStyleClass().add("shortcut-keys");
            grid.addRow(row++, what, new Label(gesture[1]));
        }
        return grid;
    }

    static void showShortcuts(Window owner) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle("Keyboard shortcuts");
        alert.setHeaderText("Keyboard shortcuts and gestures");
        ScrollPane scroll = new ScrollPane(shortcutTable());
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(420);
        alert.getDialogPane().setContent(scroll);
        alert.show();
    }

    static void showAbout(Window owner) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle("About LayerLoom");
        alert.setHeaderText("LayerLoom 0.1.0");
        alert.setContentText("A visual designer for neural networks that targets Deeplearning4j.\n"
                + "Java " + System.getProperty("java.version") + ", JavaFX " + System.getProperty("javafx.runtime.version"));
        alert.show();
    }
}
