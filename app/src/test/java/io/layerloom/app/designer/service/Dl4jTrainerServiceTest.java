package io.layerloom.app.designer.service;

import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.training.TrainingSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The Training tab's trainer starts from the weights a document holds, and from the seed without them. */
class Dl4jTrainerServiceTest {

    private static final Graph MLP;

    static {
        try {
            MLP = GraphJson.read("""
                    {"format": "layerloom-graph", "version": 1, "name": "mlp", "nodes": [
                      {"id": "in", "kind": "Input", "shape": [4]},
                      {"id": "h", "kind": "Dense", "inputs": ["in"], "units": 16, "activation": "relu"},
                      {"id": "out", "kind": "Output", "inputs": ["h"], "units": 2}
                    ]}""", "mlp.json");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Two Gaussian blobs of 4 features, classes alternating: also Dl4jTrainerThreadsTest's data. */
    static LoadedData blobs(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) ((y[i] == 0 ? -1.5 : 1.5) + r.nextGaussian());
            }
        }
        return new LoadedData("blobs", List.of(4L), List.of("left", "right"), x, y);
    }

    private static double firstScore(Weights initial) throws Exception {
        List<TrainingEvent> events = Collections.synchronizedList(new ArrayList<>());
        TrainerService trainer = new Dl4jTrainerService(DataSources.standard(), Runnable::run);
        trainer.start(MLP, new DataSplit(blobs(64, 1), blobs(32, 2), Optional.empty()), List.of(4L),
                TrainingSettings.of(1, 32, 1e-2, TrainingSettings.Optimizer.SGD, 11), () -> initial, new TrainerService.Listener() {
                    @Override
                    public void event(TrainingEvent event) {
                        events.add(event);
                    }

                    @Override
                    public void predictions(List<TrainerService.Prediction> predictions) {
                    }
                });
        return events.stream().filter(e -> e instanceof TrainingEvent.Iteration).map(e -> ((TrainingEvent.Iteration) e).score())
                .findFirst().orElseThrow(() -> new AssertionError("no iteration: " + events));
    }

    @Test
    void aRunStartsFromTheHeldWeights() throws Exception {
        // A hidden layer of zeros outputs zeros: the first batch's loss is the uniform two-class guess's, ln 2.
        Weights zeros = Weights.builder()
                .put("h", "W", new Weights.Array(new long[] {4, 16}, new float[64]))
                .put("h", "b", new Weights.Array(new long[] {16}, new float[16]))
                .build();
        assertEquals(Math.log(2), firstScore(zeros), 1e-4);
        assertNotEquals(Math.log(2), firstScore(Weights.none()), 1e-2);
    }
}
