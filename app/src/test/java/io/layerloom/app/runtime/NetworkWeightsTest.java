package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.json.GraphJson;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/** Weights read from one network and applied to another make the two compute the same. */
class NetworkWeightsTest {

    private static ComputationGraphConfiguration configuration(long seed) throws Exception {
        return Dl4jCompiler.compile(GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": ["
                + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [2, 8, 8]},"
                + "{\"id\": \"c1\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 3, \"kernel\": 3, \"activation\": \"relu\"},"
                + "{\"id\": \"bn\", \"kind\": \"BatchNorm\", \"inputs\": [\"c1\"]},"
                + "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"bn\"]},"
                + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 4}]}", "weights-test"), seed).require();
    }

    @Test
    void readThenApplyGivesTheSameOutputs() throws Exception {
        ComputationGraph a = TrainingSetUp.initialise(configuration(1));
        ComputationGraph b = TrainingSetUp.initialise(configuration(2));
        var x = Nd4j.rand(new long[] {3, 2, 8, 8});
        assertNotEquals(a.outputSingle(x), b.outputSingle(x));
        Weights w = NetworkWeights.read(a);
        assertEquals(List.of("c1", "bn", "out"), List.copyOf(w.nodes()));
        assertEquals(a.numParams(), w.count());
        assertArrayEquals(new long[] {3, 2, 3, 3}, w.of("c1").get("W").shape());
        NetworkWeights.apply(b, w);
        assertEquals(a.params(), b.params());
        assertEquals(a.outputSingle(x), b.outputSingle(x));
    }

    @Test
    void aShapeThatDoesNotFitNamesTheNodeAndParameterAndChangesNothing() throws Exception {
        ComputationGraph net = TrainingSetUp.initialise(configuration(1));
        var before = net.params().dup();
        Weights w = Weights.builder()
                .put("out", "b", new Weights.Array(new long[] {4}, new float[4]))
                .put("c1", "W", new Weights.Array(new long[] {3, 2, 2, 2}, new float[24]))
                .put("nowhere", "W", new Weights.Array(new long[] {1}, new float[1]))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkWeights.apply(net, w));
        assertEquals("the weights do not fit the network:\n"
                + "  node 'c1', parameter 'W': the layer holds [3, 2, 3, 3], the weights are [3, 2, 2, 2]\n"
                + "  node 'nowhere': the network has no layer of that name", e.getMessage());
        assertEquals(before, net.params());
        assertEquals(Map.of(), Weights.none().asMap());
    }
}
