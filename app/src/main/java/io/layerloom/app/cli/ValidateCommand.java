package io.layerloom.app.cli;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.Severity;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.report.Formats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code layerloom validate}: checks a graph file and lists its problems by node.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a graph file and list its problems by node.",
                "Exit 0 when it is valid (warnings allowed), 1 when it has errors, 2 when it cannot be read."})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The graph .json file.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Graph> graph = GraphFiles.read(file, err);
        if (graph.isEmpty()) {
            return LayerloomCommand.UNREADABLE;
        }
        Graph g = graph.get();
        Analysis a = GraphAnalysis.analyze(g);
        long errors = a.count(Severity.ERROR);
        long warnings = a.count(Severity.WARNING);
        if (errors == 0) {
            out.println(file + ": valid: " + g.size() + " layers, " + Formats.grouped(a.totals().params()) + " parameters"
                    + (warnings > 0 ? ", " + warnings + (warnings == 1 ? " warning" : " warnings") : "") + ".");
        } else {
            out.println(file + ": " + errors + (errors == 1 ? " error" : " errors") + ", " + warnings
                    + (warnings == 1 ? " warning" : " warnings") + ".");
        }
        DiagnosticsByNode.print(g, a.diagnostics(), out);
        out.flush();
        return errors > 0 ? LayerloomCommand.HAS_ERRORS : 0;
    }

}
