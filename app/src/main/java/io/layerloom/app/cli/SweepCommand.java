package io.layerloom.app.cli;

import io.layerloom.app.data.DataCheck;
import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataPreparer;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.runs.RunRecord;
import io.layerloom.app.runs.RunRecorder;
import io.layerloom.app.runtime.NetworkWork;
import io.layerloom.app.runtime.ThreadChoice;
import io.layerloom.app.runs.RunTable;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.app.training.TrainingService;
import io.layerloom.app.training.TrainingSignature;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.training.TrainingSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerloom sweep}: trains a graph once per combination of the given settings, one run
 * after another on the same data, records every run (NAME.runs/) and prints them sorted by test
 * accuracy. No model is saved: {@code train} the winner.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Train a graph once for every combination of the values given (comma-separated), one run after "
                + "another on the same data split, record each run beside the graph (NAME.runs/, as train does) and print "
                + "the runs sorted by test accuracy. Settings not given come from the graph file's training object.",
                "Exit 0 when every run finished, 1 when the graph has errors or a run failed, 2 when the file or the data "
                        + "cannot be read or an option is wrong."})
final class SweepCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The graph .json file.")
    Path file;

    @Option(names = "--data", required = true, paramLabel = "NAME|PATH", description = "The data set, as for train.")
    String data;

    @Option(names = "--epochs", required = true, paramLabel = "N", description = "Epochs of every run.")
    int epochs;

    @Option(names = "--lr", paramLabel = "X,Y", description = "Learning rates, e.g. 1e-3,3e-3.")
    String lr;

    @Option(names = "--optimizer", paramLabel = "A,B", description = "Optimizers, e.g. adam,sgd.")
    String optimizer;

    @Option(names = "--batch", paramLabel = "B,C", description = "Batch sizes, e.g. 32,64.")
    String batch;

    @Option(names = "--switch-to-sgd", paramLabel = "E,F", description = "Epochs from which to train with plain SGD, 0 for "
            + "never, e.g. 0,3 (SGD switched to SGD is plain SGD and runs once).")
    String switchToSgd;

    @Option(names = "--patience", paramLabel = "N", description = "Early stopping in every run (default: the file's, else 0: off).")
    Integer patience;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every run (default: the file's, else 42).")
    Long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (epochs < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs must be at least 1, not " + epochs + ".");
        }
        if (patience != null && patience < 0) {
            throw new ParameterException(spec.commandLine(), "--patience must be at least 0 (0: off), not " + patience + ".");
        }
        Optional<Graph> read = GraphFiles.read(file, err);
        if (read.isEmpty()) {
            return LayerloomCommand.UNREADABLE;
        }
        Graph graph = read.get();
        TrainingSettings file0 = graph.training().orElse(TrainingSettings.defaults());
        TrainingSettings base = new TrainingSettings(file0.optimizer(), file0.learningRate(), file0.schedule(), file0.stepEvery(),
                file0.decay(), Math.min(file0.warmupEpochs(), epochs - 1), file0.batchSize(), epochs, file0.l2(), file0.weightDecay(),
                file0.weightInit(), file0.gradientClip(), Math.min(file0.switchToSgdAtEpoch(), epochs),
                seed != null ? seed : file0.seed()).withPatience(patience != null ? patience : file0.patience())
                // the data's fit, normalisation and augmentation come from the file, as for train
                .withPreparation(file0.preparation()).withAugmentation(file0.augmentation());
        List<SweepGrid.Point> points;
        try {
            points = SweepGrid.parse(lr, optimizer, batch, switchToSgd, base).points(base);
        } catch (SweepGrid.BadValue e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Analysis analysis = GraphAnalysis.analyze(graph);
        if (DiagnosticsByNode.refusesErrors(file, "train", graph, analysis, err)) {
            return LayerloomCommand.HAS_ERRORS;
        }
        TrainingSignature signature = TrainingSignature.of(graph, analysis).orElseThrow();
        for (SweepGrid.Point p : points) {
            Optional<TrainingEvent.Failed> memory = TrainingService.memoryProblem(analysis, p.batch());
            if (memory.isPresent()) {
                err.println("layerloom sweep: " + memory.get().reason());
                err.println("  fix: " + memory.get().hint());
                return LayerloomCommand.HAS_ERRORS;
            }
        }
        DataSplit split;
        DataPreparer.Prepared prepared;
        List<Long> inputShape = signature.inputShape();
        try {
            List<Long> imageShape = inputShape.size() == 3 ? inputShape : DataSources.Request.defaults().imageShape();
            DataSources.Request request = DataSources.Request.defaults().withSeed(base.seed()).withImageShape(imageShape)
                    .withFit(base.preparation().fit());
            // prepared once (fitted, normalised) as train prepares it in memory; each run batches it its own way
            prepared = DataPreparer.prepare(DataSources.standard().resolve(data, request), inputShape, base.preparation());
            split = prepared.split();
        } catch (DataException e) {
            err.println("layerloom sweep: " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        }
        Optional<String> mismatch = DataCheck.against(inputShape, signature.outputUnits(), split.train());
        if (mismatch.isPresent()) {
            err.println("layerloom sweep: " + mismatch.get());
            return LayerloomCommand.HAS_ERRORS;
        }
        try { // augmentation needs image data: say so now, not in the middle of the grid
            TrainingService.Data.of(split, base.batchSize(), base.seed(), inputShape).augmented(base.augmentation(), inputShape,
                    base.seed());
        } catch (IllegalArgumentException e) {
            err.println("layerloom sweep: " + e.getMessage());
            return LayerloomCommand.HAS_ERRORS;
        }
        out.printf(Locale.ROOT, "Sweeping %d run%s of %s on %s, %d epoch%s each.%n", points.size(), points.size() == 1 ? "" : "s",
                file.getFileName(), data, epochs, epochs == 1 ? "" : "s");
        List<RunRecord> runs = new ArrayList<>();
        boolean failed = false;
        for (int i = 0; i < points.size(); i++) {
            SweepGrid.Point p = points.get(i);
            out.printf(Locale.ROOT, "Run %d/%d: %s%n", i + 1, points.size(), p.describe());
            out.flush();
            Optional<RunRecord> run = runOne(graph, split, p.applyTo(base), inputShape, out, err);
            if (run.isEmpty()) {
                return LayerloomCommand.HAS_ERRORS; // stopped (Ctrl+C): the rest of the grid is not run
            }
            failed |= run.get().outcome() == RunRecord.Outcome.FAILED;
            runs.add(run.get());
        }
        runs.sort(Comparator.comparingDouble((RunRecord r) -> Double.isNaN(r.testAccuracy()) ? -1 : r.testAccuracy()).reversed());
        out.println();
        out.println("Runs by test accuracy (recorded in " + io.layerloom.app.runs.RunFiles.folderFor(file).getFileName() + "/):");
        out.print(RunTable.render(runs));
        out.flush();
        return failed ? LayerloomCommand.HAS_ERRORS : 0;
    }

    /** Trains one point of the grid and records it; empty when the user stopped it. */
    private Optional<RunRecord> runOne(Graph graph, DataSplit split, TrainingSettings settings, List<Long> inputShape,
                                       PrintWriter out, PrintWriter err) throws InterruptedException {
        RunRecorder recorder = new RunRecorder(graph, file.getFileName().toString(), settings, RunRecorder.dataOf(data, split),
                "sweep", java.time.Clock.systemUTC());
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "layerloom-sweep");
            t.setDaemon(true);
            return t;
        });
        // the default train has for this network at this point's batch (OMP_NUM_THREADS, when set, decides);
        // OpenMP's thread count belongs to the thread that sets it: set it on the one that trains
        ThreadChoice threads = ThreadChoice.forCommand(null, NetworkWork.of(graph, settings.batchSize(),
                NetworkWork.Pass.TRAINING).orElse(null));
        thread.execute(threads::apply);
        err.println("  computing with " + threads.describe());
        try {
            TrainingService.Run run = new TrainingService(thread).start(graph,
                    TrainingService.Data.of(split, settings.batchSize(), settings.seed(), inputShape)
                            .augmented(settings.augmentation(), inputShape, settings.seed()), settings, e -> {
                        recorder.accept(e);
                        if (e instanceof TrainingEvent.Epoch ep) {
                            out.printf(Locale.ROOT, "  epoch %d: train loss %.4f%s%n", ep.epoch(), ep.trainLoss(),
                                    Double.isNaN(ep.validationLoss()) ? "" : String.format(Locale.ROOT,
                                            ", validation loss %.4f, accuracy %.4f", ep.validationLoss(), ep.validationAccuracy()));
                        } else if (e instanceof TrainingEvent.Failed f) {
                            err.println("  failed: " + f.reason() + " " + f.hint());
                        }
                        out.flush();
                    });
            Thread stopOnInterrupt = StopOnInterrupt.hook(run, written);
            Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
            TrainingEvent end = run.awaitEnd(Long.MAX_VALUE, TimeUnit.DAYS);
            StopOnInterrupt.remove(stopOnInterrupt);
            Optional<Path> saved = RunRecorder.saveAndSay(recorder, file, null, err);
            RunRecord record = recorder.record(saved.map(f -> f.getFileName().toString().replace(".json", "")).orElse("unsaved"));
            return end instanceof TrainingEvent.Stopped ? Optional.empty() : Optional.of(record);
        } finally {
            written.countDown();
            thread.shutdownNow();
        }
    }
}
