package io.layerloom.app.cli;

import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.app.runtime.Dl4jThreads;
import io.layerloom.app.runtime.ThreadChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --threads N} on train, evaluate, predict and profile: checked first, named in errors, handed to ND4J. */
class ThreadsOptionTest {

    @TempDir
    Path dir;

    @AfterEach
    void backToOne() {
        Dl4jThreads.use(1); // surefire runs every test with OMP_NUM_THREADS=1
    }

    private static final String CNN = """
            {"format": "layerloom-graph", "version": 1, "name": "bars", "nodes": [
              {"id": "in", "kind": "Input", "shape": [1, 8, 8]},
              {"id": "c", "kind": "Conv2D", "inputs": ["in"], "filters": 4, "kernel": 3, "activation": "relu"},
              {"id": "f", "kind": "Flatten", "inputs": ["c"]},
              {"id": "out", "kind": "Output", "inputs": ["f"], "units": 3}
            ]}""";

    @Test
    void badValuesAreRefusedBeforeAnythingRunsNamingTheOption() throws Exception {
        String missing = dir.resolve("missing.json").toString(); // the option is checked before the file is read
        String x = dir.resolve("x.npy").toString();
        String y = dir.resolve("y.npy").toString();
        for (String bad : new String[] {"0", "-2"}) {
            run("train", missing, "--data", "synthetic", "--epochs", "1", "--threads", bad).exits(2)
                    .errContains("--threads must be at least 1, got " + bad);
            run("evaluate", missing, "--threads", bad).exits(2).errContains("--threads must be at least 1, got " + bad);
            run("predict", missing, "--input", x, "--output", y, "--threads", bad).exits(2)
                    .errContains("--threads must be at least 1, got " + bad);
            run("profile", missing, "--threads", bad).exits(2).errContains("--threads must be at least 1, got " + bad);
        }
        for (String command : new String[] {"train", "evaluate", "predict", "profile"}) {
            run(command, missing, "--threads", "two").exits(2).errContains("--threads", "'two'");
        }
        run("train", missing, "--data", "synthetic", "--epochs", "1", "--threads").exits(2).errContains("--threads");
    }

    @Test
    void theChosenThreadsReachNd4jAndAreNamed() throws Exception {
        Path file = dir.resolve("bars.json");
        Files.writeString(file, CNN);
        // under surefire OMP_NUM_THREADS=1 caps --threads 2 at 1; either way the commands say which and use it
        ThreadChoice expected = ThreadChoice.forCommand(2);
        int other = expected.threads() == 1 ? 2 : 1;
        run("train", file.toString(), "--data", "synthetic:1x8x8:3", "--epochs", "1", "--threads", "2").exits(0)
                .errContains("computing with " + expected.describe());

        Dl4jThreads.use(other);
        run("evaluate", file.toString(), "--threads", "2").exits(0).outContains("examples/s, batch 256, " + expected.describe());
        assertEquals(expected.threads(), Dl4jThreads.current(), "evaluate computes on the command's thread");

        Dl4jThreads.use(other);
        Path x = dir.resolve("x.npy");
        io.layerloom.app.data.Npy.write(x, java.util.List.of(3L, 1L, 8L, 8L), new float[3 * 64]);
        run("predict", file.toString(), "--input", x.toString(), "--output", dir.resolve("y.npy").toString(), "--threads", "2")
                .exits(0).outContains("examples/s, " + expected.describe() + ".");
        assertEquals(expected.threads(), Dl4jThreads.current(), "predict computes on the command's thread");
    }
}
