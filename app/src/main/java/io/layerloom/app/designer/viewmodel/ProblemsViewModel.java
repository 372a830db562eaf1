package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.Severity;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Every diagnostic of the analysis as a row, errors first, then warnings, then notes, each group
 * in the analysis's order (which follows the graph), and the command that shows a row's node.
 */
public final class ProblemsViewModel {

    /** One diagnostic as the Problems list shows it. */
    public record Row(Severity severity, String code, String node, String message, String fix, Diagnostic diagnostic) {

        static Row of(Diagnostic d) {
            return new Row(d.severity(), d.code().name(), d.node().orElse(""), d.message(),
                    d.fixes().isEmpty() ? "" : d.fixes().get(0), d);
        }

        public boolean hasNode() {
            return !node.isEmpty();
        }

        /** The node id as shown: control characters and blanks made visible. */
        public String nodeText() {
            return node.isEmpty() ? "" : Text.display(node);
        }
    }

    private static final Comparator<Row> ERRORS_FIRST = Comparator.comparingInt(r -> r.severity().ordinal());

    // Properties
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    /** The read-only view handed out, one instance, so that listeners on it stay registered. */
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final BooleanBinding empty = Bindings.isEmpty(rows);

    private final DocumentViewModel document;

    public ProblemsViewModel(DocumentViewModel document) {
        this.document = Objects.requireNonNull(document, "document");
        document.analysisProperty().addListener((obs, old, now) -> refresh(now));
        refresh(document.analysis());
    }

    // Commands

    /** Selects the row's node and brings it into view; a graph-wide problem has no node to show. */
    public void open(Row row) {
        if (row != null && row.hasNode()) {
            document.reveal(row.node());
        }
    }

    // Property accessors

    public ObservableList<Row> rows() {
        return rowsView;
    }

    public BooleanBinding emptyProperty() {
        return empty;
    }

    /** "2 errors, 1 warning" for a header; "No problems" when there are none. */
    public String countText() {
        long errors = rows.stream().filter(r -> r.severity() == Severity.ERROR).count();
        long warnings = rows.stream().filter(r -> r.severity() == Severity.WARNING).count();
        long notes = rows.size() - errors - warnings;
        if (rows.isEmpty()) {
            return "No problems";
        }
        List<String> parts = new ArrayList<>();
        if (errors > 0) {
            parts.add(errors + (errors == 1 ? " error" : " errors"));
        }
        if (warnings > 0) {
            parts.add(warnings + (warnings == 1 ? " warning" : " warnings"));
        }
        if (notes > 0) {
            parts.add(notes + (notes == 1 ? " note" : " notes"));
        }
        return String.join(", ", parts);
    }

    // Internals

    private void refresh(Analysis analysis) {
        List<Row> next = analysis == null ? List.of()
                : ShownDiagnostics.of(analysis).stream().map(Row::of).sorted(ERRORS_FIRST).toList();
        if (!next.equals(rows)) {
            rows.setAll(next);
        }
    }
}
