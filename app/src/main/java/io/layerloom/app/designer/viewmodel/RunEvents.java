package io.layerloom.app.designer.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The queue between the training thread and the Training tab: what a run reports waits here,
 * tagged with the run, until the UI thread drains it; what an earlier (stopped or replaced) run
 * still sends is dropped.
 */
final class RunEvents {

    /** An event of run {@code run}: a TrainingEvent or a list of predictions. */
    private record Tagged(long run, Object payload) {
    }

    private final Queue<Tagged> pending = new ConcurrentLinkedQueue<>();
    private volatile long current;
    private long lastFlush = Long.MIN_VALUE;

    /** A new run: only what it reports is kept from now on. */
    long next() {
        return ++current;
    }

    /** Drops the current run's events and everything still on its way (another document was opened). */
    void discard() {
        current++;
        pending.clear();
    }

    /** From any thread. */
    void add(long run, Object payload) {
        pending.add(new Tagged(run, payload));
    }

    /** Whether a flush at {@code nowNanos} is due (at least {@code interval} after the last), noting it if so. */
    boolean due(long nowNanos, long interval) {
        if (lastFlush == Long.MIN_VALUE || nowNanos - lastFlush >= interval) {
            lastFlush = nowNanos;
            return true;
        }
        return false;
    }

    /** The current run's payloads that arrived since the last drain, in order. */
    List<Object> drain() {
        List<Object> out = new ArrayList<>();
        for (Tagged t; (t = pending.poll()) != null;) {
            if (t.run() == current) {
                out.add(t.payload());
            }
        }
        return out;
    }
}
