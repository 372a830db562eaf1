package io.layerloom.codegen.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.nd4j.shade.protobuf.UnsafeByteOperations;

/**
 * The nodes and initializers of an ONNX graph as export writes them: operators appended in the
 * order they must run, tensor names kept unique (a layer's output is named after its node id,
 * its weights and intermediate tensors after the node id and a suffix), float weights stored as
 * little-endian raw data without a second copy of the values. Export's layer rules
 * ({@link OnnxLayerExport}) write through it and never see protobuf builders.
 */
final class OnnxGraphWriter {

    /** One attribute of a node, already in protobuf form. */
    record Attribute(AttributeProto proto) {
    }

    private final GraphProto.Builder graph;
    private final Set<String> names = new HashSet<>();

    OnnxGraphWriter(GraphProto.Builder graph) {
        this.graph = graph;
    }

    /** Claims {@code name} for a tensor; a name already taken gets "_2", "_3", ... appended. */
    String name(String wanted) {
        String name = wanted;
        for (int i = 2; !names.add(name); i++) {
            name = wanted + "_" + i;
        }
        return name;
    }

    /** Appends a node computing {@code output} (a name already claimed) and returns it. */
    String node(String op, List<String> inputs, String output, Attribute... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
        for (Attribute a : attributes) {
            n.addAttribute(a.proto());
        }
        graph.addNode(n);
        return output;
    }

    /** Appends a node writing a fresh tensor named after {@code base}. */
    String op(String op, String base, List<String> inputs, Attribute... attributes) {
        return node(op, inputs, name(base), attributes);
    }

    /** A float initializer holding {@code values} (row-major) of the given shape. */
    String floats(String base, long[] shape, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(values.length, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        String name = name(base);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addAllDims(longs(shape)).setRawData(UnsafeByteOperations.unsafeWrap(bytes.array())));
        return name;
    }

    /** A one-dimensional int64 initializer (shapes, pads, axes, indices). */
    String int64s(String base, long... values) {
        String name = name(base);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
            .addDims(values.length).addAllInt64Data(longs(values)));
        return name;
    }

    /** A scalar float initializer (Clip's bounds, a scale). */
    String scalar(String base, float value) {
        String name = name(base);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addFloatData(value));
        return name;
    }

    private static List<Long> longs(long[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    static Attribute ints(String name, long... values) {
        return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
            .addAllInts(longs(values)).build());
    }

    static Attribute integer(String name, long value) {
        return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
            .setI(value).build());
    }

    static Attribute real(String name, float value) {
        return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
            .setF(value).build());
    }

    static Attribute text(String name, String value) {
        return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
            .setS(org.nd4j.shade.protobuf.ByteString.copyFromUtf8(value)).build());
    }

    static Attribute texts(String name, String... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(org.nd4j.shade.protobuf.ByteString.copyFromUtf8(v));
        }
        return new Attribute(a.build());
    }
}
