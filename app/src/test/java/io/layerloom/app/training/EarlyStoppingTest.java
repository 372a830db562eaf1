package io.layerloom.app.training;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.training.TrainingSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/** Early stopping: patience counted on the validation loss, the best epoch's weights put back. */
class EarlyStoppingTest {

    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    @AfterAll
    static void shutdown() {
        THREADS.shutdownNow();
    }

    private static Graph mlp() throws Exception {
        return GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "name": "mlp", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [4]},
                  {"id": "h", "kind": "Dense", "inputs": ["in"], "units": 8, "activation": "relu"},
                  {"id": "out", "kind": "Output", "inputs": ["h"], "units": 2}
                ]}""", "mlp.json");
    }

    /** Two gaussian blobs, one per class; {@code flipped} swaps the labels. */
    private static DataSet blobs(int n, long seed, boolean flipped) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(n, 4);
        INDArray y = Nd4j.zeros(n, 2);
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            for (int j = 0; j < 4; j++) {
                x.putScalar(i, j, (c == 0 ? -1.5 : 1.5) + r.nextGaussian());
            }
            y.putScalar(i, flipped ? 1 - c : c, 1);
        }
        return new DataSet(x, y);
    }

    @Test
    void patienceCountsEpochsWithoutALowerLossAndRestoresTheBestParameters() throws Exception {
        var net = io.layerloom.app.runtime.TrainingSetUp.initialise(io.layerloom.codegen.dl4j.Dl4jCompiler.compile(mlp(),
                io.layerloom.codegen.dl4j.Dl4jTraining.options(TrainingSettings.defaults(), false)).require());
        EarlyStopping early = new EarlyStopping(2);
        INDArray epoch2 = net.params().dup();
        assertFalse(early.afterEpoch(net, 1, 0.9));
        assertFalse(early.afterEpoch(net, 2, 0.5), "lower: the new best");
        net.setParams(net.params().add(1.0));
        assertFalse(early.afterEpoch(net, 3, 0.5), "equal is no improvement, one epoch without");
        net.setParams(net.params().add(1.0));
        assertTrue(early.afterEpoch(net, 4, Double.NaN), "NaN is no improvement: two without, patience 2 stops");
        TrainingEvent.Restored restored = early.restore(net, 4);
        assertEquals(new TrainingEvent.Restored(2, 0.5, 4, 2), restored);
        assertEquals(epoch2, net.params(), "epoch 2's parameters are back");
        assertNull(new EarlyStopping(0).restore(net, 4), "off: nothing restored");
    }

    /**
     * Validation labels are the training labels swapped, so every epoch that learns the training set
     * raises the validation loss: epoch 1 is the best, patience 2 stops after epoch 3, and the network
     * left at the end gives epoch 1's validation loss again.
     */
    @Test
    void aRunStopsAfterPatienceEpochsAndEndsWithTheBestEpochsWeights() throws Exception {
        DataSet validation = blobs(200, 2, true);
        TrainingService.Data data = new TrainingService.Data(new ViewIterator(blobs(640, 1, false), 32),
                new ViewIterator(validation, 50), new ViewIterator(blobs(200, 3, false), 50), List.of("left", "right"));
        List<TrainingEvent> events = Collections.synchronizedList(new ArrayList<>());
        TrainingSettings settings = TrainingSettings.of(10, 32, 1e-2, TrainingSettings.Optimizer.ADAM, 7).withPatience(2);
        TrainingService.Run run = new TrainingService(THREADS).start(mlp(), data, settings, events::add);
        assertNotNull(run.awaitEnd(120, TimeUnit.SECONDS));
        List<TrainingEvent.Epoch> epochs = events.stream().filter(e -> e instanceof TrainingEvent.Epoch)
                .map(e -> (TrainingEvent.Epoch) e).toList();
        assertEquals(3, epochs.size(), "stopped after epoch 3: " + epochs);
        assertTrue(epochs.get(1).validationLoss() > epochs.get(0).validationLoss());
        assertTrue(epochs.get(2).validationLoss() > epochs.get(0).validationLoss());
        TrainingEvent.Restored restored = events.stream().filter(e -> e instanceof TrainingEvent.Restored)
                .map(e -> (TrainingEvent.Restored) e).findFirst().orElseThrow();
        assertEquals(new TrainingEvent.Restored(1, epochs.get(0).validationLoss(), 3, 2), restored);
        assertEquals(new TrainingEvent.Finished(3, 60, 0).epochs(), ((TrainingEvent.Finished) events.get(events.size() - 1)).epochs());
        double again = run.network().score(validation, false);
        assertEquals(epochs.get(0).validationLoss(), again, 1e-6, "the network holds epoch 1's weights");
    }

    @Test
    void patienceWithoutAValidationSetIsRefusedNamingTheSetting() throws Exception {
        TrainingService.Data data = new TrainingService.Data(new ViewIterator(blobs(64, 1, false), 32), null, null,
                List.of("left", "right"));
        TrainingService.Run run = new TrainingService(THREADS).start(mlp(), data,
                TrainingSettings.of(3, 32, 1e-2, TrainingSettings.Optimizer.ADAM, 7).withPatience(1), e -> { });
        TrainingEvent end = run.awaitEnd(60, TimeUnit.SECONDS);
        TrainingEvent.Failed failed = assertInstanceOf(TrainingEvent.Failed.class, end);
        assertTrue(failed.reason().startsWith("patience 1 "), failed.reason());
        assertTrue(failed.hint().contains("--patience 0"), failed.hint());
    }
}
