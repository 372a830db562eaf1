package io.layerloom.app.designer.service;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The dialogs of the running window. */
public final class FxDialogService implements DialogService {

    private final Window owner;
    private File lastFolder;

    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    @Override
    public Optional<Path> chooseFileToOpen() {
        return chooseToOpen("Open graph", new FileChooser.ExtensionFilter("LayerLoom graph (*.json)",
                graphPatterns(System.getProperty("os.name", ""))));
    }

    /**
     * The Open dialog's patterns: every {@code *.json} but the {@code NAME.dl4j.json} training
     * records written beside trained models, which are not graphs. A file chooser's patterns cannot
     * exclude, so on Linux (GTK's globs, with {@code [!c]}) they spell out the complement, one
     * character of ".dl4j" at a time; other systems read only plain {@code *.ext} patterns and
     * list the records too (opening one says what it is).
     */
    static List<String> graphPatterns(String osName) {
        if (!osName.toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return List.of("*.json");
        }
        String record = ".dl4j";
        List<String> patterns = new java.util.ArrayList<>();
        for (int i = record.length() - 1; i >= 0; i--) {
            String tail = record.substring(i + 1);
            patterns.add("*[!" + record.charAt(i) + "]" + tail + ".json"); // differs from the record at this character
            if (!tail.isEmpty()) {
                patterns.add(tail + ".json"); // too short to reach this character
            }
        }
        return patterns;
    }

    @Override
    public Optional<Path> chooseOnnxFile() {
        return chooseToOpen("Import ONNX model", new FileChooser.ExtensionFilter("ONNX model (*.onnx)", "*.onnx"));
    }

    private Optional<Path> chooseToOpen(String title, FileChooser.ExtensionFilter kind) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(kind, new FileChooser.ExtensionFilter("All files", "*"));
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File chosen = chooser.showOpenDialog(owner);
        return remember(chosen);
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, Path suggested, String description, String extension) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, "*." + extension));
        Path folder = suggested.toAbsolutePath().getParent();
        if (folder != null && folder.toFile().isDirectory()) {
            chooser.setInitialDirectory(folder.toFile());
        } else if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        chooser.setInitialFileName(String.valueOf(suggested.getFileName()));
        return remember(chooser.showSaveDialog(owner));
    }

    @Override
    public UnsavedChoice askUnsavedChanges(String documentName) {
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Don't Save", ButtonBar.ButtonData.NO);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", save, discard, cancel);
        alert.initOwner(owner);
        alert.setTitle("Unsaved changes");
        alert.setHeaderText("Save the changes to " + documentName + "?");
        alert.setContentText("Your changes are lost if you don't save them.");
        ButtonType answer = alert.showAndWait().orElse(cancel);
        return answer == save ? UnsavedChoice.SAVE : answer == discard ? UnsavedChoice.DISCARD : UnsavedChoice.CANCEL;
    }

    @Override
    public void showError(String title, String message) {
        Alert alert = errorAlert(title, message);
        ((TextArea) alert.getDialogPane().getContent()).setPrefRowCount(Math.min(12, 2 + message.length() / 70));
        alert.showAndWait();
    }

    /** An error dialog whose text sits in a read-only text area, so that it can be selected and copied. */
    private Alert errorAlert(String title, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        TextArea text = new TextArea(message);
        text.setEditable(false);
        text.setWrapText(true);
        alert.getDialogPane().setContent(text);
        return alert;
    }

    /** The report in a text area the user can select in, with a Copy button that takes all of it. */
    @Override
    public void showReport(String title, String report) {
        Alert alert = errorAlert(title, report);
        TextArea text = (TextArea) alert.getDialogPane().getContent();
        text.setId("report-text");
        text.setPrefColumnCount(80);
        text.setPrefRowCount(16);
        ButtonType copy = new ButtonType("Copy", ButtonBar.ButtonData.LEFT);
        alert.getButtonTypes().add(0, copy);
        alert.setResizable(true);
        // Copy must not close the dialog: the user may still want to read or select in it.
        alert.getDialogPane().lookupButton(copy).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
            content.putString(report);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
            e.consume();
        });
        alert.showAndWait();
    }

    private Optional<Path> remember(File chosen) {
        if (chosen == null) {
            return Optional.empty();
        }
        lastFolder = chosen.getAbsoluteFile().getParentFile();
        return Optional.of(chosen.toPath());
    }
}
