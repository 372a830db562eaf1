package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.FindViewModel;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The strip above the canvas that finds layers of the open graph by name or kind (Ctrl+F): Enter
 * (or F3) shows the next match, Shift+Enter (or Shift+F3) the one before, Escape closes it and
 * gives the keyboard back to the canvas. Hidden, it takes no room.
 */
public final class FindBar extends HBox {

    private final FindViewModel model;
    private final TextField field = new TextField();
    private final Runnable onClose;

    /** {@code onClose} runs when the bar closes (the window gives the canvas the focus back). */
    public FindBar(FindViewModel model, Runnable onClose) {
        super(8);
        this.model = model;
        this.onClose = onClose;
        getStyleClass().add("find-bar");
        setId("find-bar");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new javafx.geometry.Insets(4, 8, 4, 8));

        Label title = new Label("Find layer");
        title.setMinWidth(Region.USE_PREF_SIZE);
        field.setId("find-field");
        field.setPromptText("name or kind, e.g. layer3 or BatchNorm");
        field.setPrefColumnCount(24);
        field.textProperty().bindBidirectional(model.queryProperty());
        field.setOnAction(e -> model.next());
        field.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShiftDown()) {
                model.previous();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                close();
                e.consume();
            }
        });
        Label status = new Label();
        status.setId("find-status");
        status.textProperty().bind(model.statusProperty());
        status.setMinWidth(Region.USE_PREF_SIZE);
        Button previous = button("\u2191", "Previous match (Shift+F3)", model::previous);
        Button next = button("\u2193", "Next match (F3)", model::next);
        previous.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(model.matches()));
        next.disableProperty().bind(previous.disableProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button close = button("\u2715", "Close (Escape)", this::close);
        close.setId("find-close");
        getChildren().addAll(title, field, previous, next, status, gap, close);

        visibleProperty().bind(model.openProperty());
        managedProperty().bind(visibleProperty());
    }

    /** Shows the bar with the query selected, ready to type over. */
    public void open() {
        model.openProperty().set(true);
        field.requestFocus();
        field.selectAll();
    }

    public void close() {
        model.openProperty().set(false);
        onClose.run();
    }

    public FindViewModel model() {
        return model;
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setFocusTraversable(false);
        b.setOnAction(e -> action.run());
        return b;
    }
}
