package io.layerloom.app.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A named pipe given as predict's --input array blocked for ever in open(2) (issue 12). */
class NpyPipeTest {

    @Test
    void aNamedPipeIsRefusedAtOnceNotWaitedFor(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("x.npy");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available here");
        DataException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(DataException.class, () -> Npy.open(fifo)));
        assertEquals(fifo + ": not a regular file (a folder, a named pipe or a device); save the array to a .npy file"
                + " (numpy.save) and give that", e.getMessage());
    }
}
