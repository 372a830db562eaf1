package io.layerloom.app.cli;

import io.layerloom.app.data.DataCheck;
import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.runs.RunRecorder;
import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.app.training.DataLoading;
import io.layerloom.app.runtime.NetworkWork;
import io.layerloom.app.runtime.ThreadChoice;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.app.training.TrainingService;
import io.layerloom.app.training.TrainingSignature;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.training.TrainingSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerloom train}: trains a graph on a data set with progress and per-epoch metrics, evaluates it
 * and saves the model beside the graph.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a graph on a data set, with a progress bar and per-epoch metrics, then evaluate it on the "
                + "test set and save the trained model beside the graph (NAME.dl4j.zip).",
                "Data: fashion-mnist-subset (shipped), fashion-mnist (the full set, found in /usr/share/datasets/fashion-mnist "
                        + "or given as a folder of IDX files), digits, iris, synthetic, a .csv file (label in the last column) "
                        + "or a folder of images with one sub-folder per class.",
                "Exit 0 when training finishes (or is stopped), 1 when the graph has errors or training fails, "
                        + "2 when the file or the data cannot be read."})
final class TrainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The graph .json file.")
    Path file;

    @Option(names = "--data", required = true, paramLabel = "NAME|PATH", description = "The data set (see above).")
    String data;

    @Option(names = "--epochs", required = true, paramLabel = "N", description = "Passes over the training data.")
    int epochs;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size (default: the file's, else 64).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default: the file's, else 0.001).")
    Double learningRate;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd, nesterov, adam, adamw (with --weight-decay), rmsprop or adagrad (default: the file's, else adam).")
    String optimizer;

    @Option(names = "--schedule", paramLabel = "POLICY",
            description = "Learning rate policy: fixed, step (times --decay every --step-every epochs), exponential "
                    + "(times --decay each epoch) or cosine (down to 0 at the end) (default: the file's, else fixed).")
    String schedule;

    @Option(names = "--step-every", paramLabel = "E", description = "Epochs between steps (default: the file's, else 1).")
    Integer stepEvery;

    @Option(names = "--decay", paramLabel = "F", description = "Decay factor (default: the file's, else 0.5).")
    Double decay;

    @Option(names = "--warmup", paramLabel = "E", description = "Warm-up epochs: epoch e of w trains at (e + 1) / (w + 1) of its rate (default: the file's, else 0).")
    Integer warmup;

    @Option(names = "--l2", paramLabel = "X", description = "L2 penalty on the weights (default: the file's, else 0).")
    Double l2;

    @Option(names = "--weight-decay", paramLabel = "X", description = "Decoupled weight decay, as AdamW's (default: the file's, else 0).")
    Double weightDecay;

    @Option(names = "--clip", paramLabel = "X", description = "Clip each layer's gradient to this L2 norm; 0 is off (default: the file's, else 0).")
    Double clip;

    @Option(names = "--init", paramLabel = "NAME", description = "Weight initialisation: xavier, relu (He) or lecun (default: the file's, else xavier).")
    String init;

    @Option(names = "--switch-to-sgd", paramLabel = "EPOCH", description = "Train with the chosen optimizer, then with plain SGD from this epoch on; 0 never (default: the file's, else 0).")
    Integer switchToSgd;

    @Option(names = "--patience", paramLabel = "N", description = "Early stopping: stop after N epochs without a lower "
            + "validation loss and keep the best epoch's weights; 0 off (default: the file's, else 0).")
    Integer patience;

    @Option(names = "--resume", paramLabel = "MODEL", description = "Continue a run saved in MODEL (a .dl4j.zip that train "
            + "wrote, stopped or finished) for the epochs it has not trained yet, with its optimizer state; the graph must be "
            + "the one it was trained from, and --epochs counts all epochs, those already trained included.")
    Path resume;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for the initial weights, the shuffling and the data split (default: the file's, else 42).")
    Long seed;

    @Option(names = "--fit", paramLabel = "pad|resize|crop",
            description = "When the data's images differ from the Input (size, or grey and RGB): pad centres them on zeros, "
                    + "resize scales them bilinearly, crop keeps their centre; grey to RGB repeats the channel (default: the file's \"fit\", else none).")
    String fit;

    @Option(names = "--normalization", paramLabel = "auto|none",
            description = "auto: subtract each channel's mean and divide by its standard deviation, both computed on the training "
                    + "split and recorded with the model (default: the file's \"normalization\", else none).")
    String normalization;

    @Option(names = "--from", paramLabel = "MODEL",
            description = "Start from a saved model (a .dl4j.zip that train or import wrote): every layer whose node id and "
                    + "parameter shapes are unchanged starts from its saved parameters, the others (a new head) start fresh; "
                    + "the command says which. Without it every layer starts fresh.")
    Path from;

    @Option(names = "--save", paramLabel = "DIR", description = "Folder for the trained model (default: beside FILE).")
    Path save;

    @Option(names = "--progress", paramLabel = "bar|json", defaultValue = "bar",
            description = "bar: a progress bar and a line per epoch; json: one JSON object per event, one a line.")
    String progress;

    @Mixin
    ThreadsOption threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkProgress();
        threads.check();
        Optional<Graph> read = GraphFiles.read(file, err);
        if (read.isEmpty()) {
            return LayerloomCommand.UNREADABLE;
        }
        Graph graph = read.get();
        TrainingSettings config = config(graph.training().orElse(TrainingSettings.defaults()));
        long seed = config.seed();
        int batch = config.batchSize();
        Analysis analysis = GraphAnalysis.analyze(graph);
        if (DiagnosticsByNode.refusesErrors(file, "train", graph, analysis, err)) {
            return LayerloomCommand.HAS_ERRORS;
        }
        TrainingSignature signature = TrainingSignature.of(graph, analysis).orElseThrow(); // no errors: both are known
        ThreadChoice threadChoice = threads.choice(NetworkWork.of(graph, analysis, batch, NetworkWork.Pass.TRAINING).orElse(null));
        List<Long> inputShape = signature.inputShape();
        long units = signature.outputUnits();

        // What the graph and the data's header tell is checked before loading: loading or generating a
        // large set takes minutes and gigabytes only to be refused for the batch size or the classes.
        Optional<TrainingEvent.Failed> memory = TrainingService.memoryProblem(analysis, batch);
        if (memory.isPresent()) {
            err.println("layerloom train: " + memory.get().reason());
            err.println("  fix: " + memory.get().hint());
            return LayerloomCommand.HAS_ERRORS;
        }
        DataLoading.Loaded loaded;
        try {
            List<Long> imageShape = inputShape.size() == 3 ? inputShape : DataSources.Request.defaults().imageShape();
            DataSources.Request request = DataSources.Request.defaults().withSeed(seed).withImageShape(imageShape);
            Optional<String> early = DataSources.standard().header(data, request)
                    .flatMap(header -> DataCheck.against(inputShape, units, header, config.preparation().fit()));
            if (early.isPresent()) {
                err.println("layerloom train: " + early.get());
                return LayerloomCommand.HAS_ERRORS;
            }
            loaded = DataLoading.load(DataSources.standard(), data, request, inputShape, config.preparation(), batch,
                    DataLoading.memoryLimit());
        } catch (DataException e) {
            err.println("layerloom train: " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        }
        Optional<String> mismatch = loaded.split().flatMap(split -> DataCheck.against(inputShape, units, split.train()));
        if (mismatch.isPresent()) {
            err.println("layerloom train: " + mismatch.get());
            return LayerloomCommand.HAS_ERRORS;
        }
        if (loaded.streamedImages() > 0 && !progress.equals("json")) {
            out.printf(java.util.Locale.ROOT, "Streaming %,d images from %s: too many to hold in memory; decoding %d batches ahead.%n",
                    loaded.streamedImages(), data, DataLoading.PREFETCH);
        }
        TrainingService.Data trainingData;
        try {
            trainingData = loaded.data().augmented(config.augmentation(), inputShape, seed);
        } catch (IllegalArgumentException e) {
            err.println("layerloom train: " + e.getMessage());
            return LayerloomCommand.HAS_ERRORS;
        }
        TrainingService.StartFrom start = null;
        if (resume != null && from != null) {
            throw new ParameterException(spec.commandLine(), "--resume and --from exclude each other: --resume continues the "
                    + "same run, --from fine-tunes a changed graph. Give one.");
        }
        if (resume != null) {
            start = TrainingService.StartFrom.resume(resume);
        } else if (from != null) {
            try {
                start = new TrainingService.StartFrom(from.toString(), NetworkWeights.readFile(from,
                        io.layerloom.codegen.dl4j.ParameterVertices.of(graph)));
            } catch (IOException e) {
                err.println("layerloom train: cannot read the model " + from + ": " + e.getMessage()
                        + ". Give a .dl4j.zip written by 'layerloom train' or 'layerloom import'.");
                return LayerloomCommand.UNREADABLE;
            }
        } else if (analysis.totals().frozenParams() > 0) {
            err.println("layerloom train: warning: " + file + " has frozen layers but training starts from a fresh "
                    + "initialisation, so they stay random. Give --from MODEL.dl4j.zip to start from trained weights.");
        }

        boolean json = progress.equals("json");
        TrainingOutput view = new TrainingOutput(out, err, json, System.console() != null, analysis.totals().frozenParams());
        double[] testAccuracy = {Double.NaN};
        RunRecorder recorder = new RunRecorder(graph, file.getFileName().toString(), config, new io.layerloom.app.runs.RunRecord.DataRef(data, loaded.counts().train(), loaded.counts().validation(),
                loaded.counts().test()), "cli",
                java.time.Clock.systemUTC());
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "layerloom-training");
            t.setDaemon(true);
            return t;
        });
        // OpenMP's thread count belongs to the thread that sets it: set it on the one that trains
        thread.execute(() -> threadChoice.apply());
        if (!json) {
            err.println("layerloom train: computing with " + threadChoice.describe() + "; --threads N to choose.");
        }
        try {
            TrainingService.Run run = new TrainingService(thread).start(graph, trainingData, config,
                    TrainingService.Monitoring.none(), start, e -> {
                recorder.accept(e);
                if (e instanceof TrainingEvent.Evaluated ev) {
                    testAccuracy[0] = ev.accuracy();
                }
                view.on(e);
            });
            Thread stopOnInterrupt = StopOnInterrupt.hook(run, written);
            Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
            TrainingEvent end = run.awaitEnd(Long.MAX_VALUE, TimeUnit.DAYS);
            StopOnInterrupt.remove(stopOnInterrupt);
            RunRecorder.saveAndSay(recorder, file, json ? null : out, err);
            if (end instanceof TrainingEvent.Failed || run.network() == null) {
                return LayerloomCommand.HAS_ERRORS;
            }
            Path model = ModelFiles.modelFor(file, save);
            ModelFiles.save(run.network(), model, new ModelFiles.Provenance(file.getFileName().toString(), data, seed,
                    DataSources.Request.defaults().validationFraction(), testAccuracy[0], loaded.transform()));
            if (!json) {
                out.println("Saved the trained model to " + model + ".");
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("layerloom train: cannot save the model: " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        } finally {
            written.countDown();
            thread.shutdownNow();
        }
    }

    private <E extends Enum<E>> E choice(Class<E> type, String option, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String names = String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList());
            throw new ParameterException(spec.commandLine(), option + " takes " + names + ", not '" + value + "'");
        }
    }

    private void checkProgress() {
        if (!progress.equals("bar") && !progress.equals("json")) {
            throw new ParameterException(spec.commandLine(), "--progress takes bar or json, not '" + progress + "'");
        }
    }

    /** The file's settings (or the defaults), with every option given on the command line on top. */
    private TrainingSettings config(TrainingSettings file) {
        TrainingSettings.Optimizer opt = optimizer == null ? file.optimizer()
                : choice(TrainingSettings.Optimizer.class, "--optimizer", optimizer);
        TrainingSettings.Policy policy = schedule == null ? file.schedule() : choice(TrainingSettings.Policy.class, "--schedule", schedule);
        TrainingSettings.Init weightInit = init == null ? file.weightInit() : choice(TrainingSettings.Init.class, "--init", init);
        try {
            return new TrainingSettings(opt, or(learningRate, file.learningRate()), policy, or(stepEvery, file.stepEvery()),
                    or(decay, file.decay()), or(warmup, file.warmupEpochs()), or(batch, file.batchSize()), epochs,
                    or(l2, file.l2()), or(weightDecay, file.weightDecay()), weightInit, or(clip, file.gradientClip()),
                    or(switchToSgd, file.switchToSgdAtEpoch()), or(seed, file.seed()),
                    PreparationOptions.apply(spec.commandLine(), file.preparation(), fit, normalization))
                    .withPatience(or(patience, file.patience())).withAugmentation(file.augmentation());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }

}
