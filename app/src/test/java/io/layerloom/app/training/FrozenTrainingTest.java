package io.layerloom.app.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** DL4J itself, after real fit steps: a frozen layer's parameters stay, every other layer's move. */
class FrozenTrainingTest {

    /** in(6) -> first (Dense) -> bn (BatchNorm) -> middle (Dense) -> out (Output, 3 classes). */
    private static Graph mlp() {
        return new Graph("mlp", "", List.of(
                Node.of("in", new LayerSpec.Input(Dims.of(6))),
                Node.of("first", new LayerSpec.Dense(8, ActivationFunction.TANH, true), "in"),
                Node.of("bn", new LayerSpec.BatchNorm(1e-5, 0.9), "first"),
                Node.of("middle", new LayerSpec.Dense(5, ActivationFunction.TANH, true), "bn"),
                Node.of("out", new LayerSpec.Output(3, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "middle")));
    }

    private static DataSet batch() {
        Nd4j.getRandom().setSeed(7);
        float[][] labels = new float[16][3];
        for (int i = 0; i < 16; i++) {
            labels[i][i % 3] = 1;
        }
        return new DataSet(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 6), Nd4j.createFromArray(labels));
    }

    /** Which nodes' parameters changed (any key) over three fit steps. */
    private static Map<String, Boolean> changedAfterFitting(Graph g) {
        return changedAfterFitting(g, batch());
    }

    private static Map<String, Boolean> changedAfterFitting(Graph g, DataSet data) {
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(g).require());
        Weights before = NetworkWeights.read(net, ParameterVertices.of(g));
        for (int i = 0; i < 3; i++) {
            net.fit(data);
        }
        Weights after = NetworkWeights.read(net, ParameterVertices.of(g));
        Map<String, Boolean> changed = new TreeMap<>();
        for (String node : before.nodes()) {
            changed.put(node, before.of(node).entrySet().stream()
                    .anyMatch(e -> !Arrays.equals(e.getValue().values(), after.of(node).get(e.getKey()).values())));
        }
        return changed;
    }

    /** in [4, 6, 6] -> c1 (Conv2D 1x1) -> g (GroupedConv2D, 2 groups) -> flat -> out (3 classes). */
    private static Graph grouped() {
        return new Graph("grouped", "", List.of(
                Node.of("in", new LayerSpec.Input(Dims.of(4, 6, 6))),
                Node.of("c1", new LayerSpec.Conv2D(4, IntPair.of(1), IntPair.of(1), Padding.of(0), IntPair.of(1),
                        ActivationFunction.RELU, true), "in"),
                Node.of("g", new LayerSpec.GroupedConv2D(6, 2, IntPair.of(3), IntPair.of(1), Padding.of(1), IntPair.of(1)),
                        "c1"),
                Node.of("flat", new LayerSpec.Flatten(), "g"),
                Node.of("out", new LayerSpec.Output(3, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "flat")));
    }

    private static DataSet images() {
        Nd4j.getRandom().setSeed(7);
        float[][] labels = new float[8][3];
        for (int i = 0; i < 8; i++) {
            labels[i][i % 3] = 1;
        }
        return new DataSet(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 4, 6, 6), Nd4j.createFromArray(labels));
    }

    /**
     * A grouped convolution's weights live in its helper vertex: they learn, stay when it is frozen
     * (the layer before it still learns through the helpers), and stay with the layer before it frozen too.
     */
    @Test
    void aGroupedConvolutionLearnsAndFreezesThroughItsHelperVertex() {
        assertEquals(Map.of("c1", true, "g", true, "out", true), changedAfterFitting(grouped(), images()));
        assertEquals(Map.of("c1", true, "g", false, "out", true),
                changedAfterFitting(new Edit.SetTrainable(Set.of("g"), false).apply(grouped()), images()));
        assertEquals(Map.of("c1", false, "g", false, "out", true),
                changedAfterFitting(new Edit.SetTrainable(Set.of("c1", "g"), false).apply(grouped()), images()));
    }

    @Test
    void aFrozenLayerKeepsItsParametersAndTheLayersBeforeItStillLearn() {
        Graph g = new Edit.SetTrainable(Set.of("middle"), false).apply(mlp());

        // "first" is before the frozen layer: it learns only because FrozenLayerWithBackprop passes the gradient on.
        assertEquals(Map.of("first", true, "bn", true, "middle", false, "out", true), changedAfterFitting(g));
    }

    /** A residual CNN: conv -> bn -> relu -> conv, added to the relu's output, relu, pooled, a new head. */
    private static Graph residual() {
        return new Graph("residual", "", List.of(
                Node.of("in", new LayerSpec.Input(Dims.of(2, 6, 6))),
                Node.of("c1", new LayerSpec.Conv2D(4, IntPair.of(3), IntPair.of(1), Padding.same(), IntPair.of(1),
                        ActivationFunction.IDENTITY, false), "in"),
                Node.of("bn", new LayerSpec.BatchNorm(1e-5, 0.9), "c1"),
                Node.of("relu", new LayerSpec.ActivationLayer(ActivationFunction.RELU), "bn"),
                Node.of("c2", new LayerSpec.Conv2D(4, IntPair.of(3), IntPair.of(1), Padding.same(), IntPair.of(1),
                        ActivationFunction.IDENTITY, true), "relu"),
                Node.of("add", new LayerSpec.Add(), "c2", "relu"),
                Node.of("relu2", new LayerSpec.ActivationLayer(ActivationFunction.RELU), "add"),
                Node.of("pool", new LayerSpec.GlobalAvgPool(), "relu2"),
                Node.of("head", new LayerSpec.Output(3, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "pool")));
    }

    @Test
    void aFrozenBodyWithActivationsAndMergesBetweenItsLayersTrainsItsHeadOnly() {
        // Only the layers with parameters are frozen, as an imported network's user would do: the ReLU
        // and Add vertices between them get no gradient from the frozen layers and must not ask for one.
        Graph g = new Edit.SetTrainable(Set.of("c1", "bn", "c2"), false).apply(residual());
        Nd4j.getRandom().setSeed(7);
        float[][] labels = new float[8][3];
        for (int i = 0; i < 8; i++) {
            labels[i][i % 3] = 1;
        }
        DataSet data = new DataSet(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 2, 6, 6),
                Nd4j.createFromArray(labels));
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(g).require());
        Weights before = NetworkWeights.read(net, ParameterVertices.of(g));
        for (int i = 0; i < 3; i++) {
            net.fit(data);
        }
        Weights after = NetworkWeights.read(net, ParameterVertices.of(g));
        for (String frozen : List.of("c1", "bn", "c2")) {
            before.of(frozen).forEach((key, value) ->
                    assertArrayEquals(value.values(), after.of(frozen).get(key).values(), frozen + " " + key));
        }
        assertEquals(false, Arrays.equals(before.of("head").get("W").values(), after.of("head").get("W").values()));
    }

    @Test
    void aFrozenBodyKeepsEveryParameterIncludingBatchNormStatistics() {
        Graph g = Edit.SetTrainable.freezeUpTo(mlp(), List.of("middle")).apply(mlp());

        assertEquals(Map.of("first", false, "bn", false, "middle", false, "out", true), changedAfterFitting(g));
        assertEquals(Map.of("first", true, "bn", true, "middle", true, "out", true), changedAfterFitting(mlp()));
    }

    @Test
    void aFrozenBatchNormAfterALearningLayerIsRefusedWithTheFix() {
        Graph g = new Edit.SetTrainable(Set.of("bn"), false).apply(mlp());

        assertEquals(List.of("bn: Freeze the layers before it too (Freeze up to here), or leave this BatchNorm trainable."),
                Dl4jCompiler.compile(g).problems().stream().map(d -> d.node().orElseThrow() + ": " + d.fixes().get(0)).toList());
    }

    @Test
    void startingWeightsCopyTheNodesWhoseIdAndShapesAreUnchanged() {
        ComputationGraph saved = TrainingSetUp.initialise(Dl4jCompiler.compile(mlp()).require());
        saved.fit(batch());
        Graph newHead = new Graph("mlp", "", List.of(
                Node.of("in", new LayerSpec.Input(Dims.of(6))),
                Node.of("first", new LayerSpec.Dense(8, ActivationFunction.TANH, true), "in"),
                Node.of("bn", new LayerSpec.BatchNorm(1e-5, 0.9), "first"),
                Node.of("middle", new LayerSpec.Dense(7, ActivationFunction.TANH, true), "bn"),
                Node.of("head", new LayerSpec.Output(3, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "middle")));
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(newHead).require());

        StartingWeights start = StartingWeights.match(net, ParameterVertices.of(newHead),
                NetworkWeights.read(saved, ParameterVertices.of(mlp())));
        start.applyTo(net);

        assertEquals(List.of("first", "bn"), start.copied());
        assertEquals(List.of("middle", "head"), start.fresh());
        assertEquals(List.of("middle", "out"), start.unused());
        Weights now = NetworkWeights.read(net, ParameterVertices.of(newHead));
        Weights old = NetworkWeights.read(saved, ParameterVertices.of(mlp()));
        for (String node : List.of("first", "bn")) {
            for (String key : old.of(node).keySet()) {
                assertArrayEquals(old.of(node).get(key).values(), now.of(node).get(key).values(), node + " " + key);
            }
        }
    }
}
