package io.layerloom.app.designer.service;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The questions the window asks its user. The real one shows JavaFX dialogs; tests answer them
 * from a script, so view models never open a window themselves.
 */
public interface DialogService {

    /** What to do with unsaved changes before they would be lost. */
    enum UnsavedChoice { SAVE, DISCARD, CANCEL }

    Optional<Path> chooseFileToOpen();

    /** An ONNX model file to import. */
    Optional<Path> chooseOnnxFile();

    /** A file to write, starting in the folder of {@code suggested} with its name proposed. */
    Optional<Path> chooseFileToSave(String title, Path suggested, String description, String extension);

    UnsavedChoice askUnsavedChanges(String documentName);

    void showError(String title, String message);

    /** A long report the user may want to keep (every node an import refused): shown with a Copy button. */
    void showReport(String title, String report);
}
