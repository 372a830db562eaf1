package io.layerloom.model.property;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import java.util.ArrayList;
import java.util.List;

/**
 * Graphs of any size in the shapes that made the analysis quadratic or overflow its stack (issue
 * 12): a long chain, a hub with many consumers merged again, many missing inputs, a cycle through
 * a hub, many duplicated ids. Each shape states the diagnostics its graph must get, so a test can
 * check the analysis of 100,000 nodes as exactly as that of ten. The benchmarks' LargeGraphBenchmark
 * times the same shapes (through graph-model's test jar).
 */
public enum LargeGraphs {
    /** Input, Dense with the identity activation, n-3 Dropout, Output: one LINEAR_CHAIN through all of them. */
    CHAIN,
    /** Input, a Dense hub, n-4 Dropout branches from it, one Concat of them all, Output: clean. */
    HUB,
    /** A valid three-node network plus n-3 Dense layers whose input ids are typos of existing ones. */
    MISSING_INPUTS,
    /** Input, an Add hub fed by Input and its last consumer, n-4 Dropout consumers, a Concat, Output: one CYCLE. */
    CYCLE_THROUGH_HUB,
    /** A valid three-node network plus n-3 more nodes with its Dense's id. */
    DUPLICATE_IDS;

    /** The smallest size each shape is built for. */
    public static final int MIN_NODES = 6;

    private static final LayerSpec INPUT = new LayerSpec.Input(Dims.of(4));
    private static final LayerSpec RELU = new LayerSpec.Dense(4, ActivationFunction.RELU, true);
    private static final LayerSpec LINEAR = new LayerSpec.Dense(4, ActivationFunction.IDENTITY, true);
    private static final LayerSpec DROPOUT = new LayerSpec.Dropout(0.5);
    private static final LayerSpec OUTPUT = new LayerSpec.Output(3, ActivationFunction.SOFTMAX, Loss.MCXENT, true);

    public Graph build(int n) {
        if (n < MIN_NODES) {
            throw new IllegalArgumentException("at least " + MIN_NODES + " nodes, got " + n);
        }
        List<Node> nodes = new ArrayList<>(n);
        nodes.add(Node.of("in", INPUT));
        switch (this) {
            case CHAIN -> {
                nodes.add(Node.of("linear", LINEAR, "in"));
                String last = "linear";
                for (int i = 1; i <= n - 3; i++) {
                    nodes.add(Node.of("drop" + i, DROPOUT, last));
                    last = "drop" + i;
                }
                nodes.add(Node.of("out", OUTPUT, last));
            }
            case HUB, CYCLE_THROUGH_HUB -> {
                int branches = n - 4;
                boolean cycle = this == CYCLE_THROUGH_HUB;
                nodes.add(cycle ? Node.of("hub", new LayerSpec.Add(), "in", "branch" + branches) : Node.of("hub", RELU, "in"));
                String[] all = new String[branches];
                for (int i = 1; i <= branches; i++) {
                    all[i - 1] = "branch" + i;
                    nodes.add(Node.of(all[i - 1], DROPOUT, "hub"));
                }
                nodes.add(Node.of("merge", new LayerSpec.Concat(), all));
                nodes.add(Node.of("out", OUTPUT, "merge"));
            }
            case MISSING_INPUTS -> {
                nodes.add(Node.of("dense", RELU, "in"));
                nodes.add(Node.of("out", OUTPUT, "dense"));
                for (int i = 1; i <= n - 3; i++) {
                    nodes.add(Node.of("layer" + i, RELU, "layr" + i));
                }
            }
            case DUPLICATE_IDS -> {
                nodes.add(Node.of("dense", RELU, "in"));
                nodes.add(Node.of("out", OUTPUT, "dense"));
                for (int i = 1; i <= n - 3; i++) {
                    nodes.add(Node.of("dense", RELU, "in"));
                }
            }
            default -> throw new AssertionError(this);
        }
        return new Graph(name().toLowerCase(java.util.Locale.ROOT) + "_" + n, "", nodes);
    }
}
