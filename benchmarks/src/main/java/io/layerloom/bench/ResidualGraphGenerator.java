package io.layerloom.bench;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deterministic ResNet-style graph of an exact number of nodes, the workload of the benchmarks.
 *
 * <p>Input 3x64x64, a stem (Conv2D 3x3, BatchNorm, relu), four stages of widths 16, 32, 64 and
 * 128, then GlobalAvgPool and a 10-class Output. A basic block is 7 nodes: Conv2D 3x3 (padding 1,
 * no bias), BatchNorm, relu, Conv2D, BatchNorm, Add with the block input, relu. Stages 2 to 4
 * start with a downsampling block of 9 nodes: the first convolution has stride 2 and the
 * shortcut is a 1x1 stride-2 projection with its own BatchNorm. Basic blocks are shared out over
 * the stages, earlier stages taking the extra ones; the fewer than 7 nodes still missing are
 * added to the stem as Conv2D/BatchNorm/relu layers that keep the shape.
 *
 * <p>Every node has a canvas position (main path in one column, projections beside it), as a
 * graph saved by the designer has, so the JSON benchmarks read and write positions too.
 */
public final class ResidualGraphGenerator {

    /** The size the project's performance aims are stated for. */
    public static final int DEFAULT_NODES = 1000;

    private static final long[] WIDTHS = {16, 32, 64, 128};
    private static final int BASIC_BLOCK_NODES = 7;
    private static final int DOWNSAMPLING_BLOCK_NODES = 9;
    /** Input, three stem layers, GlobalAvgPool and Output. */
    private static final int FRAME_NODES = 6;
    /** The smallest graph this generator builds: the frame and one downsampling block per later stage. */
    public static final int MIN_NODES = FRAME_NODES + (WIDTHS.length - 1) * DOWNSAMPLING_BLOCK_NODES;

    private static final double ROW = 80;
    private static final double SHORTCUT_COLUMN = 240;

    private final List<Node> nodes = new ArrayList<>();
    private int row;

    private ResidualGraphGenerator() {
    }

    /** The 1,000-node graph. */
    public static Graph generate() {
        return generate(DEFAULT_NODES);
    }

    /** A graph of exactly {@code nodeCount} nodes; the same count always gives the same graph. */
    public static Graph generate(int nodeCount) {
        if (nodeCount < MIN_NODES) {
            throw new IllegalArgumentException("a residual graph needs at least " + MIN_NODES + " nodes, got " + nodeCount);
        }
        Graph g = new ResidualGraphGenerator().build(nodeCount);
        if (g.size() != nodeCount) {
            throw new IllegalStateException("generated " + g.size() + " nodes instead of " + nodeCount);
        }
        return g;
    }

    /**
     * The id of the first convolution of a basic block in the middle of stage 3: changing its
     * filters changes the parameters of the next convolution but keeps the graph valid, the
     * typical inspector edit.
     */
    public static String middleConvId(int nodeCount) {
        return blockId(3, basicBlocksPerStage(nodeCount)[2] / 2 + 1) + "_conv1";
    }

    private Graph build(int nodeCount) {
        int[] basic = basicBlocksPerStage(nodeCount);
        int stemPadding = stemPadding(nodeCount);

        String x = add("input", new LayerSpec.Input(Dims.of(3, 64, 64)));
        x = convBnRelu("stem", "", x, WIDTHS[0], 1);
        for (int i = 0; i < stemPadding; i++) {
            String id = "stem_extra" + (i + 1);
            x = switch (i % 3) {
                // relu on the convolution itself: when the padding ends on it, it must not feed the next
                // convolution linearly (LINEAR_CHAIN)
                case 0 -> add(id + "_conv", new LayerSpec.Conv2D(WIDTHS[0], IntPair.of(3), IntPair.of(1), Padding.of(1),
                        IntPair.of(1), ActivationFunction.RELU, false), x);
                case 1 -> add(id + "_bn", batchNorm(), x);
                default -> add(id + "_relu", relu(), x);
            };
        }
        for (int stage = 1; stage <= WIDTHS.length; stage++) {
            long width = WIDTHS[stage - 1];
            int block = 0;
            if (stage > 1) {
                x = downsamplingBlock(blockId(stage, ++block), x, width);
            }
            for (int i = 0; i < basic[stage - 1]; i++) {
                x = basicBlock(blockId(stage, ++block), x, width);
            }
        }
        x = add("gap", new LayerSpec.GlobalAvgPool(), x);
        add("output", new LayerSpec.Output(10, ActivationFunction.SOFTMAX, Loss.MCXENT, true), x);
        return new Graph("resnet-" + nodeCount, "Generated residual network for the LayerLoom benchmarks.", nodes);
    }

    /** Basic blocks in each stage: what the frame and downsampling blocks leave, shared out evenly. */
    private static int[] basicBlocksPerStage(int nodeCount) {
        int total = (nodeCount - MIN_NODES) / BASIC_BLOCK_NODES;
        int[] perStage = new int[WIDTHS.length];
        for (int s = 0; s < perStage.length; s++) {
            perStage[s] = total / perStage.length + (s < total % perStage.length ? 1 : 0);
        }
        return perStage;
    }

    private static int stemPadding(int nodeCount) {
        return (nodeCount - MIN_NODES) % BASIC_BLOCK_NODES;
    }

    private static String blockId(int stage, int block) {
        return "s" + stage + "b" + block;
    }

    private String basicBlock(String id, String in, long width) {
        String y = convBnRelu(id, "1", in, width, 1);
        y = add(id + "_conv2", conv(width, 3, 1, 1), y);
        y = add(id + "_bn2", batchNorm(), y);
        String sum = add(id + "_add", new LayerSpec.Add(), y, in);
        return add(id + "_relu", relu(), sum);
    }

    private String downsamplingBlock(String id, String in, long width) {
        int shortcutRow = row;
        String y = convBnRelu(id, "1", in, width, 2);
        y = add(id + "_conv2", conv(width, 3, 1, 1), y);
        y = add(id + "_bn2", batchNorm(), y);
        int mainRow = row;
        row = shortcutRow;
        String shortcut = addAt(id + "_proj", conv(width, 1, 2, 0), SHORTCUT_COLUMN, in);
        shortcut = addAt(id + "_proj_bn", batchNorm(), SHORTCUT_COLUMN, shortcut);
        row = mainRow;
        String sum = add(id + "_add", new LayerSpec.Add(), y, shortcut);
        return add(id + "_relu", relu(), sum);
    }

    private String convBnRelu(String prefix, String suffix, String in, long width, int stride) {
        String y = add(prefix + "_conv" + suffix, conv(width, 3, stride, 1), in);
        y = add(prefix + "_bn" + suffix, batchNorm(), y);
        return add(prefix + "_relu" + suffix, relu(), y);
    }

    private static LayerSpec conv(long filters, int kernel, int stride, int padding) {
        return new LayerSpec.Conv2D(filters, IntPair.of(kernel), IntPair.of(stride), Padding.of(padding), IntPair.of(1),
                ActivationFunction.IDENTITY, false);
    }

    private static LayerSpec batchNorm() {
        return new LayerSpec.BatchNorm(1e-5, 0.9);
    }

    private static LayerSpec relu() {
        return new LayerSpec.ActivationLayer(ActivationFunction.RELU);
    }

    private String add(String id, LayerSpec spec, String... inputs) {
        return addAt(id, spec, 0, inputs);
    }

    private String addAt(String id, LayerSpec spec, double x, String... inputs) {
        nodes.add(new Node(id, spec, List.of(inputs), Optional.of(new Position(x, ROW * row++)), Map.of()));
        return id;
    }
}
