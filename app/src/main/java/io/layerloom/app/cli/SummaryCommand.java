package io.layerloom.app.cli;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.report.SummaryJson;
import io.layerloom.model.report.SummaryText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code layerloom summary}: the model.summary()-style table of a graph, as text or JSON.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Print a model.summary()-style table: each layer's output shape, parameters, MACs and "
                + "receptive field, then totals, memory and problems.",
                "Exit 0 when the graph is valid, 1 when it has errors (the table is still printed), 2 when it cannot be read."})
final class SummaryCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The graph .json file.")
    Path file;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32",
            description = "Batch size for the training memory estimate (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
        }
        PrintWriter out = spec.commandLine().getOut();
        Optional<Graph> graph = GraphFiles.read(file, spec.commandLine().getErr());
        if (graph.isEmpty()) {
            return LayerloomCommand.UNREADABLE;
        }
        Analysis a = GraphAnalysis.analyze(graph.get());
        out.print(json ? SummaryJson.render(graph.get(), a, batch) : SummaryText.render(graph.get(), a, batch));
        out.flush();
        return a.hasErrors() ? LayerloomCommand.HAS_ERRORS : 0;
    }
}
