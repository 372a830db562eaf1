package io.layerloom.app.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.json.GraphJson;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradient Grad-CAM weighs channels by, checked twice against something the probe did not
 * compute: finite differences of the network's own scores (DL4J's forward pass, in double
 * precision), and, at the layer right before the output, the output layer's weights themselves
 * (the score is linear in that activation). A dropout layer is on the way, as inference sees it: none. The pictures: a tile per filter and per channel.
 */
class NetworkProbeTest {

    private static final String GRAPH = """
            {"format": "layerloom-graph", "version": 1, "name": "tiny", "nodes": [
              {"id": "in", "kind": "Input", "shape": [1, 6, 6]},
              {"id": "c1", "kind": "Conv2D", "inputs": ["in"], "filters": 3, "kernel": 3, "activation": "tanh"},
              {"id": "c2", "kind": "Conv2D", "inputs": ["c1"], "filters": 2, "kernel": 2, "activation": "tanh"},
              {"id": "drop", "kind": "Dropout", "inputs": ["c2"], "rate": 0.5},
              {"id": "f", "kind": "Flatten", "inputs": ["drop"]},
              {"id": "out", "kind": "Output", "inputs": ["f"], "units": 3}
            ]}""";

    private static ComputationGraph network() throws Exception {
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(GraphJson.read(GRAPH, "tiny"), 11).require());
        return net;
    }

    private static INDArray input(long seed) {
        Random r = new Random(seed);
        double[] v = new double[36];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble();
        }
        return Nd4j.create(v, new long[] {1, 1, 6, 6}, 'c');
    }

    private static NetworkProbe doubleProbe(ComputationGraph net) {
        ComputationGraph d = net.convertDataType(DataType.DOUBLE);
        return new NetworkProbe(d.getConfiguration(), d.params());
    }

    @Test
    void theGradientAtTheInputAgreesWithFiniteDifferencesOfTheScores() throws Exception {
        NetworkProbe probe = doubleProbe(network());
        INDArray x = input(3);
        for (int cls = 0; cls < 3; cls++) {
            INDArray g = probe.gradient(x, "in", cls);
            assertEquals(4, g.rank());
            double h = 1e-5;
            for (int i = 0; i < 36; i++) {
                INDArray plus = x.dup();
                plus.putScalar(i, x.getDouble(i) + h);
                INDArray minus = x.dup();
                minus.putScalar(i, x.getDouble(i) - h);
                double numeric = (probe.scores(plus)[cls] - probe.scores(minus)[cls]) / (2 * h);
                assertEquals(numeric, g.getDouble(i), 1e-4 + 1e-3 * Math.abs(numeric), "class " + cls + ", pixel " + i);
            }
        }
    }

    @Test
    void atTheLastConvolutionTheGradientIsTheOutputLayersWeightsForTheClass() throws Exception {
        ComputationGraph net = network();
        NetworkProbe probe = new NetworkProbe(net.getConfiguration(), net.params());
        INDArray weights = net.getVertex("out").paramTable(false).get("W");
        INDArray g = probe.gradient(input(5), "c2", 2);
        assertEquals(java.util.List.of(1L, 2L, 3L, 3L), java.util.Arrays.stream(g.shape()).boxed().toList());
        // Flatten reads [channels, height, width] in C order, so element i of the flat vector is g's i-th value
        for (int i = 0; i < 18; i++) {
            assertEquals(weights.getDouble(i, 2), g.getDouble(i), 1e-6, "element " + i);
        }
        assertTrue(probe.scores(input(5)).length == 3);
    }

    @Test
    void gradCamIsTheReluOfTheChannelsWeighedByTheirMeanGradient() throws Exception {
        NetworkProbe probe = doubleProbe(network());
        INDArray x = input(8);
        INDArray a = probe.imageActivation(x, "c2").orElseThrow();
        INDArray g = probe.gradient(x, "c2", 1);
        double[][] cam = probe.gradCam(x, "c2", 1);
        for (int y = 0; y < 3; y++) {
            for (int xx = 0; xx < 3; xx++) {
                double sum = 0;
                for (int k = 0; k < 2; k++) {
                    double mean = 0;
                    for (int i = 0; i < 9; i++) {
                        mean += g.getDouble(0, k, i / 3, i % 3) / 9;
                    }
                    sum += mean * a.getDouble(k, y, xx);
                }
                assertEquals(Math.max(0, sum), cam[y][xx], 1e-12);
            }
        }
    }

    @Test
    void theGridsHaveATilePerFilterAndPerChannel() throws Exception {
        NetworkProbe probe = new NetworkProbe(network().getConfiguration(), network().params());
        assertEquals(java.util.List.of("c1", "c2"), probe.convolutions());
        ExplainPictures.Grid filters = ExplainPictures.filters(probe.kernels("c1"));
        assertEquals(3, filters.tiles());
        assertEquals(2, filters.columns());
        ExplainPictures.Grid channels = ExplainPictures.channels(probe.imageActivation(input(1), "c1").orElseThrow());
        assertEquals(3, channels.tiles());
        assertEquals(4, channels.tileWidth() / (64 / 4), "a 4x4 map, enlarged 16 times");
        assertTrue(probe.imageActivation(input(1), "f").isEmpty(), "a flat activation has no feature maps");
    }

    @Test
    void upsamplingKeepsAConstantMapAndInterpolatesBetweenCentres() {
        double[][] up = ExplainPictures.upsample(new double[][] {{0, 1}}, 1, 4);
        assertEquals(0.0, up[0][0], 1e-12);
        assertEquals(0.25, up[0][1], 1e-12);
        assertEquals(0.75, up[0][2], 1e-12);
        assertEquals(1.0, up[0][3], 1e-12);
        double[][] flat = ExplainPictures.upsample(new double[][] {{2, 2}, {2, 2}}, 5, 7);
        for (double[] row : flat) {
            for (double v : row) {
                assertEquals(2.0, v, 1e-12);
            }
        }
    }

    @Test
    void aNetworkWithoutADenseOutputLayerIsRefusedByName() throws Exception {
        String graph = GRAPH.replace("""
                {"id": "out", "kind": "Output", "inputs": ["f"], "units": 3}""", """
                {"id": "d", "kind": "Dense", "inputs": ["f"], "units": 3},
                {"id": "out", "kind": "LossLayer", "inputs": ["d"]}""");
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(GraphJson.read(graph, "dense"), 11).require());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NetworkProbe(net.getConfiguration(), net.params()));
        assertEquals("the output 'out' is not a dense Output layer; Grad-CAM needs class scores", e.getMessage());
    }
}
