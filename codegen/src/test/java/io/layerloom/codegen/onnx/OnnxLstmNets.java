package io.layerloom.codegen.onnx;

import static io.layerloom.codegen.onnx.OnnxTestModels.integer;
import static io.layerloom.codegen.onnx.OnnxTestModels.ints;

import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * ONNX models around an LSTM written as torch 1.13's exporter writes an {@code nn.LSTM} (opset
 * 13 and up, constant folding on): the input moved to time-major by a Transpose, zero initial
 * states Expand-ed to a shape computed from the input's Shape, the output Y [T, dirs, N, H] turned
 * back by Squeeze (one direction) or Transpose and Reshape (two), then its last step by Gather.
 * Weights are random from fixed seeds; {@link OnnxNet#trainable} counts them as PyTorch does (two
 * biases per direction).
 */
public final class OnnxLstmNets {

    private OnnxLstmNets() {
    }

    /** Graph input "x" as [N, T, F] (batch first) or [T, N, F], N symbolic. */
    public static OnnxNet withInput(String output, long steps, long features, boolean batchFirst) {
        OnnxNet net = new OnnxNet(output, steps, features);
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        TensorShapeProto.Dimension n = TensorShapeProto.Dimension.newBuilder().setDimParam("N").build();
        TensorShapeProto.Dimension t = TensorShapeProto.Dimension.newBuilder().setDimValue(steps).build();
        shape.addDim(batchFirst ? n : t).addDim(batchFirst ? t : n)
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features));
        net.g.setInput(0, ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build());
        return net;
    }

    public static AttributeProto strings(String name, String... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(org.nd4j.shade.protobuf.ByteString.copyFromUtf8(v));
        }
        return a.build();
    }

    /** An int64 scalar constant (a Gather index). */
    public static void scalar(OnnxNet net, String name, long value) {
        net.g.addInitializer(OnnxTestModels.longs(name, new long[] {value}));
    }

    /**
     * PyTorch's zero initial state: Expand of a zero [dirs, 1, H] to [dirs, batch of {@code seq}, H],
     * the batch read with Shape and Gather on axis 1 of the time-major sequence.
     */
    public static String zeroState(OnnxNet net, String name, String seq, int dirs, long hidden) {
        net.constant(name + ".zero", new float[(int) (dirs * hidden)], dirs, 1, hidden);
        scalar(net, name + ".one", 1);
        net.longs(name + ".axis0", 0).longs(name + ".dirs", dirs).longs(name + ".hidden", hidden);
        net.op(name + "/Shape", "Shape", List.of(seq), name + "/shape")
            .op(name + "/Gather", "Gather", List.of(name + "/shape", name + ".one"), name + "/batch")
            .op(name + "/Unsqueeze", "Unsqueeze", List.of(name + "/batch", name + ".axis0"), name + "/batch1")
            .op(name + "/Concat", "Concat", List.of(name + ".dirs", name + "/batch1", name + ".hidden"), name + "/size",
                integer("axis", 0))
            .op(name + "/Expand", "Expand", List.of(name + ".zero", name + "/size"), name);
        return name;
    }

    /**
     * An LSTM node {@code name} on the time-major {@code x}, weights "{@code name}.W", ".R", ".B";
     * outputs name/Y, name/Y_h, name/Y_c. Extra attributes (direction, activations, ...) as given.
     */
    public static void lstm(OnnxNet net, String name, String x, long in, long hidden, int dirs, boolean zeroStates,
                            AttributeProto... attributes) {
        net.weight(name + ".W", dirs, 4 * hidden, in).weight(name + ".R", dirs, 4 * hidden, hidden)
            .weight(name + ".B", dirs, 8 * hidden);
        List<String> inputs = new ArrayList<>(List.of(x, name + ".W", name + ".R", name + ".B"));
        if (zeroStates) {
            inputs.addAll(List.of("", zeroState(net, name + "/h0", x, dirs, hidden),
                zeroState(net, name + "/c0", x, dirs, hidden)));
        }
        List<AttributeProto> a = new ArrayList<>(List.of(attributes));
        a.add(integer("hidden_size", hidden));
        if (dirs == 2) {
            a.add(OnnxTestModels.string("direction", "bidirectional"));
        }
        net.g.addNode(OnnxTestModels.node(name, "LSTM", inputs, List.of(name + "/Y", name + "/Y_h", name + "/Y_c"),
            a.toArray(AttributeProto[]::new)));
    }

    /** Y [T, dirs, N, H] as PyTorch's [T, N, dirs * H]: Squeeze of one direction, Transpose and Reshape of two. */
    public static String sequence(OnnxNet net, String name, int dirs) {
        if (dirs == 1) {
            net.longs(name + ".sq", 1).op(name + "/Squeeze", "Squeeze", List.of(name + "/Y", name + ".sq"), name + "/seq");
        } else {
            net.longs(name + ".shape", 0, 0, -1)
                .op(name + "/Transpose", "Transpose", List.of(name + "/Y"), name + "/tnd", ints("perm", 0, 2, 1, 3))
                .op(name + "/Reshape", "Reshape", List.of(name + "/tnd", name + ".shape"), name + "/seq");
        }
        return name + "/seq";
    }

    /**
     * nn.LSTM(features, hidden, batch_first, bidirectional, num_layers) then Linear(classes) on
     * output[:, -1] (or output[-1]), as torch 1.13 exports it.
     */
    public static OnnxNet classifier(long steps, long features, long hidden, boolean batchFirst, int dirs, int layers,
                                     long classes) {
        OnnxNet net = withInput("y", steps, features, batchFirst);
        String x = "x";
        if (batchFirst) {
            net.op("to_time_major", "Transpose", List.of("x"), "xt", ints("perm", 1, 0, 2));
            x = "xt";
        }
        long in = features;
        for (int l = 0; l < layers; l++) {
            lstm(net, "lstm" + l, x, in, hidden, dirs, true);
            x = sequence(net, "lstm" + l, dirs);
            in = dirs * hidden;
        }
        scalar(net, "last", -1);
        if (batchFirst) {
            net.op("to_batch_major", "Transpose", List.of(x), "out", ints("perm", 1, 0, 2))
                .op("last_step", "Gather", List.of("out", "last"), "h", integer("axis", 1));
        } else {
            net.op("last_step", "Gather", List.of(x, "last"), "h", integer("axis", 0));
        }
        net.weight("fc.w", classes, dirs * hidden).weight("fc.b", classes)
            .op("fc", "Gemm", List.of("h", "fc.w", "fc.b"), "y", integer("transB", 1));
        return net;
    }
}
