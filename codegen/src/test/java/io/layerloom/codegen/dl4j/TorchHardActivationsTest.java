package io.layerloom.codegen.dl4j;

import io.layerloom.codegen.dl4j.Dl4jElement.Source;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/**
 * PyTorch's Hardsigmoid and Hardswish, which DL4J lacks, as the compositions Dl4jMapping builds
 * (a scale by 5/6, DL4J's hard sigmoid of slope 0.2, a product with x), against the definitions
 * written out here: hardsigmoid_torch(x) = min(1, max(0, x / 6 + 1/2)), hardswish(x) = x * that.
 */
class TorchHardActivationsTest {

    private static final ActivationFunction HS = ActivationFunction.HARDSIGMOID_TORCH;
    private static final ActivationFunction HW = ActivationFunction.HARDSWISH;

    private static double hardSigmoid(double x) {
        return Math.min(1, Math.max(0, x / 6 + 0.5));
    }

    private static double hardSwish(double x) {
        return x * hardSigmoid(x);
    }

    private static DoubleUnaryOperator formula(ActivationFunction f) {
        return f == HS ? TorchHardActivationsTest::hardSigmoid : TorchHardActivationsTest::hardSwish;
    }

    private static Graph graph(String name, Node... nodes) {
        return new Graph(name, "", List.of(nodes));
    }

    private static LayerSpec.Conv2D conv(int filters, ActivationFunction f) {
        return new LayerSpec.Conv2D(filters, IntPair.of(3), IntPair.of(1), Padding.of(1), IntPair.of(1), f, true);
    }

    /** The largest |DL4J - formula(before)| over all values, where {@code before} is what the activation reads. */
    private static double worst(INDArray before, INDArray after, DoubleUnaryOperator f) {
        double[] x = before.dup().data().asDouble();
        double[] y = after.dup().data().asDouble();
        assertEquals(x.length, y.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(y[i] - f.applyAsDouble(x[i])));
        }
        return worst;
    }

    @Test
    void anActivationLayerComputesPytorchsFormulaOnBothSidesOfTheClip() {
        for (ActivationFunction f : List.of(HS, HW)) {
            Graph g = graph("act", Node.of("in", new LayerSpec.Input(Dims.of(41))),
                    Node.of("a", new LayerSpec.ActivationLayer(f), "in"),
                    Node.of("out", new LayerSpec.LossLayer(ActivationFunction.IDENTITY, Loss.MSE), "a"));
            ComputationGraph net = Dl4jOracle.check(g, true);
            // -5 to 5 in steps of 0.25: below -3, the slope, above 3, and the corners themselves.
            INDArray x = Nd4j.linspace(DataType.FLOAT, -5, 0.25, 41).reshape(1, 41);
            INDArray y = net.feedForward(x, false).get("a");
            assertTrue(worst(x, y, formula(f)) <= 1e-6, f + ": " + worst(x, y, formula(f)));
            assertEquals(0, y.getDouble(0, 0), 1e-7, "at -5");
            assertEquals(f == HS ? 1 : 5, y.getDouble(0, 40), 1e-6, "at 5");
            assertEquals(f == HS ? 0.75 : 1.5 * 0.75, y.getDouble(0, 26), 1e-6, "at 1.5");
        }
    }

    @Test
    void aFusedActivationFollowsTheLayerWhichKeepsItsParameters() {
        for (ActivationFunction f : List.of(HS, HW)) {
            Graph g = graph("fused", Node.of("in", new LayerSpec.Input(Dims.of(3, 6, 6))),
                    Node.of("c", conv(4, f), "in"),
                    Node.of("pool", new LayerSpec.GlobalAvgPool(), "c"),
                    Node.of("d", new LayerSpec.Dense(5, f, true), "pool"),
                    Node.of("out", new LayerSpec.Output(2, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "d"));
            Dl4jCompiler.Compilation compilation = Dl4jCompiler.compile(g);
            assertEquals(Map.of("c", "c/linear", "d", "d/linear", "pool", "pool", "out", "out"),
                    compilation.parameterVertices().byNode());
            assertEquals(compilation.parameterVertices(), ParameterVertices.of(g));
            ComputationGraph net = Dl4jOracle.check(g, true);
            assertEquals(4 * 3 * 9 + 4, net.getVertex("c/linear").getLayer().numParams());
            Nd4j.getRandom().setSeed(3);
            INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 6, 6).muli(8).subi(4);
            Map<String, INDArray> acts = net.feedForward(x, false);
            for (String id : List.of("c", "d")) {
                INDArray linear = acts.get(id + "/linear");
                assertTrue(linear.minNumber().doubleValue() < -3 || id.equals("d"), "the test reaches the lower clip");
                assertTrue(worst(linear, acts.get(id), formula(f)) <= 1e-5, f + " on " + id);
            }
        }
    }

    @Test
    void theElementSaysItsStepsAndWhereTheyRead() {
        TensorType.Vector v = new TensorType.Vector(8);
        Dl4jElement swish = Dl4jMapping.map(new LayerSpec.Dense(8, HW, false), List.of(v), v);
        assertEquals(List.of("/linear", "/scaled", "/gate", ""), swish.steps().stream().map(Dl4jElement.Step::suffix).toList());
        assertEquals(0, swish.parameterStep());
        assertEquals(List.of("d/linear", "d/gate"), swish.inputNames(3, "d", List.of("x")));
        assertEquals(List.of("d/linear"), swish.inputNames(1, "d", List.of("x")));
        ComputationGraphConfiguration conf = Dl4jCompiler.compile(graph("g", Node.of("in", new LayerSpec.Input(Dims.of(8))),
                Node.of("d", new LayerSpec.Dense(8, HW, false), "in"),
                Node.of("out", new LayerSpec.Output(2, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "d"))).require();
        assertEquals(5.0 / 6, ((ScaleVertex) conf.getVertices().get("d/scaled")).getScaleFactor(), 0);
        assertInstanceOf(ActivationHardSigmoid.class, ((ActivationLayer) ((LayerVertex) conf.getVertices().get("d/gate"))
                .getLayerConf().getLayer()).getActivationFn());
        assertEquals(ElementWiseVertex.Op.Product, ((ElementWiseVertex) conf.getVertices().get("d")).getOp());

        Dl4jElement alone = Dl4jMapping.map(new LayerSpec.ActivationLayer(HS), List.of(v), v);
        assertEquals(List.of("/scaled", ""), alone.steps().stream().map(Dl4jElement.Step::suffix).toList());
        assertEquals(List.of(new Source.NodeInputs()), alone.steps().get(0).inputs());
        assertEquals(1, alone.parameterStep(), "no parameters: the node's own vertex stands for it");
    }

    @Test
    void recurrentAndOutputLayersRefuseThemWithAFix() {
        TensorType.Sequence seq = new TensorType.Sequence(4, 5);
        TensorType.Vector v = new TensorType.Vector(4);
        Dl4jMapping.Unsupported rnn = assertThrows(Dl4jMapping.Unsupported.class, () -> Dl4jMapping.map(
                new LayerSpec.LSTM(4, HW, false, false), List.of(seq), v));
        assertTrue(rnn.getMessage().contains("hardswish") && rnn.getMessage().contains("recurrence"), rnn.getMessage());
        Dl4jMapping.Unsupported out = assertThrows(Dl4jMapping.Unsupported.class, () -> Dl4jMapping.map(
                new LayerSpec.Output(4, HS, Loss.MSE, true), List.of(v), v));
        assertTrue(out.getMessage().contains("hardsigmoid_torch") && out.fix().contains("Activation layer"), out.fix());
        Dl4jCompiler.Compilation c = Dl4jCompiler.compile(graph("o", Node.of("in", new LayerSpec.Input(Dims.of(4))),
                Node.of("out", new LayerSpec.Output(4, HS, Loss.MSE, true), "in")));
        assertEquals(1, c.problems().size());
        assertEquals("out", c.problems().get(0).node().orElseThrow());
    }

    @Test
    void frozenNodesFreezeTheParameterStepAndStillTrainAroundIt() {
        Graph g = graph("frozen", Node.of("in", new LayerSpec.Input(Dims.of(3, 6, 6))),
                Node.of("c1", conv(4, HW), "in"),
                Node.of("c2", conv(4, HS), "c1"),
                Node.of("c3", conv(4, HW), "c2"),
                Node.of("pool", new LayerSpec.GlobalAvgPool(), "c3"),
                Node.of("out", new LayerSpec.Output(2, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "pool"));
        // c1 frozen with nothing learning before it: every step stops the backward pass.
        // c3 frozen after the learning c2: only its convolution is frozen, the gradient passes on.
        Graph frozen = new Edit.SetTrainable(Set.of("c1", "c3"), false).apply(g);
        ComputationGraphConfiguration conf = Dl4jCompiler.compile(frozen).require();
        assertInstanceOf(FrozenLayer.class, ((LayerVertex) conf.getVertices().get("c1/linear")).getLayerConf().getLayer());
        assertInstanceOf(FrozenVertex.class, conf.getVertices().get("c1/scaled"));
        assertInstanceOf(FrozenVertex.class, conf.getVertices().get("c1"));
        assertInstanceOf(FrozenLayerWithBackprop.class,
                ((LayerVertex) conf.getVertices().get("c3/linear")).getLayerConf().getLayer());
        assertInstanceOf(ScaleVertex.class, conf.getVertices().get("c3/scaled"));
        ComputationGraph net = Dl4jOracle.check(frozen, true);
        INDArray c1 = net.getVertex("c1/linear").getLayer().params().dup();
        INDArray c2 = net.getVertex("c2/linear").getLayer().params().dup();
        INDArray c3 = net.getVertex("c3/linear").getLayer().params().dup();
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 6, 6).muli(6).subi(3);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 2);
        y.putScalar(0, 0, 1).putScalar(1, 1, 1).putScalar(2, 0, 1).putScalar(3, 1, 1);
        net.fit(new MultiDataSet(x, y));
        assertEquals(c1, net.getVertex("c1/linear").getLayer().params(), "frozen c1 kept");
        assertEquals(c3, net.getVertex("c3/linear").getLayer().params(), "frozen c3 kept");
        assertNotEquals(c2, net.getVertex("c2/linear").getLayer().params(), "c2 learns through c3's steps");
    }
}
