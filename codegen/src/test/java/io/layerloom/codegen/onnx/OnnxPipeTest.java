package io.layerloom.codegen.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A named pipe given as the ONNX model blocked the import for ever in open(2) (issue 12). */
class OnnxPipeTest {

    @Test
    void aNamedPipeIsRefusedAtOnceNotWaitedFor(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("model.onnx");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available here");
        OnnxFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(OnnxFormatException.class, () -> new OnnxReader(OnnxLimits.DEFAULT).read(fifo)));
        assertEquals("model.onnx: it is not a regular file (a folder, a named pipe or a device); an ONNX model is mapped from"
                + " a file on disk. Fix: Save the model to a .onnx file and give its path.", e.getMessage());
    }
}
