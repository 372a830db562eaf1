package io.layerloom.app.cli;

import io.layerloom.app.data.LoadedData;
import io.layerloom.app.data.SyntheticImages;
import io.layerloom.model.json.PlainJson;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.*;

/** --fit and --normalization end to end: 8x8 IDX images into a 12x12 Input, recorded, and evaluate transforms alike. */
class TrainFitCommandTest {

    private static final String CNN = """
            {"format": "layerloom-graph", "version": 1, "name": "bars", "nodes": [
              {"id": "in", "kind": "Input", "shape": [1, 12, 12]},
              {"id": "c", "kind": "Conv2D", "inputs": ["in"], "filters": 8, "kernel": 3, "activation": "relu"},
              {"id": "p", "kind": "MaxPool2D", "inputs": ["c"]},
              {"id": "f", "kind": "Flatten", "inputs": ["p"]},
              {"id": "out", "kind": "Output", "inputs": ["f"], "units": 10}
            ]}""";

    private static void idx(Path dir, String images, String labels, LoadedData data) throws Exception {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(images)))) {
            out.writeInt(0x0803);
            out.writeInt(data.count());
            out.writeInt(8);
            out.writeInt(8);
            for (float v : data.features()) {
                out.write(Math.round(v * 255));
            }
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(labels)))) {
            out.writeInt(0x0801);
            out.writeInt(data.count());
            for (int l : data.labels()) {
                out.write(l);
            }
        }
    }

    /** 8x8 bars in 4 classes as an IDX folder (train and test). */
    static Path bars(Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("bars-idx"));
        idx(folder, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", SyntheticImages.generate(800, List.of(1L, 8L, 8L), 4, 1));
        idx(folder, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", SyntheticImages.generate(200, List.of(1L, 8L, 8L), 4, 2));
        return folder;
    }

    @Test
    @SuppressWarnings("unchecked")
    void padAndNormaliseAreRecordedAndEvaluateAppliesThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bars.json");
        Files.writeString(file, CNN);
        Path data = bars(dir);
        run("train", file.toString(), "--data", data.toString(), "--epochs", "1").exits(1)
                .errContains("Input is 1x12x12 but MNIST images are 1x8x8; fit the images to the Input with --fit pad|resize");
        String out = run("train", file.toString(), "--data", data.toString(), "--epochs", "2", "--batch", "32", "--lr", "0.01",
                "--fit", "pad", "--normalization", "auto", "--progress", "json").exits(0).out();
        Map<String, Object> evaluation = (Map<String, Object>) PlainJson.parse(out.lines()
                .filter(l -> l.contains("\"evaluation\"")).findFirst().orElseThrow(), "evaluation");
        assertTrue(((BigDecimal) evaluation.get("accuracy")).doubleValue() > 0.9, evaluation.toString());
        Map<String, Object> record = (Map<String, Object>) PlainJson.read(dir.resolve("bars.dl4j.json"));
        assertEquals("pad", record.get("fit"));
        Map<String, Object> n = (Map<String, Object>) record.get("normalization");
        assertEquals(1, ((List<Object>) n.get("mean")).size());
        double mean = ((BigDecimal) ((List<Object>) n.get("mean")).get(0)).doubleValue();
        assertTrue(mean > 0 && mean < 1, "the mean of [0, 1] pixels: " + mean);
        Map<String, Object> again = (Map<String, Object>) PlainJson.parse(run("evaluate", file.toString(), "--json").exits(0)
                .out().strip(), "evaluate");
        assertEquals(evaluation.get("accuracy"), again.get("accuracy"), "evaluate pads and normalises as training did");
        assertEquals(evaluation.get("confusion"), again.get("confusion"));
        // predict pads and normalises an 8x8 image as training did: test images of each class come out as their class
        LoadedData test = SyntheticImages.generate(200, List.of(1L, 8L, 8L), 4, 2);
        Path images = Files.createDirectories(dir.resolve("images"));
        for (int i = 0; i < 4; i++) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int p = 0; p < 64; p++) {
                int v = Math.round(test.features()[i * 64 + p] * 255);
                img.setRGB(p % 8, p / 8, (v << 16) | (v << 8) | v);
            }
            javax.imageio.ImageIO.write(img, "png", images.resolve("label" + test.labels()[i] + ".png").toFile());
        }
        String predicted = run("predict", file.toString(), "--input", images.toString()).exits(0).out();
        for (int i = 0; i < 4; i++) {
            int label = test.labels()[i];
            assertTrue(predicted.contains("label" + label + ".png\n  1. " + label + " "), predicted);
        }
    }

    @Test
    void badFitsNameTheOptionOrTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bars.json");
        Files.writeString(file, CNN);
        Path data = bars(dir);
        run("train", file.toString(), "--data", data.toString(), "--epochs", "1", "--fit", "padd").exits(2)
                .errContains("--fit takes pad, resize or crop, not 'padd'. Did you mean 'pad'?");
        run("train", file.toString(), "--data", data.toString(), "--epochs", "1", "--normalization", "yes").exits(2)
                .errContains("--normalization takes auto or none, not 'yes'.");
        Files.writeString(file, CNN.replace("\"name\": \"bars\",", "\"name\": \"bars\", \"training\": {\"fit\": \"crop\"},"));
        run("train", file.toString(), "--data", data.toString(), "--epochs", "1").exits(1)
                .errContains("layerloom train: training.fit: fit crop needs images no smaller than the Input: MNIST images are"
                        + " 1x8x8, the Input is 1x12x12; use pad or resize.");
        Files.writeString(file, CNN.replace("\"name\": \"bars\",", "\"name\": \"bars\", \"training\": {\"fit\": \"grow\"},"));
        run("train", file.toString(), "--data", data.toString(), "--epochs", "1").exits(2)
                .errContains("training.fit", "unknown fit 'grow'", "Choices: pad, resize, crop");
    }
}
