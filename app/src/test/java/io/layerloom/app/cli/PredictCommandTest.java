package io.layerloom.app.cli;

import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.layerloom.app.data.ImageFolderReader;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.data.Npy;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.json.GraphJson;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * layerloom predict end to end on a small CNN saved the way train saves one: outputs equal to
 * DL4J's own run of the saved model, in any batch size; images fed exactly as training feeds an
 * image folder; and the errors (shape, weights missing or stale, options) named and nothing written.
 */
class PredictCommandTest {

    private static String cnn(int units) {
        return """
                {"format": "layerloom-graph", "version": 1, "name": "tiny", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [1, 4, 4]},
                  {"id": "c", "kind": "Conv2D", "inputs": ["in"], "filters": 3, "kernel": 3, "activation": "relu"},
                  {"id": "f", "kind": "Flatten", "inputs": ["c"]},
                  {"id": "out", "kind": "Output", "inputs": ["f"], "units": %d}
                ]}""".formatted(units);
    }

    /** Writes the graph as tiny.json and a model for it (seeded initial weights) as tiny.dl4j.zip, recording {@code data}. */
    private static Path trained(Path dir, int units, String data) throws Exception {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, cnn(units));
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(GraphJson.read(file), 7).require());
        ModelFiles.save(net, ModelFiles.modelFor(file, null), new ModelFiles.Provenance("tiny.json", data, 7, 0.1, 0.5));
        return file;
    }

    private static Path npy(String name) {
        try {
            return Path.of(PredictCommandTest.class.getResource("/io/layerloom/app/data/npy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** DL4J's own run of the saved model, restored by DL4J alone. */
    private static INDArray dl4j(Path file, float[] x, long... shape) throws Exception {
        ComputationGraph saved = ModelSerializer.restoreComputationGraph(ModelFiles.modelFor(file, null).toFile(), false);
        return saved.output(false, Nd4j.create(x, shape, 'c'))[0].castTo(DataType.FLOAT);
    }

    private static float[] read(Path npy) throws Exception {
        try (Npy.Reader r = Npy.open(npy)) {
            return r.read(0, Math.toIntExact(r.examples()));
        }
    }

    @Test
    void writesTheSavedModelsOutputsForANumpyArrayInAnyBatchSize(@TempDir Path dir) throws Exception {
        Path file = trained(dir, 4, "synthetic:1x4x4:4");
        Path y = dir.resolve("y.npy");
        run("predict", file.toString(), "--input", npy("images_2x1x4x4.npy").toString(), "--output", y.toString()).exits(0)
                .outContains("Wrote " + y + ": float32 (2, 4), the outputs of 2 examples (tiny.dl4j.zip, 64 at a time).");
        float[] x = read(npy("images_2x1x4x4.npy"));
        INDArray expected = dl4j(file, x, 2, 1, 4, 4);
        try (Npy.Reader r = Npy.open(y)) {
            assertEquals(List.of(2L, 4L), r.header().shape());
            assertArrayEquals(expected.data().asFloat(), r.read(0, 2), 1e-6f);
        }
        Path one = dir.resolve("one-at-a-time.npy");
        run("predict", file.toString(), "--input", npy("images_2x1x4x4.npy").toString(), "--output", one.toString(),
                "--batch", "1").exits(0);
        assertArrayEquals(read(y), read(one), 1e-6f, "batch size does not change the outputs");
    }

    @Test
    void aShapeThatDoesNotFitIsNamedWithTheExpectedOneAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path file = trained(dir, 4, "synthetic:1x4x4:4");
        Path y = dir.resolve("y.npy");
        Files.writeString(y, "kept");
        Path x = npy("f4_2x3.npy");
        run("predict", file.toString(), "--input", x.toString(), "--output", y.toString()).readError()
                .errContains("layerloom predict: " + x + ": shape (2, 3) does not fit the graph's Input 'in' [1, 4, 4]: "
                        + "expected (N, 1, 4, 4). Each example must be [1, 4, 4] (16 values), as the Input layer says.");
        Path flat = dir.resolve("flat.npy");
        Npy.write(flat, List.of(3L, 16L), new float[48]);
        run("predict", file.toString(), "--input", flat.toString(), "--output", y.toString()).readError()
                .errContains(": shape (3, 16) does not fit the graph's Input 'in' [1, 4, 4]: expected (N, 1, 4, 4). "
                        + "The values per example agree: save x.reshape(3, 1, 4, 4).");
        Path single = dir.resolve("single.npy");
        Npy.write(single, List.of(1L, 4L, 4L), new float[16]);
        run("predict", file.toString(), "--input", single.toString(), "--output", y.toString()).readError()
                .errContains(": shape (1, 4, 4) does not fit the graph's Input 'in' [1, 4, 4]: expected (N, 1, 4, 4). "
                        + "It is one example without the batch axis: save x[None] instead.");
        Path corrupt = dir.resolve("corrupt.npy");
        Files.writeString(corrupt, "not numpy");
        run("predict", file.toString(), "--input", corrupt.toString(), "--output", y.toString()).readError()
                .errContains(corrupt + ": not a NumPy .npy file");
        assertEquals("kept", Files.readString(y), "a failed run leaves the output file as it was");
        assertEquals(List.of("y.npy"), Files.list(dir).map(p -> p.getFileName().toString()).filter(n -> n.endsWith("npy")
                || n.endsWith(".tmp")).filter(n -> !n.equals("flat.npy") && !n.equals("single.npy") && !n.equals("corrupt.npy"))
                .toList(), "no temporary file left behind");
    }

    @Test
    void missingWeightsSayHowToGetThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, cnn(4));
        Path y = dir.resolve("y.npy");
        run("predict", file.toString(), "--input", npy("images_2x1x4x4.npy").toString(), "--output", y.toString()).readError()
                .errContains("layerloom predict: no weights for " + file + ": " + dir.resolve("tiny.dl4j.zip")
                        + " does not exist. Train the graph first ('layerloom train " + file + " --data ... --epochs N'), "
                        + "import a trained network with its weights ('layerloom import MODEL.onnx " + file + "'), "
                        + "or give --model PATH.");
        assertFalse(Files.exists(y));
    }

    @Test
    void weightsSavedForAnotherVersionOfTheGraphAreRefusedByNode(@TempDir Path dir) throws Exception {
        Path file = trained(dir, 4, "synthetic:1x4x4:4");
        Files.writeString(file, cnn(5));
        Path y = dir.resolve("y.npy");
        run("predict", file.toString(), "--input", npy("images_2x1x4x4.npy").toString(), "--output", y.toString()).readError()
                .errContains("layerloom predict: " + dir.resolve("tiny.dl4j.zip") + " does not fit " + file
                        + " (was the graph changed after training?): the weights do not fit the network:\n"
                        + "  node 'out', parameter 'W': the layer holds [12, 5], the weights are [12, 4]\n"
                        + "  node 'out', parameter 'b': the layer holds [5], the weights are [4]");
        assertFalse(Files.exists(y));
    }

    @Test
    void optionsThatDoNotGoTogetherAreRefused(@TempDir Path dir) throws Exception {
        Path file = trained(dir, 4, "synthetic:1x4x4:4");
        run("predict", file.toString(), "--input", npy("images_2x1x4x4.npy").toString()).readError()
                .errContains("--output Y.npy is needed with a .npy input");
        run("predict", file.toString(), "--input", dir.toString(), "--output", dir.resolve("y.npy").toString()).readError()
                .errContains("--output is for a .npy input; for images predict prints the top 5 classes of each");
        run("predict", file.toString(), "--input", npy("images_2x1x4x4.npy").toString(), "--output", "y.npy", "--batch", "0")
                .readError().errContains("--batch must be at least 1, not 0");
    }

    private static void picture(Path file, int w, int h, Color a, Color b) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(a);
        g.fillRect(0, 0, w, h);
        g.setColor(b);
        g.fillRect(0, 0, w / 2, h / 3);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, file.getFileName().toString().endsWith(".png") ? "png" : "jpg", file.toFile());
    }

    @Test
    void imagesGetTheTopFiveNamedAfterTheTrainingFoldersAndAreFedAsTrainingFedThem(@TempDir Path dir) throws Exception {
        List<String> classes = List.of("ant", "bee", "cat", "dog", "eel", "fox");
        Path training = dir.resolve("training");
        for (String c : classes) {
            picture(training.resolve(c).resolve("x.png"), 5, 5, Color.GRAY, Color.WHITE);
        }
        Path file = trained(dir, 6, training.toString());
        Path photos = dir.resolve("photos");
        picture(photos.resolve("a.png"), 9, 7, Color.RED, Color.YELLOW);
        picture(photos.resolve("more").resolve("b.jpg"), 12, 12, Color.BLUE, Color.BLACK);

        CliRunner.Run r = run("predict", file.toString(), "--input", photos.toString(), "--batch", "1").exits(0);

        // what training sees: the same pictures read as an image folder (one class per picture here)
        Path folder = dir.resolve("as-training-sees-them");
        Files.createDirectories(folder.resolve("a"));
        Files.createDirectories(folder.resolve("b"));
        Files.copy(photos.resolve("a.png"), folder.resolve("a").resolve("a.png"));
        Files.copy(photos.resolve("more").resolve("b.jpg"), folder.resolve("b").resolve("b.jpg"));
        LoadedData asTraining = ImageFolderReader.read(folder, List.of(1L, 4L, 4L));
        float[] probabilities = dl4j(file, asTraining.features(), 2, 1, 4, 4).data().asFloat();
        StringBuilder expected = new StringBuilder("tiny.dl4j.zip on 2 images: top 5 classes; probabilities from the output "
                + "layer's softmax.\n");
        List<String> names = List.of("a.png", "more/b.jpg");
        for (int i = 0; i < 2; i++) {
            expected.append(names.get(i)).append('\n');
            int row = i;
            List<Integer> order = new ArrayList<>(IntStream.range(0, 6).boxed().toList());
            order.sort(Comparator.comparingDouble((Integer k) -> -probabilities[row * 6 + k]));
            for (int rank = 0; rank < 5; rank++) {
                int k = order.get(rank);
                expected.append(String.format(Locale.ROOT, "  %d. %-24s %.4f%n", rank + 1, k + " " + classes.get(k),
                        probabilities[row * 6 + k]));
            }
        }
        assertEquals(expected.toString(), r.out());
    }

    @Test
    void withoutKnownClassNamesTheIndicesAreShown(@TempDir Path dir) throws Exception {
        Path file = trained(dir, 4, "synthetic:1x4x4:4");
        Path image = dir.resolve("one.png");
        picture(image, 4, 4, Color.GREEN, Color.WHITE);
        CliRunner.Run r = run("predict", file.toString(), "--input", image.toString()).exits(0);
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("tiny.dl4j.zip on 1 image: top 5 classes (by index: the training data's class names are not "
                + "known); probabilities from the output layer's softmax.", image.toString()), lines.subList(0, 2));
        assertEquals(List.of(0, 1, 2, 3), lines.subList(2, 6).stream()
                .map(l -> Integer.parseInt(l.trim().split("\\s+")[1])).sorted().toList(), "all 4 classes, by index");
    }
}
