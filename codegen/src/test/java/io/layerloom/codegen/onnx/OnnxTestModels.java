package io.layerloom.codegen.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.nd4j.shade.protobuf.ByteString;

/** Small ONNX models built with ONNX's protobuf builders, as an exporter would write them; app tests use them too. */
public final class OnnxTestModels {

    private OnnxTestModels() {
    }

    /** 0.01 * (i + 1) for i in 0..n-1, then negated on odd positions: values distinct and exact to compare. */
    public static float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 2 == 0 ? 1 : -1) * 0.01f * (i + 1);
        }
        return v;
    }

    /** Uniform values in [-1, 1) from a fixed seed: weights that are not symmetric in any layout. */
    public static float[] random(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    /** Conv(3x3, pad 1) -> Relu -> MaxPool(2x2) -> Flatten -> Gemm(64 -> 10) on a 1x8x8 input. */
    public static ModelProto cnn() {
        GraphProto graph = GraphProto.newBuilder().setName("cnn")
            .addInput(value("input", TensorProto.DataType.FLOAT_VALUE, "batch", 1, 8, 8))
            .addOutput(value("output", TensorProto.DataType.FLOAT_VALUE, "batch", 10))
            .addInitializer(rawFloats("conv.weight", values(36), 4, 1, 3, 3))
            .addInitializer(floats("conv.bias", values(4), 4))
            .addInitializer(floats("fc.weight", values(640), 10, 64))
            .addInitializer(rawFloats("fc.bias", values(10), 10))
            .addNode(node("conv1", "Conv", List.of("input", "conv.weight", "conv.bias"), List.of("conv_out"),
                ints("strides", 1, 1), ints("pads", 1, 1, 1, 1), ints("kernel_shape", 3, 3), integer("group", 1),
                ints("dilations", 1, 1)))
            .addNode(node("relu1", "Relu", List.of("conv_out"), List.of("relu_out")))
            .addNode(node("pool1", "MaxPool", List.of("relu_out"), List.of("pool_out"),
                ints("kernel_shape", 2, 2), ints("strides", 2, 2)))
            .addNode(node("flatten", "Flatten", List.of("pool_out"), List.of("flat"), integer("axis", 1)))
            .addNode(node("fc", "Gemm", List.of("flat", "fc.weight", "fc.bias"), List.of("output"),
                real("alpha", 1f), real("beta", 1f), integer("transB", 1)))
            .build();
        return model(graph);
    }

    public static ModelProto model(GraphProto graph) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("pytorch").setProducerVersion("2.1.0")
            .setGraph(graph).addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
            .build();
    }

    /** A model with one float input "x" [1, 4] and the given nodes, initializers and output. */
    public static ModelProto graph(String output, List<TensorProto> initializers, NodeProto... nodes) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
            .addInput(value("x", TensorProto.DataType.FLOAT_VALUE, null, 1, 4))
            .addOutput(value(output, TensorProto.DataType.FLOAT_VALUE, null, 1, 4))
            .addAllInitializer(initializers);
        for (NodeProto n : nodes) {
            g.addNode(n);
        }
        return model(g.build());
    }

    public static Path write(Path dir, String name, ModelProto model) throws IOException {
        return Files.write(dir.resolve(name), model.toByteArray());
    }

    /** A tensor value info; {@code batch} names a symbolic first dimension, null for none. */
    public static ValueInfoProto value(String name, int elemType, String batch, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        if (batch != null) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
        }
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    public static TensorProto floats(String name, float[] values, long... dims) {
        TensorProto.Builder t = header(name, TensorProto.DataType.FLOAT_VALUE, dims);
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    public static TensorProto rawFloats(String name, float[] values, long... dims) {
        return header(name, TensorProto.DataType.FLOAT_VALUE, dims).setRawData(ByteString.copyFrom(le(values)))
            .build();
    }

    public static TensorProto longs(String name, long[] values, long... dims) {
        TensorProto.Builder t = header(name, TensorProto.DataType.INT64_VALUE, dims);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    public static TensorProto.Builder header(String name, int type, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type);
        for (long d : dims) {
            t.addDims(d);
        }
        return t;
    }

    public static byte[] le(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    public static NodeProto node(String name, String op, List<String> inputs, List<String> outputs,
                          AttributeProto... attributes) {
        return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addAllOutput(outputs)
            .addAllAttribute(List.of(attributes)).build();
    }

    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    public static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
            .setS(ByteString.copyFromUtf8(value)).build();
    }

    public static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
            .build();
    }
}
