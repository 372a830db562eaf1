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
     * @param examplesPerSecond  inference speed, batch {@link #BATCH}, as {@link #compareSpeeds} measures it (NaN until then)
     */
    public record Figures(long params, long nonZeroParams, long macs, double accuracy, double examplesPerSecond) {
        public Figures withSpeed(double examplesPerSecond) {
            return new Figures(params, nonZeroParams, macs, accuracy, examplesPerSecond);
        }
    }

    /** Examples per timed pass of a speed comparison: ten batches of the test set. */
    static final int SPEED_EXAMPLES = 10 * BATCH;

    /** Timed passes per network in a speed comparison, alternating between them; the best counts. */
    static final int SPEED_ROUNDS = 3;

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

    /**
     * Examples per second through each network, in inference mode, on the same examples: one pass
     * each to warm up, then {@link #SPEED_ROUNDS} timed passes taken in turn, the best of each
     * network's kept. In turn and at the same moment, so that other work on the machine slows
     * both alike; the best, because such work only ever slows a pass.
     */
    public static double[] compareSpeeds(List<ComputationGraph> nets, LoadedData test, long seed, List<Long> inputShape) {
        int n = Math.min(test.count(), SPEED_EXAMPLES);
        LoadedData sample = test.select(java.util.stream.IntStream.range(0, n).toArray());
        DataSetIterator it = Dl4jData.shuffled(sample, BATCH, seed, inputShape);
        double[] best = new double[nets.size()];
        for (ComputationGraph net : nets) {
            pass(net, it, Long.MAX_VALUE);
        }
        for (int round = 0; round < SPEED_ROUNDS; round++) {
            for (int i = 0; i < nets.size(); i++) {
                long t0 = System.nanoTime();
                long done = pass(nets.get(i), it, Long.MAX_VALUE);
                best[i] = Math.max(best[i], done / ((System.nanoTime() - t0) / 1e9));
            }
        }
        return best;
    }

    private static long pass(ComputationGraph net, DataSetIterator it, long limit) {
        it.reset();
        long n = 0;
        while (it.hasNext() && n < limit) {
            DataSet ds = it.next();
            net.outputSingle(false, ds.getFeatures());
            n += ds.getFeatures().size(0);
        }
        return n;
    }

    /** Every figure of {@code graph} with {@code weights} but its speed, measured on {@code data}'s test part. */
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
                Double.NaN);
    }
}
