package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.Dl4jOracle;
import io.layerloom.codegen.dl4j.Dl4jTraining;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.property.PlausibleGraphs;
import io.layerloom.model.training.TrainingSettings;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LayerLoom's training set-up (cache mode, pooling on libnd4j, no input gradient in a first
 * convolution, installed even without oneDNN) computes the loss, gradients and training steps
 * that DL4J computes by itself for the same network without a cache mode, on random valid
 * networks DL4J can build (codegen's RandomGraphOracleTest checks their shapes); with a BatchNorm,
 * DL4J computes in double precision (below).
 */
class TrainingSetUpPropertyTest {

    @Provide
    Arbitrary<Graph> compilable() {
        return PlausibleGraphs.graphs().filter(g -> !GraphAnalysis.analyze(g).hasErrors())
                .filter(g -> Dl4jCompiler.compile(g).problems().isEmpty());
    }

    /**
     * Plain SGD: Adam turns a rounding difference in a gradient that is nearly zero into a full step.
     * With a BatchNorm the oracle is DL4J's own code in double precision: its float code is off by up
     * to a few percent of the largest gradient on larger images (ChannelBatchNormTest), LayerLoom's
     * per-channel batch normalisation much less.
     */
    @Property(tries = 40)
    void theTrainingSetUpComputesDl4jsGradients(@ForAll("compilable") Graph graph) {
        try {
            Dl4jCompiler.Compilation c = Dl4jCompiler.compile(graph, Dl4jCompiler.DEFAULT_SEED, Dl4jTraining.updater(TrainingSettings.Optimizer.SGD, 0.05));
            ComputationGraphConfiguration plain = c.require().clone();
            plain.setCacheMode(CacheMode.NONE);
            ComputationGraph own = new ComputationGraph(plain);
            own.init();
            if (graph.nodes().stream().anyMatch(n -> n.spec() instanceof LayerSpec.BatchNorm)) {
                // DL4J's own batch normalisation loses precision in float (ChannelBatchNormTest): its double is the oracle
                own = own.convertDataType(DataType.DOUBLE);
            }
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
