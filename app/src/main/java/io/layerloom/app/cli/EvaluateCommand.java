package io.layerloom.app.cli;

import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.inference.BatchTimer;
import io.layerloom.app.inference.Evaluator;
import io.layerloom.app.runtime.NetworkWork;
import io.layerloom.app.runtime.ThreadChoice;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.app.training.TrainingSignature;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerloom evaluate}: reloads the model that train saved beside a graph and measures it on the same
 * test set.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Reload the model that 'layerloom train' saved beside FILE and measure it on the test set of the "
                + "same data (rebuilt with the seed it was trained with): accuracy, precision, recall and F1 per class, "
                + "and the confusion matrix.",
                "The model's record (NAME.dl4j.json) names the model file it was saved with (size and CRC-32C); "
                        + "a record that describes another file is refused unless --data and --seed are both given.",
                "Exit 0 on success, 2 when the model, the graph or the data cannot be read, or the record does not "
                        + "describe the model."})
final class EvaluateCommand implements Callable<Integer> {


    @Parameters(paramLabel = "FILE", description = "The graph .json file the model was trained from.")
    Path file;

    @Option(names = "--model", paramLabel = "PATH", description = "The model file (default: NAME.dl4j.zip beside FILE).")
    Path model;

    @Option(names = "--data", paramLabel = "NAME|PATH", description = "The data set (default: the one it was trained on).")
    String data;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the data split (default: the training seed).")
    Long seed;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "256", description = "Examples run at a time (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--json", description = "Print the evaluation as one JSON object (with --progress json: the same "
            + "object among the JSON lines).")
    boolean json;

    @Mixin
    ThreadsOption threads;

    @Mixin
    InferenceProgress progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        threads.check();
        boolean jsonLines = progress.json();
        if (batch < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--batch must be at least 1, not " + batch);
        }
        Optional<Graph> graph = GraphFiles.read(file, err);
        if (graph.isEmpty()) {
            return LayerloomCommand.UNREADABLE;
        }
        Path modelFile = model != null ? model : ModelFiles.modelFor(file, null);
        if (!Files.isRegularFile(modelFile)) {
            err.println("layerloom evaluate: no trained model at " + modelFile + "; train one first with 'layerloom train "
                    + file + " --data ... --epochs N', or give --model PATH.");
            return LayerloomCommand.UNREADABLE;
        }
        io.layerloom.model.analysis.Analysis analysis = GraphAnalysis.analyze(graph.get());
        ThreadChoice threadChoice = threads.choice(NetworkWork.of(graph.get(), analysis, batch, NetworkWork.Pass.INFERENCE)
                .orElse(null));
        // before ND4J starts (restoring the model starts it), as predict does
        threadChoice.apply();
        ModelFiles.Provenance provenance;
        ComputationGraph net;
        try {
            try {
                provenance = ModelFiles.readProvenance(modelFile).orElse(null);
            } catch (ModelFiles.MismatchedRecord e) {
                if (data == null || seed == null) {
                    err.println("layerloom evaluate: " + e.getMessage());
                    return LayerloomCommand.UNREADABLE;
                }
                // the data and the split seed are given: the record is not needed, but say it is wrong
                err.println("layerloom evaluate: warning: " + e.getMessage());
                provenance = null;
            }
            net = TrainingSetUp.forEvaluation(ModelSerializer.restoreComputationGraph(modelFile.toFile(), false));
        } catch (IOException | RuntimeException e) {
            err.println("layerloom evaluate: " + modelFile + ": cannot read the model: " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        }
        String dataSpec = data != null ? data : provenance != null ? provenance.data() : null;
        if (dataSpec == null) {
            err.println("layerloom evaluate: which data? Give --data NAME|PATH (the model has no record of its training data).");
            return LayerloomCommand.UNREADABLE;
        }
        long splitSeed = seed != null ? seed : provenance != null ? provenance.seed() : DataSources.Request.defaults().seed();
        List<Long> inputShape = TrainingSignature.inputShape(graph.get(), analysis)
                .orElse(DataSources.Request.defaults().imageShape());
        DataSplit split;
        try {
            DataSources.Request request = DataSources.Request.defaults().withSeed(splitSeed);
            if (inputShape.size() == 3) {
                request = request.withImageShape(inputShape);
            }
            split = DataSources.standard().resolve(dataSpec, request);
        } catch (DataException e) {
            err.println("layerloom evaluate: " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        }
        // the fit and normalisation training applied (recorded with the model), applied to the test set alike
        io.layerloom.app.data.DataTransform transform = provenance != null ? provenance.transform()
                : io.layerloom.app.data.DataTransform.NONE;
        LoadedData test = transform.apply(split.test().orElse(split.validation()), inputShape);
        String set = split.test().isPresent() ? "test" : "validation";
        TrainingEvent.Evaluated result;
        // the whole pass: every batch, from its input array to its counts (Evaluator), the first one included
        BatchTimer timer = new BatchTimer(progress.listener(out, err, test.count()));
        try {
            result = Evaluator.evaluate(net, test, batch, inputShape, set, timer);
        } catch (RuntimeException e) {
            err.println("layerloom evaluate: the model does not fit this data: " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        }
        double seconds = timer.seconds();
        if (jsonLines) {
            out.println(TrainingOutput.json(result));
            out.println(InferenceProgress.finished(timer, batch, threadChoice.threads(), null, null));
        } else if (json) {
            out.println(TrainingOutput.json(result));
        } else {
            out.printf(Locale.ROOT, "%s on %s (%d examples, split seed %d): %.2f s, %.0f examples/s, batch %d, %s%n",
                    modelFile.getFileName(), dataSpec, test.count(), splitSeed, seconds, test.count() / seconds, batch,
                    threadChoice.describe());
            out.print(EvaluationText.render(result));
        }
        out.flush();
        return 0;
    }
}
