package io.layerloom.app.training;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies of a network being trained, each taken at an iteration boundary: asked for from any
 * thread ({@link #request}, which never waits), made on the training thread between two
 * {@code fit} calls ({@link #serve}), while the run is paused too, or at once once the run has
 * ended ({@link #close}). A copy therefore holds one iteration's values throughout: the weights,
 * the updater-applied biases and the batch-norm running statistics all after the same update,
 * never a weight read while {@code fit} writes it. The training thread only duplicates the
 * parameters and the configuration; the asking thread builds the network from them.
 */
public final class IterationSnapshots {

    /** The parameters and configuration of a network as they were at one iteration boundary. */
    public record Copy(ComputationGraphConfiguration configuration, INDArray parameters, long iteration) {

        /** The copy as a network ready to run and be looked into (built on the calling thread). */
        public TrainedNetwork network(List<Long> inputShape) {
            return TrainedNetwork.of(configuration, parameters, inputShape);
        }
    }

    /** The run's pause lock: a request wakes a paused training thread, which then serves it. */
    private final Object lock;
    private final ConcurrentLinkedQueue<CompletableFuture<Optional<Copy>>> waiting = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    private volatile ComputationGraph last;

    IterationSnapshots(Object lock) {
        this.lock = lock;
    }

    /**
     * A copy of the network at the next iteration boundary (at once when the run has ended);
     * empty when the run ended without a network.
     */
    public CompletableFuture<Optional<Copy>> request() {
        CompletableFuture<Optional<Copy>> answer = new CompletableFuture<>();
        waiting.add(answer);
        if (closed) {
            // nothing trains the network any more: the asking thread copies it
            drain(last);
        }
        synchronized (lock) {
            lock.notifyAll();
        }
        return answer;
    }

    /** Whether a copy has been asked for and not yet made. */
    boolean isWaiting() {
        return !waiting.isEmpty();
    }

    /** On the training thread, between two iterations: makes the copies asked for so far from {@code net}. */
    void serve(ComputationGraph net) {
        if (net != null && !waiting.isEmpty()) {
            drain(net);
        }
    }

    /**
     * On the training thread, between two iterations: serves what waits, then, as long as
     * {@code paused} holds (asked under the lock), waits on the lock and serves what is asked for
     * meanwhile; the copies are made outside the lock, so pause and resume never wait for one.
     */
    void serveWhile(ComputationGraph net, java.util.function.BooleanSupplier paused) throws InterruptedException {
        while (true) {
            serve(net);
            synchronized (lock) {
                if (!paused.getAsBoolean()) {
                    return;
                }
                if (waiting.isEmpty()) {
                    lock.wait();
                }
            }
        }
    }

    /** The run has ended with {@code net} (null: none): serves what waits, and every later request at once. */
    void close(ComputationGraph net) {
        last = net;
        closed = true;
        drain(net);
    }

    private void drain(ComputationGraph net) {
        Optional<Copy> copy = null;
        for (CompletableFuture<Optional<Copy>> f = waiting.poll(); f != null; f = waiting.poll()) {
            if (copy == null) {
                try {
                    copy = net == null ? Optional.empty() : Optional.of(copy(net));
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                    continue;
                }
            }
            f.complete(copy);
        }
    }

    private static Copy copy(ComputationGraph net) {
        return new Copy(net.getConfiguration().clone(), net.params().dup(), net.getConfiguration().getIterationCount());
    }
}
