package io.layerloom.app.designer.view;

import io.layerloom.model.report.Formats;
import io.layerloom.model.template.Template;
import io.layerloom.model.template.Templates;
import java.util.Optional;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** New from template: each template with its description, input and published parameter count. */
final class TemplateGallery {

    private TemplateGallery() {
    }

    static ListView<Template> list() {
        ListView<Template> list = new ListView<>();
        list.setId("template-list");
        list.getItems().setAll(Templates.all());
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Template t, boolean empty) {
                super.updateItem(t, empty);
                if (empty || t == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label title = new Label(t.title());
                title.getStyleClass().add("template-title");
                Label facts = new Label(Formats.grouped(t.publishedTrainableParams()) + " trainable parameters \u00B7 input "
                        + String.join("x", t.input().stream().map(String::valueOf).toList()));
                facts.getStyleClass().add("template-facts");
                Label description = new Label(t.description());
                description.setWrapText(true);
                // As wide as the list leaves (cell padding, scroll bar): the list never scrolls sideways.
                description.prefWidthProperty().bind(v.widthProperty().subtract(56));
                description.maxWidthProperty().bind(v.widthProperty().subtract(56));
                description.setMinWidth(0);
                // A wrapped label in a list cell takes one line unless asked for its full height.
                description.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
                VBox box = new VBox(2, title, facts, description);
                box.getStyleClass().add("template-cell");
                setGraphic(box);
                setText(null);
            }
        });
        list.getSelectionModel().selectFirst();
        list.setPrefSize(620, 440);
        return list;
    }

    static Optional<Template> choose(Window owner) {
        Dialog<Template> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("New from template");
        dialog.setHeaderText("Start from a classic network; its numbers match the published ones.");
        ListView<Template> list = list();
        dialog.getDialogPane().setContent(list);
        ButtonType create = new ButtonType("Create", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(create, ButtonType.CANCEL);
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
                dialog.setResult(list.getSelectionModel().getSelectedItem());
                dialog.close();
            }
        });
        dialog.setResultConverter(b -> b == create ? list.getSelectionModel().getSelectedItem() : null);
        return dialog.showAndWait();
    }
}
