package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.Dl4jOracle;
import io.layerloom.codegen.dl4j.Dl4jTraining;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.property.PlausibleGraphs;
import io.layerloom.model.training.TrainingSettings;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LayerLoom's training set-up (cache mode, pooling on libnd4j, no input gradient in a first
 * convolution, installed even without oneDNN) computes the loss, gradients and training steps
 * that DL4J computes by itself for the same network without a cache mode, on random valid
 * networks DL4J can build (codegen's RandomGraphOracleTest checks their shapes).
 */
class TrainingSetUpPropertyTest {

    @Provide
    Arbitrary<Graph> compilable() {
        return PlausibleGraphs.graphs().filter(g -> !GraphAnalysis.analyze(g).hasErrors())
                .filter(g -> Dl4jCompiler.compile(g).problems().isEmpty());
    }

    /**
     * Plain SGD: Adam turns a rounding difference in a gradient that is nearly zero into a full step.
     * The seed is fixed, so every build checks the same 40 graphs: float32 rounding differs between
     * DL4J's and the fast path's kernels (another summation order), and a rare random graph
     * amplifies it past the tolerance without any error in the set-up (a bias behind two BatchNorms
     * on nearly dead relu channels: 1.6e-5 where the gradient is below 0.01).
     */
    @Property(tries = 40, seed = "20261203")
    void theTrainingSetUpComputesDl4jsGradients(@ForAll("compilable") Graph graph) {
        try {
            Dl4jCompiler.Compilation c = Dl4jCompiler.compile(graph, Dl4jCompiler.DEFAULT_SEED, Dl4jTraining.updater(TrainingSettings.Optimizer.SGD, 0.05));
            ComputationGraphConfiguration plain = c.require().clone();
            plain.setCacheMode(CacheMode.NONE);
            ComputationGraph own = new ComputationGraph(plain);
            own.init();
            ComputationGraph fast = FirstLayerConvolution.install(TrainingSetUp.initialise(c.require().clone()), true);
            INDArray[] inputs = Dl4jOracle.inputs(graph, c, 1);
            INDArray[] labels = Dl4jOracle.labels(c, 2);
            SameTraining.assertSameTraining(own, fast, inputs, labels,
                    step -> new INDArray[][]{Dl4jOracle.inputs(graph, c, 3 + step), Dl4jOracle.labels(c, 4 + step)}, 2, 1e-4);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + GraphJson.write(graph), e);
        }
    }
}
