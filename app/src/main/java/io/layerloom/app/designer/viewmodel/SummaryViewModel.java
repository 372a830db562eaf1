package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Cost;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.Severity;
import io.layerloom.model.analysis.Totals;
import io.layerloom.model.report.Formats;
import io.layerloom.model.report.SummaryText;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The model.summary() table: one row per layer in topological order, totals and memory at a
 * chosen batch size, and the same table as text for the clipboard.
 */
public final class SummaryViewModel {

    public static final int DEFAULT_BATCH = 32;
    public static final int MAX_BATCH = 65_536;

    /** One layer's line; numbers are preformatted, {@code flagged} when the layer has a problem. */
    public record Row(String id, String kind, String layer, String shape, String params, String macs,
                      String receptiveField, String inputs, boolean flagged) {
    }

    // Properties
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    /** The read-only view handed out, one instance, so that listeners on it stay registered. */
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final IntegerProperty batch = new SimpleIntegerProperty(this, "batch", DEFAULT_BATCH);
    private final ReadOnlyStringWrapper totalParams = new ReadOnlyStringWrapper(this, "totalParams", "");
    private final ReadOnlyStringWrapper trainableParams = new ReadOnlyStringWrapper(this, "trainableParams", "");
    private final ReadOnlyStringWrapper nonTrainableParams = new ReadOnlyStringWrapper(this, "nonTrainableParams", "");
    private final ReadOnlyStringWrapper macs = new ReadOnlyStringWrapper(this, "macs", "");
    private final ReadOnlyStringWrapper paramMemory = new ReadOnlyStringWrapper(this, "paramMemory", "");
    private final ReadOnlyStringWrapper trainingMemory = new ReadOnlyStringWrapper(this, "trainingMemory", "");
    private final ReadOnlyStringWrapper incomplete = new ReadOnlyStringWrapper(this, "incomplete", "");
    private final javafx.beans.property.ReadOnlyObjectWrapper<Row> selectedRow =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "selectedRow");

    private final DocumentViewModel document;

    public SummaryViewModel(DocumentViewModel document) {
        this.document = Objects.requireNonNull(document, "document");
        document.analysisProperty().addListener((obs, old, now) -> refresh());
        batch.addListener((obs, old, now) -> refreshTotals(document.analysis()));
        document.selection().addListener((javafx.collections.ListChangeListener<String>) c -> refreshSelectedRow());
        refresh();
    }

    // Commands

    /** Selects the row's node (the canvas shows it). */
    public void open(Row row) {
        if (row != null) {
            document.reveal(row.id());
        }
    }

    /** The table as plain text, as {@code layerloom summary} prints it, at the current batch size. */
    public String summaryText() {
        Analysis a = document.analysis();
        return a == null ? "" : SummaryText.render(document.graph(), a, batchSize());
    }

    // Property accessors

    /** The row of the selected layer (the first, when several are selected), or null: the table highlights it. */
    public javafx.beans.property.ReadOnlyObjectProperty<Row> selectedRowProperty() {
        return selectedRow.getReadOnlyProperty();
    }

    public ObservableList<Row> rows() {
        return rowsView;
    }

    /** Examples per step for the training memory estimate; values below 1 count as 1. */
    public IntegerProperty batchProperty() {
        return batch;
    }

    public ReadOnlyStringProperty totalParamsProperty() {
        return totalParams.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty trainableParamsProperty() {
        return trainableParams.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nonTrainableParamsProperty() {
        return nonTrainableParams.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty macsProperty() {
        return macs.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty paramMemoryProperty() {
        return paramMemory.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty trainingMemoryProperty() {
        return trainingMemory.getReadOnlyProperty();
    }

    /** Why the totals leave some layers out, or empty when they count every layer. */
    public ReadOnlyStringProperty incompleteProperty() {
        return incomplete.getReadOnlyProperty();
    }

    // Internals

    private int batchSize() {
        return Math.max(1, Math.min(MAX_BATCH, batch.get()));
    }

    private void refresh() {
        Analysis a = document.analysis();
        List<Row> next = new ArrayList<>();
        if (a != null) {
            Set<String> flagged = new HashSet<>();
            for (Diagnostic d : a.diagnostics()) {
                if (d.severity() != Severity.INFO) {
                    d.node().ifPresent(flagged::add);
                }
            }
            for (NodeResult r : a.nodes()) {
                next.add(new Row(r.id(), r.kind(), Text.display(r.id()) + " (" + r.kind() + ")",
                        Formats.shape(r.output()),
                        r.cost().map(c -> Formats.grouped(c.params())).orElse("?"),
                        r.cost().map(Cost::macs).map(Formats::grouped).orElse("?"),
                        r.output().isPresent() ? Formats.receptiveField(r.receptiveField()) : "?",
                        String.join(", ", r.inputs().stream().map(Text::display).toList()),
                        flagged.contains(r.id())));
            }
        }
        if (!next.equals(rows)) {
            rows.setAll(next);
        }
        refreshSelectedRow();
        refreshTotals(a);
    }

    private void refreshSelectedRow() {
        List<String> selected = document.selection();
        Row found = null;
        for (String id : selected) {
            for (Row r : rows) {
                if (r.id().equals(id)) {
                    found = r;
                    break;
                }
            }
            if (found != null) {
                break;
            }
        }
        selectedRow.set(found);
    }

    private void refreshTotals(Analysis a) {
        if (a == null) {
            for (ReadOnlyStringWrapper w : List.of(totalParams, trainableParams, nonTrainableParams, macs, paramMemory,
                    trainingMemory, incomplete)) {
                w.set("");
            }
            return;
        }
        Totals t = a.totals();
        totalParams.set(Formats.grouped(t.params()));
        trainableParams.set(Formats.grouped(t.trainableParams()));
        nonTrainableParams.set(Formats.grouped(t.nonTrainableParams()));
        macs.set(Formats.si(t.macs()) + " (" + Formats.grouped(t.macs()) + ")");
        paramMemory.set(Formats.bytes(t.paramBytes()));
        trainingMemory.set(Formats.bytes(t.trainingBytes(batchSize())));
        incomplete.set(t.complete() ? "" : "Totals leave out layers whose shape is unknown: fix the errors first.");
    }
}
