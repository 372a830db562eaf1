package io.layerloom.app.cli;

import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replace the head: train, swap the classifier for a new Output, freeze the body and train again from the saved model. */
class FineTuneCommandTest {

    private static final String BODY = """
              {"id": "in", "kind": "Input", "shape": [1, 12, 12]},
              {"id": "c", "kind": "Conv2D", "inputs": ["in"], "filters": 8, "kernel": 3, "activation": "relu"%s},
              {"id": "p", "kind": "MaxPool2D", "inputs": ["c"]},
              {"id": "f", "kind": "Flatten", "inputs": ["p"]},
            """;

    private static Path write(Path file, String frozen, String head) throws Exception {
        Files.writeString(file, "{\"format\": \"layerloom-graph\", \"version\": 1, \"name\": \"bars\", \"nodes\": [\n"
                + BODY.formatted(frozen) + head + "\n]}");
        return file;
    }

    private static Weights weights(Path model) throws Exception {
        // Its graphs have one vertex per node, each named by the node's id.
        return NetworkWeights.read(ModelSerializer.restoreComputationGraph(model.toFile(), false),
                new ParameterVertices(java.util.Map.of()));
    }

    @Test
    void theFrozenBodyKeepsTheSavedWeightsAndTheNewHeadStartsFresh(@TempDir Path dir) throws Exception {
        Path first = write(dir.resolve("bars.json"), "", "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 4}");
        run("train", first.toString(), "--data", "synthetic:1x12x12:4", "--epochs", "1", "--save", dir.resolve("a").toString())
                .exits(0);
        Path saved = dir.resolve("a").resolve("bars.dl4j.zip");
        Path tuned = write(dir.resolve("tuned.json"), ", \"trainable\": false",
                "{\"id\": \"head\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 4}");

        run("train", tuned.toString(), "--data", "synthetic:1x12x12:4", "--epochs", "1", "--seed", "3", "--from", saved.toString(),
                "--save", dir.resolve("b").toString())
                .exits(0).outContains("Starting from " + saved + ": 1 layer from the saved model (not used: out); "
                        + "initialised fresh: head.\n");

        Weights before = weights(saved);
        Weights after = weights(dir.resolve("b").resolve("tuned.dl4j.zip"));
        for (String key : before.of("c").keySet()) {
            assertArrayEquals(before.of("c").get(key).values(), after.of("c").get(key).values(), "frozen c " + key);
        }
        assertFalse(Arrays.equals(before.of("out").get("W").values(), after.of("head").get("W").values()));
    }

    @Test
    void frozenLayersWithoutASavedModelAreWarnedAbout(@TempDir Path dir) throws Exception {
        Path tuned = write(dir.resolve("tuned.json"), ", \"trainable\": false",
                "{\"id\": \"head\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 4}");
        run("train", tuned.toString(), "--data", "synthetic:1x12x12:4", "--epochs", "1").exits(0)
                .errContains("has frozen layers but training starts from a fresh initialisation, so they stay random. "
                        + "Give --from MODEL.dl4j.zip to start from trained weights.");
    }

    @Test
    void aModelThatCannotBeReadIsRefusedBeforeTraining(@TempDir Path dir) throws Exception {
        Path tuned = write(dir.resolve("tuned.json"), "", "{\"id\": \"head\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 4}");
        Path junk = Files.writeString(dir.resolve("junk.dl4j.zip"), "not a zip");
        run("train", tuned.toString(), "--data", "synthetic:1x12x12:4", "--epochs", "1", "--from", junk.toString()).exits(2)
                .errContains("layerloom train: cannot read the model " + junk);
        assertEquals(false, Files.exists(dir.resolve("tuned.dl4j.zip")));
    }
}
