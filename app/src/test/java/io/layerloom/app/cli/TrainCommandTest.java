package io.layerloom.app.cli;

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

/** layerloom train and evaluate, end to end on synthetic images: events, the saved model, the same accuracy again. */
class TrainCommandTest {

    @Test
    void layerStatisticsAreOneJsonObject() {
        java.util.LinkedHashMap<String, Double> ratios = new java.util.LinkedHashMap<>();
        ratios.put("c1", 1.5e-3);
        java.util.LinkedHashMap<String, Double> means = new java.util.LinkedHashMap<>();
        means.put("c1", 0.25);
        means.put("out \"x\"", Double.NaN);
        assertEquals("{\"event\": \"layerStatistics\", \"iteration\": 40, \"updateRatios\": {\"c1\": 0.0015}, "
                + "\"meanActivations\": {\"c1\": 0.25, \"out \\\"x\\\"\": null}}",
                TrainingOutput.json(new io.layerloom.app.training.TrainingEvent.LayerStatistics(40, ratios, means)));
    }

    private static final String CNN = """
            {"format": "layerloom-graph", "version": 1, "name": "bars", "nodes": [
              {"id": "in", "kind": "Input", "shape": [1, 12, 12]},
              {"id": "c", "kind": "Conv2D", "inputs": ["in"], "filters": 8, "kernel": 3, "activation": "relu"},
              {"id": "p", "kind": "MaxPool2D", "inputs": ["c"]},
              {"id": "f", "kind": "Flatten", "inputs": ["p"]},
              {"id": "out", "kind": "Output", "inputs": ["f"], "units": 4}
            ]}""";

    private static Path graph(Path dir, String text) throws Exception {
        Path file = dir.resolve("bars.json");
        Files.writeString(file, text);
        return file;
    }

    @Test
    @SuppressWarnings("unchecked")
    void trainsPrintsOneJsonObjectPerEventSavesAndEvaluatesTheSame(@TempDir Path dir) throws Exception {
        Path file = graph(dir, CNN);
        List<String> lines = trainTwoEpochs(file);
        List<String> events = lines.stream().map(l -> {
            try {
                return (String) ((Map<String, Object>) PlainJson.parse(l, "event")).get("event");
            } catch (Exception e) {
                throw new AssertionError("not one JSON object per line: " + l, e);
            }
        }).distinct().toList();
        assertEquals(List.of("started", "iteration", "epoch", "evaluation", "finished"), events);
        Map<String, Object> evaluation = evaluation(lines);
        double accuracy = ((BigDecimal) evaluation.get("accuracy")).doubleValue();
        assertTrue(accuracy > 0.9, "synthetic bars are easy: " + accuracy);
        assertTrue(Files.exists(dir.resolve("bars.dl4j.zip")));
        assertTrue(Files.exists(dir.resolve("bars.dl4j.json")));
        assertEvaluatesTheSame(file, evaluation);
    }

    /** Two epochs on 4 classes of synthetic bars, progress as JSON lines; saves beside the graph. */
    private static List<String> trainTwoEpochs(Path file) {
        return run("train", file.toString(), "--data", "synthetic:1x12x12:4", "--epochs", "2", "--batch", "32",
                "--lr", "0.01", "--progress", "json").exits(0).out().lines().toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> evaluation(List<String> lines) throws Exception {
        return (Map<String, Object>) PlainJson.parse(lines.stream()
                .filter(l -> l.contains("\"evaluation\"")).findFirst().orElseThrow(), "evaluation");
    }

    /** layerloom evaluate on the saved model gives the accuracy and confusion matrix training ended with. */
    @SuppressWarnings("unchecked")
    private static void assertEvaluatesTheSame(Path file, Map<String, Object> evaluation) throws Exception {
        CliRunner.Run eval = run("evaluate", file.toString(), "--json").exits(0);
        Map<String, Object> again = (Map<String, Object>) PlainJson.parse(eval.out().strip(), "evaluate");
        assertEquals(evaluation.get("accuracy"), again.get("accuracy"), "the reloaded model scores the same");
        assertEquals(evaluation.get("confusion"), again.get("confusion"));
    }

    /** SqueezeNet's head: the last convolution has one channel per class, pooled and ended by a LossLayer without weights. */
    private static final String LOSS_LAYER_HEAD = """
            {"format": "layerloom-graph", "version": 1, "name": "bars", "nodes": [
              {"id": "in", "kind": "Input", "shape": [1, 12, 12]},
              {"id": "c", "kind": "Conv2D", "inputs": ["in"], "filters": 8, "kernel": 3, "activation": "relu"},
              {"id": "p", "kind": "MaxPool2D", "inputs": ["c"]},
              {"id": "classes", "kind": "Conv2D", "inputs": ["p"], "filters": 4, "kernel": 1, "activation": "relu"},
              {"id": "gap", "kind": "GlobalAvgPool", "inputs": ["classes"]},
              {"id": "loss", "kind": "LossLayer", "inputs": ["gap"]}
            ]}""";

    @Test
    void aLossLayerEndsANetworkThatTrainsAndEvaluates(@TempDir Path dir) throws Exception {
        Path file = graph(dir, LOSS_LAYER_HEAD);
        Map<String, Object> evaluation = evaluation(trainTwoEpochs(file));
        double accuracy = ((BigDecimal) evaluation.get("accuracy")).doubleValue();
        assertTrue(accuracy > 0.5, "4 classes of synthetic bars, chance is 0.25: " + accuracy);
        assertEvaluatesTheSame(file, evaluation);
        // 1*9*8 + 8 and 8*4 + 4: the LossLayer adds none.
        run("train", file.toString(), "--data", "synthetic:1x12x12:4", "--epochs", "1")
                .exits(0).outContains("Training 116 parameters for 1 epoch");
    }

    @Test
    void theBarShowsEpochsAndTheTestTable(@TempDir Path dir) throws Exception {
        Path file = graph(dir, CNN);
        run("train", file.toString(), "--data", "synthetic:1x12x12:4", "--epochs", "1", "--save", dir.resolve("models").toString())
                .exits(0).outContains("Training 884 parameters for 1 epoch", "epoch 1/1: train loss", "Test accuracy:",
                        "confusion matrix", "Saved the trained model to " + dir.resolve("models").resolve("bars.dl4j.zip"));
    }

    @Test
    void hyperparametersReachTheRun(@TempDir Path dir) throws Exception {
        Path file = graph(dir, CNN);
        CliRunner.Run train = run("train", file.toString(), "--data", "synthetic:1x12x12:4", "--epochs", "2", "--lr", "0.02",
                "--optimizer", "adamw", "--weight-decay", "0.0001", "--schedule", "step", "--decay", "0.5", "--clip", "5",
                "--init", "relu", "--switch-to-sgd", "2", "--progress", "json").exits(0);
        List<String> rates = train.out().lines().filter(l -> l.contains("\"iteration\"")).map(l -> l.replaceAll(
                ".*\"learningRate\": ([0-9.eE-]+).*", "$1")).distinct().toList();
        assertEquals(List.of("0.02", "0.01"), rates);
    }

    @Test
    void theFilesTrainingSettingsApplyAndOptionsOverrideThem(@TempDir Path dir) throws Exception {
        Path file = graph(dir, CNN.replace("\"name\": \"bars\",",
                "\"name\": \"bars\", \"training\": {\"learningRate\": 0.05, \"schedule\": \"step\", \"decay\": 0.5},"));
        assertEquals(List.of("0.05", "0.025"), rates(run("train", file.toString(), "--data", "synthetic:1x12x12:4",
                "--epochs", "2", "--progress", "json").exits(0)));
        assertEquals(List.of("0.02", "0.01"), rates(run("train", file.toString(), "--data", "synthetic:1x12x12:4",
                "--epochs", "2", "--lr", "0.02", "--progress", "json").exits(0)));
    }

    private static List<String> rates(CliRunner.Run train) {
        return train.out().lines().filter(l -> l.contains("\"iteration\"")).map(l -> l.replaceAll(
                ".*\"learningRate\": ([0-9.eE-]+).*", "$1")).distinct().toList();
    }

    /**
     * --lr 1e6: with SGD and with Adam the run stops in its first iterations with the layer and
     * the fix, exits 1, and leaves the model that was there (here a stand-in) untouched.
     */
    @Test
    void aDivergingRunFailsFastAndSavesNothing(@TempDir Path dir) throws Exception {
        Path file = graph(dir, CNN);
        Path model = dir.resolve("bars.dl4j.zip");
        Files.writeString(model, "the good model trained yesterday");
        run("train", file.toString(), "--data", "synthetic:1x12x12:4", "--epochs", "2", "--batch", "32", "--lr", "1e6",
                "--optimizer", "sgd").exits(1)
                .errContains("layerloom train: Training diverged at iteration ", "layer '",
                        "  fix: Lower the learning rate (now 1000000), for example to 100000");
        String json = run("train", file.toString(), "--data", "synthetic:1x12x12:4", "--epochs", "2", "--batch", "32",
                "--lr", "1e6", "--optimizer", "adam", "--progress", "json").exits(1).out();
        assertTrue(json.lines().filter(l -> l.contains("\"iteration\"")).count() <= 2, json);
        assertTrue(json.contains("{\"event\": \"failed\", \"reason\": \"Training diverged at iteration "), json);
        assertTrue(json.contains("\"lowerLearningRate\": 100000}"), json);
        assertEquals("the good model trained yesterday", Files.readString(model));
        assertFalse(Files.exists(dir.resolve("bars.dl4j.json")));
    }

    /**
     * A new model beside the record of an older one (what a save killed between its two writes
     * leaves): evaluate refuses to rebuild the old record's test split for it, naming both files
     * and the fix; with --data and --seed given it evaluates, with a warning.
     */
    @Test
    void evaluateRefusesARecordThatDescribesAnotherModel(@TempDir Path dir) throws Exception {
        Path file = graph(dir, CNN);
        String[] train = {"train", file.toString(), "--data", "synthetic:1x12x12:4", "--epochs", "1", "--batch", "32",
                "--lr", "0.01", "--progress", "json"};
        run(train).exits(0);
        Path record = dir.resolve("bars.dl4j.json");
        String first = Files.readString(record);
        String[] again = java.util.Arrays.copyOf(train, train.length + 2);
        again[train.length] = "--seed";
        again[train.length + 1] = "7";
        run(again).exits(0);
        Files.writeString(record, first);
        run("evaluate", file.toString()).exits(2).errContains("layerloom evaluate: " + record + " does not describe "
                + dir.resolve("bars.dl4j.zip") + ": it records a model of ", "A save was interrupted between the two files",
                "Train again to write both (layerloom train)");
        run("evaluate", file.toString(), "--data", "synthetic:1x12x12:4", "--seed", "7").exits(0)
                .errContains("layerloom evaluate: warning: " + record + " does not describe").outContains("split seed 7");
    }

    /**
     * An IDX folder whose images file is a header and nothing more: loading it fails, so a run that
     * is refused for the batch or the classes (not for the file) was refused before loading.
     */
    private static Path headerOnlyIdx(Path dir) throws Exception {
        Path idx = Files.createDirectories(dir.resolve("digits-idx"));
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(16).putInt(0x0803).putInt(60_000).putInt(12).putInt(12);
        Files.write(idx.resolve("train-images-idx3-ubyte"), header.array());
        return idx;
    }

    @Test
    void whatTheGraphAndTheDataHeaderTellIsCheckedBeforeLoading(@TempDir Path dir) throws Exception {
        Path file = graph(dir, CNN);
        Path idx = headerOnlyIdx(dir);
        run("train", file.toString(), "--data", idx.toString(), "--epochs", "1", "--batch", "2000000000").exits(1)
                .errContains("layerloom train: Training would need about ", "(batch 2000000000) but only ",
                        "  fix: Use a smaller batch size").errLacks("train-images");
        run("train", file.toString(), "--data", idx.toString(), "--epochs", "1").exits(1)
                .errContains("layerloom train: Output has 4 units but MNIST has 10 classes; set units to 10");
        Path images = Files.createDirectories(dir.resolve("photos"));
        for (String c : List.of("cat", "dog", "owl")) {
            Files.writeString(Files.createDirectories(images.resolve(c)).resolve("broken.png"), "not a PNG");
        }
        run("train", file.toString(), "--data", images.toString(), "--epochs", "1").exits(1)
                .errContains("layerloom train: Output has 4 units but photos has 3 classes; set units to 3");
        run("train", file.toString(), "--data", "synthetic:1x12x12:3", "--epochs", "1", "--batch", "2000000000").exits(1)
                .errContains("layerloom train: Training would need about ");
    }

    @Test
    void dataThatDoesNotFitTheGraphIsRefusedBeforeTraining(@TempDir Path dir) throws Exception {
        Path file = graph(dir, CNN);
        run("train", file.toString(), "--data", "fashion-mnist-subset", "--epochs", "1").exits(1)
                .errContains("Input is 1x12x12 but Fashion-MNIST images are 1x28x28; fit the images to the Input with --fit resize|crop"
                        + " (\"fit\" in the training object), or set Input shape to [1, 28, 28]");
        assertFalse(Files.exists(dir.resolve("bars.dl4j.zip")));
    }

    @Test
    void unknownDataNamesAreSuggested(@TempDir Path dir) throws Exception {
        run("train", graph(dir, CNN).toString(), "--data", "fashion-mnist-subst", "--epochs", "1").exits(2)
                .errContains("fashion-mnist-subset");
    }

    @Test
    void aGraphWithErrorsIsNotTrained(@TempDir Path dir) throws Exception {
        Path file = graph(dir, CNN.replace("\"kernel\": 3", "\"kernel\": 30"));
        run("train", file.toString(), "--data", "synthetic:1x12x12:4", "--epochs", "1").exits(1)
                .errContains("cannot train", "KERNEL_TOO_LARGE");
    }

    @Test
    void badOptionsAreCommandLineErrors(@TempDir Path dir) throws Exception {
        Path file = graph(dir, CNN);
        run("train", file.toString(), "--data", "synthetic", "--epochs", "0").exits(2).errContains("epochs must be at least 1, got 0.");
        run("train", file.toString(), "--data", "synthetic", "--epochs", "1", "--optimizer", "adamm").exits(2)
                .errContains("--optimizer takes sgd, nesterov, adam, adamw, rmsprop, adagrad, not 'adamm'");
        run("train", file.toString(), "--data", "synthetic", "--epochs", "1", "--optimizer", "adamw").exits(2)
                .errContains("adamw needs a weightDecay greater than 0");
        run("evaluate", file.toString()).exits(2).errContains("no trained model at", "train one first");
    }
}
