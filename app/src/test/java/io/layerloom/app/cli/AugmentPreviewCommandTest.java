package io.layerloom.app.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** {@code layerloom augment-preview} writes the grid; {@code train} trains with the file's augmentation; bad steps name the field. */
class AugmentPreviewCommandTest {

    @TempDir
    Path dir;

    private Path graph(String augmentation) throws Exception {
        Path file = dir.resolve("cifarish.json");
        Files.writeString(file, """
                {"format": "layerloom-graph", "version": 1, "name": "cifarish",
                 "training": {"batchSize": 16, "epochs": 1, "seed": 5, "augmentation": %s},
                 "nodes": [
                  {"id": "in", "kind": "Input", "shape": [3, 16, 16]},
                  {"id": "c1", "kind": "Conv2D", "inputs": ["in"], "filters": 4, "kernel": 3, "activation": "relu"},
                  {"id": "f", "kind": "Flatten", "inputs": ["c1"]},
                  {"id": "out", "kind": "Output", "inputs": ["f"], "units": 4, "activation": "softmax", "loss": "mcxent"}]}
                """.formatted(augmentation));
        return file;
    }

    private static final String STEPS = "[{\"op\": \"flip\", \"horizontal\": true, \"p\": 0.5}, {\"op\": \"crop\", \"padding\": 2},"
            + " {\"op\": \"rotate\", \"degrees\": 10, \"p\": 0.5}, {\"op\": \"cutout\", \"size\": 4}]";

    @Test
    void writesAGridOfEachImageAndEightVersionsTheSameForTheSameSeed() throws Exception {
        Path file = graph(STEPS);
        Path png = dir.resolve("grid.png");
        CliRunner.run("augment-preview", file.toString(), "--data", "synthetic:3x16x16:4", "--out", png.toString(),
                "--images", "3").exits(0).outContains("Wrote " + png, "3 images x 8 augmented versions (4 steps, seed 5");
        BufferedImage grid = ImageIO.read(png.toFile());
        int zoom = 6; // 96 / 16
        assertEquals(4 + 9 * (16 * zoom + 4) + 4, grid.getWidth());
        assertEquals(4 + 3 * (16 * zoom + 4), grid.getHeight());
        byte[] first = Files.readAllBytes(png);
        CliRunner.run("augment-preview", file.toString(), "--data", "synthetic:3x16x16:4", "--out", png.toString(),
                "--images", "3").exits(0);
        assertArrayEquals(first, Files.readAllBytes(png));
        CliRunner.run("augment-preview", file.toString(), "--data", "synthetic:3x16x16:4", "--out", png.toString(),
                "--images", "3", "--seed", "6").exits(0);
        assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(png)));
    }

    @Test
    void refusesABadStepNamingTheFieldAndAGraphWithoutSteps() throws Exception {
        Path png = dir.resolve("grid.png");
        CliRunner.run("augment-preview", graph("[{\"op\": \"flip\"}, {\"op\": \"rotate\", \"degrees\": 200}]").toString(), "--data",
                "synthetic:3x16x16:4", "--out", png.toString()).exits(2)
                .errContains("field 'training.augmentation[1].degrees': rotate: degrees must be greater than 0, at most 180, got 200.");
        CliRunner.run("augment-preview", graph("[]").toString(), "--data", "synthetic:3x16x16:4", "--out", png.toString())
                .exits(1).errContains("has no training.augmentation");
        CliRunner.run("augment-preview", graph(STEPS).toString(), "--data", "iris", "--out", png.toString())
                .exits(1).errContains("not images");
        assertFalse(Files.exists(png));
    }

    @Test
    void trainTrainsWithTheFilesAugmentation() throws Exception {
        CliRunner.run("train", graph(STEPS).toString(), "--data", "synthetic:3x16x16:4", "--epochs", "1").exits(0)
                .outContains("Saved the trained model");
    }
}
