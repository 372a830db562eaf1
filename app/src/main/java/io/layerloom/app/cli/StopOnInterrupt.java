package io.layerloom.app.cli;

import io.layerloom.app.training.TrainingService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl+C during {@code train} or {@code sweep}: the run stops after its batch and the command
 * still writes what a stopped run leaves (its record, and {@code train}'s model). The JVM halts as
 * soon as its shutdown hooks return, so the hook waits (at most {@link #WAIT_SECONDS}) until the
 * command says its files are written.
 */
final class StopOnInterrupt {

    /** Long enough to save a large model; a second Ctrl+C does not shorten it, {@code kill -9} does. */
    static final long WAIT_SECONDS = 120;

    private StopOnInterrupt() {
    }

    /** A shutdown hook that stops {@code run} and waits for {@code written}. */
    static Thread hook(TrainingService.Run run, CountDownLatch written) {
        return new Thread(() -> {
            run.stop();
            try {
                written.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "layerloom-stop");
    }

    /** Removes the hook once the run has ended; during a shutdown (Ctrl+C) it stays and waits for the writes. */
    static void remove(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns once the command has written its files
        }
    }
}
