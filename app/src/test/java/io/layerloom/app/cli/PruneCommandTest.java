package io.layerloom.app.cli;

import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** layerloom prune on a small CNN trained here on the shipped digits (seconds). */
class PruneCommandTest {

    private static final String GRAPH = """
            {"format": "layerloom-graph", "version": 1, "name": "digits cnn", "nodes": [
              {"id": "in", "kind": "Input", "shape": [1, 8, 8]},
              {"id": "c1", "kind": "Conv2D", "inputs": ["in"], "filters": 16, "kernel": 3, "padding": "same"},
              {"id": "bn", "kind": "BatchNorm", "inputs": ["c1"]},
              {"id": "relu", "kind": "Activation", "inputs": ["bn"], "activation": "relu"},
              {"id": "c2", "kind": "Conv2D", "inputs": ["relu"], "filters": 16, "kernel": 3, "activation": "relu"},
              {"id": "pool", "kind": "MaxPool2D", "inputs": ["c2"], "kernel": 2},
              {"id": "f", "kind": "Flatten", "inputs": ["pool"]},
              {"id": "out", "kind": "Output", "inputs": ["f"], "units": 10}
            ], "training": {"batchSize": 32, "learningRate": 0.01}}
            """;

    @TempDir
    static Path dir;
    static Path file;

    @BeforeAll
    static void train() throws Exception {
        file = dir.resolve("cnn.json");
        Files.writeString(file, GRAPH);
        run("train", file.toString(), "--data", "digits", "--epochs", "3", "--threads", "1").exits(0);
    }

    @Test
    void sensitivityPrintsEachConvolutionAtEachRatio() {
        var r = run("prune", file.toString(), "--data", "digits", "--sensitivity", "--threads", "1").exits(0);
        assertTrue(r.out().contains("Sensitivity: test accuracy with a share of one layer's filters removed"), r.out());
        assertTrue(r.out().matches("(?s).*layer\\s+filters\\s+10%\\s+20%.*90%.*"), r.out());
        for (String conv : new String[] {"c1", "c2"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches(conv + "\\s+16(\\s+\\d+\\.\\d\\d){9}")), () -> conv + " row: " + r.out());
        }
    }

    @Test
    void structuredPruningWritesASmallerGraphAndModelThatEvaluateReads() throws Exception {
        Path small = dir.resolve("small.json");
        var r = run("prune", file.toString(), "--data", "digits", "--ratio", "0.5", "--fine-tune-epochs", "1",
                "--out", small.toString(), "--threads", "1").exits(0);
        assertTrue(r.out().contains("c1     16 -> 8") && r.out().contains("c2     16 -> 8"), r.out());
        for (String row : new String[] {"parameters", "MACs per example", "speed (examples/s)", "test accuracy"}) {
            assertTrue(r.out().contains("  " + row), () -> row + ": " + r.out());
        }
        assertTrue(r.out().contains("Pruned, before fine-tuning: test accuracy"), r.out());
        Graph g = GraphJson.read(small);
        // c1 8*9+8, bn 4*8, c2 8*8*9+8, out 8*(3*3)*10+10
        assertEquals(80 + 32 + 584 + 730, GraphAnalysis.analyze(g).totals().params());
        assertTrue(Files.isRegularFile(dir.resolve("small.dl4j.zip")));
        run("evaluate", small.toString(), "--threads", "1").exits(0).outContains("accuracy");
    }

    @Test
    void unstructuredPruningReportsEachLayersSparsity() {
        Path sparse = dir.resolve("sparse.json");
        var r = run("prune", file.toString(), "--unstructured", "--ratio", "0.5", "--out", sparse.toString(),
                "--threads", "1").exits(0);
        assertTrue(r.out().contains("Sparsity per layer:"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+c2/W\\s+2,304\\s+1,152\\s+50\\.00%")), r.out());
        assertTrue(r.out().contains("non-zero parameters"), r.out());
    }

    @Test
    void badCommandLinesNameTheFlagAndTheFix() throws Exception {
        String f = file.toString();
        run("prune", f).exits(2).errContains("what to do? Give --sensitivity", "or --ratio R --out SMALL.json");
        run("prune", f, "--ratio", "1.5", "--out", "x.json").exits(2).errContains("--ratio is the fraction", "not 1.5",
                "Give e.g. --ratio 0.5");
        run("prune", f, "--ratio", "0.5").exits(2).errContains("--ratio needs --out SMALL.json");
        run("prune", f, "--ratio", "0.5", "--out", "x.zip").exits(2).errContains("--out takes a graph file name ending in .json");
        run("prune", f, "--ratio", "0.5", "--out", f).exits(2).errContains("is FILE itself", "--out cnn-pruned.json");
        run("prune", f, "--sensitivity", "--ratio", "0.5").exits(2).errContains("--sensitivity only reports");
        run("prune", f, "--sensitivity", "--fine-tune-epochs", "1").exits(2).errContains("--fine-tune-epochs");
        run("prune", f, "--ratio", "0.5", "--out", "x.json", "--fine-tune-epochs", "-1").exits(2)
                .errContains("--fine-tune-epochs must be at least 0");
        Path untrained = dir.resolve("untrained.json");
        Files.writeString(untrained, GRAPH);
        run("prune", untrained.toString(), "--sensitivity").exits(2).errContains("no trained model at",
                "train one first with 'layerloom train", "or give --model PATH");
    }
}
