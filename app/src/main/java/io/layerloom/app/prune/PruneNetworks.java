package io.layerloom.app.prune;

import io.layerloom.app.data.Dl4jData;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.app.training.TrainingService;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.analysis.Totals;
import io.layerloom.model.graph.Graph;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** A graph made into a DL4J network with given weights, and what is measured on it: accuracy and speed. */
public final class PruneNetworks {

    /** Examples run at a time when measuring, as {@code layerloom evaluate}'s default. */
    public static final int BATCH = 256;

    /**
     * What one network costs and does.
     *
     * @param nonZeroParams      parameters that are not zero (fewer than {@code params} after magnitude pruning)
     * @param examplesPerSecond  inference speed on the test set, batch {@link #BATCH}, the second of two passes
     */
    public record Figures(long params, long nonZeroParams, long macs, double accuracy, double examplesPerSecond) {
    }

    private PruneNetworks() {
    }

    /** {@code graph}'s network (compiled with its file's settings) holding {@code weights}. */
    public static ComputationGraph build(Graph graph, Weights weights) {
        Dl4jCompiler.Compilation c = Dl4jCompiler.compile(graph);
        ComputationGraph net = new ComputationGraph(c.require().clone());
        net.init();
        NetworkWeights.apply(net, weights, c.parameterVertices());
        return TrainingSetUp.forEvaluation(net);
    }

    /** Test accuracy of {@code net} on {@code test}. */
    public static double accuracy(ComputationGraph net, LoadedData test, long seed, List<Long> inputShape) {
        DataSetIterator it = Dl4jData.shuffled(test, BATCH, seed, inputShape);
        return TrainingService.evaluate(net, it, "test", test.classNames()).accuracy();
    }

    /** Examples per second through {@code net} in inference mode over {@code test}: one pass to warm up, one timed. */
    public static double speed(ComputationGraph net, LoadedData test, long seed, List<Long> inputShape) {
        DataSetIterator it = Dl4jData.shuffled(test, BATCH, seed, inputShape);
        pass(net, it);
        long t0 = System.nanoTime();
        long n = pass(net, it);
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static long pass(ComputationGraph net, DataSetIterator it) {
        it.reset();
        long n = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            net.outputSingle(false, ds.getFeatures());
            n += ds.getFeatures().size(0);
        }
        return n;
    }

    /** Every figure of {@code graph} with {@code weights}, measured on {@code data}'s test part. */
    public static Figures measure(Graph graph, Totals totals, ComputationGraph net, Weights weights, PruneData data) {
        long nonZero = 0;
        for (var params : weights.asMap().values()) {
            for (Weights.Array a : params.values()) {
                for (float v : a.values()) {
                    nonZero += v != 0 ? 1 : 0;
                }
            }
        }
        // the analysis counts what DL4J holds (BatchNorm's running mean and variance included): the same parameters
        return new Figures(totals.params(), nonZero, totals.macs(), accuracy(net, data.test(), data.seed(), data.inputShape()),
                speed(net, data.test(), data.seed(), data.inputShape()));
    }
}
