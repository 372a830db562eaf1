package io.layerloom.app.cli;

import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataSources;
import io.layerloom.app.prune.FineTuning;
import io.layerloom.app.prune.MagnitudeMasks;
import io.layerloom.app.prune.PruneData;
import io.layerloom.app.prune.PruneNetworks;
import io.layerloom.app.prune.PruneSession;
import io.layerloom.app.prune.PrunedModelFiles;
import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.app.runtime.NetworkWork;
import io.layerloom.app.runtime.ThreadChoice;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.app.training.TrainingSignature;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.prune.FilterPruning;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerloom prune}: sensitivity analysis, structured (filter) pruning and magnitude pruning of a trained model. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Prune the model that 'layerloom train' saved beside FILE (NAME.dl4j.zip), as Distiller does.",
                "--sensitivity: for each convolution, the test accuracy with 10% .. 90% of its filters removed "
                        + "(smallest L1 norms first, no fine-tuning).",
                "--ratio R --out SMALL.json: remove R of every convolution's filters (smallest L1 norms first; convolutions "
                        + "summed by an Add lose the same filters), giving a genuinely smaller graph; copy the surviving "
                        + "weights, fine-tune for --fine-tune-epochs with the graph's training settings, and write SMALL.json and "
                        + "SMALL.dl4j.zip. Reports parameters, MACs, measured speed and test accuracy before and after.",
                "--unstructured --ratio R --out SMALL.json: instead set R of every weight array's weights, the smallest in "
                        + "magnitude, to zero, keep them zero while fine-tuning, and report each layer's sparsity (the graph "
                        + "stays as it is: for comparison).",
                "Exit 0 on success, 1 when the graph has errors or cannot be pruned as asked, 2 when a file or the data "
                        + "cannot be read or the command line is wrong."})
final class PruneCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The graph .json file the model was trained from.")
    Path file;

    @Option(names = "--data", paramLabel = "NAME|PATH", description = "The data set (default: the one the model was trained on).")
    String data;

    @Option(names = "--model", paramLabel = "PATH", description = "The trained model (default: NAME.dl4j.zip beside FILE).")
    Path model;

    @Option(names = "--sensitivity", description = "Print the sensitivity analysis.")
    boolean sensitivity;

    @Option(names = "--ratio", paramLabel = "R", description = "Fraction of each convolution's filters removed (0.5 halves "
            + "them); with --unstructured, of each weight array's weights.")
    Double ratio;

    @Option(names = "--unstructured", description = "Magnitude pruning: zero weights, keep every layer (with --ratio).")
    boolean unstructured;

    @Option(names = "--fine-tune-epochs", paramLabel = "N", defaultValue = "0",
            description = "Epochs of fine-tuning after pruning, with the graph's training settings (default: ${DEFAULT-VALUE}).")
    int fineTuneEpochs;

    @Option(names = "--out", paramLabel = "SMALL.json", description = "The pruned graph; its model is written beside it (SMALL.dl4j.zip).")
    Path out;

    @Mixin
    ThreadsOption threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkOptions();
        threads.check();
        Optional<Graph> read = GraphFiles.read(file, err);
        if (read.isEmpty()) {
            return LayerloomCommand.UNREADABLE;
        }
        Graph graph = read.get();
        Analysis analysis = GraphAnalysis.analyze(graph);
        if (DiagnosticsByNode.refusesErrors(file, "prune", graph, analysis, err)) {
            return LayerloomCommand.HAS_ERRORS;
        }
        Path modelFile = model != null ? model : ModelFiles.modelFor(file, null);
        if (!Files.isRegularFile(modelFile)) {
            err.println("layerloom prune: no trained model at " + modelFile + "; train one first with 'layerloom train " + file
                    + " --data ... --epochs N', or give --model PATH.");
            return LayerloomCommand.UNREADABLE;
        }
        List<Long> inputShape = TrainingSignature.inputShape(graph, analysis).orElse(DataSources.Request.defaults().imageShape());
        // pruning's passes are mostly evaluations at PruneNetworks.BATCH (sensitivity, accuracy, speed)
        ThreadChoice threadChoice = threads.choice(NetworkWork.of(graph, analysis, io.layerloom.app.prune.PruneNetworks.BATCH,
                NetworkWork.Pass.INFERENCE).orElse(null)).apply();
        err.println("layerloom prune: computing with " + threadChoice.describe() + "; --threads N to choose.");
        PruneSession session;
        try {
            PruneData pruneData = PruneData.load(modelFile, data, inputShape);
            session = PruneSession.open(graph, modelFile, pruneData);
        } catch (DataException e) {
            err.println("layerloom prune: " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        } catch (IOException e) {
            err.println("layerloom prune: " + modelFile + ": cannot read the model: " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        } catch (IllegalArgumentException e) {
            err.println("layerloom prune: " + file + ": " + e.getMessage());
            return LayerloomCommand.HAS_ERRORS;
        }
        String set = session.data().testName();
        if (sensitivity) {
            if (session.ties().groups().stream().allMatch(g -> g.removableUnits() == 0)) {
                err.println("layerloom prune: " + file + " has no convolution whose filters can be removed (Conv2D, Deconv2D or "
                        + "SeparableConv2D not pinned by a layer that needs all its channels).");
                return LayerloomCommand.HAS_ERRORS;
            }
            stdout.print(PruneText.sensitivity(session.sensitivity(PruneSession.SENSITIVITY_RATIOS, PruneSession.Progress.NONE),
                    set));
            stdout.flush();
            return 0;
        }
        try {
            return unstructured ? magnitude(session, stdout, err) : structured(session, stdout, err);
        } catch (FilterPruning.Refused e) {
            err.println("layerloom prune: " + e.getMessage());
            return LayerloomCommand.HAS_ERRORS;
        } catch (FineTuning.Failed e) {
            err.println("layerloom prune: " + e.getMessage());
            return LayerloomCommand.HAS_ERRORS;
        } catch (IOException e) {
            err.println("layerloom prune: cannot write " + out + ": " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        }
    }

    private void checkOptions() {
        var cl = spec.commandLine();
        if (sensitivity && (ratio != null || unstructured || out != null || fineTuneEpochs != 0)) {
            throw new ParameterException(cl, "--sensitivity only reports (each convolution pruned alone, without fine-tuning); "
                    + "it takes no --ratio, --unstructured, --out or --fine-tune-epochs. "
                    + "Run it alone, then prune with --ratio R --out SMALL.json [--fine-tune-epochs N].");
        }
        if (!sensitivity && ratio == null) {
            throw new ParameterException(cl, "what to do? Give --sensitivity to see how each convolution takes pruning, or "
                    + "--ratio R --out SMALL.json to prune (e.g. --ratio 0.5 halves every convolution's filters).");
        }
        if (ratio != null && !(ratio > 0 && ratio < 1)) {
            throw new ParameterException(cl, "--ratio is the fraction of filters (with --unstructured, of weights) removed: "
                    + "above 0 and below 1, not " + ratio + ". Give e.g. --ratio 0.5.");
        }
        if (ratio != null && out == null) {
            throw new ParameterException(cl, "--ratio needs --out SMALL.json: where to write the pruned graph (its model goes "
                    + "beside it as SMALL.dl4j.zip).");
        }
        if (out != null && !out.getFileName().toString().endsWith(".json")) {
            throw new ParameterException(cl, "--out takes a graph file name ending in .json, not '" + out + "' (the model is "
                    + "written beside it as NAME.dl4j.zip).");
        }
        if (out != null && out.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
            throw new ParameterException(cl, "--out " + out + " is FILE itself: pruning would overwrite the graph and its model. "
                    + "Give another name, e.g. --out " + file.getFileName().toString().replace(".json", "-pruned.json") + ".");
        }
        if (fineTuneEpochs < 0) {
            throw new ParameterException(cl, "--fine-tune-epochs must be at least 0 (0: no fine-tuning), not " + fineTuneEpochs + ".");
        }
    }

    private int structured(PruneSession session, PrintWriter stdout, PrintWriter err) throws IOException, FineTuning.Failed {
        PruneNetworks.Figures before = session.measureOriginal();
        PruneSession.Structured s = session.structured(ratio);
        stdout.printf(Locale.ROOT, "Structured pruning of %s: %.0f%% of each convolution's filters, smallest L1 norms first.%n",
                file.getFileName(), 100 * ratio);
        stdout.print(PruneText.filters(s.pruned()));
        Graph small = s.graph().withName(session.graph().name() + " (pruned " + Math.round(100 * ratio) + "%)");
        return finish(session, small, s.weights(), null, before, stdout, err, false);
    }

    private int magnitude(PruneSession session, PrintWriter stdout, PrintWriter err) throws IOException, FineTuning.Failed {
        PruneNetworks.Figures before = session.measureOriginal();
        MagnitudeMasks masks = MagnitudeMasks.of(session.weights(), ratio);
        stdout.printf(Locale.ROOT, "Unstructured (magnitude) pruning of %s: %.0f%% of each weight array's weights, the "
                + "smallest in magnitude, set to zero%s.%n", file.getFileName(), 100 * ratio,
                fineTuneEpochs > 0 ? " and kept zero while fine-tuning" : "");
        Graph same = session.graph().withName(session.graph().name() + " (" + Math.round(100 * ratio) + "% sparse)");
        return finish(session, same, masks.apply(session.weights()), masks, before, stdout, err, true);
    }

    private int finish(PruneSession session, Graph small, Weights start, MagnitudeMasks masks, PruneNetworks.Figures before,
                       PrintWriter stdout, PrintWriter err, boolean sparse) throws IOException, FineTuning.Failed {
        String set = session.data().testName();
        ComputationGraph net;
        Weights end;
        boolean trained = fineTuneEpochs > 0;
        if (trained) {
            stdout.printf(Locale.ROOT, "Pruned, before fine-tuning: %s accuracy %s.%n", set,
                    PruneText.percent(session.measure(small, start).accuracy()));
            stdout.printf(Locale.ROOT, "Fine-tuning for %d epoch%s with the graph's training settings:%n", fineTuneEpochs,
                    fineTuneEpochs == 1 ? "" : "s");
            TrainingOutput view = new TrainingOutput(stdout, err, false, System.console() != null, 0);
            net = FineTuning.run(small, start, session.data(), fineTuneEpochs, masks, view::on, null).network();
            end = NetworkWeights.read(net, ParameterVertices.of(small));
        } else {
            net = PruneNetworks.build(small, start);
            end = start;
        }
        PruneNetworks.Figures[] compared = session.withComparedSpeeds(before, session.measure(small, end), small, end);
        before = compared[0];
        PruneNetworks.Figures after = compared[1];
        if (masks != null) {
            stdout.println("Sparsity per layer" + (trained ? " after fine-tuning" : "") + ":");
            stdout.print(PruneText.sparsity(masks.sparsity(end)));
        }
        stdout.println(trained ? "Before pruning and after fine-tuning:" : "Before and after pruning (no fine-tuning):");
        stdout.print(PruneText.comparison(before, after, set, sparse));
        Path modelOut = PrunedModelFiles.save(small, net, out, session.data(), after.accuracy(), trained);
        stdout.println("Wrote " + out + " and " + modelOut + ".");
        stdout.flush();
        return 0;
    }
}
