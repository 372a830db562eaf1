package io.layerloom.app.cli;

import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.augment.AugmentPreview;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.training.AugmentStep;
import io.layerloom.model.training.TrainingSettings;
import io.layerloom.model.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerloom augment-preview}: a PNG grid of training images and what the graph's augmentation makes of them. */
@Command(name = "augment-preview", mixinStandardHelpOptions = true,
        description = {"Write a PNG grid showing the graph's training.augmentation: a row per training image (one of each class"
                + " first), the image itself, then 8 augmented versions of it, made as training makes them.",
                "Exit 0 when the PNG is written, 1 when the graph has no augmentation or its data are not images, 2 when the"
                        + " file or the data cannot be read."})
final class AugmentPreviewCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The graph .json file (its training.augmentation is shown).")
    Path file;

    @Option(names = "--data", required = true, paramLabel = "NAME|PATH", description = "The data set, as 'layerloom train --data'.")
    String data;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The PNG file to write.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the augmentation and the data split (default: the file's, else 42).")
    Long seed;

    @Option(names = "--images", paramLabel = "N", defaultValue = "4", description = "Source images, one row each (default 4, at most 64).")
    int images;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (images < 1 || images > 64) {
            throw new ParameterException(spec.commandLine(), "--images takes 1 to 64, not " + images);
        }
        Optional<Graph> read = GraphFiles.read(file, err);
        if (read.isEmpty()) {
            return LayerloomCommand.UNREADABLE;
        }
        TrainingSettings settings = read.get().training().orElse(TrainingSettings.defaults());
        List<AugmentStep> steps = settings.augmentation();
        if (steps.isEmpty()) {
            err.println("layerloom augment-preview: " + file + " has no training.augmentation. Add steps such as \"augmentation\": "
                    + "[{\"op\": \"flip\", \"horizontal\": true, \"p\": 0.5}, {\"op\": \"crop\", \"padding\": 4}] to its"
                    + " \"training\" object (docs/format.md).");
            return LayerloomCommand.HAS_ERRORS;
        }
        long s = seed != null ? seed : settings.seed();
        List<Long> shape = inputShape(read.get());
        DataSplit split;
        try {
            DataSources.Request request = DataSources.Request.defaults().withSeed(s);
            if (shape.size() == 3) {
                request = request.withImageShape(shape);
            }
            split = DataSources.standard().resolve(data, request);
        } catch (DataException e) {
            err.println("layerloom augment-preview: " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        }
        List<Long> imageShape = split.train().exampleShape();
        if (imageShape.size() != 3) {
            err.println("layerloom augment-preview: " + data + " holds vectors of " + imageShape + ", not images [channels, height,"
                    + " width]; augmentation works on images. Give an image data set.");
            return LayerloomCommand.HAS_ERRORS;
        }
        AugmentPreview.Grid grid = AugmentPreview.grid(AugmentPreview.sample(split.train(), images), imageShape, steps, s,
                AugmentPreview.VERSIONS, AugmentPreview.zoomFor(imageShape, 96));
        BufferedImage png = new BufferedImage(grid.width(), grid.height(), BufferedImage.TYPE_INT_RGB);
        png.setRGB(0, 0, grid.width(), grid.height(), grid.argb(), 0, grid.width());
        try {
            AtomicFiles.write(out, target -> {
                if (!ImageIO.write(png, "png", target.toFile())) {
                    throw new IOException("no PNG writer");
                }
            });
        } catch (IOException e) {
            err.println("layerloom augment-preview: cannot write " + this.out + ": " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        }
        stdout.println("Wrote " + out + ": " + Math.min(images, split.train().count()) + " images x "
                + AugmentPreview.VERSIONS + " augmented versions (" + steps.size() + " steps, seed " + s + ", "
                + grid.width() + "x" + grid.height() + " pixels).");
        return 0;
    }

    /** The graph's first Input's shape, or empty when it has none. */
    private static List<Long> inputShape(Graph g) {
        return g.nodes().stream().filter(n -> n.kind().name().equals("Input")).findFirst()
                .map(n -> n.kind().values(n.spec()).get("shape")).filter(Dims.class::isInstance)
                .map(d -> ((Dims) d).values()).orElse(List.of());
    }
}
