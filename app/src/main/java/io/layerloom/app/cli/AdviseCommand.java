package io.layerloom.app.cli;

import io.layerloom.model.advice.Advice;
import io.layerloom.model.advice.AdviceText;
import io.layerloom.model.advice.EfficiencyAdvisor;
import io.layerloom.model.advice.Suggestion;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.json.PlainJson;
import io.layerloom.model.report.Formats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerloom advise}: each layer's share of the parameters and MACs (and of the time,
 * given a profile) and the efficiency advisor's suggestions with their exact savings; with
 * {@code --apply ID --out NEW.json}, the graph with one suggestion applied.
 */
@Command(name = "advise", mixinStandardHelpOptions = true,
        description = {"Print each layer's share of the parameters and MACs and suggestions (MobileNet, bottleneck, "
                + "global pooling, grouped convolution) with the parameters and MACs before and after each.",
                "Exit 0 when advised (or applied), 1 when the graph has errors, 2 when a file, ID or option cannot be used."})
final class AdviseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The graph .json file.")
    Path file;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--apply", paramLabel = "ID", description = "Apply the suggestion with this id (as listed) and write the result to --out.")
    String apply;

    @Option(names = "--out", paramLabel = "NEW.json", description = "Where --apply writes the edited graph (not FILE itself).")
    Path out;

    @Option(names = "--profile", paramLabel = "PROFILE.json",
            description = "A `layerloom profile --json` of this graph: adds each layer's share of the layers' time.")
    Path profile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((apply == null) != (out == null)) {
            throw new ParameterException(spec.commandLine(), apply == null
                    ? "--out needs --apply ID: name the suggestion to apply (run without options to list them)."
                    : "--apply needs --out NEW.json: the file to write the edited graph to.");
        }
        Optional<Graph> graph = GraphFiles.read(file, err);
        if (graph.isEmpty()) {
            return LayerloomCommand.UNREADABLE;
        }
        Map<String, Double> millis = Map.of();
        if (profile != null) {
            Optional<Map<String, Double>> read = layerMillis(profile, err);
            if (read.isEmpty()) {
                return LayerloomCommand.UNREADABLE;
            }
            millis = read.get();
        }
        Advice advice = EfficiencyAdvisor.advise(graph.get(), GraphAnalysis.analyze(graph.get()), millis);
        if (apply != null) {
            return apply(graph.get(), advice, stdout, err);
        }
        stdout.print(json ? AdviceText.json(graph.get().name(), advice) : AdviceText.render(advice));
        stdout.flush();
        return advice.refusal().isPresent() ? LayerloomCommand.HAS_ERRORS : 0;
    }

    private int apply(Graph graph, Advice advice, PrintWriter stdout, PrintWriter err) {
        if (advice.refusal().isPresent()) {
            err.println("layerloom advise: " + file + ": " + advice.refusal().get());
            return LayerloomCommand.HAS_ERRORS;
        }
        Optional<Suggestion> chosen = advice.suggestion(apply);
        if (chosen.isEmpty()) {
            err.println("layerloom advise: " + file + " has no suggestion '" + apply + "'. "
                    + (advice.suggestions().isEmpty() ? "It has none." : "Its suggestions: " + String.join(", ",
                    advice.suggestions().stream().map(Suggestion::id).limit(12).toList())
                    + (advice.suggestions().size() > 12 ? ", ..." : "") + "."));
            return LayerloomCommand.UNREADABLE;
        }
        try {
            if (Files.exists(out) && Files.isSameFile(out, file)) {
                err.println("layerloom advise: --out is FILE itself; write the edited graph to a new file and compare.");
                return LayerloomCommand.UNREADABLE;
            }
            GraphJson.write(chosen.get().edit().apply(graph), out);
        } catch (IOException e) {
            err.println("layerloom advise: cannot write " + out + ": " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        }
        Suggestion s = chosen.get();
        stdout.println("Applied " + s.id() + " (" + s.edit().description() + "), wrote " + out + ".");
        stdout.println("params " + Formats.grouped(s.before().params()) + " -> " + Formats.grouped(s.after().params())
                + ", MACs " + Formats.grouped(s.before().macs()) + " -> " + Formats.grouped(s.after().macs()) + ".");
        stdout.flush();
        return 0;
    }

    /** Each node's forward plus backward time from a profile's JSON, or empty after saying why not. */
    static Optional<Map<String, Double>> layerMillis(Path profile, PrintWriter err) {
        Object root;
        try {
            root = PlainJson.read(profile);
        } catch (GraphFormatException | IOException e) {
            err.println("layerloom advise: --profile " + profile + " cannot be read as JSON: " + e.getMessage());
            return Optional.empty();
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("nodes") instanceof List<?> nodes)) {
            err.println("layerloom advise: --profile " + profile + " has no \"nodes\" array; give the output of "
                    + "`layerloom profile FILE --json > PROFILE.json`.");
            return Optional.empty();
        }
        Map<String, Double> millis = new HashMap<>();
        for (Object item : nodes) {
            if (item instanceof Map<?, ?> n && n.get("id") instanceof String id && n.get("forwardMs") instanceof Number f
                    && n.get("backwardMs") instanceof Number b) {
                millis.put(id, f.doubleValue() + b.doubleValue());
            }
        }
        return Optional.of(millis);
    }
}
