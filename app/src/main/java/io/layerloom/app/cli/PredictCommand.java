package io.layerloom.app.cli;

import io.layerloom.app.data.ClassNames;
import io.layerloom.app.data.DataException;
import io.layerloom.app.data.ImageFolderReader;
import io.layerloom.app.data.Npy;
import io.layerloom.app.inference.BatchTimer;
import io.layerloom.app.runtime.NetworkWork;
import io.layerloom.app.runtime.ThreadChoice;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.app.training.TrainedNetwork;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.util.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerloom predict}: runs a graph with the weights saved beside it on a NumPy array
 * (written back as a NumPy array of outputs) or on images (printed as each image's top-5
 * classes). Batches of {@code --batch} examples are read, run and written one after another, so
 * an input larger than memory works; the output file appears only when every batch has run.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Run FILE with its trained weights (NAME.dl4j.zip beside it, as 'layerloom train' or "
                + "'layerloom import' write them) on a NumPy array and write the outputs as a NumPy array, or on images "
                + "and print each image's top 5 classes.",
                "Arrays: float32 ('<f4', or '<f8', rounded to float32) in C order, shaped (N, C, H, W) or (N, F) as the "
                        + "graph's Input; they go in as they are, so give them the scaling the training data had "
                        + "(images in [0, 1]). The output is float32, shaped (N, outputs...).",
                "Images: a PNG, JPEG, GIF or BMP file, or a folder of them (sub-folders included), converted and resized "
                        + "as training converts an image folder. Probabilities are the output layer's when it ends in "
                        + "softmax, else the softmax of its outputs; classes are named after the training data when the "
                        + "model records it.",
                "Exit 0 on success, 1 when the graph has errors, 2 when the graph, the weights or the input cannot be "
                        + "read or do not fit."})
final class PredictCommand implements Callable<Integer> {

    private static final int TOP = 5;

    @Parameters(paramLabel = "FILE", description = "The graph .json file.")
    Path file;

    @Option(names = "--input", required = true, paramLabel = "X.npy|IMAGE|FOLDER", description = "A .npy array, an image or a folder of images.")
    Path input;

    @Option(names = "--output", paramLabel = "Y.npy", description = "Where to write the outputs (with a .npy input).")
    Path output;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Examples run at a time (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--model", paramLabel = "PATH", description = "The weights (default: NAME.dl4j.zip beside FILE).")
    Path model;

    @Mixin
    ThreadsOption threads;

    @Mixin
    InferenceProgress progress;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private PrintWriter err;
    private ThreadChoice threadChoice;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        boolean array = input.getFileName() != null && input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
        checkOptions(array);
        threads.check();
        TrainedGraphs.OneToOne read = TrainedGraphs.compileOneToOne(file, "predict", "runs", err);
        if (read.compilation() == null) {
            return read.exitCode();
        }
        Dl4jCompiler.Compilation compilation = read.compilation();
        List<Long> inputShape = TrainedGraphs.dims(compilation, compilation.inputs().get(0));
        Path modelFile = TrainedGraphs.modelFile(file, model);
        Optional<String> missing = TrainedGraphs.missing(file, modelFile, "no weights for", ", import a trained network "
                + "with its weights ('layerloom import MODEL.onnx " + file + "'),");
        if (missing.isPresent()) {
            return fail(missing.get());
        }
        threadChoice = threads.choice(NetworkWork.of(read.graph(), batch, NetworkWork.Pass.INFERENCE).orElse(null));
        threadChoice.apply();
        try {
            return array ? predictArray(compilation, inputShape, modelFile)
                    : predictImages(compilation, inputShape, modelFile);
        } catch (TrainedNetwork.MismatchException e) {
            return fail(modelFile + " does not fit " + file + " (was the graph changed after training?): " + e.getMessage());
        } catch (DataException e) {
            return fail(e.getMessage());
        } catch (IOException e) {
            return fail(e.getMessage());
        }
    }

    private void checkOptions(boolean array) {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, not " + batch);
        }
        if (array && output == null) {
            throw new ParameterException(spec.commandLine(), "--output Y.npy is needed with a .npy input: it receives the outputs");
        }
        if (!array && progress.json()) {
            throw new ParameterException(spec.commandLine(), "--progress json is for a .npy input; for images predict prints "
                    + "the top " + TOP + " classes of each");
        }
        if (!array && output != null) {
            throw new ParameterException(spec.commandLine(), "--output is for a .npy input; for images predict prints the top "
                    + TOP + " classes of each");
        }
    }

    private int predictArray(Dl4jCompiler.Compilation compilation, List<Long> inputShape, Path modelFile)
            throws DataException, IOException, TrainedNetwork.MismatchException {
        if (Files.isDirectory(output)) {
            return fail(output + ": is a folder; give the path of the .npy file to write.");
        }
        io.layerloom.app.data.DataTransform transform = transform(modelFile);
        try (Npy.Reader reader = Npy.open(input)) {
            List<Long> found = reader.header().shape();
            List<Long> expected = new ArrayList<>();
            expected.add(found.get(0));
            expected.addAll(inputShape);
            if (!found.equals(expected)) {
                return fail(input + ": shape " + Npy.text(found) + " does not fit the graph's Input '" + compilation.inputs().get(0)
                        + "' " + inputShape + ": expected " + Npy.text(expected).replaceFirst("\\d+", "N") + ". "
                        + reshapeHint(found, inputShape));
            }
            if (reader.examples() == 0) {
                return fail(input + ": holds no examples (shape " + Npy.text(found) + ").");
            }
            TrainedNetwork net = TrainedNetwork.load(compilation.require(), compilation.parameterVertices(), inputShape,
                modelFile);
            long n = reader.examples();
            List<Long> written = new ArrayList<>();
            boolean jsonLines = progress.json();
            // the whole pass: every batch read, run and written, the first one included
            BatchTimer timer = new BatchTimer(progress.listener(out, err, n));
            try {
                AtomicFiles.write(output, tmp -> {
                    try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                        Npy.Writer writer = null;
                        for (long first = 0; first < n; first += batch) {
                            int count = (int) Math.min(batch, n - first);
                            float[] examples = reader.read(first, count);
                            transform.normalizeExamples(examples, count, inputShape);
                            TrainedNetwork.Output result = net.run(examples, count);
                            if (writer == null) {
                                written.add(n);
                                written.addAll(result.shape().subList(1, result.shape().size()));
                                writer = new Npy.Writer(stream, written);
                            }
                            writer.write(result.values());
                            timer.batchDone(count);
                        }
                        writer.finish();
                    }
                });
            } catch (IOException e) {
                return fail(output + ": cannot write: " + e.getMessage());
            }
            if (jsonLines) {
                out.println(InferenceProgress.finished(timer, batch, threadChoice.threads(), output.toString(), written));
                out.flush();
                return 0;
            }
            double seconds = timer.seconds();
            out.printf(Locale.ROOT, "Wrote %s: float32 %s, the outputs of %d example%s (%s, %d at a time).%n", output,
                    Npy.text(written), n, n == 1 ? "" : "s", modelFile.getFileName(), batch);
            // read, run and written: what the user waits for
            out.printf(Locale.ROOT, "%.2f s, %.0f examples/s, %s.%n", seconds, n / seconds, threadChoice.describe());
            out.flush();
            return 0;
        }
    }

    /** How the user's array could become the expected one, when the values are all there. */
    private static String reshapeHint(List<Long> found, List<Long> inputShape) {
        if (found.equals(inputShape)) {
            return "It is one example without the batch axis: save x[None] instead.";
        }
        long want = inputShape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
        long have = found.subList(1, found.size()).stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
        if (want == have) {
            return "The values per example agree: save x.reshape(" + found.get(0) + ", "
                    + String.join(", ", inputShape.stream().map(String::valueOf).toList()) + ").";
        }
        return "Each example must be " + inputShape + " (" + want + " values), as the Input layer says.";
    }

    private int predictImages(Dl4jCompiler.Compilation compilation, List<Long> inputShape, Path modelFile)
            throws DataException, IOException, TrainedNetwork.MismatchException {
        if (inputShape.size() != 3 || !(inputShape.get(0) == 1 || inputShape.get(0) == 3)) {
            return fail(file + ": the graph's Input '" + compilation.inputs().get(0) + "' takes " + inputShape
                    + ", not images ([1 or 3 channels, height, width]); give a .npy array: --input X.npy --output Y.npy.");
        }
        List<Path> images = imageFiles(input);
        List<Long> outputDims = TrainedGraphs.dims(compilation, compilation.outputs().get(0));
        long units = outputDims.isEmpty() ? -1 : outputDims.get(0);
        List<String> names = classNames(modelFile, units);
        TrainedNetwork net = TrainedNetwork.load(compilation.require(), compilation.parameterVertices(), inputShape,
                modelFile);
        boolean probabilities = net.outputsProbabilities();
        io.layerloom.app.data.DataTransform transform = transform(modelFile);
        out.printf(Locale.ROOT, "%s on %d image%s: top %d classes%s; probabilities %s.%n", modelFile.getFileName(),
                images.size(), images.size() == 1 ? "" : "s", TOP, names.isEmpty() ? " (by index: the training data's class "
                        + "names are not known)" : "", probabilities ? "from the output layer's softmax"
                        : "from a softmax over the outputs (the output layer has none)");
        for (int first = 0; first < images.size(); first += batch) {
            List<Path> part = images.subList(first, Math.min(images.size(), first + batch));
            int size = Math.toIntExact(inputShape.get(0) * inputShape.get(1) * inputShape.get(2));
            float[] features = new float[part.size() * size];
            for (int i = 0; i < part.size(); i++) {
                System.arraycopy(ImageFolderReader.image(part.get(i), inputShape, transform.fit()), 0, features, i * size, size);
            }
            transform.normalizeExamples(features, part.size(), inputShape);
            TrainedNetwork.Output result = net.run(features, part.size());
            if (result.shape().size() != 2) {
                return fail(file + ": the network's output is " + result.shape().subList(1, result.shape().size())
                        + " per example, not a list of class scores; give a .npy array to see it: --input X.npy --output Y.npy.");
            }
            int classes = Math.toIntExact(result.shape().get(1));
            for (int i = 0; i < part.size(); i++) {
                float[] row = new float[classes];
                System.arraycopy(result.values(), i * classes, row, 0, classes);
                out.println(Files.isDirectory(input) ? input.relativize(part.get(i)) : part.get(i));
                int rank = 1;
                for (TrainedNetwork.Ranked r : TrainedNetwork.top(row, TOP, probabilities)) {
                    String name = names.size() == classes ? r.index() + " " + names.get(r.index()) : String.valueOf(r.index());
                    out.printf(Locale.ROOT, "  %d. %-24s %.4f%n", rank++, name, r.probability());
                }
            }
        }
        out.flush();
        return 0;
    }

    /** The training data's class names when the model records its data and they match the outputs; else empty. */
    private List<String> classNames(Path modelFile, long units) {
        try {
            return ModelFiles.readProvenance(modelFile)
                    .flatMap(p -> p.data() == null ? Optional.empty() : ClassNames.of(p.data(), file.toAbsolutePath().getParent()))
                    .filter(n -> n.size() == units).orElse(List.of());
        } catch (ModelFiles.MismatchedRecord e) {
            err.println("layerloom predict: warning: " + e.getMessage() + " The weights are the model file's; the class "
                    + "names the record gives are not used: printing class indices.");
            return List.of();
        } catch (IOException e) {
            err.println("layerloom predict: " + e.getMessage() + "; printing class indices.");
            return List.of();
        }
    }

    /**
     * The fit and normalisation training applied, from the model's record (none without one), so that
     * images and arrays are fed as training fed its data.
     */
    private io.layerloom.app.data.DataTransform transform(Path modelFile) {
        try {
            return ModelFiles.readProvenance(modelFile).map(ModelFiles.Provenance::transform)
                    .orElse(io.layerloom.app.data.DataTransform.NONE);
        } catch (IOException e) {
            // classNames() has said why the record cannot be used
            return io.layerloom.app.data.DataTransform.NONE;
        }
    }

    /** The image itself, or the images in a folder and its sub-folders, sorted by path. */
    private static List<Path> imageFiles(Path input) throws DataException {
        if (!Files.exists(input)) {
            throw new DataException(input + ": no such file or folder");
        }
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            List<Path> images = walk.filter(Files::isRegularFile).filter(ImageFolderReader::isImageName)
                    .filter(p -> !input.relativize(p).toString().startsWith(".")).sorted().toList();
            if (images.isEmpty()) {
                throw new DataException(input + ": no images (PNG, JPEG, GIF or BMP) in this folder or its sub-folders");
            }
            return images;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DataException(input + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

    private int fail(String message) {
        err.println("layerloom predict: " + message);
        err.flush();
        return LayerloomCommand.UNREADABLE;
    }
}
