package io.layerloom.app.cli;

import static io.layerloom.app.cli.CliRunner.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV file whose classes do not fit the graph is refused before it is loaded (issue 12). */
class TrainCsvEarlyCheckTest {

    @Test
    void aClassCountMismatchIsReportedFromTheLabelColumnBeforeLoading(@TempDir Path dir) throws Exception {
        Path graph = dir.resolve("five.json");
        Files.writeString(graph, """
                {"format": "layerloom-graph", "version": 1, "name": "five", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [4]},
                  {"id": "h", "kind": "Dense", "inputs": ["in"], "units": 8, "activation": "relu"},
                  {"id": "out", "kind": "Output", "inputs": ["h"], "units": 5, "activation": "softmax", "loss": "mcxent"}]}
                """);
        Path csv = dir.resolve("flowers.csv");
        // The last row cannot be loaded: a run refused for its classes was refused before loading.
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < 600; r++) {
            rows.append(r == 599 ? "n/a" : "0.5").append(",1.25,").append(r % 7).append(",3,").append(r % 3).append('\n');
        }
        Files.writeString(csv, rows);
        run("train", graph.toString(), "--data", csv.toString(), "--epochs", "1").exits(1)
                .errContains("layerloom train: Output has 5 units but flowers has 3 classes; set units to 3")
                .errLacks("not a number");
    }
}
