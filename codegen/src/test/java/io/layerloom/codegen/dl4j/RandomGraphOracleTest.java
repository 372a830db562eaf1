package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.DiagnosticCode;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.property.PlausibleGraphs;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 500 random valid networks that DL4J can build (CNNs with residual and inception merges,
 * MLPs, recurrent and embedding networks, reshapes between them): for each, every shape and
 * parameter count, and the activations of a forward pass of 2 examples, equal our analysis.
 */
class RandomGraphOracleTest {

    @Provide
    Arbitrary<Graph> valid() {
        return PlausibleGraphs.graphs().filter(g -> !GraphAnalysis.analyze(g).hasErrors());
    }

    @Provide
    Arbitrary<Graph> compilable() {
        return valid().filter(g -> Dl4jCompiler.compile(g).problems().isEmpty());
    }

    @Property(tries = 500, shrinking = ShrinkingMode.FULL)
    void dl4jAgreesWithTheAnalysis(@ForAll("compilable") Graph graph) {
        try {
            Dl4jOracle.check(graph, true);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + GraphJson.write(graph), e);
        }
    }

    /**
     * LayerLoom's training set-up (cache mode, pooling on libnd4j, no input gradient in a first
     * convolution, installed even without oneDNN) computes the loss, gradients and training steps
     * that DL4J computes by itself for the same network without a cache mode. Plain SGD: Adam
     * turns a rounding difference in a gradient that is nearly zero into a full step.
     */
    @Property(tries = 40)
    void theTrainingSetUpComputesDl4jsGradients(@ForAll("compilable") Graph graph) {
        try {
            Dl4jCompiler.Compilation c = Dl4jCompiler.compile(graph, Dl4jCompiler.DEFAULT_SEED, new Sgd(0.05));
            ComputationGraphConfiguration plain = c.require().clone();
            plain.setCacheMode(CacheMode.NONE);
            ComputationGraph own = new ComputationGraph(plain);
            own.init();
            ComputationGraph fast = FirstLayerConvolution.install(Dl4jCompiler.initialise(c.require().clone()), true);
            INDArray[] inputs = Dl4jOracle.inputs(graph, c, 1);
            INDArray[] labels = Dl4jOracle.labels(c, 2);
            SameTraining.assertSameTraining(own, fast, inputs, labels,
                    step -> new INDArray[][]{Dl4jOracle.inputs(graph, c, 3 + step), Dl4jOracle.labels(c, 4 + step)}, 2, 1e-4);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + GraphJson.write(graph), e);
        }
    }

    /** A valid graph DL4J cannot build is refused for a documented reason, pinned to its node, with a fix. */
    @Property(tries = 300)
    void everyRefusalIsADocumentedDl4jLimitation(@ForAll("valid") Graph graph) {
        Dl4jCompiler.compile(graph).problems().forEach(d -> assertTrue(d.code() == DiagnosticCode.DL4J_UNSUPPORTED
                && d.node().isPresent() && !d.fixes().isEmpty() && !d.message().contains("DL4J cannot build this layer"),
                () -> d + "\n" + GraphJson.write(graph)));
    }
}
