package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.BlockAnalysis;
import io.layerloom.model.analysis.Cost;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.Severity;
import io.layerloom.model.analysis.Totals;
import io.layerloom.model.graph.Block;
import io.layerloom.model.graph.BlockEdits;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.report.Formats;
import io.layerloom.model.report.SummaryText;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The model.summary() table: one row per layer in topological order, a block as one row with its
 * totals (the figures of {@code summary --json}'s blocks) that opens to show its layers under it,
 * totals and memory at a chosen batch size, and the same table as text for the clipboard.
 */
public final class SummaryViewModel {

    public static final int DEFAULT_BATCH = 32;
    public static final int MAX_BATCH = 65_536;

    /** Whether a row is a layer's ({@code NONE}) or a block's, folded or showing its layers. */
    public enum Fold { NONE, FOLDED, OPEN }

    /**
     * One layer's line, or a block's with its totals (the block's id, {@code kind} its type,
     * {@code receptiveField} its growth, as {@code summary --json}'s blocks); numbers are
     * preformatted, {@code flagged} when the layer (a layer of the block) has a problem;
     * {@code block} is the block a layer row belongs to (or the block's own id), else empty.
     */
    public record Row(String id, String kind, String layer, String shape, String params, String macs,
                      String receptiveField, String inputs, boolean flagged, String block, Fold fold) {

        /** A layer outside any block. */
        public Row(String id, String kind, String layer, String shape, String params, String macs,
                   String receptiveField, String inputs, boolean flagged) {
            this(id, kind, layer, shape, params, macs, receptiveField, inputs, flagged, "", Fold.NONE);
        }

        public boolean isBlock() {
            return fold != Fold.NONE;
        }
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
    /** The blocks whose layers the table shows under their row; the others are one row. */
    private final Set<String> open = new HashSet<>();

    public SummaryViewModel(DocumentViewModel document) {
        this.document = Objects.requireNonNull(document, "document");
        document.analysisProperty().addListener((obs, old, now) -> refresh());
        // Another document: its blocks start folded, even those with the names of the last one's.
        document.openedProperty().addListener((obs, old, now) -> {
            open.clear();
            refresh();
        });
        batch.addListener((obs, old, now) -> refreshTotals(document.analysis()));
        document.selection().addListener((javafx.collections.ListChangeListener<String>) c -> selectionChanged());
        refresh();
    }

    // Commands

    /** Selects the row's node (the canvas shows it); a block's row selects the block's card. */
    public void open(Row row) {
        if (row == null) {
            return;
        }
        Graph g = document.graph();
        document.reveal(row.isBlock() ? g.block(row.id()).map(b -> BlockEdits.cardMember(g, b)).orElse(null) : row.id());
    }

    /** Shows a block row's layers under it, or folds them into it again. */
    public void toggle(Row row) {
        if (row != null && row.isBlock()) {
            setOpen(row.id(), row.fold() == Fold.FOLDED);
        }
    }

    public void setOpen(String blockId, boolean show) {
        if (show ? open.add(blockId) : open.remove(blockId)) {
            refresh();
        }
    }

    /** The table as plain text, as {@code layerloom summary} prints it, at the current batch size. */
    public String summaryText() {
        Analysis a = document.analysis();
        return a == null ? "" : SummaryText.render(document.graph(), a, batchSize());
    }

    // Property accessors

    /**
     * The row of the selected layer (the first, when several are selected; a selected block card's
     * block row), or null: the table highlights it.
     */
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
            Graph g = document.graph();
            open.removeIf(id -> g.block(id).isEmpty());
            Set<String> shown = new HashSet<>();
            // A block's row stands where its first layer would, its layers under it while it is open.
            for (NodeResult r : a.nodes()) {
                Optional<Block> block = g.blockOf(r.id());
                if (block.isEmpty()) {
                    next.add(layerRow(r, flagged, ""));
                } else if (shown.add(block.get().id())) {
                    Block b = block.get();
                    boolean isOpen = open.contains(b.id());
                    next.add(blockRow(g, a, b, flagged, isOpen));
                    if (isOpen) {
                        a.nodes().stream().filter(m -> b.contains(m.id())).forEach(m -> next.add(layerRow(m, flagged, b.id())));
                    }
                }
            }
        }
        if (!next.equals(rows)) {
            rows.setAll(next);
        }
        refreshSelectedRow();
        refreshTotals(a);
    }

    private static Row layerRow(NodeResult r, Set<String> flagged, String block) {
        return new Row(r.id(), r.kind(), Text.display(r.id()) + " (" + r.kind() + ")",
                Formats.shape(r.output()),
                r.cost().map(c -> Formats.grouped(c.params())).orElse("?"),
                r.cost().map(Cost::macs).map(Formats::grouped).orElse("?"),
                r.output().isPresent() ? Formats.receptiveField(r.receptiveField()) : "?",
                String.join(", ", r.inputs().stream().map(Text::display).toList()),
                flagged.contains(r.id()), block, Fold.NONE);
    }

    /** A block's totals, from {@link BlockAnalysis} as {@code summary --json} writes them. */
    private static Row blockRow(Graph g, Analysis a, Block b, Set<String> flagged, boolean isOpen) {
        BlockAnalysis r = BlockAnalysis.of(g, a, b);
        String shapes = r.outputShapes().stream().map(Formats::shape).collect(java.util.stream.Collectors.joining(", "));
        return new Row(b.id(), b.type(), Text.display(b.id()) + " (" + b.type() + ", " + b.members().size()
                + (b.members().size() == 1 ? " layer)" : " layers)"), shapes.isEmpty() ? "-" : shapes,
                r.cost().map(c -> Formats.grouped(c.params())).orElse("?"),
                r.cost().map(Cost::macs).map(Formats::grouped).orElse("?"),
                r.growth().map(f -> "+" + Formats.receptiveField(Optional.of(f))).orElse("-"),
                String.join(", ", r.inputs().stream().map(Text::display).toList()),
                b.members().stream().anyMatch(flagged::contains), b.id(), isOpen ? Fold.OPEN : Fold.FOLDED);
    }

    /** A layer selected (not a block's card) inside a folded block: the block opens, to show the layer's row. */
    private void selectionChanged() {
        Graph g = document.graph();
        boolean opened = false;
        for (String id : document.selection()) {
            Optional<Block> folded = BlockEdits.collapsedShownBy(g, id).isPresent() ? Optional.empty()
                    : g.blockOf(id).filter(b -> !open.contains(b.id()));
            if (folded.isPresent()) {
                opened |= open.add(folded.get().id());
            }
        }
        if (opened) {
            refresh();
        } else {
            refreshSelectedRow();
        }
    }

    /** The selected layer's row, or its block's while the block is folded or its card is selected. */
    private void refreshSelectedRow() {
        Row found = null;
        Graph g = document.graph();
        for (String id : document.selection()) {
            boolean card = BlockEdits.collapsedShownBy(g, id).isPresent();
            found = rows.stream().filter(r -> !card && !r.isBlock() && r.id().equals(id)).findFirst()
                    .or(() -> rows.stream().filter(r -> r.isBlock() && r.id().equals(document.graph().blockOf(id)
                            .map(Block::id).orElse(null))).findFirst())
                    .orElse(null);
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
