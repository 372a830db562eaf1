package io.layerloom.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.explain.BarsNetwork;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.training.TrainingSettings;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A snapshot of a network being trained holds the parameters of one iteration boundary exactly:
 * weights, biases and batch-norm running statistics all after the same update. A DL4J listener
 * records the parameters after every update; a snapshot asked for from inside {@code fit} (after
 * the backward pass, before the update: the moment an unsynchronised copy would read the old
 * weights) is made after that update, and equals the recorded parameters of that iteration to the
 * bit. Also while paused, and after the run.
 */
class IterationSnapshotsTest {

    private static final ExecutorService THREADS = Executors.newCachedThreadPool();
    private static final List<Long> SHAPE = List.of(1L, 12L, 12L);

    @AfterAll
    static void shutdown() {
        THREADS.shutdownNow();
    }

    /** A CNN with BatchNorm (running mean and variance among its parameters) on the bars images. */
    private static Graph graph() throws Exception {
        return GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "name": "bars-bn", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [1, 12, 12]},
                  {"id": "c1", "kind": "Conv2D", "inputs": ["in"], "filters": 4, "kernel": 3, "activation": "identity"},
                  {"id": "bn1", "kind": "BatchNorm", "inputs": ["c1"]},
                  {"id": "r1", "kind": "Activation", "inputs": ["bn1"], "activation": "relu"},
                  {"id": "f", "kind": "Flatten", "inputs": ["r1"]},
                  {"id": "out", "kind": "Output", "inputs": ["f"], "units": 2}
                ]}""", "bars-bn.json");
    }

    /** The parameters after each update, in order; and something to do inside the n-th fit (1-based). */
    private static final class Recorder extends BaseTrainingListener {
        final List<INDArray> boundaries = new CopyOnWriteArrayList<>();
        final int insideFit;
        final Consumer<Model> inside;
        private int fits;

        Recorder(int insideFit, Consumer<Model> inside) {
            this.insideFit = insideFit;
            this.inside = inside;
        }

        @Override
        public void onBackwardPass(Model model) {
            if (fits + 1 == insideFit) {
                inside.accept(model);
            }
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            fits++;
            boundaries.add(model.params().dup());
        }
    }

    private static TrainingService.Run start(Graph graph, int epochs, Recorder recorder) {
        LoadedData train = BarsNetwork.images(160, 5);
        LoadedData validation = BarsNetwork.images(32, 6);
        TrainingService.Data data = TrainingService.Data.of(new DataSplit(train, validation, Optional.empty()), 16, 7, SHAPE);
        AtomicReference<TrainingService.Run> run = new AtomicReference<>();
        run.set(new TrainingService(THREADS).start(graph, data, TrainingSettings.of(epochs, 16, 1e-2,
                TrainingSettings.Optimizer.ADAM, 7), e -> {
                    if (e instanceof TrainingEvent.Started) {
                        while (run.get() == null) {
                            Thread.onSpinWait(); // start() has not returned its handle yet
                        }
                        run.get().network().addListeners(recorder);
                    }
                }));
        return run.get();
    }

    @Test
    void aSnapshotAskedForDuringAnUpdateHoldsTheParametersAfterThatUpdate() throws Exception {
        AtomicReference<CompletableFuture<Optional<IterationSnapshots.Copy>>> asked = new AtomicReference<>();
        AtomicReference<TrainingService.Run> handle = new AtomicReference<>();
        boolean[] doneInsideFit = {true};
        Recorder recorder = new Recorder(3, model -> {
            CompletableFuture<Optional<IterationSnapshots.Copy>> f = handle.get().snapshots().request();
            doneInsideFit[0] = f.isDone();
            asked.set(f);
        });
        TrainingService.Run run = start(graph(), 2, recorder);
        handle.set(run);
        assertNotNull(run.awaitEnd(120, TimeUnit.SECONDS));
        INDArray copy = asked.get().get(10, TimeUnit.SECONDS).orElseThrow().parameters();
        INDArray before = recorder.boundaries.get(1); // after the second update
        INDArray after = recorder.boundaries.get(2); // after the third, during which it was asked for
        assertNotEquals(before, after);
        assertEquals(after, copy, "the parameters after the update the request came during, every value");
        assertFalse(doneInsideFit[0], "not copied while fit is running");
        assertEquals(3, asked.get().get().orElseThrow().iteration());
        // the copy builds a network that runs with those values
        TrainedNetwork net = asked.get().get().orElseThrow().network(SHAPE);
        assertEquals(after, net.network().params());
    }

    @Test
    void aPausedRunServesASnapshotWithItsLastUpdateAndAnEndedRunAtOnce() throws Exception {
        Recorder recorder = new Recorder(-1, m -> { });
        TrainingService.Run run = start(graph(), 200, recorder);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (recorder.boundaries.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        run.pause();
        Thread.sleep(300); // the update under way ends; the run then waits
        int updates = recorder.boundaries.size();
        IterationSnapshots.Copy copy = run.snapshots().request().get(30, TimeUnit.SECONDS).orElseThrow();
        assertEquals(updates, recorder.boundaries.size(), "served while paused, without training on");
        assertEquals(recorder.boundaries.get(updates - 1), copy.parameters());
        assertTrue(run.isPaused());

        run.stop();
        assertNotNull(run.awaitEnd(60, TimeUnit.SECONDS));
        CompletableFuture<Optional<IterationSnapshots.Copy>> ended = run.snapshots().request();
        assertTrue(ended.isDone(), "after the run the asking thread copies at once");
        assertEquals(run.network().params(), ended.get().orElseThrow().parameters());
    }
}
