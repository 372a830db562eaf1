package io.layerloom.app.cli;

import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.explain.ExplainPictures;
import io.layerloom.app.explain.NetworkProbe;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.json.GraphJson;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * layerloom explain on a network whose answer is known: a small CNN trained here (seconds) to
 * tell a bright vertical bar on the left half of a 12x12 image (class 0) from one on the right
 * half (class 1). Grad-CAM of the predicted class must put most of its heat on the bar's half;
 * the pictures are written with a tile per filter and per channel; bad input is refused by name.
 */
class ExplainCommandTest {

    private static final int SIZE = 12;
    private static final String GRAPH = """
            {"format": "layerloom-graph", "version": 1, "name": "bars", "nodes": [
              {"id": "in", "kind": "Input", "shape": [1, 12, 12]},
              {"id": "c1", "kind": "Conv2D", "inputs": ["in"], "filters": 4, "kernel": 3, "activation": "relu"},
              {"id": "c2", "kind": "Conv2D", "inputs": ["c1"], "filters": 6, "kernel": 3, "activation": "relu"},
              {"id": "f", "kind": "Flatten", "inputs": ["c2"]},
              {"id": "out", "kind": "Output", "inputs": ["f"], "units": 2}
            ]}""";

    @TempDir
    static Path dir;
    static Path file;
    static ComputationGraph net;

    /** One image [1, 12, 12] in C order: faint noise and a 2-pixel bar at column {@code column}. */
    static float[] bar(int column, Random r) {
        float[] v = new float[SIZE * SIZE];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.15f * r.nextFloat();
        }
        for (int y = 0; y < SIZE; y++) {
            v[y * SIZE + column] = 1f;
            v[y * SIZE + column + 1] = 1f;
        }
        return v;
    }

    /** A bar somewhere in the left half (class 0) or the right half (class 1). */
    static int column(int cls, Random r) {
        return cls == 0 ? r.nextInt(SIZE / 2 - 1) : SIZE / 2 + r.nextInt(SIZE / 2 - 1);
    }

    @BeforeAll
    static void train() throws Exception {
        file = dir.resolve("bars.json");
        Files.writeString(file, GRAPH);
        net = TrainingSetUp.initialise(Dl4jCompiler.compile(GraphJson.read(file), 5).require());
        Random r = new Random(1);
        int n = 256;
        float[] x = new float[n * SIZE * SIZE];
        float[] y = new float[n * 2];
        for (int i = 0; i < n; i++) {
            int cls = i % 2;
            System.arraycopy(bar(column(cls, r), r), 0, x, i * SIZE * SIZE, SIZE * SIZE);
            y[i * 2 + cls] = 1;
        }
        DataSet all = new DataSet(Nd4j.create(x, new long[] {n, 1, SIZE, SIZE}, 'c'), Nd4j.create(y, new long[] {n, 2}, 'c'));
        for (int epoch = 0; epoch < 15; epoch++) {
            for (DataSet batch : all.batchBy(32)) {
                net.fit(batch);
            }
        }
        ModelFiles.save(net, ModelFiles.modelFor(file, null), new ModelFiles.Provenance("bars.json", null, 5, 0, Double.NaN));
    }

    @Test
    void gradCamPutsMostOfThePredictedClassesHeatOnTheBarsHalf() {
        NetworkProbe probe = new NetworkProbe(net.getConfiguration(), net.params());
        Random r = new Random(99);
        int right = 0;
        double share = 0;
        int n = 40;
        for (int i = 0; i < n; i++) {
            int cls = i % 2;
            INDArray x = Nd4j.create(bar(column(cls, r), r), new long[] {1, 1, SIZE, SIZE}, 'c');
            double[] scores = probe.scores(x);
            int predicted = scores[1] > scores[0] ? 1 : 0;
            right += predicted == cls ? 1 : 0;
            double[][] heat = ExplainPictures.upsample(probe.gradCam(x, "c2", predicted), SIZE, SIZE);
            double total = 0;
            double onBar = 0;
            for (int yy = 0; yy < SIZE; yy++) {
                for (int xx = 0; xx < SIZE; xx++) {
                    total += heat[yy][xx];
                    onBar += (xx < SIZE / 2) == (cls == 0) ? heat[yy][xx] : 0;
                }
            }
            share += total > 0 ? onBar / total : 0;
        }
        assertTrue(right >= n - 2, "the network learned the task: " + right + " of " + n + " right");
        System.out.printf("Grad-CAM on bars: %d of %d right, mean heat share on the bar's half %.3f%n", right, n, share / n);
        assertTrue(share / n > 0.7, "mean share of Grad-CAM heat on the bar's half: " + share / n);
    }

    private static Path png(String name, float[] pixels) throws Exception {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < pixels.length; i++) {
            int g = Math.round(pixels[i] * 255);
            image.setRGB(i % SIZE, i / SIZE, g << 16 | g << 8 | g);
        }
        Path p = dir.resolve(name);
        ImageIO.write(image, "png", p.toFile());
        return p;
    }

    @Test
    void writesTheFiltersTheFeatureMapsAndGradCamAndPrintsThePrediction() throws Exception {
        Path image = png("right.png", bar(8, new Random(3)));
        Path out = dir.resolve("pictures");
        run("explain", file.toString(), "--image", image.toString(), "--out", out.toString()).exits(0)
                .outContains(image + ": predicted class 1 with confidence ",
                        "Wrote " + out.resolve("filters.png") + ": 4 filters of 'c1' (3x3, 1 input channel)",
                        "Wrote " + out.resolve("features-c2.png") + ": 6 channels of 'c2' (8x8)",
                        "Wrote " + out.resolve("gradcam-1.png") + ": Grad-CAM of class 1 (probability ",
                        "at 'c2' (8x8, upsampled to 12x12)");
        BufferedImage filters = ImageIO.read(out.resolve("filters.png").toFile());
        assertEquals(2 + 2 * (48 + 2), filters.getWidth(), "2 columns of 48-pixel tiles (3x3 kernels enlarged 16 times)");
        assertEquals(2 + 2 * (48 + 2), filters.getHeight(), "2 rows for 4 filters");
        BufferedImage cam = ImageIO.read(out.resolve("gradcam-1.png").toFile());
        assertEquals(12 * 21, cam.getWidth());
        run("explain", file.toString(), "--image", image.toString(), "--layer", "c1", "--class", "0", "--out", out.toString())
                .exits(0).outContains("Wrote " + out.resolve("features-c1.png") + ": 4 channels of 'c1' (10x10)",
                        "Wrote " + out.resolve("gradcam-0.png") + ": Grad-CAM of class 0");
    }

    @Test
    void badInputIsRefusedWithTheFixAndExitTwo() throws Exception {
        Path image = png("left.png", bar(1, new Random(4)));
        Path out = dir.resolve("refused");
        run("explain", file.toString(), "--image", image.toString(), "--layer", "f", "--out", out.toString()).exits(2)
                .errContains("layerloom explain: --layer f: 'f' gives [384], not feature maps [channels, height, width] (a "
                        + "convolution-like 4-D activation). Choose one of: c1, c2.");
        run("explain", file.toString(), "--image", image.toString(), "--layer", "nope", "--out", out.toString()).exits(2)
                .errContains("layerloom explain: --layer nope: the graph has no node 'nope'. Layers with feature maps: c1, c2.");
        run("explain", file.toString(), "--image", image.toString(), "--class", "2", "--out", out.toString()).exits(2)
                .errContains("layerloom explain: --class 2 is out of range: the network has 2 classes, 0 to 1.");
        Path broken = dir.resolve("broken.png");
        Files.writeString(broken, "not an image");
        run("explain", file.toString(), "--image", broken.toString(), "--out", out.toString()).exits(2)
                .errContains("layerloom explain: " + broken, "Give a PNG, JPEG, GIF or BMP image with --image.");
        Path untrained = dir.resolve("untrained.json");
        Files.writeString(untrained, GRAPH);
        run("explain", untrained.toString(), "--image", image.toString(), "--out", out.toString()).exits(2)
                .errContains("layerloom explain: no trained model for " + untrained + ": " + dir.resolve("untrained.dl4j.zip")
                        + " does not exist. Train the graph first ('layerloom train " + untrained + " --data ... --epochs N')");
        assertFalse(Files.exists(out), "nothing written when the input is refused");
    }

    @Test
    void theGalleryShowsTheTestImagesTheNetworkGetsWrong() throws Exception {
        // every image sits in the other side's folder, so whatever the split, every test image is misclassified
        Path data = dir.resolve("swapped");
        Random r = new Random(6);
        for (int i = 0; i < 20; i++) {
            int cls = i % 2;
            Path folder = data.resolve(cls == 0 ? "right" : "left");
            Files.createDirectories(folder);
            Files.move(png("swap" + i + ".png", bar(column(cls, r), r)), folder.resolve("img" + i + ".png"));
        }
        Path out = dir.resolve("gallery");
        CliRunner.Run result = run("explain", file.toString(), "--misclassified", "2", "--data", data.toString(),
                "--out", out.toString()).exits(0).outContains("Wrote " + out.resolve("misclassified.png") + ": 2 of the ",
                "most confidently wrong first");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("2 of the (\\d+) misclassified test images \\(of (\\d+)\\)")
                .matcher(result.out());
        assertTrue(m.find(), result.out());
        assertEquals(m.group(2), m.group(1), "every test image is wrong");
        BufferedImage gallery = ImageIO.read(out.resolve("misclassified.png").toFile());
        assertEquals(2 * (96 + 40), gallery.getWidth(), "2 columns for 2 images");
        run("explain", file.toString(), "--index", "0", "--data", data.toString(), "--out", out.toString()).exits(0)
                .outContains("swapped test image 0 (class ", ": predicted class ");
        run("explain", file.toString(), "--index", "999", "--data", data.toString(), "--out", out.toString()).exits(2)
                .errContains("layerloom explain: --index 999 is out of range: the test set of swapped has ");
    }

    /**
     * A model whose record says its inputs were normalised: the image file is normalised before the
     * network sees it (as predict does), and Grad-CAM is laid over the image as it looks.
     */
    @Test
    void normalisedInputsGoToTheNetworkNormalisedAndArePaintedAsTheyLook() throws Exception {
        Path normFile = dir.resolve("norm.json");
        Files.writeString(normFile, GRAPH);
        io.layerloom.app.data.DataTransform transform = new io.layerloom.app.data.DataTransform(java.util.Optional.empty(),
                java.util.List.of(0.3), java.util.List.of(0.2));
        ModelFiles.save(net, ModelFiles.modelFor(normFile, null), new ModelFiles.Provenance("norm.json", null, 5, 0, Double.NaN,
                transform));
        Path image = png("norm-right.png", bar(8, new Random(8)));
        Path out = dir.resolve("normalised");
        run("explain", normFile.toString(), "--image", image.toString(), "--class", "1", "--out", out.toString()).exits(0);
        java.util.List<Long> shape = java.util.List.of(1L, (long) SIZE, (long) SIZE);
        float[] raw = io.layerloom.app.data.ImageFolderReader.image(image, shape);
        float[] input = raw.clone();
        transform.normalizeExamples(input, 1, shape);
        double[][] cam = new NetworkProbe(net.getConfiguration(), net.params())
                .gradCam(Nd4j.create(input, new long[] {1, 1, SIZE, SIZE}, 'c'), "c2", 1);
        BufferedImage expected = ExplainPictures.gradCam(Nd4j.create(raw, new long[] {1, SIZE, SIZE}, 'c'), cam);
        BufferedImage written = ImageIO.read(out.resolve("gradcam-1.png").toFile());
        assertEquals(expected.getWidth(), written.getWidth());
        int worst = 0;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    worst = Math.max(worst, Math.abs((expected.getRGB(x, y) >> shift & 255) - (written.getRGB(x, y) >> shift & 255)));
                }
            }
        }
        assertTrue(worst <= 1, "Grad-CAM of the normalised input over the raw image; largest difference " + worst);
    }
}
