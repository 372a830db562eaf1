package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import java.io.IOException;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/** Placeholder: filled in by its own change. */
public final class TrainingView extends StackPane {

    public TrainingView(DocumentViewModel document) {
        getChildren().add(new Label("TrainingView"));
    }

    /** Whether a trained network exists to export. */
    public boolean hasTrainedModel() {
        return false;
    }

    /** Writes the trained network as a DL4J model file. */
    public void exportModel(Path file) throws IOException {
        throw new IOException("Nothing has been trained yet: train on the Training tab first.");
    }

    /** Stops a running training (the window is closing). */
    public void shutdown() {
    }

}
