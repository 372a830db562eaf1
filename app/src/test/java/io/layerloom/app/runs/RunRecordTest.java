package io.layerloom.app.runs;

import io.layerloom.app.training.TrainingEvent;
import io.layerloom.app.training.TrainingService;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.training.TrainingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/** A run's record: made from a real run's events, written, read back equal; names never reused; bad files named. */
class RunRecordTest {

    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    @AfterAll
    static void shutdown() {
        THREADS.shutdownNow();
    }

    static Graph mlp(int hidden) throws Exception {
        return GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "name": "mlp", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [4], "position": [10, 10]},
                  {"id": "h", "kind": "Dense", "inputs": ["in"], "units": %d, "activation": "relu"},
                  {"id": "out", "kind": "Output", "inputs": ["h"], "units": 2}
                ]}""".formatted(hidden), "mlp.json");
    }

    private static DataSet blobs(int n, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(n, 4);
        INDArray y = Nd4j.zeros(n, 2);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                x.putScalar(i, j, (i % 2 == 0 ? -1.5 : 1.5) + r.nextGaussian());
            }
            y.putScalar(i, i % 2, 1);
        }
        return new DataSet(x, y);
    }

    @Test
    void aRecordedRunIsReadBackEqual(@TempDir Path dir) throws Exception {
        Path graphFile = dir.resolve("mlp.json");
        Graph graph = mlp(8);
        GraphJson.write(graph, graphFile);
        TrainingSettings settings = TrainingSettings.of(2, 32, 1e-2, TrainingSettings.Optimizer.ADAM, 7).withPatience(3);
        RunRecorder recorder = new RunRecorder(graph, "mlp.json", settings, new RunRecord.DataRef("blobs", 320, 100, 100),
                "cli", Clock.systemUTC());
        TrainingService.Data data = new TrainingService.Data(new ViewIterator(blobs(320, 1), 32),
                new ViewIterator(blobs(100, 2), 50), new ViewIterator(blobs(100, 3), 50), List.of("left", "right"));
        TrainingService.Run run = new TrainingService(THREADS).start(graph, data, settings, recorder);
        assertInstanceOf(TrainingEvent.Finished.class, run.awaitEnd(120, TimeUnit.SECONDS));

        Path file = recorder.save(graphFile);
        assertEquals(dir.resolve("mlp.runs"), file.getParent());
        RunRecord written = recorder.record(file.getFileName().toString().replace(".json", ""));
        RunRecord read = RunFiles.read(file);
        assertEquals(written.id(), read.id());
        assertEquals(withDuration(written, read.durationSeconds()), read, "equal, field for field");
        assertEquals(RunRecord.Outcome.FINISHED, read.outcome());
        assertEquals(2, read.epochs().size());
        assertEquals(List.of(1, 2), read.epochs().stream().map(RunRecord.EpochMetrics::epoch).toList());
        assertEquals(8 * 4 + 8 + 8 * 2 + 2, read.graph().parameters());
        assertEquals(RunJson.settings(settings), read.settings());
        assertEquals(3, ((java.math.BigDecimal) read.settings().get("patience")).intValue());
        assertTrue(read.testAccuracy() > 0.9, "blobs are easy: " + read.testAccuracy());
        assertEquals(List.of("left", "right"), read.classes());
        assertEquals(100, read.confusionMatrix().stream().flatMap(List::stream).mapToInt(Integer::intValue).sum());
        assertEquals(read.earlyStopping().keptEpoch(), read.epochs().get(0).validationLoss() < read.epochs().get(1).validationLoss()
                ? 1 : 2, "early stopping kept the lower validation loss");
        assertEquals(RunFiles.list(graphFile).runs(), List.of(read));
    }

    private static RunRecord withDuration(RunRecord r, double seconds) {
        return new RunRecord(r.id(), r.started(), seconds, r.outcome(), r.failure(), r.origin(), r.graph(), r.settings(), r.data(),
                r.resumedFrom(), r.earlyStopping(), r.epochs(), r.testAccuracy(), r.classes(), r.confusionMatrix(), r.machine(),
                r.layerloom());
    }

    @Test
    void theContentHashIgnoresPositionsNameAndSettingsButNotTheNetwork() throws Exception {
        Graph g = mlp(8);
        assertEquals(GraphDigest.of(g), GraphDigest.of(g.withName("renamed").withTraining(java.util.Optional.of(TrainingSettings.defaults()))));
        assertNotEquals(GraphDigest.of(g), GraphDigest.of(mlp(9)));
        assertNotEquals(GraphDigest.of(g), GraphDigest.of(g.replace("h", n -> n.withTrainable(false))));
        assertEquals(64, GraphDigest.of(g).length());
    }

    @Test
    void aSecondRunStartedInTheSameMillisecondGetsItsOwnFile(@TempDir Path dir) throws Exception {
        Path graphFile = dir.resolve("mlp.json");
        Clock fixed = Clock.fixed(Instant.parse("2026-12-03T04:15:22.123Z"), ZoneOffset.UTC);
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RunRecorder r = new RunRecorder(mlp(8), "mlp.json", TrainingSettings.defaults(), new RunRecord.DataRef("d", 1, 0, 0),
                    "window", fixed);
            r.accept(new TrainingEvent.Stopped(1, 3));
            files.add(r.save(graphFile));
        }
        assertEquals(List.of("20261203-041522-123.json", "20261203-041522-123-2.json"),
                files.stream().map(f -> f.getFileName().toString()).toList());
        assertEquals(RunRecord.Outcome.STOPPED, RunFiles.read(files.get(1)).outcome());
        assertTrue(RunFiles.discard(graphFile, "20261203-041522-123"));
        assertEquals(1, RunFiles.list(graphFile).runs().size());
    }

    @Test
    void aDamagedRecordIsNamedWithItsFieldAndTheOthersStillList(@TempDir Path dir) throws Exception {
        Path graphFile = dir.resolve("mlp.json");
        RunRecorder r = new RunRecorder(mlp(8), "mlp.json", TrainingSettings.defaults(), new RunRecord.DataRef("d", 1, 0, 0),
                "cli", Clock.systemUTC());
        r.accept(new TrainingEvent.Failed("Training failed: boom", "Check it."));
        Path good = r.save(graphFile);
        assertEquals("Training failed: boom Check it.", RunFiles.read(good).failure());
        String text = Files.readString(good).replace("\"cores\": ", "\"cores\": \"many\", \"x\": ");
        Files.writeString(good.resolveSibling("broken.json"), text);
        RunFiles.Listing listing = RunFiles.list(graphFile);
        assertEquals(1, listing.runs().size());
        assertEquals(1, listing.problems().size());
        assertTrue(listing.problems().get(0).contains("\"machine.cores\" must be a whole number"), listing.problems().get(0));
        IOException e = assertThrows(IOException.class, () -> RunJson.read("{\"format\": \"layerloom-run\", \"version\": 9}", "x.json"));
        assertTrue(e.getMessage().contains("version 9 is newer"), e.getMessage());
    }
}
