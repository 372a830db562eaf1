package io.layerloom.app.runtime;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import java.util.Locale;
import java.util.Optional;

/**
 * The work of one batch of a network, as the graph model's analysis counts it: what decides whether
 * a second thread pays ({@link ThreadChoice}). ND4J's OpenMP threads split each operation and wait
 * for each other at its end; on small operations that wait costs more than the split saves
 * (docs/benchmarks.md, "Threads (training)": LeNet-5 trained 38% slower with two threads on a quiet
 * 2-core machine, the CIFAR ResNet 1.2x faster). The measure is the forward multiply-adds of one
 * batch (per example, times the batch), the figure the Summary shows times the batch: the largest
 * layer's multiply-adds per batch ranks the six measured networks in the same order (there the
 * two measures could not be told apart), and the whole network's is the one a user can read.
 *
 * @param name           the graph's name, as the reason names it
 * @param macsPerExample the forward multiply-adds of one example ({@code Totals.macs()})
 * @param batch          examples per batch
 * @param pass           training (forward, backward and update) or inference (forward only)
 */
public record NetworkWork(String name, long macsPerExample, int batch, Pass pass) {

    /** Training or inference: each has its own threshold, measured on its own. */
    public enum Pass {
        /**
         * Forward, backward and the optimizer's update: about three operations of each layer's
         * size per batch.
         */
        TRAINING(ThreadChoice.TRAINING_THRESHOLD),
        /** {@code evaluate} and {@code predict}: the forward pass only. */
        INFERENCE(ThreadChoice.INFERENCE_THRESHOLD);

        private final long threshold;

        Pass(long threshold) {
            this.threshold = threshold;
        }

        /** The forward multiply-adds per batch from which every free core is used. */
        public long threshold() {
            return threshold;
        }
    }

    public NetworkWork {
        if (macsPerExample < 0 || batch < 1) {
            throw new IllegalArgumentException("work needs multiply-adds of at least 0 and a batch of at least 1, got "
                    + macsPerExample + " and " + batch);
        }
        name = name == null || name.isBlank() ? "the network" : name.strip();
        java.util.Objects.requireNonNull(pass, "pass");
    }

    /** Forward multiply-adds of one batch (saturating at {@link Long#MAX_VALUE}). */
    public long macsPerBatch() {
        return macsPerExample > Long.MAX_VALUE / batch ? Long.MAX_VALUE : macsPerExample * batch;
    }

    /** Whether one batch's operations are too small for more than one thread to gain on. */
    public boolean small() {
        return macsPerBatch() < pass.threshold();
    }

    /** "0.4 M multiply-adds per example, 27 M a batch of 64", for the reason a choice gives. */
    public String describe() {
        return String.format(Locale.ROOT, "%s multiply-adds per example, %s a batch of %d", millions(macsPerExample),
                millions(macsPerBatch()), batch);
    }

    /** "0.4 M", "27 M", "6,768 M". */
    static String millions(long macs) {
        double m = macs / 1e6;
        return m < 10 ? String.format(Locale.ROOT, "%.1f M", m) : String.format(Locale.ROOT, "%,.0f M", m);
    }

    /**
     * The work of {@code graph} at {@code batch}; empty when the analysis does not know every
     * layer's cost (a graph with errors), so the choice falls back to every free core.
     */
    public static Optional<NetworkWork> of(Graph graph, Analysis analysis, int batch, Pass pass) {
        if (batch < 1 || !analysis.totals().complete() || analysis.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new NetworkWork(graph.name(), analysis.totals().macs(), batch, pass));
    }

    /** The same, analysing {@code graph} first (a few milliseconds even for large graphs). */
    public static Optional<NetworkWork> of(Graph graph, int batch, Pass pass) {
        return of(graph, GraphAnalysis.analyze(graph), batch, pass);
    }
}
