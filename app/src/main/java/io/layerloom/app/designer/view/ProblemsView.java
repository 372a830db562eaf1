package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.ProblemsViewModel;
import io.layerloom.app.designer.viewmodel.ProblemsViewModel.Row;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/**
 * Every diagnostic of the graph, errors first. A click selects the node and shows it on the canvas.
 */
public final class ProblemsView extends StackPane {

    public static final String STYLE_CLASS = "problems-view";

    private final ProblemsViewModel model;
    private final TableView<Row> table = new TableView<>();

    public ProblemsView(ProblemsViewModel model) {
        this.model = model;
        getStyleClass().add(STYLE_CLASS);
        getStylesheets().add(PanelStyles.url());

        table.setId("problems-list");
        table.getStyleClass().addAll("panel-table", "problems-table");
        table.setItems(model.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label placeholder = new Label("No problems");
        placeholder.setId("problems-empty");
        placeholder.getStyleClass().add("panel-placeholder");
        table.setPlaceholder(placeholder);

        TableColumn<Row, Row> severity = new TableColumn<>("");
        severity.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        severity.setCellFactory(c -> new SeverityCell());
        severity.setPrefWidth(100);
        severity.setMinWidth(100);
        severity.setMaxWidth(120);
        severity.setSortable(false);
        severity.setText("Severity");
        table.getColumns().add(severity);
        table.getColumns().add(column("Code", Row::code, 230, "mono-cell", false));
        table.getColumns().add(column("Layer", Row::nodeText, 170, "mono-cell", false));
        table.getColumns().add(column("Message", Row::message, 480, null, true));
        table.getColumns().add(column("Fix", Row::fix, 300, "fix-cell", true));

        table.setRowFactory(t -> {
            TableRow<Row> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (!row.isEmpty()) {
                    model.open(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                model.open(table.getSelectionModel().getSelectedItem());
            }
        });
        getChildren().add(table);
    }

    public ProblemsViewModel model() {
        return model;
    }

    private static TableColumn<Row, String> column(String title, Function<Row, String> value, double width,
                                                   String styleClass, boolean wrap) {
        TableColumn<Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            {
                // Messages are whole sentences: wrap them rather than cut them off.
                setWrapText(wrap);
                setMinHeight(Region.USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null || item.isEmpty() ? null : new Tooltip(item));
            }
        });
        c.setMinWidth(Math.min(width, title.equals("Code") ? 190 : title.equals("Layer") ? 140 : 90));
        if (styleClass != null) {
            c.getStyleClass().add(styleClass);
        }
        c.setPrefWidth(width);
        c.setSortable(false); // the order (errors first, then graph order) is the useful one
        return c;
    }

    /** A coloured dot and the severity's word. */
    private static final class SeverityCell extends TableCell<Row, Row> {
        @Override
        protected void updateItem(Row item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeIf(s -> s.startsWith("severity-"));
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label word = new Label(item.severity().jsonName());
            word.getStyleClass().addAll("severity-word", DiagnosticCard.severityClass(item.severity()));
            HBox box = new HBox(6, DiagnosticCard.severityDot(item.severity()), word);
            box.setAlignment(Pos.CENTER_LEFT);
            box.setMaxHeight(Region.USE_PREF_SIZE); // first line, level with the wrapped message beside it
            setGraphic(box);
            setText(null);
        }
    }
}
