package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.DiagnosticCode;
import io.layerloom.model.analysis.Severity;
import java.util.List;

/**
 * The diagnostics the window lists and counts. An empty graph is where every design starts, so
 * its EMPTY_GRAPH is left out: the empty canvas says how to begin instead of a red "1 error".
 * The command line still reports it (`validate` exits 1: there is no network to build).
 */
final class ShownDiagnostics {

    private ShownDiagnostics() {
    }

    static List<Diagnostic> of(Analysis a) {
        return a.diagnostics().stream().filter(d -> d.code() != DiagnosticCode.EMPTY_GRAPH).toList();
    }

    static long count(Analysis a, Severity severity) {
        return of(a).stream().filter(d -> d.severity() == severity).count();
    }
}
