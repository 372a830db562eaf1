package io.layerloom.app.designer.view;

import atlantafx.base.theme.Styles;
import io.layerloom.app.designer.viewmodel.SummaryViewModel;
import io.layerloom.app.designer.viewmodel.SummaryViewModel.Row;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The model.summary() table with totals and a training memory estimate at a chosen batch size; a
 * block is one bold row with its totals, opened (its arrow, a double-click, Right) to show its
 * layers indented under it and folded again (the arrow, a double-click, Left).
 */
public final class SummaryView extends BorderPane {

    public static final String STYLE_CLASS = "summary-view";
    private static final PseudoClass FLAGGED = PseudoClass.getPseudoClass("flagged");
    private static final PseudoClass BLOCK = PseudoClass.getPseudoClass("block");
    private static final PseudoClass IN_BLOCK = PseudoClass.getPseudoClass("in-block");

    private final SummaryViewModel model;
    private final TableView<Row> table = new TableView<>();
    private VBox footer;

    public SummaryView(SummaryViewModel model) {
        this.model = model;
        getStyleClass().add(STYLE_CLASS);
        getStylesheets().add(PanelStyles.url());

        table.setId("summary-table");
        table.getStyleClass().addAll("panel-table", Styles.STRIPED);
        table.setItems(model.rows());
        // Numbers are never cut off: the table scrolls sideways instead of squeezing columns.
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        Label placeholder = new Label("The graph has no layers yet: drag one from the palette.");
        placeholder.getStyleClass().add("panel-placeholder");
        table.setPlaceholder(placeholder);
        table.getColumns().add(layerColumn());
        table.getColumns().add(column("Output shape", Row::shape, 130, true));
        table.getColumns().add(column("Params", Row::params, 110, true));
        table.getColumns().add(column("MACs", Row::macs, 150, true));
        table.getColumns().add(column("Receptive field", Row::receptiveField, 140, true));
        table.getColumns().add(column("Inputs", Row::inputs, 260, false));
        table.setRowFactory(t -> {
            TableRow<Row> row = new TableRow<>() {
                @Override
                protected void updateItem(Row item, boolean empty) {
                    super.updateItem(item, empty);
                    pseudoClassStateChanged(FLAGGED, !empty && item != null && item.flagged());
                    pseudoClassStateChanged(BLOCK, !empty && item != null && item.isBlock());
                    pseudoClassStateChanged(IN_BLOCK, !empty && item != null && !item.isBlock() && !item.block().isEmpty());
                }
            };
            row.setOnMouseClicked(e -> {
                if (!row.isEmpty()) {
                    if (e.getClickCount() == 2 && row.getItem().isBlock()) {
                        model.toggle(row.getItem());
                    } else {
                        model.open(row.getItem());
                    }
                }
            });
            return row;
        });
        // The canvas's selection highlights its row; choosing a row (click or arrow keys) selects the layer.
        boolean[] following = {false};
        model.selectedRowProperty().addListener((o, was, is) -> {
            following[0] = true;
            try {
                showRow(is);
            } finally {
                following[0] = false;
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> {
            // Not the row already highlighted: new rows make the table re-select an equal row, which is no choice.
            if (!following[0] && is != null && !is.equals(model.selectedRowProperty().get())) {
                model.open(is);
            }
        });
        // New rows (every analysis) drop the table's selection: put it back on the same layer.
        model.rows().addListener((javafx.collections.ListChangeListener<Row>) c -> {
            following[0] = true;
            try {
                showRow(model.selectedRowProperty().get());
            } finally {
                following[0] = false;
            }
        });
        showRow(model.selectedRowProperty().get());
        // Right opens a selected block's row, Left folds it (or goes from a layer to its block's row).
        table.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            Row at = table.getSelectionModel().getSelectedItem();
            if (at == null || !(e.getCode() == javafx.scene.input.KeyCode.RIGHT || e.getCode() == javafx.scene.input.KeyCode.LEFT)) {
                return;
            }
            boolean right = e.getCode() == javafx.scene.input.KeyCode.RIGHT;
            if (at.isBlock() && (at.fold() == SummaryViewModel.Fold.FOLDED) == right) {
                model.toggle(at);
                e.consume();
            } else if (!right && !at.isBlock() && !at.block().isEmpty()) {
                model.setOpen(at.block(), false);
                e.consume();
            }
        });
        setCenter(table);
        setBottom(footer());
    }

    private void showRow(Row row) {
        if (row == null) {
            table.getSelectionModel().clearSelection();
            return;
        }
        table.getSelectionModel().select(row);
        table.scrollTo(table.getItems().indexOf(row));
    }

    public SummaryViewModel model() {
        return model;
    }

    private Region footer() {
        Spinner<Integer> batch = new Spinner<>();
        batch.setId("summary-batch");
        batch.setEditable(true);
        SpinnerValueFactory.IntegerSpinnerValueFactory values = new SpinnerValueFactory.IntegerSpinnerValueFactory(
                1, SummaryViewModel.MAX_BATCH, model.batchProperty().get(), 8);
        batch.setValueFactory(values);
        values.valueProperty().addListener((obs, old, now) -> model.batchProperty().set(now == null ? 1 : now));
        batch.setPrefWidth(120);
        batch.getStyleClass().add(Spinner.STYLE_CLASS_SPLIT_ARROWS_HORIZONTAL);

        Button copy = new Button("Copy as text");
        copy.setId("summary-copy");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(model.summaryText());
            Clipboard.getSystemClipboard().setContent(c);
        });
        copy.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(model.rows()));

        Label incomplete = new Label();
        incomplete.getStyleClass().add("summary-incomplete");
        incomplete.textProperty().bind(model.incompleteProperty());
        incomplete.visibleProperty().bind(model.incompleteProperty().isNotEmpty());
        incomplete.managedProperty().bind(incomplete.visibleProperty());

        Label batchLabel = new Label("Batch size");
        batchLabel.getStyleClass().add("total-label");
        FlowPane totals = new FlowPane(18, 4,
                total("Total params", model.totalParamsProperty(), "summary-total"),
                total("Trainable", model.trainableParamsProperty(), "summary-trainable"),
                total("Non-trainable", model.nonTrainableParamsProperty(), "summary-non-trainable"),
                total("MACs", model.macsProperty(), "summary-macs"),
                total("Parameter memory", model.paramMemoryProperty(), "summary-param-memory"),
                total("Training memory", model.trainingMemoryProperty(), "summary-training-memory"));
        totals.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(totals, Priority.ALWAYS);
        HBox actions = new HBox(8, batchLabel, batch, copy);
        actions.setAlignment(Pos.CENTER_RIGHT);
        actions.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(16, totals, actions);
        row.setAlignment(Pos.CENTER_LEFT);
        footer = new VBox(4, row, incomplete);
        footer.getStyleClass().add("summary-footer");
        return footer;
    }

    private static HBox total(String title, ReadOnlyStringProperty value, String id) {
        Label t = new Label(title);
        t.getStyleClass().add("total-label");
        t.setMinWidth(Region.USE_PREF_SIZE);
        Label v = new Label();
        v.setId(id);
        v.getStyleClass().add("total-value");
        v.textProperty().bind(value);
        v.setMinWidth(Region.USE_PREF_SIZE);
        HBox pair = new HBox(5, t, v);
        pair.setAlignment(Pos.BASELINE_LEFT);
        return pair;
    }

    /** The first column: a block's row starts with its fold arrow (a click on it opens or folds the block). */
    private TableColumn<Row, String> layerColumn() {
        TableColumn<Row, String> c = column("Layer (kind)", Row::layer, 320, false);
        c.getStyleClass().add("layer-cell");
        c.setCellFactory(col -> new TableCell<>() {
            private final Label arrow = new Label();

            {
                arrow.getStyleClass().add("summary-fold");
                // On press, not click: the press would select the row and scroll the table under the pointer.
                arrow.setOnMousePressed(e -> {
                    int i = getIndex();
                    if (i >= 0 && i < getTableView().getItems().size()) {
                        model.toggle(getTableView().getItems().get(i));
                        e.consume();
                    }
                });
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                int i = getIndex();
                Row row = empty || i < 0 || i >= getTableView().getItems().size() ? null : getTableView().getItems().get(i);
                setText(empty ? null : item);
                if (row != null && row.isBlock()) {
                    arrow.setText(row.fold() == SummaryViewModel.Fold.OPEN ? "\u25BE" : "\u25B8");
                    setGraphic(arrow);
                } else {
                    setGraphic(null);
                }
            }
        });
        return c;
    }

    /**
     * Shows a Time column after MACs while {@code times} (node id to text) holds a profile: each
     * layer's time per training iteration and its share ("3.21 ms, 21.2%").
     */
    public void showTimes(javafx.collections.ObservableMap<String, String> times) {
        TableColumn<Row, String> time = column("Time", r -> times.getOrDefault(r.id(), ""), 160, true);
        time.setId("summary-time-column");
        Runnable follow = () -> {
            if (times.isEmpty()) {
                table.getColumns().remove(time);
            } else if (!table.getColumns().contains(time)) {
                table.getColumns().add(Math.min(4, table.getColumns().size()), time);
            }
            table.refresh();
        };
        times.addListener((javafx.collections.MapChangeListener<String, String>) c -> follow.run());
        follow.run();
    }

    /**
     * Shows a line under the totals while {@code text} is not empty: the network's parameters and
     * MACs before and after the suggestion chosen in the Advisor tab.
     */
    public void showBeforeAfter(ReadOnlyStringProperty text) {
        Label line = new Label();
        line.setId("summary-before-after");
        line.getStyleClass().add("summary-before-after");
        line.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> text.get().isEmpty() ? "" : "Advisor: " + text.get(), text));
        line.visibleProperty().bind(text.isNotEmpty());
        line.managedProperty().bind(line.visibleProperty());
        footer.getChildren().add(line);
        getStylesheets().add(java.util.Objects.requireNonNull(SummaryView.class.getResource(
                "/io/layerloom/app/designer/advisor.css"), "advisor.css").toExternalForm());
    }

    private static TableColumn<Row, String> column(String title, Function<Row, String> value, double width,
                                                   boolean numeric) {
        TableColumn<Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
            }
        });
        c.getStyleClass().add(numeric ? "numeric-cell" : "text-cell");
        // A header is never cut off ("Receptive f..."): the column is at least as wide as its bold title.
        double titleWidth = 9.5 * title.length() + 28;
        c.setMinWidth(titleWidth);
        c.setPrefWidth(Math.max(width, titleWidth));
        c.setSortable(false); // topological order is the meaning of the table
        return c;
    }
}
