package io.layerloom.app.explain;

import io.layerloom.app.data.LoadedData;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * For the window's explain tests: a small CNN trained in seconds to tell a bright vertical bar on
 * the left half of a 12x12 image (class 0) from one on the right half (class 1), and test images.
 */
public final class BarsNetwork {

    public static final int SIZE = 12;
    public static final String GRAPH = """
            {"format": "layerloom-graph", "version": 1, "name": "bars", "nodes": [
              {"id": "in", "kind": "Input", "shape": [1, 12, 12], "position": [40, 40]},
              {"id": "c1", "kind": "Conv2D", "inputs": ["in"], "filters": 4, "kernel": 3, "activation": "relu", "position": [40, 170]},
              {"id": "c2", "kind": "Conv2D", "inputs": ["c1"], "filters": 6, "kernel": 3, "activation": "relu", "position": [40, 300]},
              {"id": "f", "kind": "Flatten", "inputs": ["c2"], "position": [40, 430]},
              {"id": "out", "kind": "Output", "inputs": ["f"], "units": 2, "position": [40, 560]}
            ]}""";

    private BarsNetwork() {
    }

    public static Graph graph() {
        try {
            return GraphJson.read(GRAPH, "bars");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code n} images, classes alternating 0, 1, 0, ..., with noise from {@code seed}. */
    public static LoadedData images(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * SIZE * SIZE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int cls = i % 2;
            labels[i] = cls;
            int column = cls == 0 ? r.nextInt(SIZE / 2 - 1) : SIZE / 2 + r.nextInt(SIZE / 2 - 1);
            for (int p = 0; p < SIZE * SIZE; p++) {
                x[i * SIZE * SIZE + p] = 0.15f * r.nextFloat();
            }
            for (int y = 0; y < SIZE; y++) {
                x[i * SIZE * SIZE + y * SIZE + column] = 1f;
                x[i * SIZE * SIZE + y * SIZE + column + 1] = 1f;
            }
        }
        return new LoadedData("bars", List.of(1L, (long) SIZE, (long) SIZE), List.of("left", "right"), x, labels);
    }

    /** The network, trained for {@code epochs} epochs on 256 images. */
    public static ComputationGraph trained(int epochs) {
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(graph(), 5).require());
        LoadedData train = images(256, 1);
        float[] y = new float[train.count() * 2];
        for (int i = 0; i < train.count(); i++) {
            y[i * 2 + train.labels()[i]] = 1;
        }
        DataSet all = new DataSet(Nd4j.create(train.features(), new long[] {train.count(), 1, SIZE, SIZE}, 'c'),
                Nd4j.create(y, new long[] {train.count(), 2}, 'c'));
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (DataSet batch : all.batchBy(32)) {
                net.fit(batch);
            }
        }
        return net;
    }
}
