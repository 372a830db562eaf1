package io.layerloom.app.designer.service;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;

/** The executors of the running window: the JavaFX thread and named daemon worker threads. */
public final class FxExecutors {

    private FxExecutors() {
    }

    /** Runs on the JavaFX application thread (directly when already on it). */
    public static Executor ui() {
        return task -> {
            if (Platform.isFxApplicationThread()) {
                task.run();
            } else {
                Platform.runLater(task);
            }
        };
    }

    /** One daemon thread that runs tasks in order, some after a delay. */
    public static java.util.concurrent.ScheduledExecutorService scheduledWorker(String name) {
        java.util.concurrent.ScheduledThreadPoolExecutor executor = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        // shutdown() runs what is queued now (a deletion) but not delayed writes nobody needs any more
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /** One daemon thread that never keeps the application alive. */
    public static ExecutorService worker(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
