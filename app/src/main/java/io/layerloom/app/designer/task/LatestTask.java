package io.layerloom.app.designer.task;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * One kind of background work where only the newest request matters: a burst of edits costs one
 * analysis that is shown, not one per edit. A request superseded before it starts never runs; one
 * superseded (or {@linkplain #cancel cancelled}) while running runs to its end but its result is
 * dropped. Results arrive on the UI thread; {@link #runningProperty} is true from a request until
 * its result (or failure) has been handed over, or it is cancelled.
 *
 * <p>Requested from the UI thread. Made by {@link BackgroundTasks#latest}.
 */
public final class LatestTask<T> {

    private final String what;
    private final Executor background;
    private final Executor ui;
    private final BackgroundTasks owner;
    private final AtomicLong ticket = new AtomicLong();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");

    LatestTask(String what, Executor background, Executor ui, BackgroundTasks owner) {
        this.what = Objects.requireNonNull(what, "what");
        this.background = Objects.requireNonNull(background, "background");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.owner = owner;
    }

    /**
     * Runs {@code work} in the background and hands its result to {@code onResult} on the UI
     * thread, unless a newer request or a cancellation came first. A failure is logged and
     * reported to the status line.
     */
    public void request(Callable<? extends T> work, Consumer<? super T> onResult) {
        submit(work, onResult, null);
    }

    /**
     * The same, for work whose failures the caller expects and shows itself (data that cannot be
     * read): an {@link Exception} goes to {@code onFailure} on the UI thread instead of the status line.
     */
    public void request(Callable<? extends T> work, Consumer<? super T> onResult, Consumer<? super Exception> onFailure) {
        submit(work, onResult, Objects.requireNonNull(onFailure, "onFailure"));
    }

    /** Runs {@code update} on the UI thread: the running work's progress (the caller drops a stale one). */
    public void onUi(Runnable update) {
        ui.execute(update);
    }

    /** Nothing requested so far may deliver a result any more. */
    public void cancel() {
        ticket.incrementAndGet();
        running.set(false);
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    private void submit(Callable<? extends T> work, Consumer<? super T> onResult, Consumer<? super Exception> onFailure) {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(onResult, "onResult");
        long mine = ticket.incrementAndGet();
        running.set(true);
        background.execute(() -> {
            if (ticket.get() != mine) {
                return; // superseded before it started
            }
            T result;
            try {
                result = work.call();
            } catch (Exception | StackOverflowError e) {
                ui.execute(() -> {
                    if (ticket.get() == mine) {
                        if (onFailure != null && e instanceof Exception expected) {
                            onFailure.accept(expected);
                        } else {
                            owner.failed(what, e);
                        }
                        running.set(false);
                    }
                });
                return;
            }
            ui.execute(() -> {
                if (ticket.get() == mine) {
                    onResult.accept(result); // before "not running": listeners of running see the result
                    running.set(false);
                }
            });
        });
    }
}
