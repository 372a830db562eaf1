package io.layerloom.app.cli;

import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.report.DiagnosticText;
import io.layerloom.model.util.Text;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Diagnostics under "node 'c1' (Conv2D)" headings, in node order, graph-wide ones last. */
final class DiagnosticsByNode {

    private DiagnosticsByNode() {
    }

    /** True, after {@link #refuse} printed them, when {@code analysis} of {@code g} has errors. */
    static boolean refusesErrors(java.nio.file.Path file, String verb, Graph g,
                                 io.layerloom.model.analysis.Analysis analysis, PrintWriter err) {
        List<Diagnostic> errors = analysis.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (errors.isEmpty()) {
            return false;
        }
        refuse(file, verb, g, errors, err);
        return true;
    }

    /**
     * Why a command refuses the graph: "FILE: cannot VERB: N errors." and the errors by node, on
     * {@code err}.
     */
    static void refuse(java.nio.file.Path file, String verb, Graph g, List<Diagnostic> errors, PrintWriter err) {
        err.println(file + ": cannot " + verb + ": " + errors.size() + (errors.size() == 1 ? " error." : " errors."));
        print(g, errors, err);
    }

    static void print(Graph g, List<Diagnostic> diagnostics, PrintWriter out) {
        Map<String, List<Diagnostic>> groups = new LinkedHashMap<>();
        for (Diagnostic d : diagnostics) {
            String heading = d.node().map(id -> "node '" + Text.display(id) + "'" + g.node(id).map(Node::kind)
                    .map(k -> " (" + k.name() + ")").orElse("")).orElse("graph");
            groups.computeIfAbsent(heading, k -> new ArrayList<>()).add(d);
        }
        groups.forEach((heading, list) -> {
            out.println(heading);
            list.forEach(d -> out.print(DiagnosticText.render(d).indent(2)));
        });
        out.flush();
    }
}
