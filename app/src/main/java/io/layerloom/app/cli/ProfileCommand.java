package io.layerloom.app.cli;

import io.layerloom.app.profile.Profile;
import io.layerloom.app.profile.ProfileJson;
import io.layerloom.app.profile.ProfileText;
import io.layerloom.app.profile.Profiler;
import io.layerloom.app.runtime.NetworkWork;
import io.layerloom.app.runtime.ThreadChoice;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerloom profile}: where a training iteration of a graph spends its time, layer by layer,
 * measured through DL4J on this machine ({@link Profiler}).
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Measure where one training iteration spends its time on this machine: each layer's forward and "
                + "backward pass (the median over iterations after warm-up), its share of the iteration and its achieved "
                + "GFLOP/s, and the time outside the layers (data, loss, optimizer step, DL4J's bookkeeping). The network "
                + "is built and trained exactly as 'layerloom train' does, on random values of the Input's shape unless "
                + "--data is given; nothing is saved.",
                "Exit 0 when profiled, 1 when the graph has errors or cannot run, 2 when the file or the data cannot be read."})
final class ProfileCommand implements Callable<Integer> {

    /** Progress goes to stderr once an iteration (after the first) has taken longer than this. */
    private static final double PROGRESS_AFTER_SECONDS = 1;

    @Parameters(paramLabel = "FILE", description = "The graph .json file.")
    Path file;

    @Option(names = "--batch", paramLabel = "N", description = "Examples per iteration (default: the file's training batch size, else 64).")
    Integer batch;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "" + Profiler.DEFAULT_WARMUP,
            description = "Iterations run before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iterations", paramLabel = "N", description = "Iterations measured (default: "
            + Profiler.DEFAULT_ITERATIONS + ", fewer, at least 5, when they would take more than about 10 s).")
    Integer iterations;

    @Option(names = "--data", paramLabel = "NAME|PATH", description = "Train on this data set, as 'layerloom train --data' "
            + "takes it (default: random values of the Input's shape; the data time then is that of training's iterator).")
    String data;

    @Option(names = "--json", description = "Print JSON (docs/profile.md) instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Profiler.Options options;
        try {
            threads.check();
            options = new Profiler.Options(batch, warmup, iterations, null, data);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), optionName(e.getMessage()));
        }
        Optional<Graph> read = GraphFiles.read(file, err);
        if (read.isEmpty()) {
            return LayerloomCommand.UNREADABLE;
        }
        Graph graph = read.get();
        Analysis analysis = GraphAnalysis.analyze(graph);
        if (DiagnosticsByNode.refusesErrors(file, "profile", graph, analysis, err)) {
            return LayerloomCommand.HAS_ERRORS;
        }
        // profiled as train would run it: the same threads for the same network and batch
        ThreadChoice threadChoice = threads.choice(NetworkWork.of(graph, analysis, options.batchFor(graph),
                NetworkWork.Pass.TRAINING).orElse(null));
        options = options.withThreads(threadChoice.threads());
        if (!json) {
            err.println("layerloom profile: computing with " + threadChoice.describe() + "; --threads N to choose.");
        }
        long[] last = {0};
        int[] updates = {0};
        boolean[] showing = {false};
        Profiler.Progress progress = (what, fraction) -> {
            long now = System.nanoTime();
            // the first iteration is always slow (DL4J sizes its workspaces, the JIT warms up): judge by the second
            if (!showing[0] && updates[0]++ >= 2 && (now - last[0]) / 1e9 > PROGRESS_AFTER_SECONDS) {
                showing[0] = true;
            }
            last[0] = now;
            if (showing[0]) {
                err.printf("layerloom profile: %s (%d%%)%n", what.toLowerCase(java.util.Locale.ROOT), Math.round(fraction * 100));
                err.flush();
            }
        };
        Profile profile;
        try {
            profile = Profiler.run(graph, options, progress, () -> Thread.currentThread().isInterrupted());
        } catch (Profiler.ProfileException e) {
            err.println("layerloom profile: " + file + ": " + e.getMessage() + " " + e.fix());
            return e.unreadableData() ? LayerloomCommand.UNREADABLE : LayerloomCommand.HAS_ERRORS;
        }
        out.print(json ? ProfileJson.render(profile) : ProfileText.render(profile));
        out.flush();
        return 0;
    }

    /** The options' messages name the option as the user typed it. */
    private String optionName(String message) {
        if (message.startsWith("the batch size")) {
            return "--batch" + message.substring("the batch size".length());
        }
        if (message.startsWith("warm-up")) {
            return "--warmup: " + message;
        }
        if (message.startsWith("at least 1 iteration")) {
            return "--iterations: " + message;
        }
        if (message.startsWith("threads")) {
            return "--threads" + message.substring("threads".length());
        }
        return message;
    }
}
