package io.layerloom.app.cli;

import io.layerloom.app.data.ClassNames;
import io.layerloom.app.data.DataException;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.explain.ExplainData;
import io.layerloom.app.explain.ExplainPictures;
import io.layerloom.app.explain.ShownInput;
import io.layerloom.app.explain.Explainer;
import io.layerloom.app.explain.Misclassified;
import io.layerloom.app.explain.NetworkProbe;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.app.training.TrainedNetwork;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.graph.Graph;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerloom explain}: what a trained CNN learned and looks at, as PNG pictures: the first
 * convolution's filters, a layer's feature maps for one image, and Grad-CAM for a class.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Show what FILE's trained network (NAME.dl4j.zip beside it) learned and looks at, as PNG files in DIR: "
                + "filters.png (the first convolution's filters, one tile each), features-LAYER.png (the channels of a layer's "
                + "output for the image) and gradcam-CLASS.png (Grad-CAM: where the image made the class score rise).",
                "The image is converted and resized to the graph's Input as 'layerloom predict' does it.",
                "Exit 0 on success, 1 when the graph has errors, 2 when the graph, the weights, the image or an option "
                        + "cannot be used."})
final class ExplainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The graph .json file.")
    Path file;

    @Option(names = "--image", paramLabel = "IMG", description = "A PNG, JPEG, GIF or BMP image.")
    Path image;

    @Option(names = "--index", paramLabel = "N", description = "Explain the N-th image (from 0) of the test set of --data "
            + "instead of --image.")
    Integer index;

    @Option(names = "--misclassified", paramLabel = "N", description = "Also write misclassified.png: the N test images "
            + "of --data the network gets most confidently wrong, with true and predicted class and confidence.")
    Integer misclassified;

    @Option(names = "--data", paramLabel = "NAME|PATH", description = "The data set for --index and --misclassified "
            + "(default: the one the model was trained on, as its record says); its test split as evaluate makes it.")
    String data;

    @Option(names = "--layer", paramLabel = "ID", description = "The layer whose feature maps and Grad-CAM to show "
            + "(a node with an image-like output; default: the last convolution).")
    String layer;

    @Option(names = "--class", paramLabel = "K", description = "The class for Grad-CAM (default: the predicted one).")
    Integer cls;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write the pictures to.")
    Path outDir;

    @Option(names = "--model", paramLabel = "PATH", description = "The weights (default: NAME.dl4j.zip beside FILE).")
    Path model;

    @Spec
    CommandSpec spec;

    private PrintWriter err;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        if ((image == null) == (index == null) && !(image == null && misclassified != null)) {
            throw new ParameterException(spec.commandLine(), image != null ? "give --image or --index, not both"
                    : "which image? Give --image IMG, or --index N with --data, or --misclassified N for the gallery alone");
        }
        if (misclassified != null && misclassified < 1) {
            throw new ParameterException(spec.commandLine(), "--misclassified must be at least 1, not " + misclassified);
        }
        TrainedGraphs.OneToOne read = TrainedGraphs.compileOneToOne(file, "explain", "looks into", err);
        if (read.compilation() == null) {
            return read.exitCode();
        }
        Dl4jCompiler.Compilation compilation = read.compilation();
        Graph graph = read.graph();
        List<Long> inputShape = TrainedGraphs.dims(compilation, compilation.inputs().get(0));
        if (inputShape.size() != 3 || !(inputShape.get(0) == 1 || inputShape.get(0) == 3)) {
            return fail(file + ": the graph's Input '" + compilation.inputs().get(0) + "' takes " + inputShape
                    + ", not images ([1 or 3 channels, height, width]): explain shows what a network sees in images.");
        }
        Path modelFile = TrainedGraphs.modelFile(file, model);
        Optional<String> missing = TrainedGraphs.missing(file, modelFile, "no trained model for", "");
        if (missing.isPresent()) {
            return fail(missing.get());
        }
        try {
            LoadedData test = index != null || misclassified != null ? ExplainData.test(modelFile, data, inputShape) : null;
            // the network gets its inputs as training normalised them; the pictures show the images as they look
            ShownInput shownInput = new ShownInput(ExplainData.transform(modelFile));
            TrainedNetwork trained = TrainedNetwork.load(compilation.require(), compilation.parameterVertices(), inputShape,
                    modelFile);
            if (misclassified != null) {
                Files.createDirectories(outDir);
                List<Misclassified.Miss> misses = Misclassified.find(trained, test, 256);
                List<Misclassified.Miss> shown = misses.subList(0, Math.min(misclassified, misses.size()));
                Path galleryFile = write(Misclassified.gallery(shownInput.shown(test), shown), "misclassified.png");
                out.printf(Locale.ROOT, "Wrote %s: %d of the %d misclassified test images (of %d), most confidently wrong first%n",
                        galleryFile, shown.size(), misses.size(), test.count());
                if (image == null && index == null) {
                    out.flush();
                    return 0;
                }
            }
            if (index != null && (index < 0 || index >= test.count())) {
                return fail("--index " + index + " is out of range: the test set of " + test.name() + " has " + test.count()
                        + " images, 0 to " + (test.count() - 1) + ".");
            }
            int size = Math.toIntExact(inputShape.get(0) * inputShape.get(1) * inputShape.get(2));
            float[] pixels = index != null ? java.util.Arrays.copyOfRange(test.features(), index * size, (index + 1) * size)
                    : shownInput.forNetwork(image, inputShape);
            String shownImage = index != null ? test.name() + " test image " + index + " (class " + test.labels()[index] + ")"
                    : image.toString();
            INDArray x = Nd4j.create(pixels, new long[] {1, inputShape.get(0), inputShape.get(1), inputShape.get(2)}, 'c');
            NetworkProbe probe;
            try {
                probe = new NetworkProbe(compilation.require(), trained.network().params(),
                        inputShape.stream().mapToLong(Long::longValue).toArray());
            } catch (IllegalArgumentException e) {
                return fail(file + ": " + e.getMessage() + ".");
            }
            List<String> convolutions = probe.convolutions();
            if (convolutions.isEmpty()) {
                return fail(file + ": the network has no convolution: explain shows a CNN's filters and feature maps.");
            }
            String target = layer != null ? layer : compilation.parameterVertices().nodeOf(convolutions.get(convolutions.size() - 1));
            Optional<String> bad = checkLayer(graph, compilation, probe, target);
            if (bad.isPresent()) {
                return fail(bad.get());
            }
            float[] scores = trained.run(pixels, 1).values();
            List<TrainedNetwork.Ranked> ranked = TrainedNetwork.top(scores, scores.length, trained.outputsProbabilities());
            int classes = probe.classes();
            if (cls != null && (cls < 0 || cls >= classes)) {
                return fail("--class " + cls + " is out of range: the network has " + classes + " classes, 0 to " + (classes - 1) + ".");
            }
            int k = cls != null ? cls : ranked.get(0).index();
            List<String> names = classNames(modelFile, classes);
            Files.createDirectories(outDir);
            String firstConv = convolutions.get(0);
            ExplainPictures.Grid filters = ExplainPictures.filters(probe.kernels(firstConv));
            INDArray kernels = probe.kernels(firstConv);
            Path filtersFile = write(filters.image(), "filters.png");
            INDArray features = probe.imageActivation(x, target).orElseThrow();
            ExplainPictures.Grid maps = ExplainPictures.channels(features);
            Path featuresFile = write(maps.image(), "features-" + safe(target) + ".png");
            double[][] cam = probe.gradCam(x, target, k);
            Path camFile = write(ExplainPictures.gradCam(Nd4j.create(shownInput.shown(pixels, inputShape),
                            new long[] {inputShape.get(0), inputShape.get(1), inputShape.get(2)}, 'c'), cam),
                    "gradcam-" + k + ".png");
            TrainedNetwork.Ranked best = ranked.get(0);
            out.printf(Locale.ROOT, "%s: predicted class %s with confidence %.4f%n", shownImage, name(best.index(), names),
                    best.probability());
            out.printf(Locale.ROOT, "Wrote %s: %d filters of '%s' (%dx%d, %d input channel%s)%n", filtersFile, filters.tiles(),
                    compilation.parameterVertices().nodeOf(firstConv), kernels.size(2), kernels.size(3), kernels.size(1),
                    kernels.size(1) == 1 ? "" : "s");
            out.printf(Locale.ROOT, "Wrote %s: %d channels of '%s' (%dx%d)%n", featuresFile, maps.tiles(), target,
                    features.size(1), features.size(2));
            out.printf(Locale.ROOT, "Wrote %s: Grad-CAM of class %s (probability %.4f) at '%s' (%dx%d, upsampled to %dx%d)%n",
                    camFile, name(k, names), ranked.stream().filter(r -> r.index() == k).findFirst().orElseThrow().probability(),
                    target, cam.length, cam[0].length, inputShape.get(1), inputShape.get(2));
            if (java.util.Arrays.stream(cam).flatMapToDouble(java.util.Arrays::stream).allMatch(v -> v == 0)) {
                out.printf(Locale.ROOT, "Note: the Grad-CAM map is zero everywhere: the channels of '%s' weighed by their mean "
                        + "gradient lower class %d's score at every position for this image; try an earlier layer (--layer).%n",
                        target, k);
            }
            out.flush();
            return 0;
        } catch (ExplainData.Problem e) {
            return fail(e.getMessage());
        } catch (DataException e) {
            return fail(e.getMessage() + ". Give a PNG, JPEG, GIF or BMP image with --image.");
        } catch (TrainedNetwork.MismatchException e) {
            return fail(modelFile + " does not fit " + file + " (was the graph changed after training?): " + e.getMessage());
        } catch (IOException e) {
            return fail(e.getMessage());
        }
    }

    /** Why {@code id} cannot be explained, if it cannot: it must be a node with a [channels, h, w] output. */
    private static Optional<String> checkLayer(Graph graph, Dl4jCompiler.Compilation compilation, NetworkProbe probe, String id) {
        List<String> imageLike = Explainer.featureMapLayers(graph, compilation, probe);
        if (graph.nodes().stream().noneMatch(n -> n.id().equals(id))) {
            return Optional.of("--layer " + id + ": the graph has no node '" + id + "'. Layers with feature maps: "
                    + String.join(", ", imageLike) + ".");
        }
        if (!imageLike.contains(id)) {
            return Optional.of("--layer " + id + ": '" + id + "' gives " + compilation.analysis().node(id).flatMap(NodeResult::output)
                    .map(t -> t.dims().toString()).orElse("no output") + ", not feature maps [channels, height, width] (a "
                    + "convolution-like 4-D activation). Choose one of: " + String.join(", ", imageLike) + ".");
        }
        return Optional.empty();
    }

    private Path write(RenderedImage picture, String name) throws IOException {
        Path f = outDir.resolve(name);
        if (!ImageIO.write(picture, "png", f.toFile())) {
            throw new IOException(f + ": no PNG writer");
        }
        return f;
    }

    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String name(int index, List<String> names) {
        return names.isEmpty() ? String.valueOf(index) : index + " (" + names.get(index) + ")";
    }

    /** The training data's class names when the model's record names its data and they fit; else empty. */
    private List<String> classNames(Path modelFile, int classes) {
        try {
            return ModelFiles.readProvenance(modelFile)
                    .flatMap(p -> p.data() == null ? Optional.empty() : ClassNames.of(p.data(), file.toAbsolutePath().getParent()))
                    .filter(n -> n.size() == classes).orElse(List.of());
        } catch (IOException e) {
            err.println("layerloom explain: warning: " + e.getMessage() + "; printing class indices.");
            return List.of();
        }
    }

    private int fail(String message) {
        err.println("layerloom explain: " + message);
        err.flush();
        return LayerloomCommand.UNREADABLE;
    }
}
