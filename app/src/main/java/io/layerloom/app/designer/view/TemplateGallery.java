package io.layerloom.app.designer.view;

import io.layerloom.model.report.Formats;
import io.layerloom.model.template.Idea;
import io.layerloom.model.template.Template;
import io.layerloom.model.template.TemplateGroup;
import io.layerloom.model.template.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * New from template: the templates grouped under the idea each network introduced (convolution
 * and pooling, residual connections, fire modules, ...), each idea with its one sentence, each
 * template with its description, input and published parameter count. The idea headings are rows
 * of the list that selection passes over.
 */
final class TemplateGallery {

    /** A row of the gallery: an idea's heading, or one of its templates. */
    record Row(Idea idea, Template template) {

        boolean heading() {
            return template == null;
        }
    }

    private TemplateGallery() {
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (TemplateGroup group : Templates.byIdea()) {
            rows.add(new Row(group.idea(), null));
            group.templates().forEach(t -> rows.add(new Row(group.idea(), t)));
        }
        return rows;
    }

    static ListView<Row> list() {
        ListView<Row> list = new ListView<>();
        list.setId("template-list");
        list.getItems().setAll(rows());
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Row row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().remove("template-idea-row");
                if (empty || row == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                if (row.heading()) {
                    getStyleClass().add("template-idea-row");
                }
                setGraphic(row.heading() ? heading(row.idea(), v) : card(row.template(), v));
                setText(null);
            }
        });
        skipHeadings(list);
        list.getSelectionModel().select(1);
        list.setPrefSize(680, 600);
        return list;
    }

    private static VBox heading(Idea idea, ListView<Row> list) {
        Label title = new Label(idea.title());
        title.getStyleClass().add("template-idea-title");
        VBox box = new VBox(1, title, wrapped(idea.sentence(), list, "template-idea-sentence"));
        box.getStyleClass().add("template-idea");
        return box;
    }

    private static VBox card(Template t, ListView<Row> list) {
        Label title = new Label(t.title());
        title.getStyleClass().add("template-title");
        Label facts = new Label(Formats.grouped(t.publishedTrainableParams()) + " trainable parameters \u00B7 input "
                + String.join("x", t.input().stream().map(String::valueOf).toList()));
        facts.getStyleClass().add("template-facts");
        VBox box = new VBox(2, title, facts, wrapped(t.description(), list, "template-description"));
        box.getStyleClass().add("template-cell");
        return box;
    }

    private static Label wrapped(String text, ListView<Row> list, String styleClass) {
        Label label = new Label(text);
        label.getStyleClass().add(styleClass);
        label.setWrapText(true);
        // As wide as the list leaves (cell padding, the templates' indent, the scroll bar): the list never scrolls sideways.
        label.prefWidthProperty().bind(list.widthProperty().subtract(80));
        label.maxWidthProperty().bind(list.widthProperty().subtract(80));
        label.setMinWidth(0);
        // A wrapped label in a list cell takes one line unless asked for its full height.
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    /** A heading selected (by a click or the arrow keys) passes the selection on to the template in that direction. */
    private static void skipHeadings(ListView<Row> list) {
        list.getSelectionModel().selectedIndexProperty().addListener((obs, before, now) -> {
            int i = now.intValue();
            if (i < 0 || !list.getItems().get(i).heading()) {
                return;
            }
            int step = before.intValue() > i && i > 0 ? -1 : 1;
            int target = i + step < list.getItems().size() ? i + step : i - 1;
            Platform.runLater(() -> {
                if (list.getSelectionModel().getSelectedIndex() == i) {
                    list.getSelectionModel().select(target);
                }
            });
        });
    }

    private static Optional<Template> selected(ListView<Row> list) {
        Row row = list.getSelectionModel().getSelectedItem();
        return row == null || row.heading() ? Optional.empty() : Optional.of(row.template());
    }

    static Optional<Template> choose(Window owner) {
        Dialog<Template> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("New from template");
        dialog.setHeaderText("Start from a classic network, listed under the idea it introduced; its numbers match the published ones.");
        ListView<Row> list = list();
        dialog.getDialogPane().setContent(list);
        ButtonType create = new ButtonType("Create", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(create, ButtonType.CANCEL);
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && selected(list).isPresent()) {
                dialog.setResult(selected(list).get());
                dialog.close();
            }
        });
        dialog.setResultConverter(b -> b == create ? selected(list).orElse(null) : null);
        return dialog.showAndWait();
    }
}
