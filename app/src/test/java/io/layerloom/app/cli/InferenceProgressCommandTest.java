package io.layerloom.app.cli;

import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.data.Npy;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.json.PlainJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code evaluate} and {@code predict} with {@code --progress json}, as the inference benchmark
 * reads them: one line per batch with its times, the result (evaluate: the object --json prints),
 * then the whole pass; the text output without the option is unchanged; predict's outputs stay
 * DL4J's own whatever the batch size, through the reused input arrays.
 */
class InferenceProgressCommandTest {

    private static final String GRAPH = """
            {"format": "layerloom-graph", "version": 1, "name": "tiny", "nodes": [
              {"id": "in", "kind": "Input", "shape": [1, 4, 4]},
              {"id": "c", "kind": "Conv2D", "inputs": ["in"], "filters": 3, "kernel": 3, "activation": "relu"},
              {"id": "f", "kind": "Flatten", "inputs": ["c"]},
              {"id": "out", "kind": "Output", "inputs": ["f"], "units": 4}
            ]}""";

    private static Path trained(Path dir) throws Exception {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, GRAPH);
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(GraphJson.read(file), 7).require());
        ModelFiles.save(net, ModelFiles.modelFor(file, null), new ModelFiles.Provenance("tiny.json", "synthetic:1x4x4:4", 7, 0.1, 0.5));
        return file;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String line) throws Exception {
        return (Map<String, Object>) PlainJson.parse(line, "line");
    }

    @Test
    void evaluateReportsEachBatchThenTheSameEvaluationThenThePass(@TempDir Path dir) throws Exception {
        Path file = trained(dir);
        String plain = run("evaluate", file.toString(), "--json", "--batch", "7").exits(0).out().strip();
        List<String> lines = run("evaluate", file.toString(), "--progress", "json", "--batch", "7").exits(0).out().lines().toList();
        List<String> batches = lines.stream().filter(l -> l.startsWith("{\"event\": \"batch\"")).toList();
        Map<String, Object> finished = object(lines.get(lines.size() - 1));
        assertEquals("finished", finished.get("event"));
        long examples = ((Number) finished.get("examples")).longValue();
        assertTrue(examples > 7, "the synthetic test split has more than one batch: " + examples);
        assertEquals((examples + 6) / 7, batches.size());
        assertEquals(((Number) finished.get("batches")).intValue(), batches.size());
        assertEquals(plain, lines.get(lines.size() - 2), "the evaluation line is --json's object");
        long counted = 0;
        for (int i = 0; i < batches.size(); i++) {
            Map<String, Object> b = object(batches.get(i));
            assertEquals(i + 1, ((Number) b.get("batch")).intValue());
            assertTrue(((Number) b.get("seconds")).doubleValue() >= 0 && ((Number) b.get("threadCpuSeconds")).doubleValue() >= 0);
            counted += ((Number) b.get("examples")).longValue();
        }
        assertEquals(examples, counted);
        run("evaluate", file.toString(), "--batch", "7").exits(0).outContains("examples/s, batch 7, ", "Test accuracy: ")
                .outLacks("\"event\"");
        run("evaluate", file.toString(), "--progress", "lines").exits(2).errContains("--progress takes bar or json, not 'lines'");
    }

    @Test
    void predictReportsEachBatchAndWritesDl4jsOutputs(@TempDir Path dir) throws Exception {
        Path file = trained(dir);
        float[] x = new float[5 * 16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 37 % 101) / 101f;
        }
        Path input = dir.resolve("x.npy");
        Npy.write(input, List.of(5L, 1L, 4L, 4L), x);
        Path y = dir.resolve("y.npy");
        List<String> lines = run("predict", file.toString(), "--input", input.toString(), "--output", y.toString(), "--batch", "2",
                "--progress", "json").exits(0).out().lines().toList();
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertEquals(List.of(2L, 2L, 1L), lines.subList(0, 3).stream().map(l -> {
            try {
                return ((Number) object(l).get("examples")).longValue();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList());
        Map<String, Object> finished = object(lines.get(3));
        assertEquals("finished", finished.get("event"));
        assertEquals(y.toString(), finished.get("output"));
        assertEquals(List.of(5L, 4L), ((List<?>) finished.get("shape")).stream().map(n -> ((Number) n).longValue()).toList());
        ComputationGraph saved = ModelSerializer.restoreComputationGraph(ModelFiles.modelFor(file, null).toFile(), false);
        float[] expected = saved.output(false, Nd4j.create(x, new long[] {5, 1, 4, 4}, 'c'))[0].castTo(DataType.FLOAT).data().asFloat();
        try (Npy.Reader r = Npy.open(y)) {
            assertArrayEquals(expected, r.read(0, 5), 1e-6f, "batches of 2, 2 and 1 through the reused arrays");
        }
        run("predict", file.toString(), "--input", input.toString(), "--output", y.toString(), "--batch", "2").exits(0)
                .outContains("Wrote " + y + ": float32 (5, 4), the outputs of 5 examples (tiny.dl4j.zip, 2 at a time).", " examples/s, ")
                .outLacks("\"event\"");
        run("predict", file.toString(), "--input", dir.toString(), "--progress", "json").exits(2)
                .errContains("--progress json is for a .npy input");
    }
}
