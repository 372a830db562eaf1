package io.layerloom.app.runtime;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The lean updater trains exactly as DL4J's own (the same parameters and updater state to the bit
 * after several steps), with no regularisation, with L2 (applied before the updater), with weight
 * decay (after it), with L1 on some parameters only, and with two updater blocks (a layer with
 * another optimizer), and it is installed on every block.
 */
class LeanUpdaterTest {

    private static ComputationGraphConfiguration network(String regularisation) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(new Adam(1e-2));
        switch (regularisation) {
            case "l2" -> b.l2(1e-3);
            case "weightDecay" -> b.weightDecay(1e-2);
            case "l1" -> b.l1(1e-3).l1Bias(0);
            default -> { }
        }
        DenseLayer.Builder dense = new DenseLayer.Builder().nOut(12).activation(Activation.RELU);
        if (regularisation.equals("twoBlocks")) {
            dense.updater(new Nesterovs(0.05, 0.9)).l2(1e-3);
        }
        return b.graphBuilder().addInputs("in")
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "in")
                .addLayer("d", dense.build(), "c")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "d")
                .setOutputs("out").setInputTypes(InputType.convolutional(8, 8, 2)).build();
    }

    private static DataSet batch(long seed) {
        Nd4j.getRandom().setSeed(100 + seed); // not 0: two batches drawn after setSeed(0) differed here
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 2, 8, 8).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 3);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, (i + seed) % 3, 1.0);
        }
        return new DataSet(x, y);
    }

    /**
     * {@code steps} training steps on {@code net} as DL4J's {@code fit} takes them (the gradient,
     * the updater, the step subtracted from the parameters), called one by one: the update of each
     * step as the updater leaves it in the gradient view, then the parameters after the last. Two
     * whole {@code fit} calls on equal networks need not agree to the bit in DL4J; these parts do.
     */
    private static float[][] updates(ComputationGraph net, int steps) {
        float[][] out = new float[steps + 1][];
        for (int step = 0; step < steps; step++) {
            DataSet d = batch(step);
            net.setInputs(d.getFeatures());
            net.setLabels(d.getLabels());
            net.computeGradientAndScore();
            INDArray update = net.gradient().gradient();
            net.getUpdater(true).update(net.gradient(), step, 0, 6, LayerWorkspaceMgr.noWorkspaces());
            out[step] = update.dup().toFloatVector();
            net.params().subi(update);
        }
        out[steps] = net.params().toFloatVector();
        return out;
    }

    private static ComputationGraph fresh(ComputationGraphConfiguration conf) {
        ComputationGraph net = new ComputationGraph(conf.clone());
        net.init();
        return net;
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "l2", "weightDecay", "l1", "twoBlocks"})
    void updatesAsDl4jDoes(String regularisation) {
        ComputationGraphConfiguration conf = network(regularisation);
        ComputationGraph own = fresh(conf);
        ComputationGraph lean = fresh(conf);
        lean.getUpdater(true);
        LeanUpdater.install(lean);
        assertTrue(LeanUpdater.installed(lean));
        assertFalse(LeanUpdater.installed(own));
        assertEquals(regularisation.equals("twoBlocks") ? 3 : 1, lean.getUpdater().getUpdaterBlocks().size(), "updater blocks");
        float[][] expected = updates(own, 3);
        float[][] actual = updates(lean, 3);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], i < 3 ? "update " + i : "parameters");
        }
        assertArrayEquals(own.getUpdater().getStateViewArray().toFloatVector(),
                lean.getUpdater().getStateViewArray().toFloatVector(), "updater state");
    }

    private static ComputationGraph lean(ComputationGraphConfiguration conf) {
        ComputationGraph net = fresh(conf);
        net.getUpdater(true);
        return LeanUpdater.install(net);
    }

    @Test
    void aNetworkWithoutAnUpdaterGetsTheLeanBlocksAtItsFirstStepAndNoStateBefore() {
        ComputationGraphConfiguration conf = network("l2");
        ComputationGraph own = fresh(conf);
        ComputationGraph lean = LeanUpdater.install(fresh(conf));
        assertNull(lean.getUpdater(false), "no updater (and no updater state) before training");
        for (int step = 0; step < 3; step++) {
            for (ComputationGraph net : java.util.List.of(own, lean)) {
                DataSet d = batch(step);
                Nd4j.getRandom().setSeed(1000 + step);
                net.fit(d);
            }
        }
        assertTrue(LeanUpdater.installed(lean));
        assertFalse(LeanUpdater.installed(own));
        assertArrayEquals(own.params().toFloatVector(), lean.params().toFloatVector(), "parameters after 3 fits");
    }

    @Test
    void theComparisonCanFail() {
        // with L2 the updates differ from those without: a lean block that skipped it would be caught
        float[][] with = updates(lean(network("l2")), 2);
        float[][] without = updates(lean(network("none")), 2);
        assertFalse(java.util.Arrays.equals(with[0], without[0]));
        assertFalse(java.util.Arrays.equals(with[2], without[2]));
    }
}
