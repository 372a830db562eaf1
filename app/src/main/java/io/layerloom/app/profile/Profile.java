package io.layerloom.app.profile;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Where one training iteration of a network spends its time, measured through DL4J on this
 * machine ({@link Profiler}): each node's forward and backward pass and the time outside the
 * layers, each the median over the measured iterations. The parts add up to {@link #partsMs()};
 * the median of whole iterations, measured separately, is {@link #wholeIterationMs()}.
 *
 * @param graph            the graph's name
 * @param batch            examples per iteration
 * @param warmup           iterations run before measuring
 * @param iterations       iterations measured
 * @param data             what the iterations trained on ("synthetic", or the --data given)
 * @param nodes            every node of the graph, in the graph's order
 * @param outside          the time outside the layers
 * @param wholeIterationMs the median time of a whole iteration (data and {@code fit})
 * @param gcMs             garbage collection per iteration (mean): pauses inside the times above, not beside them
 * @param machine          where it was measured
 */
public record Profile(String graph, int batch, int warmup, int iterations, String data, List<NodeTime> nodes,
                      Outside outside, double wholeIterationMs, double gcMs, Machine machine) {

    public Profile {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(outside, "outside");
    }

    /**
     * One node's times: its DL4J steps summed (a grouped convolution's helper vertices included).
     *
     * @param forwardMs  median forward time; 0 for an output layer, whose forward pass DL4J runs
     *                   inside its backward pass when training
     * @param macs       multiply-accumulates of the whole batch's forward pass (the analysis's per
     *                   example times the batch)
     * @param flops      floating-point operations of its forward and backward pass: 2 per
     *                   multiply-accumulate forward, 4 backward (the gradients of the weights and of
     *                   the input), 2 when it skips the input's gradient
     * @param compiled   false for a node left out of the network (it leads to no output layer): no times
     */
    public record NodeTime(String id, String kind, double forwardMs, double backwardMs, long macs, long flops,
                           boolean compiled) {

        public double totalMs() {
            return forwardMs + backwardMs;
        }

        /** Achieved GFLOP/s over forward and backward together; empty without arithmetic or time. */
        public OptionalDouble gflops() {
            double ms = totalMs();
            return flops > 0 && ms > 0 ? OptionalDouble.of(flops / (ms * 1e6)) : OptionalDouble.empty();
        }
    }

    /**
     * The time of an iteration outside the layers' forward and backward passes.
     *
     * @param dataMs    preparing the batch, as training's data iterator does
     * @param lossMs    the loss (score) after the backward pass
     * @param updaterMs the optimizer: updates from the gradients (Adam's moments, clipping) and the step to the parameters
     * @param otherMs   the rest: DL4J's bookkeeping around the layers (workspaces, passing arrays between vertices,
     *                  setting up and ending {@code fit})
     */
    public record Outside(double dataMs, double lossMs, double updaterMs, double otherMs) {
        public double totalMs() {
            return dataMs + lossMs + updaterMs + otherMs;
        }
    }

    /**
     * @param cpu     the processor's model name, "unknown" where the system does not say
     * @param cores   the processors Java sees
     * @param threads the threads ND4J computed with
     * @param build   ND4J's native build (for example linux-x86_64-onednn)
     */
    public record Machine(String cpu, int cores, int threads, String build) {
    }

    /** The layers' forward and backward times together. */
    public double layersMs() {
        return nodes.stream().mapToDouble(NodeTime::totalMs).sum();
    }

    /** Layers and outside together: what the shares divide. */
    public double partsMs() {
        return layersMs() + outside.totalMs();
    }

    /** A node's share of the iteration (0 to 1). */
    public double share(NodeTime node) {
        double parts = partsMs();
        return parts > 0 ? node.totalMs() / parts : 0;
    }

    /** The share of the time outside the layers. */
    public double outsideShare() {
        double parts = partsMs();
        return parts > 0 ? outside.totalMs() / parts : 0;
    }

    /** The {@code n} nodes that take the most time, most first (ties in the graph's order). */
    public List<NodeTime> hotspots(int n) {
        return nodes.stream().filter(t -> t.totalMs() > 0)
                .sorted(Comparator.comparingDouble(NodeTime::totalMs).reversed()).limit(n).toList();
    }
}
