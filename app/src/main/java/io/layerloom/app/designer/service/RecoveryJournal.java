package io.layerloom.app.designer.service;

import io.layerloom.model.graph.Graph;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The recovery file of one document. The window tells it of every change ({@link #edited}, on the
 * UI thread, cheap: it keeps the immutable graph and returns); at most {@code delay} after the first
 * change of a burst the newest graph is serialised and written on the journal's own thread, so a
 * burst of edits costs one write and the UI never waits for the disk. {@link #clear} (saved,
 * closed, replaced) deletes the file after any write already under way.
 */
public final class RecoveryJournal {

    /** What the window says about its document at one moment. */
    public record State(Graph graph, Path file, String name) {
        public State {
            Objects.requireNonNull(graph, "graph");
            Objects.requireNonNull(name, "name");
        }
    }

    /** After the first change of a burst, the snapshot is written within this delay plus the writing itself. */
    public static final long DEFAULT_DELAY_MILLIS = 1000;

    private final RecoveryStore store;
    private final Path target;
    private final ScheduledExecutorService writer;
    private final long delayMillis;
    private final Clock clock;
    private final String app;
    private final Consumer<String> onFailure;
    private final AtomicReference<State> pending = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Whether the last failure was reported: one message per run of failures, not one per edit. */
    private volatile boolean failing;

    /**
     * @param writer    a single thread: writes and deletes run in the order they were asked for
     * @param onFailure hears "could not write ..." once when writing starts failing (called on the writer thread)
     */
    public RecoveryJournal(RecoveryStore store, ScheduledExecutorService writer, long delayMillis, Clock clock,
                           String app, Consumer<String> onFailure) {
        this.store = Objects.requireNonNull(store, "store");
        this.target = store.newDocumentFile();
        this.writer = Objects.requireNonNull(writer, "writer");
        this.delayMillis = delayMillis;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.app = Objects.requireNonNull(app, "app");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    /** The file this document's snapshots go to. */
    public Path file() {
        return target;
    }

    /** The document changed and has unsaved changes: journal {@code state} soon. */
    public void edited(State state) {
        pending.set(Objects.requireNonNull(state, "state"));
        if (scheduled.compareAndSet(false, true)) {
            submit(() -> writer.schedule(() -> { flush(); }, delayMillis, TimeUnit.MILLISECONDS));
        }
    }

    /** Nothing unsaved any more: forget a pending snapshot and delete the file. */
    public void clear() {
        pending.set(null);
        submit(() -> writer.execute(this::delete));
    }

    /** Writes what is pending now, on the writer thread, without waiting for the delay. */
    public void flushNow() {
        submit(() -> writer.execute(() -> { flush(); }));
    }

    /**
     * This document was restored from {@code restoredFrom} (another session's recovery file):
     * {@code state} is written to this journal's file at once, and only once it is written is the
     * old file deleted, so that no moment exists when the work is in neither.
     */
    public void adopt(State state, Path restoredFrom) {
        pending.set(Objects.requireNonNull(state, "state"));
        submit(() -> writer.execute(() -> {
            if (flush()) {
                try {
                    store.delete(restoredFrom);
                } catch (IOException e) {
                    onFailure.accept("Could not delete the restored recovery copy " + restoredFrom + ": " + e.getMessage());
                }
            }
        }));
    }

    /** True when a snapshot was written. */
    private boolean flush() {
        // first the flag, then the state: an edit in between schedules a new flush or is taken by this one
        scheduled.set(false);
        State state = pending.getAndSet(null);
        if (state == null) {
            return false;
        }
        try {
            store.write(target, new RecoveryStore.Snapshot(state.graph(), state.file(), state.name(), clock.instant(), app));
            failing = false;
            return true;
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                failing = true;
                onFailure.accept("Could not write the recovery copy " + target + ": " + e.getMessage());
            }
            return false;
        }
    }

    private void delete() {
        try {
            store.delete(target);
        } catch (IOException e) {
            onFailure.accept("Could not delete the recovery copy " + target + ": " + e.getMessage());
        }
    }

    private static void submit(Runnable schedule) {
        try {
            schedule.run();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the window is closing and its writer has stopped
        }
    }
}
