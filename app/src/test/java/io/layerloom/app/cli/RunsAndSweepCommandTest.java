package io.layerloom.app.cli;

import io.layerloom.app.runs.RunFiles;
import io.layerloom.app.runs.RunRecord;
import io.layerloom.model.json.PlainJson;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.*;

/** layerloom sweep and runs on a tiny network and synthetic data: runs recorded, sorted, listed as JSON; bad values named. */
class RunsAndSweepCommandTest {

    private static final String MLP = """
            {"format": "layerloom-graph", "version": 1, "name": "bars", "nodes": [
              {"id": "in", "kind": "Input", "shape": [1, 8, 8]},
              {"id": "f", "kind": "Flatten", "inputs": ["in"]},
              {"id": "h", "kind": "Dense", "inputs": ["f"], "units": 8, "activation": "relu"},
              {"id": "out", "kind": "Output", "inputs": ["h"], "units": 3}
            ]}""";

    private static final String DATA = "synthetic:1x8x8:3";

    private static Path graph(Path dir) throws Exception {
        Path file = dir.resolve("bars.json");
        Files.writeString(file, MLP);
        return file;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSweepRecordsEveryRunAndPrintsThemByTestAccuracyAndRunsListsThem(@TempDir Path dir) throws Exception {
        Path file = graph(dir);
        CliRunner.Run sweep = run("sweep", file.toString(), "--data", DATA, "--epochs", "2", "--lr", "1e-4,1e-2",
                "--optimizer", "adam,sgd", "--batch", "32").exits(0)
                .outContains("Sweeping 4 runs", "Run 4/4: optimizer sgd, lr 0.01, batch 32, switch-to-sgd 0",
                        "Runs by test accuracy", "optimizer", "learningRate");
        RunFiles.Listing listing = RunFiles.list(file);
        assertEquals(4, listing.runs().size());
        assertTrue(listing.problems().isEmpty());
        assertTrue(listing.runs().stream().allMatch(r -> r.origin().equals("sweep") && r.outcome() == RunRecord.Outcome.FINISHED));
        // the table's rows, best first
        List<String> rows = sweep.out().lines().dropWhile(l -> !l.startsWith("Runs by test accuracy")).skip(2)
                .takeWhile(l -> !l.startsWith("Same in every run")).toList();
        assertEquals(4, rows.size(), sweep.out());
        List<Double> accuracies = rows.stream().map(l -> Double.parseDouble(l.split("\\s+")[4].replace("%", ""))).toList();
        assertEquals(accuracies.stream().sorted(java.util.Comparator.reverseOrder()).toList(), accuracies, "sorted by test accuracy");
        assertEquals(listing.runs().stream().mapToDouble(r -> Math.round(r.testAccuracy() * 10000) / 100.0).max().orElseThrow(),
                accuracies.get(0), 1e-9);

        CliRunner.Run json = run("runs", file.toString(), "--json").exits(0);
        Map<String, Object> m = (Map<String, Object>) PlainJson.parse(json.out(), "runs");
        assertEquals(List.of("graph", "folder", "runs", "problems"), List.copyOf(m.keySet()));
        assertEquals("bars.json", m.get("graph"));
        assertEquals("bars.runs", m.get("folder"));
        List<Map<String, Object>> runs = (List<Map<String, Object>>) m.get("runs");
        assertEquals(4, runs.size());
        assertEquals(List.of("format", "version", "id", "started", "durationSeconds", "outcome", "failure", "origin", "graph",
                "settings", "data", "resumedFrom", "earlyStopping", "epochs", "testAccuracy", "classes", "confusionMatrix",
                "machine", "layerloom"), List.copyOf(runs.get(0).keySet()));
        assertEquals(List.of("epoch", "trainLoss", "trainAccuracy", "validationLoss", "validationAccuracy", "seconds"),
                List.copyOf(((List<Map<String, Object>>) runs.get(0).get("epochs")).get(0).keySet()));
        assertEquals(List.of("cores", "os", "java"), List.copyOf(((Map<String, Object>) runs.get(0).get("machine")).keySet()));
        assertEquals(new BigDecimal(32), ((Map<String, Object>) runs.get(0).get("settings")).get("batchSize"));

        run("runs", file.toString()).exits(0).outContains("run ", "outcome", "test acc", "optimizer", "learningRate",
                "Same in every run: data " + DATA);
    }

    @Test
    void aSweepTrainsWithTheFilesFitAndAugmentationAsTrainDoes(@TempDir Path dir) throws Exception {
        // a 10x10 Input on 8x8 data: only the file's "fit": "pad" makes it fit
        Path file = dir.resolve("padded.json");
        Files.writeString(file, MLP.replace("[1, 8, 8]", "[1, 10, 10]").replace("\"nodes\"", "\"training\": {\"fit\": \"pad\", "
                + "\"augmentation\": [{\"op\": \"flip\", \"horizontal\": true}]}, \"nodes\""));
        run("sweep", file.toString(), "--data", DATA, "--epochs", "1", "--lr", "1e-3").exits(0).outContains("Sweeping 1 run");
        RunRecord only = RunFiles.list(file).runs().get(0);
        assertEquals(RunRecord.Outcome.FINISHED, only.outcome());
    }

    @Test
    void badSweepValuesNameTheOption(@TempDir Path dir) throws Exception {
        Path file = graph(dir);
        run("sweep", file.toString(), "--data", DATA, "--epochs", "2", "--lr", "1e-3,fast").exits(2)
                .errContains("--lr takes numbers greater than 0 separated by commas", "'fast' is not one");
        run("sweep", file.toString(), "--data", DATA, "--epochs", "2", "--optimizer", "adam,adamm").exits(2)
                .errContains("--optimizer takes optimizers (sgd, nesterov, adam", "'adamm' is not one");
        run("sweep", file.toString(), "--data", DATA, "--epochs", "2", "--batch", "0").exits(2).errContains("--batch takes");
        run("sweep", file.toString(), "--data", DATA, "--epochs", "2", "--switch-to-sgd", "0,3").exits(2)
                .errContains("--switch-to-sgd takes epoch numbers from 1 to --epochs (2), or 0 for never", "'3' is not one");
        run("train", file.toString(), "--data", DATA, "--epochs", "2", "--patience", "-1").exits(2).errContains("patience must be at least 0");
        run("train", file.toString(), "--data", DATA, "--epochs", "2", "--resume", "a.zip", "--from", "b.zip").exits(2)
                .errContains("--resume and --from exclude each other");
        assertFalse(Files.exists(RunFiles.folderFor(file)), "nothing ran, nothing recorded");
        run("runs", file.toString()).exits(0).outContains("No runs recorded");
    }

    @Test
    void aResumedRunContinuesTheSavedEpochsAndSaysSoInItsRecord(@TempDir Path dir) throws Exception {
        Path file = graph(dir);
        run("train", file.toString(), "--data", DATA, "--epochs", "1", "--batch", "32", "--lr", "0.01").exits(0)
                .outContains("Recorded the run as bars.runs/");
        Path model = dir.resolve("bars.dl4j.zip");
        run("train", file.toString(), "--data", DATA, "--epochs", "3", "--batch", "32", "--lr", "0.01", "--resume", model.toString())
                .exits(0).outContains("Resuming " + model + " after its epoch 1 (parameters and optimizer state).", "epoch 2/3",
                        "epoch 3/3").outLacks("epoch 1/3");
        List<RunRecord> runs = RunFiles.list(file).runs();
        assertEquals(2, runs.size());
        RunRecord resumed = runs.get(1);
        assertEquals(new RunRecord.Resume(model.toString(), 1, true), resumed.resumedFrom());
        assertEquals(List.of(2, 3), resumed.epochs().stream().map(RunRecord.EpochMetrics::epoch).toList());
        run("train", file.toString(), "--data", DATA, "--epochs", "3", "--resume", model.toString()).exits(1)
                .errContains("has already trained 3 epochs; epochs is 3", "Give --epochs greater than 3");
    }
}
