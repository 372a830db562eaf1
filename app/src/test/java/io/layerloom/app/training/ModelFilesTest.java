package io.layerloom.app.training;

import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.json.PlainJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** The model and its record as one unit: the record names its model, and a save cut between the two is caught. */
class ModelFilesTest {

    @TempDir
    Path dir;

    /** A small network; {@code seed} makes its parameters (and so its file) differ. */
    static ComputationGraph network(long seed) throws Exception {
        return TrainingSetUp.initialise(Dl4jCompiler.compile(GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "name": "m", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [6]},
                  {"id": "h", "kind": "Dense", "inputs": ["in"], "units": 8, "activation": "tanh"},
                  {"id": "out", "kind": "Output", "inputs": ["h"], "units": 3}
                ], "training": {"seed": %d}}""".formatted(seed), "m.json")).require());
    }

    static final ModelFiles.Provenance OLD = new ModelFiles.Provenance("m.json", "iris", 1, 0.1, 0.9);
    static final ModelFiles.Provenance NEW = new ModelFiles.Provenance("m.json", "digits", 2, 0.1, 0.5);

    @Test
    @SuppressWarnings("unchecked")
    void theRecordNamesItsModelBySizeAndChecksum() throws Exception {
        Path model = dir.resolve("m.dl4j.zip");
        ModelFiles.save(network(1), model, OLD);
        Map<String, Object> record = (Map<String, Object>) PlainJson.parse(Files.readString(dir.resolve("m.dl4j.json")), "record");
        assertEquals(List.of("graph", "data", "seed", "validationFraction", "testAccuracy", "model", "modelBytes", "modelCrc32c"),
                List.copyOf(record.keySet()), "the old fields first, unchanged");
        assertEquals("m.dl4j.zip", record.get("model"));
        assertEquals(Files.size(model), ((BigDecimal) record.get("modelBytes")).longValue());
        // checked against the JDK's CRC-32C over the file as read back, not the value computed while writing
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(Files.readAllBytes(model));
        assertEquals(String.format("%08x", crc.getValue()), record.get("modelCrc32c"));
        assertEquals(OLD, ModelFiles.readProvenance(model).orElseThrow());
    }

    @Test
    void aRecordWithoutAChecksumStillReads() throws Exception {
        Path model = dir.resolve("m.dl4j.zip");
        ModelFiles.save(network(1), model, OLD);
        Files.writeString(dir.resolve("m.dl4j.json"), """
                {"graph": "m.json", "data": "iris", "seed": 1, "validationFraction": 0.1, "testAccuracy": 0.9}""");
        assertEquals(OLD, ModelFiles.readProvenance(model).orElseThrow());
    }

    /** A save that dies after the model and before the record: the old record must not pass for the new model's. */
    @Test
    void aSaveCutBetweenTheTwoWritesIsRefusedNamingBothFilesAndTheFix() throws Exception {
        Path model = dir.resolve("m.dl4j.zip");
        ModelFiles.save(network(1), model, OLD);
        IOException killed = assertThrows(IOException.class, () -> ModelFiles.save(network(2), model, NEW, true, () -> {
            throw new IOException("killed");
        }));
        assertEquals("killed", killed.getMessage());
        ModelFiles.MismatchedRecord e = assertThrows(ModelFiles.MismatchedRecord.class, () -> ModelFiles.readProvenance(model));
        assertTrue(e.getMessage().startsWith(dir.resolve("m.dl4j.json") + " does not describe " + model + ": it records a model of "),
                e.getMessage());
        assertTrue(e.getMessage().contains("A save was interrupted between the two files, or one of them was replaced. "
                + "Train again to write both (layerloom train), or give the data and seed the model was trained with "
                + "(--data and --seed) and delete m.dl4j.json."), e.getMessage());
        assertEquals(OLD, e.provenance(), "what the stale record says, for a caller that names the data itself");
        assertEquals(List.of("m.dl4j.json", "m.dl4j.zip"), names(), "no temporary file left by the cut save");
        // the window's Open says so too (its status line), while it still loads the weights, which are whole
        assertEquals(java.util.Optional.of(e.getMessage()),
                new io.layerloom.app.designer.service.Dl4jNetworkFiles().recordWarning(dir.resolve("m.json")));

        ModelFiles.save(network(2), model, NEW);
        assertEquals(NEW, ModelFiles.readProvenance(model).orElseThrow(), "a complete save pairs them again");
        assertEquals(java.util.Optional.empty(), new io.layerloom.app.designer.service.Dl4jNetworkFiles().recordWarning(dir.resolve("m.json")));
    }

    @Test
    void leftoversOfAKilledSaveGoWithTheNextSaveOfThatModel() throws Exception {
        Files.writeString(dir.resolve(".m.dl4j.zip.8461523.tmp"), "half a model");
        Files.writeString(dir.resolve(".m.dl4j.json.99.tmp"), "{\"gra");
        Files.writeString(dir.resolve(".other.dl4j.zip.1.tmp"), "another model's save, still going");
        ModelFiles.save(network(1), dir.resolve("m.dl4j.zip"), OLD);
        assertEquals(List.of(".other.dl4j.zip.1.tmp", "m.dl4j.json", "m.dl4j.zip"), names());
    }

    /**
     * A real kill -9 of a JVM that is saving, between the two writes ({@link SaveKilledBetweenWrites}):
     * the pair it leaves is refused, and the next save makes it whole.
     */
    @Test
    void aRealKillBetweenTheWritesLeavesAPairThatIsRefused() throws Exception {
        Path model = dir.resolve("m.dl4j.zip");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), SaveKilledBetweenWrites.class.getName(), model.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.equals(SaveKilledBetweenWrites.BETWEEN)) {
                seen.append(line).append('\n');
            }
            assertEquals(SaveKilledBetweenWrites.BETWEEN, line, "the child never reached the second save: " + seen);
            p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(137, p.exitValue(), "killed by signal 9");
        ModelFiles.MismatchedRecord e = assertThrows(ModelFiles.MismatchedRecord.class, () -> ModelFiles.readProvenance(model));
        assertEquals(OLD, e.provenance());
        ModelFiles.save(network(2), model, NEW);
        assertEquals(NEW, ModelFiles.readProvenance(model).orElseThrow());
    }

    private List<String> names() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
