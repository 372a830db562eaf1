package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/** Placeholder: filled in by its own change. */
public final class InspectorView extends StackPane {

    public InspectorView(DocumentViewModel document) {
        getChildren().add(new Label("InspectorView"));
    }
}
