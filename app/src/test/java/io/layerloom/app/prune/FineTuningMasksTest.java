package io.layerloom.app.prune;

import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.DataTransform;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.app.training.TrainingService;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Magnitude masks stay zero during fine-tuning, after every step, while the other weights train. */
class FineTuningMasksTest {

    private static final List<Long> SHAPE = List.of(1L, 8L, 8L);

    private static LoadedData data(String name, int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            for (int k = 0; k < 64; k++) {
                x[i * 64 + k] = (float) (r.nextGaussian() * 0.3 + (k % 8 == y[i] * 3 ? 1 : 0));
            }
        }
        return new LoadedData(name, SHAPE, List.of("a", "b", "c"), x, y);
    }

    private static final String GRAPH = "{\"format\": \"layerloom-graph\", \"version\": 1, \"name\": \"m\", \"nodes\": ["
            + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1, 8, 8]},"
            + "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4, \"kernel\": 3, \"activation\": \"relu\"},"
            + "{\"id\": \"bn\", \"kind\": \"BatchNorm\", \"inputs\": [\"c\"]},"
            + "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"bn\"]},"
            + "{\"id\": \"d\", \"kind\": \"Dense\", \"inputs\": [\"f\"], \"units\": 8, \"activation\": \"relu\"},"
            + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"d\"], \"units\": 3}],"
            + "\"training\": {\"batchSize\": 16, \"learningRate\": 0.01}}";

    /** Fine-tunes 2 epochs; returns the masked weights' largest magnitude seen after any step, and the final weights. */
    private static double[] run(Graph g, Weights start, MagnitudeMasks masks, boolean enforce) throws Exception {
        PruneData data = new PruneData("synthetic", 1, DataTransform.NONE,
                new DataSplit(data("train", 96, 1), data("validation", 16, 2), Optional.of(data("test", 32, 3))),
                data("test", 32, 3), "test", SHAPE);
        ParameterVertices vertices = ParameterVertices.of(g);
        TrainingService.Run[] run = new TrainingService.Run[1];
        double[] worst = {0, 0, 0};
        FineTuning.Result result = FineTuning.run(g, start, data, 2, enforce ? masks : null, e -> {
            if (e instanceof TrainingEvent.Iteration) {
                worst[2]++;
                Weights now = NetworkWeights.read(run[0].network(), vertices);
                for (String node : List.of("c", "d", "out")) {
                    boolean[] keep = masks.kept(node, "W");
                    float[] w = now.of(node).get("W").values();
                    for (int i = 0; i < w.length; i++) {
                        if (!keep[i]) {
                            worst[0] = Math.max(worst[0], Math.abs(w[i]));
                        }
                    }
                }
            }
        }, r -> run[0] = r);
        Weights end = NetworkWeights.read(result.network(), vertices);
        float[] before = start.of("d").get("W").values();
        float[] after = end.of("d").get("W").values();
        boolean[] keep = masks.kept("d", "W");
        for (int i = 0; i < after.length; i++) {
            if (keep[i]) {
                worst[1] = Math.max(worst[1], Math.abs(after[i] - before[i]));
            }
        }
        return worst;
    }

    @Test
    void maskedWeightsStayZeroAfterEveryStep() throws Exception {
        Graph g = GraphJson.read(GRAPH, "masks-test");
        Weights initial = NetworkWeights.read(TrainingSetUp.initialise(Dl4jCompiler.compile(g).require()), ParameterVertices.of(g));
        MagnitudeMasks masks = MagnitudeMasks.of(initial, 0.6);
        Weights start = masks.apply(initial);
        for (MagnitudeMasks.LayerSparsity l : masks.sparsity(start)) {
            assertEquals(Math.round(0.6 * l.weights()), l.zeros(), l.node());
        }
        assertEquals(List.of("c", "d", "out"), masks.sparsity(start).stream().map(MagnitudeMasks.LayerSparsity::node).toList());

        double[] masked = run(g, start, masks, true);
        assertEquals(2 * 6, (int) masked[2], "iterations: 96 examples in batches of 16, twice");
        assertEquals(0.0, masked[0], "a masked weight after a step");
        assertTrue(masked[1] > 1e-4, "the kept weights train: " + masked[1]);

        // the control: without the masks, the same fine-tuning brings the removed weights back
        double[] free = run(g, start, masks, false);
        assertTrue(free[0] > 1e-4, "without masks the zeroed weights move: " + free[0]);
    }

    @Test
    void theSmallestMagnitudesGoTiesInOrder() {
        Weights w = Weights.builder().put("c", "W", new Weights.Array(new long[] {2, 3}, new float[] {0.5f, -0.1f, 0.2f, -0.2f, 3, 0.1f}))
                .put("c", "b", new Weights.Array(new long[] {1, 3}, new float[] {0, 0, 0})).build();
        MagnitudeMasks m = MagnitudeMasks.of(w, 0.5);
        assertArrayEquals(new boolean[] {true, false, false, true, true, false}, m.kept("c", "W"));
        assertNull(m.kept("c", "b"), "biases are not pruned");
        assertEquals(Map.of("W", 3L), Map.of("W", m.sparsity(m.apply(w)).get(0).zeros()));
    }
}
