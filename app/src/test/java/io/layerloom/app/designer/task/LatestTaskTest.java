package io.layerloom.app.designer.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The background task of the window, driven by a queued background executor and a direct UI one. */
class LatestTaskTest {

    private final List<Runnable> background = new ArrayList<>();
    private final List<String> statusLine = new ArrayList<>();
    private final List<String> results = new ArrayList<>();
    private final BackgroundTasks tasks = new BackgroundTasks(Runnable::run);
    private final LatestTask<String> task = tasks.latest("Analysis", background::add);

    LatestTaskTest() {
        tasks.onFailure(statusLine::add);
    }

    private void runQueued() {
        while (!background.isEmpty()) {
            background.remove(0).run();
        }
    }

    @Test
    void theNewestRequestWinsAndTheOlderNeverRuns() {
        List<String> ran = new ArrayList<>();
        task.request(() -> {
            ran.add("first");
            return "first";
        }, results::add);
        task.request(() -> {
            ran.add("second");
            return "second";
        }, results::add);
        assertTrue(task.runningProperty().get());

        runQueued();

        assertEquals(List.of("second"), ran, "superseded before it started: never run");
        assertEquals(List.of("second"), results);
        assertFalse(task.runningProperty().get());
    }

    @Test
    void aResultOvertakenWhileRunningIsDropped() {
        task.request(() -> {
            task.request(() -> "newer", results::add); // a newer request arrives while this one runs
            return "older";
        }, results::add);

        runQueued();

        assertEquals(List.of("newer"), results);
    }

    @Test
    void aCancelledRequestDeliversNothing() {
        task.request(() -> "late", results::add);

        task.cancel();

        assertFalse(task.runningProperty().get());
        runQueued();
        assertEquals(List.of(), results);
        assertFalse(task.runningProperty().get());
    }

    @Test
    void anUnexpectedFailureReachesTheStatusLine() {
        task.request(() -> {
            throw new IllegalStateException("no shape for 'conv1'");
        }, results::add);

        runQueued();

        assertEquals(List.of("Analysis failed: no shape for 'conv1'"), statusLine);
        assertEquals(List.of(), results);
        assertFalse(task.runningProperty().get());
    }

    @Test
    void anExpectedFailureGoesToItsHandlerOnly() {
        List<String> handled = new ArrayList<>();
        task.request(() -> {
            throw new IOException("data.csv: no such file");
        }, results::add, e -> handled.add(e.getMessage()));

        runQueued();

        assertEquals(List.of("data.csv: no such file"), handled);
        assertEquals(List.of(), statusLine);
        assertFalse(task.runningProperty().get());
    }

    @Test
    void listenersOfRunningSeeTheResultAlreadyDelivered() {
        List<String> seenWhenDone = new ArrayList<>();
        task.runningProperty().addListener((o, was, is) -> {
            if (!is) {
                seenWhenDone.addAll(results);
            }
        });
        task.request(() -> "done", results::add);

        runQueued();

        assertEquals(List.of("done"), seenWhenDone);
    }
}
