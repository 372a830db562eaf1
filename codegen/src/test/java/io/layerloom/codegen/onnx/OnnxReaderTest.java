package io.layerloom.codegen.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.protobuf.ByteString;

import static io.layerloom.codegen.onnx.OnnxTestModels.cnn;
import static io.layerloom.codegen.onnx.OnnxTestModels.graph;
import static io.layerloom.codegen.onnx.OnnxTestModels.header;
import static io.layerloom.codegen.onnx.OnnxTestModels.integer;
import static io.layerloom.codegen.onnx.OnnxTestModels.le;
import static io.layerloom.codegen.onnx.OnnxTestModels.node;
import static io.layerloom.codegen.onnx.OnnxTestModels.values;
import static io.layerloom.codegen.onnx.OnnxTestModels.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading well-formed ONNX models into the whole LayerLoom-side description. */
class OnnxReaderTest {

    @TempDir
    Path dir;

    private static List<OnnxDim> dims(Object... dims) {
        return Arrays.stream(dims).map(d -> d instanceof String s ? (OnnxDim) new OnnxDim.Named(s)
            : new OnnxDim.Fixed(((Number) d).longValue())).toList();
    }

    @Test
    void readsAConvReluPoolFlattenGemmModelWhole() throws Exception {
        Path file = write(dir, "cnn.onnx", cnn());

        OnnxModel model = new OnnxReader().read(file);

        OnnxModel expected = new OnnxModel("cnn.onnx", 8, "pytorch 2.1.0", List.of(new OnnxOpset("", 17)), "cnn",
            List.of(new OnnxValueInfo("input", OnnxElementType.FLOAT, Optional.of(dims("batch", 1, 8, 8)))),
            List.of(new OnnxValueInfo("output", OnnxElementType.FLOAT, Optional.of(dims("batch", 10)))),
            List.of(OnnxTensor.floats("conv.weight", List.of(4L, 1L, 3L, 3L), values(36)),
                OnnxTensor.floats("conv.bias", List.of(4L), values(4)),
                OnnxTensor.floats("fc.weight", List.of(10L, 64L), values(640)),
                OnnxTensor.floats("fc.bias", List.of(10L), values(10))),
            List.of(new OnnxNode("conv1", "Conv", "", List.of("input", "conv.weight", "conv.bias"), List.of("conv_out"),
                    List.of(new OnnxAttribute.IntList("dilations", List.of(1L, 1L)),
                        new OnnxAttribute.IntValue("group", 1),
                        new OnnxAttribute.IntList("kernel_shape", List.of(3L, 3L)),
                        new OnnxAttribute.IntList("pads", List.of(1L, 1L, 1L, 1L)),
                        new OnnxAttribute.IntList("strides", List.of(1L, 1L)))),
                new OnnxNode("relu1", "Relu", "", List.of("conv_out"), List.of("relu_out"), List.of()),
                new OnnxNode("pool1", "MaxPool", "", List.of("relu_out"), List.of("pool_out"),
                    List.of(new OnnxAttribute.IntList("kernel_shape", List.of(2L, 2L)),
                        new OnnxAttribute.IntList("strides", List.of(2L, 2L)))),
                new OnnxNode("flatten", "Flatten", "", List.of("pool_out"), List.of("flat"),
                    List.of(new OnnxAttribute.IntValue("axis", 1))),
                new OnnxNode("fc", "Gemm", "", List.of("flat", "fc.weight", "fc.bias"), List.of("output"),
                    List.of(new OnnxAttribute.FloatValue("alpha", 1f), new OnnxAttribute.FloatValue("beta", 1f),
                        new OnnxAttribute.IntValue("transB", 1)))));
        assertEquals(expected, model);
        assertEquals(Optional.of(17L), model.defaultOpset());
        float[] fc = new float[640];
        model.initializer("fc.weight").orElseThrow().floatData().get(fc);
        assertArrayEquals(values(640), fc);
    }

    @Test
    void ordersNodesTopologicallyKeepingTheFilesOrderForTiesAndLeavesInitializersOutOfTheInputs() throws Exception {
        // Written out of order, as some converters do; the old-IR habit of listing weights as inputs too.
        TensorProto shape = OnnxTestModels.longs("shape", new long[] {1, 4}, 2);
        ModelProto proto = graph("y", List.of(shape),
            node("b", "Reshape", List.of("a_out", "shape"), List.of("y")),
            node("a", "Clip", List.of("x", "", "max"), List.of("a_out")),
            node("m", "Constant", List.of(), List.of("max"), AttributeProto.newBuilder().setName("value")
                .setType(AttributeProto.AttributeType.TENSOR).setT(OnnxTestModels.floats("", new float[] {6f}))
                .build()));
        proto = proto.toBuilder().setGraph(proto.getGraph().toBuilder()
            .addInput(OnnxTestModels.value("shape", TensorProto.DataType.INT64_VALUE, null, 2))).build();

        OnnxModel model = new OnnxReader().read(write(dir, "clip.onnx", proto));

        assertEquals(List.of(new OnnxNode("m", "Constant", "", List.of(), List.of("max"),
                List.of(new OnnxAttribute.TensorValue("value", OnnxTensor.floats("", List.of(), 6f)))),
            new OnnxNode("a", "Clip", "", List.of("x", "", "max"), List.of("a_out"), List.of()),
            new OnnxNode("b", "Reshape", "", List.of("a_out", "shape"), List.of("y"), List.of())), model.nodes());
        assertEquals(List.of(new OnnxValueInfo("x", OnnxElementType.FLOAT, Optional.of(dims(1, 4)))), model.inputs());
        assertEquals(List.of(OnnxTensor.longs("shape", List.of(2L), 1, 4)), model.initializers());
    }

    @Test
    void readsExternalDataFromTheModelsFolderAtItsOffset() throws Exception {
        float[] weights = values(6);
        byte[] data = new byte[8 + 24];
        System.arraycopy(le(weights), 0, data, 8, 24);
        Files.write(dir.resolve("weights.bin"), data);
        TensorProto w = header("w", TensorProto.DataType.FLOAT_VALUE, 2, 3)
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin"))
            .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("8"))
            .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue("24")).build();
        ModelProto proto = graph("y", List.of(w), node("id", "Identity", List.of("x"), List.of("y")));

        OnnxModel model = new OnnxReader().read(write(dir, "ext.onnx", proto));

        assertEquals(List.of(OnnxTensor.floats("w", List.of(2L, 3L), weights)), model.initializers());
    }

    @Test
    void keepsAttributesOfTypesItDoesNotReadForTheMappingToReport() throws Exception {
        ModelProto proto = graph("y", List.of(), node("loop", "If", List.of("x"), List.of("y"),
            AttributeProto.newBuilder().setName("then_branch").setType(AttributeProto.AttributeType.GRAPH)
                .setG(onnx.Onnx.GraphProto.newBuilder().setName("then")).build(),
            AttributeProto.newBuilder().setName("mode").setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8("constant")).build(), integer("axis", -1)));

        OnnxModel model = new OnnxReader().read(write(dir, "if.onnx", proto));

        assertEquals(List.of(new OnnxAttribute.IntValue("axis", -1), new OnnxAttribute.StringValue("mode", "constant"),
            new OnnxAttribute.Unsupported("then_branch", "GRAPH")), model.nodes().get(0).attributes());
    }
}
