package io.layerloom.codegen.onnx;

import io.layerloom.model.util.Text;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An ONNX model whose file is sound but whose graph uses operators, attributes or patterns the
 * structural import cannot map onto LayerLoom's layers. It lists every such node at once (its
 * name, operator, attributes, inputs and why it was refused) together with what the import does
 * support, so the user sees the whole gap in one run instead of one node per attempt; when it is
 * thrown no graph is produced at all.
 */
public final class OnnxUnsupportedException extends OnnxFormatException {

    private static final long serialVersionUID = 1L;

    /** The operator patterns the import maps, as the report lists them. */
    public static final String SUPPORTED = "Conv (group 1, group = channels as DepthwiseConv2D, other groups without a bias as GroupedConv2D; 1x1 with stride 1,"
        + " no pads and group 1 on a global pooling's [N, C, 1, 1] as Dense),"
        + " ConvTranspose (group 1, no dilation or output_padding, symmetric pads),"
        + " Relu, Sigmoid, Tanh, Clip(0, 6) as relu6, LeakyRelu (alpha 0.01), Elu (alpha 1),"
        + " HardSigmoid (beta 0.5, alpha 0.2 or 1/6), HardSwish, Mul of x and Sigmoid(x) as swish, Mul of x and"
        + " HardSigmoid(x) (alpha 1/6) as hardswish, Softmax over features, MaxPool"
        + " (symmetric pads), AveragePool (symmetric pads, or any with count_include_pad 1), ceil_mode on MaxPool"
        + " after a relu-like activation, elsewhere only where it changes no size, GlobalAveragePool, GlobalMaxPool, ReduceMean over height and width,"
        + " BatchNormalization, LRN (odd size), Pad with zeros on height and width, Flatten (axis 1), Reshape to"
        + " [N, -1], Gemm (transA = 0), MatMul (+ Add of a bias), Add or Mul of two tensors of one shape, Mul of an"
        + " image [N, C, H, W] by a global pooling's [N, C, 1, 1] or an Unsqueeze of a vector to it (squeeze-and-excitation,"
        + " as ChannelScale), ShuffleNet's channel shuffle (Reshape to [N, g, C/g, H, W], Transpose perm [0, 2, 1, 3, 4],"
        + " Reshape back) as ChannelShuffle, a Slice of one of equal parts of the channels as ChannelSplit (with the Shape,"
        + " Gather, Add, Div and Mul of sizes PyTorch's chunk writes), Concat on"
        + " the channel axis, Dropout, Identity, Constant, LSTM (forward or bidirectional, sigmoid gates, zero or"
        + " no initial state; no sequence_lens, peepholes, clip or input_forget) on a sequence input [N, T, F] or"
        + " [T, N, F], with the Transpose, Squeeze and Reshape around it, its last step (Gather or Slice of index"
        + " -1, or Y_h of a forward LSTM) or a MatMul (+ Add of a bias) at every step as the graph's output"
        + " (RnnOutput), the Shape, Gather, Unsqueeze, Concat, Expand or ConstantOfShape that make its zero initial"
        + " state, and Slice, Concat and Unsqueeze of constants; a graph output must be a vector [N, F] (a final Gemm or MatMul becomes"
        + " the Output layer, any other vector ends in a LossLayer)";

    /** From this many refused nodes on, the report starts with the count per operator. */
    static final int SUMMARY_FROM = 10;

    private final transient List<Unsupported> nodes;

    OnnxUnsupportedException(String file, List<Unsupported> nodes) {
        super(file, null, describe(nodes), "LayerLoom imports only " + SUPPORTED
            + ". Re-export the model with these operators (e.g. replace the layers named above in the source"
            + " framework) or draw the missing part in LayerLoom after importing the rest.");
        this.nodes = List.copyOf(nodes);
    }

    private static String describe(List<Unsupported> nodes) {
        return nodes.size() + " node" + (nodes.size() == 1 ? "" : "s") + " cannot be imported" + byOperator(nodes) + ":\n"
            + nodes.stream().map(n -> "  - " + n.describe()).collect(Collectors.joining("\n")) + "\n";
    }

    /**
     * A long list is summed up first, by operator, most frequent first (e.g. " (by operator:
     * Transpose 82, ReduceMean 46)"), so a model far from what the import maps (ConvNeXt's
     * LayerNorm and GELU: hundreds of nodes) shows what is missing before the node-by-node list.
     */
    private static String byOperator(List<Unsupported> nodes) {
        if (nodes.size() < SUMMARY_FROM) {
            return "";
        }
        Map<String, Long> counts = nodes.stream().collect(Collectors.groupingBy(
            n -> n.opType().isEmpty() ? "graph output" : n.opType(), TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", ", " (by operator: ", ")"));
    }

    /** Every refused node, in graph order. */
    public List<Unsupported> nodes() {
        return nodes;
    }

    /**
     * One refused node or graph output.
     *
     * @param place how the report names it, e.g. "node 'conv3' (Conv)" or "graph output 'y'"
     * @param opType the operator, "" for a graph output
     * @param attributes the node's attributes as "name=value", sorted by name
     * @param inputs the tensor names it reads
     * @param reason why it was refused, with the values found
     */
    public record Unsupported(String place, String opType, List<String> attributes, List<String> inputs,
                              String reason) {

        public Unsupported {
            Objects.requireNonNull(place, "place");
            Objects.requireNonNull(opType, "opType");
            attributes = List.copyOf(attributes);
            inputs = List.copyOf(inputs);
            Objects.requireNonNull(reason, "reason");
        }

        String describe() {
            // Tensor names and attribute strings come from an untrusted file: keep escapes off the terminal.
            return place + ", inputs [" + inputs.stream().map(Text::display).collect(Collectors.joining(", ")) + "]"
                + (attributes.isEmpty() ? "" : ", attributes {"
                    + attributes.stream().map(Text::display).collect(Collectors.joining(", ")) + "}")
                + ": " + reason;
        }
    }
}
