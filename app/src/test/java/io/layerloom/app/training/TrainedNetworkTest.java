package io.layerloom.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.json.GraphJson;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The top-k list (softmax only where the network has none) and how a network says which it has. */
class TrainedNetworkTest {

    @Test
    void softmaxIsAppliedToScoresAndTiesGoToTheLowerIndex() {
        double sum = Math.exp(1) + 2 * Math.exp(3) + Math.exp(2);
        assertEquals(List.of(new TrainedNetwork.Ranked(1, Math.exp(3) / sum), new TrainedNetwork.Ranked(3, Math.exp(3) / sum),
                new TrainedNetwork.Ranked(2, Math.exp(2) / sum)), TrainedNetwork.top(new float[] {1, 3, 2, 3}, 3, false));
    }

    @Test
    void probabilitiesAreKeptAsTheyAreAndKIsCappedByTheClasses() {
        assertEquals(List.of(new TrainedNetwork.Ranked(1, 0.75f), new TrainedNetwork.Ranked(0, 0.25f)),
                TrainedNetwork.top(new float[] {0.25f, 0.75f}, 5, true));
    }

    private static TrainedNetwork network(Path dir, String activation, String loss) throws Exception {
        String json = """
                {"format": "layerloom-graph", "version": 1, "name": "d", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [3]},
                  {"id": "out", "kind": "Output", "inputs": ["in"], "units": 2, "activation": "%s", "loss": "%s"}
                ]}""".formatted(activation, loss);
        Dl4jCompiler.Compilation compilation = Dl4jCompiler.compile(GraphJson.read(json, "d.json"));
        ComputationGraphConfiguration conf = compilation.require();
        Path model = dir.resolve(activation + ".dl4j.zip");
        ModelFiles.save(TrainingSetUp.initialise(conf), model, new ModelFiles.Provenance("d.json", "iris", 1, 0.1, 0.5));
        return TrainedNetwork.load(conf, compilation.parameterVertices(), List.of(3L), model);
    }

    @Test
    void knowsWhetherItsOutputLayerEndsInSoftmax(@TempDir Path dir) throws Exception {
        assertTrue(network(dir, "softmax", "mcxent").outputsProbabilities());
        assertFalse(network(dir, "identity", "mse").outputsProbabilities());
    }
}
