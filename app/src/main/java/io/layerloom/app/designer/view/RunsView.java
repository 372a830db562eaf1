package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.RunsViewModel;
import io.layerloom.app.designer.viewmodel.RunsViewModel.Row;
import io.layerloom.app.runs.RunRecord;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Training tab's Runs view: the recorded runs in a sortable table (a tick per run, the
 * settings that differ between runs as columns, those that differ between the ticked runs
 * highlighted), and the ticked runs' validation loss and accuracy per epoch, overlaid.
 */
public final class RunsView extends BorderPane {

    private static final String DIFFERS = "run-setting-differs";
    private final RunsViewModel vm;
    private final TableView<Row> table = new TableView<>();
    private final LineChart<Number, Number> loss = chart("runs-loss", "validation loss");
    private final LineChart<Number, Number> accuracy = chart("runs-accuracy", "validation accuracy");
    private final List<TableColumn<Row, ?>> fixed = new java.util.ArrayList<>();
    private final java.util.Map<String, TableColumn<Row, String>> settingColumns = new java.util.HashMap<>();

    /** The tab's results as tabs: the current run's dashboard, the recorded runs, then {@code more}. */
    public static TabPane besideCurrentRun(Node currentRun, RunsViewModel runs, Tab... more) {
        Tab current = new Tab("This Run", currentRun);
        RunsView view = new RunsView(runs);
        Tab recorded = new Tab("Runs", view);
        recorded.setId("training-runs-tab");
        TabPane tabs = new TabPane(current, recorded);
        tabs.getTabs().addAll(more);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("training-results-tabs");
        // read when first looked at, not while the window opens
        recorded.selectedProperty().addListener((o, was, is) -> {
            if (is) {
                runs.reload();
            }
        });
        return tabs;
    }

    public RunsView(RunsViewModel vm) {
        this.vm = vm;
        setId("runs-view");
        java.net.URL css = RunsView.class.getResource("/io/layerloom/app/designer/runs.css");
        if (css != null) {
            getStylesheets().add(css.toExternalForm());
        }
        table.setId("runs-table");
        table.setEditable(true);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label("No runs recorded yet."));
        // a sorted view of the rows: the table's sort holds when the runs are read again (a new run arrives)
        javafx.collections.transformation.SortedList<Row> sorted = new javafx.collections.transformation.SortedList<>(vm.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        vm.columns().addListener((ListChangeListener<String>) c -> columns());
        vm.highlighted().addListener((ListChangeListener<String>) c -> table.refresh());
        vm.rows().addListener((ListChangeListener<Row>) c -> table.refresh());
        vm.ticked().addListener((ListChangeListener<Row>) c -> curves());
        columns();

        Label message = new Label();
        message.getStyleClass().add("runs-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.managedProperty().bind(vm.messageProperty().isNotEmpty());
        Button discard = new Button("Discard Selected");
        discard.setId("runs-discard");
        discard.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(table.getSelectionModel().getSelectedItems()));
        discard.setOnAction(e -> vm.discard(List.copyOf(table.getSelectionModel().getSelectedItems())));
        Button reload = new Button("Reload");
        reload.setOnAction(e -> vm.reload());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label hint = new Label("Tick runs to overlay their curves; highlighted: settings that differ between the ticked runs.");
        hint.getStyleClass().add("runs-hint");
        hint.setMinWidth(0);
        reload.setMinWidth(Region.USE_PREF_SIZE);
        discard.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, hint, gap, reload, discard);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox top = new VBox(4, bar, message);
        top.setPadding(new javafx.geometry.Insets(6, 8, 6, 8));

        HBox charts = new HBox(8, loss, accuracy);
        HBox.setHgrow(loss, Priority.ALWAYS);
        HBox.setHgrow(accuracy, Priority.ALWAYS);
        SplitPane split = new SplitPane(table, charts);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        setTop(top);
        setCenter(split);
    }

    /**
     * The fixed columns, then one per setting that differs between the runs. Columns are made once
     * per title and kept, so that a new run, which may add a setting column, keeps the sort.
     */
    private void columns() {
        if (fixed.isEmpty()) {
            fixed.addAll(fixedColumns());
        }
        List<TableColumn<Row, ?>> all = new java.util.ArrayList<>(fixed);
        for (String key : vm.columns()) {
            all.add(settingColumns.computeIfAbsent(key, k -> text(k, r -> r.setting(k), k, Math.max(80, 9 * k.length() + 24))));
        }
        List<TableColumn<Row, ?>> order = List.copyOf(table.getSortOrder());
        table.getColumns().setAll(all);
        table.getSortOrder().setAll(order.stream().filter(all::contains).toList());
    }

    private List<TableColumn<Row, ?>> fixedColumns() {
        TableColumn<Row, Boolean> tick = new TableColumn<>("");
        tick.setCellValueFactory(d -> d.getValue().tickedProperty());
        tick.setCellFactory(CheckBoxTableCell.forTableColumn(tick));
        tick.setEditable(true);
        tick.setSortable(false);
        tick.setPrefWidth(30);
        List<TableColumn<Row, ?>> all = new java.util.ArrayList<>(List.of(tick,
                text("Started", Row::started, null, 130), text("Outcome", Row::outcome, null, 95),
                number("Epochs", r -> r.epochs(), "%.0f"), number("Val loss", r -> r.run().finalValidationLoss(), "%.4f"),
                number("Test acc", r -> r.run().testAccuracy() * 100, "%.2f%%"),
                number("Time", r -> r.run().durationSeconds(), "%.0f s")));
        all.get(5).setId("runs-test-accuracy");
        return all;
    }

    /** A text column; {@code setting} names the setting it shows, highlighted where the ticked runs differ in it. */
    private TableColumn<Row, String> text(String title, Function<Row, String> value, String setting, double width) {
        TableColumn<Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                Row row = empty || getTableRow() == null ? null : getTableRow().getItem();
                boolean differs = row != null && setting != null && row.tickedProperty().get() && vm.highlighted().contains(setting);
                getStyleClass().remove(DIFFERS);
                if (differs) {
                    getStyleClass().add(DIFFERS);
                }
            }
        });
        return c;
    }

    /** A numeric column that sorts as numbers; NaN shows as "-" and sorts first. */
    private static TableColumn<Row, Number> number(String title, ToDoubleFunction<Row> value, String format) {
        TableColumn<Row, Number> c = new TableColumn<>(title);
        c.setPrefWidth(82);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.applyAsDouble(d.getValue())));
        c.setComparator((a, b) -> Double.compare(a.doubleValue(), b.doubleValue()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Number item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : Double.isFinite(item.doubleValue())
                        ? String.format(Locale.ROOT, format, item.doubleValue()) : "-");
            }
        });
        c.getStyleClass().add("runs-number");
        return c;
    }

    /** One series per ticked run in each chart, named by what sets it apart. */
    private void curves() {
        List<String> differing = List.copyOf(vm.highlighted());
        loss.getData().clear();
        accuracy.getData().clear();
        int longest = 2;
        for (Row row : vm.ticked()) {
            XYChart.Series<Number, Number> l = new XYChart.Series<>();
            XYChart.Series<Number, Number> a = new XYChart.Series<>();
            l.setName(row.label(differing));
            a.setName(row.label(differing));
            for (RunRecord.EpochMetrics e : row.run().epochs()) {
                if (Double.isFinite(e.validationLoss())) {
                    l.getData().add(new XYChart.Data<>(e.epoch(), e.validationLoss()));
                }
                if (Double.isFinite(e.validationAccuracy())) {
                    a.getData().add(new XYChart.Data<>(e.epoch(), e.validationAccuracy()));
                }
                longest = Math.max(longest, e.epoch());
            }
            loss.getData().add(l);
            accuracy.getData().add(a);
        }
        for (LineChart<Number, Number> c : List.of(loss, accuracy)) {
            NumberAxis x = (NumberAxis) c.getXAxis();
            x.setUpperBound(longest);
            x.setTickUnit(Math.max(1, Math.ceil(longest / 8.0)));
        }
    }

    private static LineChart<Number, Number> chart(String id, String title) {
        NumberAxis x = new NumberAxis(1, 2, 1);
        x.setAutoRanging(false);
        x.setLabel("epoch");
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(false);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setId(id);
        c.setTitle(title);
        c.setAnimated(false);
        c.setCreateSymbols(true);
        c.setMinHeight(180);
        return c;
    }
}
