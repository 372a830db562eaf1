package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import java.io.IOException;
import java.nio.file.Path;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/** Placeholder: filled in by its own change. The window's menus call the public methods. */
public final class CanvasView extends StackPane {

    private final BooleanProperty snapToGrid = new SimpleBooleanProperty(this, "snapToGrid", true);

    public CanvasView(DocumentViewModel document) {
        Label label = new Label();
        label.textProperty().bind(document.graphProperty().asString());
        getChildren().add(label);
    }

    public void copy() {
    }

    public void cut() {
    }

    public void paste() {
    }

    public void duplicate() {
    }

    public void deleteSelection() {
    }

    public void selectAll() {
    }

    /** Arranges every node with the layered layout, as one undoable edit. */
    public void autoLayout() {
    }

    public void zoomIn() {
    }

    public void zoomOut() {
    }

    /** Zooms so that the whole graph fits. */
    public void zoomToFit() {
    }

    public BooleanProperty snapToGridProperty() {
        return snapToGrid;
    }

    /** A picture of the whole graph. */
    public void exportPng(Path file) throws IOException {
        throw new IOException("not available yet");
    }

    public void exportSvg(Path file) throws IOException {
        throw new IOException("not available yet");
    }
}
