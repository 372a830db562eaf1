package io.layerloom.app.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.json.GraphJson;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Grad-CAM through BatchNorm. At inference a BatchNorm layer is a per-channel affine map with its
 * running mean and variance, so the score's gradient through it is gamma / sqrt(var + eps); a
 * backward pass that used the one image's own statistics (training's formula) would give another
 * gradient. Checked against finite differences of DL4J's own inference scores, and on a CNN with
 * BatchNorm trained here to tell a bar on the left from one on the right (its answer known).
 */
class GradCamBatchNormTest {

    private static final int SIZE = 12;
    private static final String GRAPH = """
            {"format": "layerloom-graph", "version": 1, "name": "bars-bn", "nodes": [
              {"id": "in", "kind": "Input", "shape": [1, 12, 12]},
              {"id": "c1", "kind": "Conv2D", "inputs": ["in"], "filters": 4, "kernel": 3, "activation": "identity"},
              {"id": "bn1", "kind": "BatchNorm", "inputs": ["c1"]},
              {"id": "r1", "kind": "Activation", "inputs": ["bn1"], "activation": "relu"},
              {"id": "c2", "kind": "Conv2D", "inputs": ["r1"], "filters": 6, "kernel": 3, "activation": "identity"},
              {"id": "bn2", "kind": "BatchNorm", "inputs": ["c2"]},
              {"id": "r2", "kind": "Activation", "inputs": ["bn2"], "activation": "relu"},
              {"id": "f", "kind": "Flatten", "inputs": ["r2"]},
              {"id": "out", "kind": "Output", "inputs": ["f"], "units": 2}
            ]}""";

    static ComputationGraph net;

    /** One image [1, 12, 12] in C order: faint noise and a 2-pixel bar at {@code column}. */
    static float[] bar(int column, Random r) {
        float[] v = new float[SIZE * SIZE];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.15f * r.nextFloat();
        }
        for (int y = 0; y < SIZE; y++) {
            v[y * SIZE + column] = 1f;
            v[y * SIZE + column + 1] = 1f;
        }
        return v;
    }

    static int column(int cls, Random r) {
        return cls == 0 ? r.nextInt(SIZE / 2 - 1) : SIZE / 2 + r.nextInt(SIZE / 2 - 1);
    }

    @BeforeAll
    static void train() throws Exception {
        net = TrainingSetUp.initialise(Dl4jCompiler.compile(GraphJson.read(GRAPH, "bars-bn"), 5).require());
        Random r = new Random(1);
        int n = 256;
        float[] x = new float[n * SIZE * SIZE];
        float[] y = new float[n * 2];
        for (int i = 0; i < n; i++) {
            int cls = i % 2;
            System.arraycopy(bar(column(cls, r), r), 0, x, i * SIZE * SIZE, SIZE * SIZE);
            y[i * 2 + cls] = 1;
        }
        DataSet all = new DataSet(Nd4j.create(x, new long[] {n, 1, SIZE, SIZE}, 'c'), Nd4j.create(y, new long[] {n, 2}, 'c'));
        for (int epoch = 0; epoch < 10; epoch++) {
            for (DataSet batch : all.batchBy(32)) {
                net.fit(batch);
            }
        }
    }

    @Test
    void theGradientThroughBatchNormAgreesWithFiniteDifferencesOfTheInferenceScores() {
        ComputationGraph d = net.convertDataType(DataType.DOUBLE);
        NetworkProbe probe = new NetworkProbe(d.getConfiguration(), d.params(), 1, SIZE, SIZE);
        Random r = new Random(7);
        INDArray x = Nd4j.create(bar(3, r), new long[] {1, 1, SIZE, SIZE}, 'c').castTo(DataType.DOUBLE);
        for (int cls = 0; cls < 2; cls++) {
            INDArray g = probe.gradient(x, "in", cls);
            double h = 1e-5;
            for (int i = 0; i < x.length(); i += 5) {
                INDArray plus = x.dup();
                plus.putScalar(i, x.getDouble(i) + h);
                INDArray minus = x.dup();
                minus.putScalar(i, x.getDouble(i) - h);
                double numeric = (probe.scores(plus)[cls] - probe.scores(minus)[cls]) / (2 * h);
                assertEquals(numeric, g.getDouble(i), 1e-5 + 1e-3 * Math.abs(numeric), "class " + cls + ", pixel " + i);
            }
        }
    }

    @Test
    void gradCamThroughBatchNormPutsMostOfThePredictedClassesHeatOnTheBarsHalf() {
        NetworkProbe probe = new NetworkProbe(net.getConfiguration(), net.params(), 1, SIZE, SIZE);
        Random r = new Random(99);
        int right = 0;
        double share = 0;
        int n = 40;
        for (int i = 0; i < n; i++) {
            int cls = i % 2;
            INDArray x = Nd4j.create(bar(column(cls, r), r), new long[] {1, 1, SIZE, SIZE}, 'c');
            double[] scores = probe.scores(x);
            int predicted = scores[1] > scores[0] ? 1 : 0;
            right += predicted == cls ? 1 : 0;
            double[][] heat = ExplainPictures.upsample(probe.gradCam(x, "r2", predicted), SIZE, SIZE);
            double total = 0;
            double onBar = 0;
            for (int yy = 0; yy < SIZE; yy++) {
                for (int xx = 0; xx < SIZE; xx++) {
                    total += heat[yy][xx];
                    onBar += (xx < SIZE / 2) == (cls == 0) ? heat[yy][xx] : 0;
                }
            }
            share += total > 0 ? onBar / total : 0;
        }
        System.out.printf("Grad-CAM through BatchNorm on bars: %d of %d right, mean heat share on the bar's half %.3f%n",
                right, n, share / n);
        assertTrue(right >= n - 2, "the network learned the task: " + right + " of " + n + " right");
        assertTrue(share / n > 0.7, "mean share of Grad-CAM heat on the bar's half: " + share / n);
    }
}
