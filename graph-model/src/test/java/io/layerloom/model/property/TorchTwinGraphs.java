package io.layerloom.model.property;

import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Writes valid random CNNs of {@link PlausibleGraphs} that hold a channel kind and whose every node
 * benchmarks/training/torch_graph.py builds as PyTorch layers, as {@code gN.json}, for
 * tools/onnx-fixtures/check_random_graphs.sh (PyTorch exports each, LayerLoom imports and runs it).
 * {@code java ... TorchTwinGraphs DIR COUNT SEED}; the same seed writes the same graphs.
 */
public final class TorchTwinGraphs {

    private static final Set<String> KINDS = Set.of("Input", "Conv2D", "DepthwiseConv2D", "BatchNorm", "Activation",
            "MaxPool2D", "AvgPool2D", "Add", "Concat", "ChannelShuffle", "ChannelSplit", "ChannelScale", "GlobalAvgPool",
            "Flatten", "Dropout", "Dense", "Output");
    private static final Set<ActivationFunction> ACTIVATIONS = Set.of(ActivationFunction.IDENTITY, ActivationFunction.RELU,
            ActivationFunction.RELU6, ActivationFunction.TANH, ActivationFunction.SIGMOID, ActivationFunction.SOFTMAX,
            ActivationFunction.SWISH, ActivationFunction.HARDSWISH, ActivationFunction.HARDSIGMOID_TORCH);

    private TorchTwinGraphs() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        // Sampling outside a property draws from jqwik's current source of randomness: seeded here.
        net.jqwik.engine.SourceOfRandomness.create(args[2]);
        var plans = PlausibleGraphs.plans().withoutEdgeCases().sampleStream().iterator();
        int written = 0;
        for (int tried = 0; written < count && tried < 1_000_000; tried++) {
            PlausibleGraphs.Plan plan = plans.next();
            if (plan.steps().isEmpty() || (plan.flavour() != 0 && plan.flavour() != 4)) {
                continue;
            }
            Graph g = PlausibleGraphs.build(plan);
            if (g.nodes().stream().noneMatch(n -> n.kind().name().startsWith("Channel")) || !torchBuilds(g)
                    || GraphAnalysis.analyze(g).hasErrors()) {
                continue;
            }
            Files.writeString(dir.resolve("g" + written++ + ".json"), GraphJson.write(g));
        }
        System.out.println("wrote " + written + " graphs to " + dir);
    }

    /** Every kind, activation and setting is one torch_graph.py builds (no dilation; softmax only at the Output). */
    private static boolean torchBuilds(Graph g) {
        if (!(g.nodes().get(0).spec() instanceof LayerSpec.Input in) || in.shape().rank() != 3) {
            return false;
        }
        for (Node n : g.nodes()) {
            LayerKind<?> kind = n.kind();
            Object activation = kind.values(n.spec()).get("activation");
            Object dilation = kind.values(n.spec()).get("dilation");
            if (!KINDS.contains(kind.name()) || (activation != null && !ACTIVATIONS.contains(activation))
                    || (dilation != null && !dilation.equals(IntPair.of(1)))
                    || (n.spec() instanceof LayerSpec.Output o && o.activation() != ActivationFunction.SOFTMAX)) {
                return false;
            }
        }
        return true;
    }
}
