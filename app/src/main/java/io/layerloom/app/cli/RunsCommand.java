package io.layerloom.app.cli;

import io.layerloom.app.runs.RunFiles;
import io.layerloom.app.runs.RunJson;
import io.layerloom.app.runs.RunRecord;
import io.layerloom.app.runs.RunTable;
import io.layerloom.model.json.PlainJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerloom runs}: the recorded training runs of a graph (NAME.runs/), as a table or as JSON. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the training runs recorded beside a graph (NAME.runs/, one JSON file per run that train, "
                + "sweep or the window made): id, outcome, epochs, validation loss, test accuracy, time, and the settings "
                + "that differ between runs.",
                "Exit 0, also when there are no runs; 2 when a record cannot be read (the others are still listed)."})
final class RunsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The graph .json file.")
    Path file;

    @Option(names = "--json", description = "Print {\"graph\", \"folder\", \"runs\": [every record, as its file holds it], "
            + "\"problems\": [...]} (docs/runs.md).")
    boolean json;

    @Option(names = "--discard", paramLabel = "ID", description = "Delete the record of run ID: a run you do not want to keep.")
    String discard;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("layerloom runs: " + file + ": no such graph file.");
            return LayerloomCommand.UNREADABLE;
        }
        try {
            if (discard != null) {
                if (!RunFiles.discard(file, discard)) {
                    err.println("layerloom runs: " + file + " has no run '" + discard + "' (see 'layerloom runs " + file + "').");
                    return LayerloomCommand.UNREADABLE;
                }
                out.println("Discarded run " + discard + ".");
                return 0;
            }
            RunFiles.Listing listing = RunFiles.list(file);
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("graph", file.getFileName().toString());
                m.put("folder", RunFiles.folderFor(file).getFileName().toString());
                m.put("runs", listing.runs().stream().map(r -> (Object) RunJson.json(r)).toList());
                m.put("problems", listing.problems());
                out.print(PlainJson.write(m));
            } else {
                List<RunRecord> runs = listing.runs();
                out.print(runs.isEmpty() ? "No runs recorded for " + file + " (train it: layerloom train " + file + " --data ...).\n"
                        : RunTable.render(runs));
                listing.problems().forEach(p -> err.println("layerloom runs: cannot read " + p));
            }
            out.flush();
            return listing.problems().isEmpty() ? 0 : LayerloomCommand.UNREADABLE;
        } catch (IOException e) {
            err.println("layerloom runs: " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        }
    }
}
