package io.layerloom.app.designer;

import io.layerloom.app.designer.service.RecoveryStore;
import io.layerloom.app.designer.service.RecoveryStore.Entry;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 while editing loses at most 2 s of work. The designer runs in a JVM of its own
 * ({@link RecoveryChild}, headless Monocle, the application's own start-up): it adds a layer every
 * 100 ms and is killed with SIGKILL ({@link Process#destroyForcibly} on Linux) in the middle of it;
 * the recovery file must hold a graph at most 2 s older than the last edit before the kill. A new
 * start offers it, Restore puts exactly that graph in the window, unsaved, and a second instance
 * started meanwhile does not offer the running one's work.
 */
class RecoveryProcessTest {

    private static final long WORK_LOSS_LIMIT_MS = 2000;

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    /** A designer JVM whose stdout lines arrive in the returned queue, each with the nanoTime it was read. */
    private record Child(Process process, BlockingQueue<String> lines, Map<String, Long> readAt) {
        String await(String prefix, long seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && (line.startsWith(prefix) || line.startsWith("FAILED") || line.startsWith("NO-DIALOG"))) {
                    assertTrue(line.startsWith(prefix), line);
                    return line;
                }
                if (line == null && !process.isAlive()) {
                    throw new AssertionError("the designer JVM ended (" + process.exitValue() + ") before \"" + prefix + "\"");
                }
            }
            throw new AssertionError("no \"" + prefix + "\" from the designer JVM within " + seconds + " s");
        }
    }

    private Child start(Path data, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Xss2m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlayerloom.dataDir=" + data,
                "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Dprism.text=t2k",
                "-Dtestfx.headless=true", "-Djava.awt.headless=true", "-Dheadless.geometry=1600x1000-32",
                "-Djavafx.cachedir=" + System.getProperty("javafx.cachedir", dir.resolve("openjfx").toString()),
                "-Djava.util.prefs.userRoot=" + dir.resolve("prefs"),
                RecoveryChild.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(p);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Map<String, Long> readAt = new ConcurrentHashMap<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    readAt.putIfAbsent(line, System.nanoTime());
                    lines.add(line);
                    System.out.println("  [designer " + p.pid() + "] " + line);
                }
            } catch (IOException e) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        return new Child(p, lines, readAt);
    }

    private static void killNine(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close, nothing flushed
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL (128 + 9)");
    }

    private static List<Path> recoveryFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".recovery.json")).sorted().toList();
        }
    }

    @Test
    void killedWhileEditingThenRestoredInANewStart() throws Exception {
        Path data = dir.resolve("data");
        Child editing = start(data, "edit", "60", "100");
        editing.await("STEP 1", 120);
        // kill in the middle of the edits, some way into them
        String last = editing.await("STEP 25", 60);
        long killAt = System.nanoTime();
        killNine(editing.process());
        int lastStep = Integer.parseInt(last.substring(5));
        for (String line : editing.lines()) {
            if (line.startsWith("STEP ") && editing.readAt().get(line) <= killAt) {
                lastStep = Math.max(lastStep, Integer.parseInt(line.substring(5)));
            }
        }

        List<Path> files = recoveryFiles(data.resolve("recovery"));
        assertEquals(1, files.size(), files.toString());
        Entry entry = RecoveryStore.read(files.get(0));
        assertNull(entry.problem());
        Graph journaled = entry.snapshot().graph();
        int journaledStep = journaled.size();
        assertTrue(journaledStep >= 1 && journaledStep <= lastStep, journaledStep + " of " + lastStep);
        assertEquals(RecoveryChild.afterSteps(journaledStep), journaled, "the journal holds a state the user had");
        long journaledAt = editing.readAt().get("STEP " + journaledStep);
        long lostMs = (killAt - journaledAt) / 1_000_000;
        // the edits after the journaled one were made in the last 2 s before the kill
        if (journaledStep < lastStep) {
            long firstLostAt = editing.readAt().get("STEP " + (journaledStep + 1));
            long lostWindow = (killAt - firstLostAt) / 1_000_000;
            assertTrue(lostWindow <= WORK_LOSS_LIMIT_MS, "lost the edits of the last " + lostWindow + " ms (journaled step "
                    + journaledStep + " of " + lastStep + ", " + lostMs + " ms before the kill)");
        }
        assertEquals("untitled", entry.snapshot().name());
        assertNull(entry.snapshot().original());
        System.out.println("killed after step " + lastStep + "; journaled step " + journaledStep);

        // a new start offers it; Restore gives that graph, unsaved
        Path out = dir.resolve("restored.json");
        Child restoring = start(data, "restore", out.toString());
        String restored = restoring.await("RESTORED", 120);
        assertEquals("RESTORED true \u25CF untitled \u2014 LayerLoom", restored);
        assertEquals(journaled, GraphJson.read(out));

        // the restored work belongs to the new session now: its file, the old one gone, and a
        // third instance started while the second runs is not offered it
        waitUntil(() -> !Files.exists(files.get(0)), 10);
        List<Path> now = recoveryFiles(data.resolve("recovery"));
        assertEquals(1, now.size(), now.toString());
        assertTrue(now.get(0).getFileName().toString().startsWith(restoring.process().pid() + "-"), now.toString());
        assertEquals(journaled, RecoveryStore.read(now.get(0)).snapshot().graph());
        try (RecoveryStore third = RecoveryStore.open(data.resolve("recovery"))) {
            assertEquals(List.of(), third.recoverable(), "the running designer's work is not offered to another instance");
            killNine(restoring.process());
            List<Entry> offered = third.recoverable();
            assertEquals(1, offered.size());
            assertNotNull(offered.get(0).snapshot());
            assertEquals(journaled, offered.get(0).snapshot().graph(), "killed again: still recoverable");
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }
}
