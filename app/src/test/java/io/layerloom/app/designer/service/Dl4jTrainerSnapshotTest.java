package io.layerloom.app.designer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.explain.BarsNetwork;
import io.layerloom.app.training.TrainedNetwork;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.training.TrainingSettings;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Training tab's session hands the Explain tab snapshots from the training thread: while the
 * run trains (a later snapshot holds later values), while it is paused (two snapshots are the same
 * network, no update between them), and after it ends (the network as it ended).
 */
class Dl4jTrainerSnapshotTest {

    private static final ExecutorService THREADS = Executors.newCachedThreadPool();
    private static final List<Long> SHAPE = List.of(1L, 12L, 12L);

    @AfterAll
    static void shutdown() {
        THREADS.shutdownNow();
    }

    @Test
    void snapshotsWhileTrainingWhilePausedAndAfterTheRun() throws Exception {
        AtomicInteger iterations = new AtomicInteger();
        TrainerService.Session session = new Dl4jTrainerService(DataSources.standard(), THREADS).start(BarsNetwork.graph(),
                new DataSplit(BarsNetwork.images(160, 5), BarsNetwork.images(32, 6), Optional.of(BarsNetwork.images(32, 7))), SHAPE,
                TrainingSettings.of(300, 16, 1e-2, TrainingSettings.Optimizer.ADAM, 7), Weights::none, new TrainerService.Listener() {
                    @Override
                    public void event(TrainingEvent event) {
                        if (event instanceof TrainingEvent.Iteration) {
                            iterations.incrementAndGet();
                        }
                    }

                    @Override
                    public void predictions(List<TrainerService.Prediction> predictions) {
                    }
                });
        waitFor(() -> iterations.get() >= 2);
        TrainedNetwork early = session.snapshot(SHAPE).orElseThrow();
        int at = iterations.get();
        waitFor(() -> iterations.get() >= at + 3);
        TrainedNetwork later = session.snapshot(SHAPE).orElseThrow();
        assertNotEquals(early.network().params(), later.network().params(), "training went on between them");

        session.pause();
        Thread.sleep(300);
        TrainedNetwork paused = session.snapshot(SHAPE).orElseThrow();
        int pausedAt = iterations.get();
        TrainedNetwork again = session.snapshot(SHAPE).orElseThrow();
        assertEquals(pausedAt, iterations.get(), "served while paused");
        assertEquals(paused.network().params(), again.network().params());

        session.stop();
        Thread.sleep(300);
        assertTrue(session.hasModel());
        assertEquals(paused.network().params(), session.snapshot(SHAPE).orElseThrow().network().params(),
                "stopped where it was paused");
        assertEquals(pausedAt, iterations.get());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }
}
