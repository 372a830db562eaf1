package io.layerloom.app.designer.view;

import io.layerloom.app.designer.view.Shortcuts.Shortcut;
import io.layerloom.app.designer.viewmodel.AboutViewModel;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
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
        // Keys keep their width; descriptions take the rest and wrap rather than end in "...".
        javafx.scene.layout.ColumnConstraints keysColumn = new javafx.scene.layout.ColumnConstraints();
        keysColumn.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints whatColumn = new javafx.scene.layout.ColumnConstraints();
        whatColumn.setHgrow(javafx.scene.layout.Priority.ALWAYS);
        whatColumn.setFillWidth(true);
        grid.getColumnConstraints().setAll(keysColumn, whatColumn);
        for (Shortcut s : Shortcuts.ALL) {
            Label keys = new Label(s.keysText());
            keys.getStyleClass().add("shortcut-keys");
            grid.addRow(row++, keys, description(s.action()));
        }
        for (String[] gesture : Shortcuts.GESTURES) {
            Label what = new Label(gesture[0]);
            what.getStyleClass().add("shortcut-keys");
            grid.addRow(row++, what, description(gesture[1]));
        }
        return grid;
    }

    private static Label description(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
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
        alert.getDialogPane().setPrefWidth(720); // room for a gesture and its description on one line
        alert.show();
    }

    /** LayerLoom's version and the DL4J run time's report, filled in when the background check ends. */
    static void showAbout(Window owner, AboutViewModel about) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle("About LayerLoom");
        alert.setHeaderText(about.title() + "\nA visual designer for neural networks that targets Deeplearning4j.");
        Label platform = new Label("Java " + System.getProperty("java.version") + ", JavaFX "
                + System.getProperty("javafx.runtime.version"));
        TextArea runtime = new TextArea();
        runtime.setId("about-runtime");
        runtime.setEditable(false);
        runtime.setWrapText(true);
        runtime.setPrefRowCount(11);
        runtime.getStyleClass().add("about-runtime");
        runtime.textProperty().bind(about.runtimeProperty());
        alert.getDialogPane().setContent(new VBox(8, platform, runtime));
        alert.getDialogPane().getStylesheets().addAll(owner.getScene().getStylesheets());
        alert.getDialogPane().setPrefWidth(860);
        alert.setResizable(true);
        about.refresh();
        alert.show();
    }
}
