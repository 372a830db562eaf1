package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Severity;
import io.layerloom.model.report.Formats;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The window's status texts: the status line (what the file and export commands did, and any
 * background task that failed), the totals beside it ("12 layers · 61,706 params · 0 errors ·
 * 1 warning") and the Problems tab's title with its count. One per window.
 */
public final class StatusViewModel {

    // Properties
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final StringBinding totals;
    private final StringBinding problemsTitle;

    /** Follows {@code document}'s analysis; {@code tasks}' failures are shown on the status line. */
    public StatusViewModel(DocumentViewModel document, BackgroundTasks tasks) {
        totals = Bindings.createStringBinding(() -> totalsText(document.analysis()), document.analysisProperty());
        problemsTitle = Bindings.createStringBinding(() -> problemsTitle(document.analysis()), document.analysisProperty());
        tasks.onFailure(this::show);
    }

    // Commands

    /** Puts {@code text} on the status line. */
    public void show(String text) {
        message.set(text);
    }

    // Property accessors

    /** The last thing a command did or found wrong. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** "12 layers · 61,706 params · 0 errors · 1 warning"; empty before the first analysis. */
    public StringBinding totalsProperty() {
        return totals;
    }

    /** "Problems", or "Problems (3)" when the analysis found any. */
    public StringBinding problemsTitleProperty() {
        return problemsTitle;
    }

    // Internals

    static String problemsTitle(Analysis analysis) {
        int shown = analysis == null ? 0 : ShownDiagnostics.of(analysis).size();
        return shown == 0 ? "Problems" : "Problems (" + shown + ")";
    }

    static String totalsText(Analysis a) {
        if (a == null) {
            return "";
        }
        long errors = ShownDiagnostics.count(a, Severity.ERROR);
        long warnings = ShownDiagnostics.count(a, Severity.WARNING);
        StringBuilder s = new StringBuilder();
        s.append(a.nodes().size()).append(a.nodes().size() == 1 ? " layer" : " layers");
        s.append(" \u00B7 ").append(Formats.grouped(a.totals().params())).append(" params");
        s.append(" \u00B7 ").append(errors).append(errors == 1 ? " error" : " errors");
        s.append(" \u00B7 ").append(warnings).append(warnings == 1 ? " warning" : " warnings");
        return s.toString();
    }
}
