package io.layerloom.app.designer.task;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the window runs work off the UI thread: the analysis, code generation, data
 * previews, and whatever comes next (import, profiling, pruning) each get a {@link LatestTask}
 * from here. It delivers results through {@code ui}; a failure nobody expected is logged once and
 * reported once to the {@linkplain #onFailure listeners} (the status line), on the UI thread. The
 * composition root makes one per window; tests pass {@code Runnable::run} (or {@link #direct()})
 * and a direct or queued background executor, so that asynchronous code runs deterministically.
 */
public final class BackgroundTasks {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);

    private final Executor ui;
    private final List<Consumer<String>> failureListeners = new CopyOnWriteArrayList<>();

    /** @param ui delivers results and failures (the JavaFX thread in the window) */
    public BackgroundTasks(Executor ui) {
        this.ui = Objects.requireNonNull(ui, "ui");
    }

    /** Results on the calling thread: for tests and tools. */
    public static BackgroundTasks direct() {
        return new BackgroundTasks(Runnable::run);
    }

    /**
     * A task whose newest request wins, running on {@code background}.
     *
     * @param what how the status line names it when it fails ("Analysis", "Code generation")
     */
    public <T> LatestTask<T> latest(String what, Executor background) {
        return new LatestTask<>(what, background, ui, this);
    }

    /** {@code listener} hears, on the UI thread, "Analysis failed: ..." for every unexpected failure. */
    public void onFailure(Consumer<String> listener) {
        failureListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Logs the failure with its stack trace and tells the listeners in one line; called on the UI thread. */
    void failed(String what, Throwable error) {
        LOG.warn("{} failed", what, error);
        String message = what + " failed: " + (error.getMessage() == null ? error.getClass().getSimpleName()
                : error.getMessage());
        for (Consumer<String> listener : failureListeners) {
            listener.accept(message);
        }
    }
}
