package io.layerloom.app.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.data.Dl4jData;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.app.training.TrainingService;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.json.GraphJson;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/**
 * evaluate's faster pass gives exactly what DL4J's own evaluation gave it before
 * ({@code TrainingService.evaluate}, which training still uses): the same accuracy, confusion
 * matrix, precision, recall and F1, whatever the batch size (one reused input array per size, a
 * shorter last batch), and the same refusal when the network's outputs are not one per class.
 */
class EvaluatorTest {

    private static ComputationGraph net(int units) throws Exception {
        String graph = """
                {"format": "layerloom-graph", "version": 1, "name": "tiny", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [1, 6, 6]},
                  {"id": "c", "kind": "Conv2D", "inputs": ["in"], "filters": 4, "kernel": 3, "activation": "relu"},
                  {"id": "p", "kind": "MaxPool2D", "inputs": ["c"]},
                  {"id": "f", "kind": "Flatten", "inputs": ["p"]},
                  {"id": "out", "kind": "Output", "inputs": ["f"], "units": %d, "activation": "softmax", "loss": "mcxent"}
                ]}""".formatted(units);
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(GraphJson.read(graph, "tiny"), 11).require());
        return TrainingSetUp.forEvaluation(net);
    }

    private static LoadedData data(int count, int classes) {
        SplittableRandom random = new SplittableRandom(5);
        float[] features = new float[count * 36];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextDouble();
        }
        int[] labels = new int[count];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(classes);
        }
        for (int k = 0; k < classes; k++) {
            names.add("class " + k);
        }
        return new LoadedData("random", List.of(1L, 6L, 6L), names, features, labels);
    }

    @Test
    void givesDl4jsOwnEvaluationInEveryBatchSize() throws Exception {
        ComputationGraph net = net(3);
        LoadedData data = data(53, 3);
        List<Long> shape = List.of(1L, 6L, 6L);
        TrainingEvent.Evaluated expected = TrainingService.evaluate(net, Dl4jData.shuffled(data, 16, 42, shape), "test",
                data.classNames());
        int wrong = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                wrong += i == j ? 0 : expected.confusion()[i][j];
            }
        }
        assertTrue(wrong > 0 && wrong < 53, "a random network gets some right and some wrong: " + wrong);
        for (int batch : new int[] {1, 7, 16, 53, 256}) {
            List<BatchTimer.Batch> batches = new ArrayList<>();
            TrainingEvent.Evaluated got = Evaluator.evaluate(net, data, batch, shape, "test", new BatchTimer(batches::add));
            assertEquals(expected.accuracy(), got.accuracy(), "batch " + batch);
            assertArrayEquals(expected.confusion(), got.confusion(), "batch " + batch);
            assertArrayEquals(expected.precision(), got.precision(), "batch " + batch);
            assertArrayEquals(expected.recall(), got.recall(), "batch " + batch);
            assertArrayEquals(expected.f1(), got.f1(), "batch " + batch);
            assertEquals(expected.classNames(), got.classNames());
            assertEquals((53 + batch - 1) / batch, batches.size(), "one report per batch at " + batch);
            assertEquals(53, batches.stream().mapToInt(BatchTimer.Batch::examples).sum());
        }
    }

    @Test
    void outputsThatAreNotOnePerClassAreRefusedAsDl4jRefusesThem() throws Exception {
        ComputationGraph net = net(4);
        LoadedData data = data(10, 3);
        List<Long> shape = List.of(1L, 6L, 6L);
        assertThrows(RuntimeException.class, () -> TrainingService.evaluate(net, Dl4jData.shuffled(data, 4, 1, shape), "test",
                data.classNames()));
        assertThrows(RuntimeException.class, () -> Evaluator.evaluate(net, data, 4, shape, "test", new BatchTimer(BatchTimer.Listener.NONE)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(net(3), data, 4,
                List.of(36L, 2L), "test", new BatchTimer(BatchTimer.Listener.NONE)));
        assertTrue(e.getMessage().contains("cannot feed [1, 6, 6] examples as [36, 2]"), e.getMessage());
    }

    @Test
    void argMaxTakesTheLowerIndexOnTies() {
        assertEquals(1, Evaluator.argMax(new float[] {9, 0.2f, 0.5f, 0.5f, 0.1f}, 1, 4));
        assertEquals(0, Evaluator.argMax(new float[] {0.3f, 0.3f}, 0, 2));
    }
}
