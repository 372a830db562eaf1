package io.layerloom.app.designer.service;

import io.layerloom.app.designer.service.RecoveryJournal.State;
import io.layerloom.app.designer.service.RecoveryStore.Entry;
import io.layerloom.model.graph.Graph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal of one document: debounced, coalesced, atomic, and cleared when the work is safe. */
class RecoveryJournalTest {

    @TempDir
    Path dir;

    private RecoveryStore store;
    private ScheduledThreadPoolExecutor writer;
    private final List<String> failures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws IOException {
        store = RecoveryStore.open(dir.resolve("recovery"));
        writer = (ScheduledThreadPoolExecutor) FxExecutors.scheduledWorker("test-recovery");
    }

    @AfterEach
    void close() throws Exception {
        writer.shutdownNow();
        writer.awaitTermination(5, TimeUnit.SECONDS);
        store.close();
        assertEquals(List.of(), failures);
    }

    private RecoveryJournal journal(long delay) {
        return new RecoveryJournal(store, writer, delay, Clock.systemUTC(), "LayerLoom test", failures::add);
    }

    @Test
    void aBurstOfEditsIsOneWriteOfTheNewestGraphAfterTheDelay() throws Exception {
        RecoveryJournal journal = journal(400);
        List<Graph> steps = RecoveryGraphs.edits(RecoveryGraphs.chain("burst", 0), 50);
        long start = System.nanoTime();
        for (Graph g : steps) {
            journal.edited(new State(g, null, "burst"));
        }
        assertEquals(1, writer.getQueue().size(), "fifty edits, one write scheduled");
        assertFalse(Files.exists(journal.file()), "nothing is written before the delay");
        long writtenAfter = waitForFile(journal.file(), 3000);
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsed >= 400 && writtenAfter <= 2000, "written " + elapsed + " ms after the first edit");
        awaitIdle();
        assertEquals(steps.get(49), RecoveryStore.read(journal.file()).snapshot().graph());
        assertEquals(0, writer.getQueue().size());
    }

    @Test
    void withTheWindowsDelayAnEditIsOnDiskWithinTwoSeconds() throws Exception {
        RecoveryJournal journal = journal(RecoveryJournal.DEFAULT_DELAY_MILLIS);
        Graph g = RecoveryGraphs.chain("timed", 5);
        journal.edited(new State(g, dir.resolve("timed.json"), "timed.json"));
        long after = waitForFile(journal.file(), 5000);
        assertTrue(after < 2000, "on disk after " + after + " ms");
        awaitIdle();
        Entry entry = RecoveryStore.read(journal.file());
        assertEquals(g, entry.snapshot().graph());
        assertEquals(dir.resolve("timed.json"), entry.snapshot().original());
        assertEquals("LayerLoom test", entry.snapshot().app());
    }

    @Test
    void clearDeletesTheFileAndDropsAWriteNotYetMade() throws Exception {
        RecoveryJournal journal = journal(300);
        journal.edited(new State(RecoveryGraphs.chain("x", 1), null, "x"));
        journal.flushNow();
        awaitIdle();
        assertTrue(Files.exists(journal.file()));
        journal.edited(new State(RecoveryGraphs.chain("x", 2), null, "x"));
        journal.clear(); // saved before the pending write was due
        Thread.sleep(600);
        awaitIdle();
        assertFalse(Files.exists(journal.file()), "saved work leaves no recovery file, not even a late one");
        journal.edited(new State(RecoveryGraphs.chain("x", 3), null, "x"));
        journal.flushNow();
        awaitIdle();
        assertEquals(RecoveryGraphs.chain("x", 3), RecoveryStore.read(journal.file()).snapshot().graph(),
                "an edit after a save is journaled again");
    }

    @Test
    void aReaderNeverSeesHalfASnapshot() throws Exception {
        RecoveryJournal journal = journal(0);
        List<Graph> steps = RecoveryGraphs.edits(RecoveryGraphs.chain("big", 300), 60);
        AtomicBoolean done = new AtomicBoolean();
        List<String> seen = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                if (Files.exists(journal.file())) {
                    Entry e = RecoveryStore.read(journal.file());
                    seen.add(e.problem() == null ? "ok" : e.problem());
                }
            }
        });
        reader.start();
        for (Graph g : steps) {
            journal.edited(new State(g, null, "big"));
            journal.flushNow();
            Thread.sleep(5);
        }
        awaitIdle();
        done.set(true);
        reader.join();
        assertFalse(seen.isEmpty());
        assertEquals(List.of(), seen.stream().filter(s -> !s.equals("ok") && !s.equals("it was deleted while being read")).toList());
        assertEquals(steps.get(59), RecoveryStore.read(journal.file()).snapshot().graph());
        try (var files = Files.list(journal.file().getParent())) {
            assertEquals(1, files.filter(Files::isRegularFile).count(), "no temporary files left");
        }
    }

    @Test
    void adoptingRestoredWorkWritesItBeforeTheOldFileGoes() throws Exception {
        Path old;
        Graph g = RecoveryGraphs.chain("restored", 4);
        try (RecoveryStore dead = RecoveryStore.open(dir.resolve("recovery"))) {
            old = dead.newDocumentFile();
            dead.write(old, new RecoveryStore.Snapshot(g, null, "restored", java.time.Instant.now(), "LayerLoom"));
        }
        RecoveryJournal journal = journal(60_000);
        journal.adopt(new State(g, null, "restored"), old);
        awaitIdle();
        assertFalse(Files.exists(old));
        Entry now = RecoveryStore.read(journal.file());
        assertNull(now.problem());
        assertEquals(g, now.snapshot().graph());
        assertEquals(List.of(), store.recoverable(), "the restored work is this session's now");
    }

    private void awaitIdle() throws Exception {
        writer.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    /** Milliseconds until {@code file} exists. */
    private static long waitForFile(Path file, long limitMillis) throws InterruptedException {
        long start = System.nanoTime();
        while (!Files.exists(file)) {
            if ((System.nanoTime() - start) / 1_000_000 > limitMillis) {
                throw new AssertionError(file + " was not written within " + limitMillis + " ms");
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
