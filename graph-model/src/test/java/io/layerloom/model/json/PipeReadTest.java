package io.layerloom.model.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.layerloom.model.TestGraphs;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A named pipe given as the graph file (issue 12): one that no program writes to blocked the
 * reader for ever (in open(2), then in read(2)); one that a program writes to is read as a file.
 */
class PipeReadTest {

    private static Path fifo(Path dir) throws Exception {
        Path fifo = dir.resolve("graph.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available here");
        return fifo;
    }

    @Test
    void aNamedPipeNobodyWritesToIsRefusedAfterTenSecondsOfSilence(@TempDir Path dir) throws Exception {
        Path fifo = fifo(dir);
        long start = System.nanoTime();
        GraphFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(40),
                () -> assertThrows(GraphFormatException.class, () -> GraphJson.read(fifo)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(fifo + ": nothing came from it for 10 s, and it is not a regular file (a named pipe or a device: is a"
                + " program meant to write the graph into it?); nothing was read. Save the graph to a regular file and give"
                + " that.", e.getMessage());
        assertTrue(millis >= 10_000 && millis < 20_000, millis + " ms");
    }

    @Test
    void aNamedPipeThatAProgramWritesToIsReadAsAFile(@TempDir Path dir) throws Exception {
        Path fifo = fifo(dir);
        byte[] bytes = TestGraphs.TINY.getBytes(StandardCharsets.UTF_8);
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) { // blocks until the reader opens it
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                Thread.sleep(300); // a pause shorter than the silence allowed
                out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
            } catch (Exception ignored) {
                // the assertion below fails instead
            }
        });
        writer.setDaemon(true);
        writer.start();
        assertEquals(TestGraphs.parse(TestGraphs.TINY), assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> GraphJson.read(fifo)));
        writer.join(5_000);
    }

    @Test
    void aPipeThatFallsSilentHalfWayIsRefusedAndOneThatNeverEndsIsCut(@TempDir Path dir) throws Exception {
        Path fifo = fifo(dir);
        CountDownLatch done = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("{\"format\": \"layerloom-graph\",".getBytes(StandardCharsets.UTF_8));
                out.flush();
                done.await(30, TimeUnit.SECONDS); // open, but silent
            } catch (Exception ignored) {
                // the reader gave up and closed its end
            }
        });
        writer.setDaemon(true);
        writer.start();
        try {
            GraphFormatException e = assertThrows(GraphFormatException.class,
                    () -> PipeRead.read(fifo, 1000, 300, 60_000));
            assertTrue(e.getMessage().startsWith(fifo + ": nothing came from it for 300 ms, and it is not a regular file"),
                    e.getMessage());
        } finally {
            done.countDown();
        }
        // A pipe that never falls silent nor ends (a byte every 20 ms) is cut by the total time.
        Path trickle = Files.createDirectory(dir.resolve("t")).resolve("slow.json");
        Process mkfifo = new ProcessBuilder("mkfifo", trickle.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
        Thread slow = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(trickle)) {
                for (int i = 0; i < 1500; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(20);
                }
            } catch (Exception ignored) {
                // the reader gave up and closed its end
            }
        });
        slow.setDaemon(true);
        slow.start();
        GraphFormatException cut = assertThrows(GraphFormatException.class, () -> PipeRead.read(trickle, 1000, 10_000, 500));
        assertTrue(cut.getMessage().startsWith(trickle + ": it had not ended after 500 ms"), cut.getMessage());
    }
}
