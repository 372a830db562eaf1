package io.layerloom.app.designer.view;

import atlantafx.base.theme.Styles;
import io.layerloom.app.designer.viewmodel.BlockInspectorViewModel;
import io.layerloom.app.designer.viewmodel.BlockViewModel;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;

/**
 * The inspector's top for a selected collapsed block: its name and type as editable fields
 * (Enter or leaving the field commits, Escape reverts), the layer its card stands on as a link
 * that expands the block and selects it, and Expand, Ungroup and Repeat... buttons. Its controls
 * live as long as the inspector; {@link InspectorView} puts them in place when a block is shown.
 */
final class BlockInspectorPane {

    private final BlockInspectorViewModel model;
    private final TextField name = new TextField();
    private final Label nameProblem = new Label();
    private final ComboBox<String> type = new ComboBox<>();
    private final Hyperlink outputLayer = new Hyperlink();
    private final FlowPane actions;
    private final Label repeatBlocked = new Label();

    BlockInspectorPane(BlockInspectorViewModel model) {
        this.model = model;
        name.setId("inspector-block-name");
        InspectorView.bindCommitted(name, model.nameTextProperty(), model::commitName, model::revertName, () -> {
            String block = model.blockIdProperty().get();
            String typed = name.getText();
            return () -> model.rename(block, typed);
        });
        nameProblem.getStyleClass().add("field-problem");
        nameProblem.setWrapText(true);
        nameProblem.textProperty().bind(model.nameProblemProperty());
        nameProblem.visibleProperty().bind(model.nameProblemProperty().isNotEmpty());
        nameProblem.managedProperty().bind(nameProblem.visibleProperty());
        model.nameProblemProperty().addListener((o, was, is) -> name.pseudoClassStateChanged(Styles.STATE_DANGER, !is.isEmpty()));

        type.setId("inspector-block-type");
        type.setEditable(true);
        type.setMaxWidth(Double.MAX_VALUE);
        type.getItems().setAll(BlockViewModel.TYPES.subList(1, BlockViewModel.TYPES.size()));
        type.getEditor().textProperty().bindBidirectional(model.typeTextProperty());
        type.setOnAction(e -> model.commitType());
        type.getEditor().setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                model.revertType();
                e.consume();
            }
        });
        type.getEditor().focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                javafx.application.Platform.runLater(model::commitType);
            }
        });

        outputLayer.setId("inspector-block-output");
        outputLayer.setMnemonicParsing(false);
        outputLayer.textProperty().bind(model.outputLayerProperty());
        outputLayer.setTooltip(new Tooltip("Expand the block and select this layer to edit it"));
        outputLayer.setOnAction(e -> backToCanvas(model::openOutputLayer));

        Button expand = button("Expand", "inspector-block-expand", "Show the block's layers in place of its card",
                () -> backToCanvas(model::expand));
        Button ungroup = button("Ungroup", "inspector-block-ungroup", "Dissolve the block; its layers stay as they are",
                () -> backToCanvas(model::ungroup));
        Button repeat = button("Repeat\u2026", "inspector-block-repeat",
                "Chain copies of the block after it; what it fed reads the last copy", () -> BlockMenu.repeat(
                        model.blocks(), model.blockIdProperty().get(), name.getScene() == null ? null : name.getScene().getWindow()));
        repeat.disableProperty().bind(model.repeatBlockedProperty().isNotEmpty());
        Tooltip repeatWhy = new Tooltip();
        repeatWhy.setWrapText(true);
        repeatWhy.setMaxWidth(320);
        repeatWhy.textProperty().bind(javafx.beans.binding.Bindings.when(model.repeatBlockedProperty().isEmpty())
                .then("Chain copies of the block after it; what it fed reads the last copy")
                .otherwise(model.repeatBlockedProperty()));
        repeat.setTooltip(repeatWhy);
        actions = new FlowPane(6, 6, expand, ungroup, repeat);
        actions.getStyleClass().add("inspector-block-actions");
        // A disabled button shows no tooltip: why Repeat is off is written under the buttons.
        repeatBlocked.setId("inspector-block-repeat-why");
        repeatBlocked.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        repeatBlocked.setWrapText(true);
        repeatBlocked.textProperty().bind(model.repeatBlockedProperty());
        repeatBlocked.visibleProperty().bind(model.repeatBlockedProperty().isNotEmpty());
        repeatBlocked.managedProperty().bind(repeatBlocked.visibleProperty());
    }

    /**
     * Runs a command that takes this pane away (the selection becomes a layer) and gives the
     * keyboard to the canvas, where the selected layer is: Delete and Ctrl+C act on it next.
     */
    private void backToCanvas(Runnable command) {
        javafx.scene.Scene scene = name.getScene();
        command.run();
        javafx.scene.Node canvas = scene == null ? null : scene.lookup("#canvas");
        if (canvas != null) {
            canvas.requestFocus();
        }
    }

    /** The title and a line saying what a block card is. */
    List<Node> header() {
        Label title = new Label(model.blockIdProperty().get());
        title.setId("inspector-headline");
        title.getStyleClass().add(Styles.TITLE_4);
        title.setMnemonicParsing(false);
        Label badge = new Label("Block");
        badge.getStyleClass().addAll(Styles.TEXT_SMALL, "inspector-block-badge");
        HBox row = new HBox(8, badge, title);
        row.setAlignment(Pos.CENTER_LEFT);
        Label summary = new Label("A collapsed block: one card for its layers. Double-click the card, or Expand, "
                + "to see them in place.");
        summary.getStyleClass().addAll("inspector-summary", Styles.TEXT_MUTED);
        summary.setWrapText(true);
        return List.of(row, summary);
    }

    /** The editable name and type, the output layer's link and the commands. */
    List<Node> identity() {
        Label out = new Label("Output layer");
        out.getStyleClass().add("field-label");
        return List.of(label("Name"), name, nameProblem, label("Type"), type, out, outputLayer, actions, repeatBlocked);
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("field-label");
        return l;
    }

    private static Button button(String text, String id, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setMnemonicParsing(false);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }
}
