package io.layerloom.app.training;

import io.layerloom.model.training.TrainingSettings;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
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
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

class TrainingServiceTest {

    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    @AfterAll
    static void shutdown() {
        THREADS.shutdownNow();
    }

    private static Graph mlp(String outputExtra) throws Exception {
        return GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "name": "mlp", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [4]},
                  {"id": "h", "kind": "Dense", "inputs": ["in"], "units": 16, "activation": "relu"},
                  {"id": "out", "kind": "Output", "inputs": ["h"], "units": 2%s}
                ]}""".formatted(outputExtra), "mlp.json");
    }

    /** Two gaussian blobs in 4 dimensions, one per class: easy to separate. */
    private static DataSet blobs(int n, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(n, 4);
        INDArray y = Nd4j.zeros(n, 2);
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            for (int j = 0; j < 4; j++) {
                x.putScalar(i, j, (c == 0 ? -1.5 : 1.5) + r.nextGaussian());
            }
            y.putScalar(i, c, 1);
        }
        return new DataSet(x, y);
    }

    private static TrainingService.Data data(int train, int test) {
        return new TrainingService.Data(new ViewIterator(blobs(train, 1), 32), new ViewIterator(blobs(200, 2), 50),
                new ViewIterator(blobs(test, 3), 50), List.of("left", "right"));
    }

    private static List<TrainingEvent> runToEnd(Graph g, TrainingService.Data d, TrainingSettings cfg) throws Exception {
        List<TrainingEvent> events = Collections.synchronizedList(new ArrayList<>());
        TrainingService.Run run = new TrainingService(THREADS).start(g, d, cfg, events::add);
        assertNotNull(run.awaitEnd(120, TimeUnit.SECONDS), "the run must end");
        return events;
    }

    @Test
    void learnsAndPublishesEveryEventInOrder() throws Exception {
        List<TrainingEvent> events = runToEnd(mlp(""), data(640, 400), TrainingSettings.of(2, 32, 1e-2,
                TrainingSettings.Optimizer.ADAM, 7));
        assertInstanceOf(TrainingEvent.Started.class, events.get(0));
        TrainingEvent.Started started = (TrainingEvent.Started) events.get(0);
        assertEquals(20, started.iterationsPerEpoch());
        assertEquals(4 * 16 + 16 + 16 * 2 + 2, started.parameters());
        List<TrainingEvent.Iteration> iterations = events.stream().filter(e -> e instanceof TrainingEvent.Iteration)
                .map(e -> (TrainingEvent.Iteration) e).toList();
        assertEquals(40, iterations.size());
        assertEquals(40, iterations.get(39).iteration());
        assertTrue(iterations.get(39).score() < iterations.get(0).score(), "the loss goes down");
        assertTrue(iterations.stream().allMatch(i -> i.examplesPerSecond() > 0 && i.secondsRemaining() >= 0));
        List<TrainingEvent.Epoch> epochs = events.stream().filter(e -> e instanceof TrainingEvent.Epoch)
                .map(e -> (TrainingEvent.Epoch) e).toList();
        assertEquals(2, epochs.size());
        assertTrue(epochs.get(1).validationAccuracy() > 0.9, epochs.toString());
        TrainingEvent.Evaluated eval = (TrainingEvent.Evaluated) events.get(events.size() - 2);
        assertTrue(eval.accuracy() > 0.9, "test accuracy " + eval.accuracy());
        assertEquals(400, eval.confusion()[0][0] + eval.confusion()[0][1] + eval.confusion()[1][0] + eval.confusion()[1][1]);
        assertEquals(List.of("left", "right"), eval.classNames());
        assertInstanceOf(TrainingEvent.Finished.class, events.get(events.size() - 1));
    }

    @Test
    void monitoringAddsAValidationEvaluationPerEpochAndLayerStatistics() throws Exception {
        List<TrainingEvent> events = Collections.synchronizedList(new ArrayList<>());
        TrainingService.Run run = new TrainingService(THREADS).start(mlp(""), data(640, 100), TrainingSettings.of(2, 32, 1e-2,
                TrainingSettings.Optimizer.ADAM, 7), new TrainingService.Monitoring(true, 5), events::add);
        assertInstanceOf(TrainingEvent.Finished.class, run.awaitEnd(120, TimeUnit.SECONDS));
        List<String> kinds = events.stream().filter(e -> !(e instanceof TrainingEvent.Iteration)
                && !(e instanceof TrainingEvent.LayerStatistics)).map(e -> e instanceof TrainingEvent.Evaluated ev
                ? "Evaluated " + ev.set() : e.getClass().getSimpleName()).toList();
        assertEquals(List.of("Started", "Epoch", "Evaluated validation", "Epoch", "Evaluated validation", "Evaluated test",
                "Finished"), kinds);
        TrainingEvent.Epoch second = (TrainingEvent.Epoch) events.stream().filter(e -> e instanceof TrainingEvent.Epoch)
                .reduce((a, b) -> b).orElseThrow();
        TrainingEvent.Evaluated validation = (TrainingEvent.Evaluated) events.get(events.indexOf(second) + 1);
        assertEquals(second.validationAccuracy(), validation.accuracy(), "one pass gives both");
        assertEquals(200, java.util.Arrays.stream(validation.confusion()).flatMapToInt(java.util.Arrays::stream).sum());

        List<TrainingEvent.LayerStatistics> stats = events.stream().filter(e -> e instanceof TrainingEvent.LayerStatistics)
                .map(e -> (TrainingEvent.LayerStatistics) e).toList();
        assertEquals(List.of(5, 10, 15, 20, 25, 30, 35, 40), stats.stream().map(TrainingEvent.LayerStatistics::iteration).toList());
        assertEquals(List.of("h", "out"), List.copyOf(stats.get(0).updateRatios().keySet()));
        assertTrue(stats.stream().allMatch(s -> s.updateRatios().values().stream().allMatch(r -> r > 0 && r < 1)),
                stats.toString());
        assertEquals(List.of("h"), List.copyOf(stats.get(0).meanActivations().keySet()),
                "not the input, nor the output layer (DL4J computes its activation inside the loss)");
        assertTrue(stats.stream().allMatch(s -> s.meanActivations().get("h") > 0), "a ReLU layer's mean: " + stats);
    }

    @Test
    void aSeedMakesRunsRepeatable() throws Exception {
        TrainingSettings cfg = TrainingSettings.of(1, 32, 1e-2, TrainingSettings.Optimizer.SGD, 11);
        List<Double> a = scores(runToEnd(mlp(""), data(320, 100), cfg));
        List<Double> b = scores(runToEnd(mlp(""), data(320, 100), cfg));
        assertEquals(a, b);
        List<Double> c = scores(runToEnd(mlp(""), data(320, 100), TrainingSettings.of(1, 32, 1e-2,
                TrainingSettings.Optimizer.SGD, 12)));
        assertNotEquals(a, c);
    }

    private static List<Double> scores(List<TrainingEvent> events) {
        return events.stream().filter(e -> e instanceof TrainingEvent.Iteration).map(e -> ((TrainingEvent.Iteration) e).score())
                .toList();
    }

    @Test
    void aStepScheduleHalvesTheRateEachEpochInDl4jToo() throws Exception {
        TrainingSettings cfg = TrainingSettings.of(3, 32, 0.08, TrainingSettings.Optimizer.SGD, 5)
                .withSchedule(TrainingSettings.Policy.STEP, 1, 0.5, 0);
        List<TrainingEvent> events = Collections.synchronizedList(new ArrayList<>());
        TrainingService.Run run = new TrainingService(THREADS).start(mlp(""), data(320, 100), cfg, events::add);
        assertInstanceOf(TrainingEvent.Finished.class, run.awaitEnd(120, TimeUnit.SECONDS));
        List<Double> firstOfEachEpoch = events.stream().filter(e -> e instanceof TrainingEvent.Iteration)
                .map(e -> (TrainingEvent.Iteration) e).filter(i -> (i.iteration() - 1) % 10 == 0)
                .map(TrainingEvent.Iteration::learningRate).toList();
        assertEquals(List.of(0.08, 0.04, 0.02), firstOfEachEpoch);
        assertEquals(0.02, run.network().getLearningRate("h"), 1e-12, "DL4J's own rate: the last epoch's, held");
    }

    @Test
    void adamThenSgdSwitchesTheOptimizerAndKeepsLearning() throws Exception {
        TrainingSettings cfg = TrainingSettings.of(3, 32, 1e-2, TrainingSettings.Optimizer.ADAM, 5).withSwitchToSgdAt(3);
        List<TrainingEvent> events = Collections.synchronizedList(new ArrayList<>());
        TrainingService.Run run = new TrainingService(THREADS).start(mlp(""), data(640, 200), cfg, events::add);
        assertInstanceOf(TrainingEvent.Finished.class, run.awaitEnd(120, TimeUnit.SECONDS));
        var layer = (org.deeplearning4j.nn.conf.layers.BaseLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex)
                run.network().getConfiguration().getVertices().get("h")).getLayerConf().getLayer();
        assertInstanceOf(org.nd4j.linalg.learning.config.Sgd.class, layer.getIUpdater());
        TrainingEvent.Evaluated eval = (TrainingEvent.Evaluated) events.get(events.size() - 2);
        assertTrue(eval.accuracy() > 0.9, "still learns after the switch: " + eval.accuracy());
    }

    @Test
    void badSettingsAreRefusedWithTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingSettings.of(2, 32, 1e-3, TrainingSettings.Optimizer.ADAMW, 1));
        assertEquals("adamw needs a weightDecay greater than 0 (0.01 is common).", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingSettings.defaults().withSwitchToSgdAt(11));
        assertThrows(IllegalArgumentException.class, () -> TrainingSettings.defaults().withSchedule(TrainingSettings.Policy.STEP, 0, 0.5, 0));
    }

    @Test
    void aDivergingLossStopsWithAHint() throws Exception {
        Graph g = mlp(", \"activation\": \"identity\", \"loss\": \"mse\"");
        List<TrainingEvent> events = runToEnd(g, data(640, 100), TrainingSettings.of(3, 32, 1e12,
                TrainingSettings.Optimizer.SGD, 1));
        TrainingEvent.Failed failed = (TrainingEvent.Failed) events.get(events.size() - 1);
        assertTrue(failed.reason().startsWith("Training diverged at iteration"), failed.reason());
        assertTrue(failed.hint().startsWith("Lower the learning rate (now 1e12), for example to 1e11;"), failed.hint());
    }

    /**
     * A learning rate of 1e6 with softmax cross-entropy: DL4J clips the probabilities, so the loss
     * stays finite (about 20) while the weights explode; SGD and Adam alike must stop within the
     * first iterations, naming a layer and the lower rate, not finish and leave a useless model.
     */
    @Test
    void aFarTooHighLearningRateStopsAtOnceThoughTheLossStaysFinite() throws Exception {
        for (TrainingSettings.Optimizer optimizer : List.of(TrainingSettings.Optimizer.SGD, TrainingSettings.Optimizer.ADAM)) {
            List<TrainingEvent> events = runToEnd(mlp(""), data(640, 100), TrainingSettings.of(2, 32, 1e6, optimizer, 1));
            TrainingEvent end = events.get(events.size() - 1);
            TrainingEvent.Failed failed = assertInstanceOf(TrainingEvent.Failed.class, end, optimizer + ": " + end);
            long iterations = events.stream().filter(e -> e instanceof TrainingEvent.Iteration).count();
            assertTrue(iterations <= 1, optimizer + ": stopped after " + iterations + " iterations: " + failed);
            assertTrue(events.stream().filter(e -> e instanceof TrainingEvent.Iteration)
                    .allMatch(e -> Double.isFinite(((TrainingEvent.Iteration) e).score())), "the loss looked finite");
            assertTrue(failed.reason().matches("Training diverged at iteration [12] \\(epoch 1\\): .*layer '(h|out)'.*"),
                    failed.reason());
            assertEquals("Lower the learning rate (now 1000000), for example to 100000; the input is already scaled (at most "
                    + failed.hint().replaceAll(".*at most ", ""), failed.hint());
            assertEquals(1e5, failed.lowerLearningRate());
        }
    }

    /** Inputs in the hundreds (unscaled pixels) make the hint name normalisation first. */
    @Test
    void divergenceOnUnscaledInputSaysToNormalise() throws Exception {
        DataSet big = blobs(640, 1);
        big.getFeatures().muli(255);
        List<TrainingEvent> events = runToEnd(mlp(""), new TrainingService.Data(new ViewIterator(big, 32), null, null,
                List.of("left", "right")), TrainingSettings.of(2, 32, 10, TrainingSettings.Optimizer.SGD, 1));
        TrainingEvent.Failed failed = assertInstanceOf(TrainingEvent.Failed.class, events.get(events.size() - 1));
        assertTrue(failed.hint().startsWith("The input reaches "), failed.hint());
        assertTrue(failed.hint().contains("scale it to [0, 1] (normalise the data), or lower the learning rate (now 10), "
                + "for example to 1."), failed.hint());
    }

    @Test
    void pauseHoldsBetweenBatchesAndStopEndsTheRun() throws Exception {
        List<TrainingEvent> events = Collections.synchronizedList(new ArrayList<>());
        TrainingService.Run[] run = new TrainingService.Run[1];
        java.util.concurrent.CountDownLatch firstIteration = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        Thread[] trainingThread = new Thread[1];
        run[0] = new TrainingService(THREADS).start(mlp(""), data(3200, 100), TrainingSettings.of(5, 32, 1e-3,
                TrainingSettings.Optimizer.ADAM, 3), e -> {
            events.add(e);
            if (e instanceof TrainingEvent.Iteration) {
                try {
                    started.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                run[0].pause();
                trainingThread[0] = Thread.currentThread();
                firstIteration.countDown();
            }
        });
        started.countDown();
        assertTrue(firstIteration.await(60, TimeUnit.SECONDS));
        // Paused on its own thread before the next batch: the training thread must come to wait
        // for the resume. Had the pause not held, it would train on and then idle in the pool (a
        // timed wait, not this one), so the wait below or the count after it would fail.
        awaitWaiting(trainingThread[0]);
        assertEquals(1, events.stream().filter(e -> e instanceof TrainingEvent.Iteration).count(), "paused after the first batch");
        assertTrue(run[0].isPaused());
        run[0].stop();
        TrainingEvent end = run[0].awaitEnd(60, TimeUnit.SECONDS);
        assertEquals(new TrainingEvent.Stopped(1, 1), end);
        assertEquals(1, events.stream().filter(e -> e instanceof TrainingEvent.Iteration).count(),
                "no batch between the pause and the stop");
        assertNotNull(run[0].network(), "the partly trained network is kept");
    }

    /** Until {@code thread} waits (for a notify); a state reached, not a time slept. */
    private static void awaitWaiting(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (thread.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, "the training thread never waited: " + thread.getState());
            Thread.onSpinWait();
        }
    }

    @Test
    void aGraphWithErrorsFailsWithItsFirstError() throws Exception {
        Graph g = GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "nodes": [
                  {"id": "in", "kind": "Input", "shape": [1, 8, 8]},
                  {"id": "c", "kind": "Conv2D", "inputs": ["in"], "kernel": 9},
                  {"id": "f", "kind": "Flatten", "inputs": ["c"]},
                  {"id": "out", "kind": "Output", "inputs": ["f"], "units": 2}]}""", "bad.json");
        List<TrainingEvent> events = runToEnd(g, data(64, 10), TrainingSettings.defaults());
        assertEquals(1, events.size());
        TrainingEvent.Failed failed = (TrainingEvent.Failed) events.get(0);
        assertTrue(failed.reason().contains("Conv2D 'c': kernel 9 is larger"), failed.reason());
    }

    @Test
    void anExceptionInTheDataEndsAsAFailureNotAHang() throws Exception {
        DataSetIterator broken = new ViewIterator(blobs(320, 1), 32) {
            private int calls;

            @Override
            public DataSet next() {
                if (++calls > 3) {
                    throw new IllegalStateException("disk unplugged");
                }
                return super.next();
            }
        };
        List<TrainingEvent> events = runToEnd(mlp(""), new TrainingService.Data(broken, null, null, List.of("a", "b")),
                TrainingSettings.defaults());
        TrainingEvent.Failed failed = (TrainingEvent.Failed) events.get(events.size() - 1);
        assertTrue(failed.reason().contains("disk unplugged"), failed.reason());
    }
}
