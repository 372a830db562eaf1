package io.layerloom.codegen.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import onnx.Onnx.ModelProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.shade.protobuf.ByteString;

import static io.layerloom.codegen.onnx.OnnxTestModels.cnn;
import static io.layerloom.codegen.onnx.OnnxTestModels.floats;
import static io.layerloom.codegen.onnx.OnnxTestModels.graph;
import static io.layerloom.codegen.onnx.OnnxTestModels.header;
import static io.layerloom.codegen.onnx.OnnxTestModels.node;
import static io.layerloom.codegen.onnx.OnnxTestModels.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every hostile or broken file is refused with the file, the place and the fix, before large allocations. */
class OnnxHostileFileTest {

    private static final String REEXPORT = "The file is damaged or was written by a faulty exporter; export the "
        + "model again from its source framework.";
    private static final String INVALID_GRAPH = "The file is not a valid ONNX graph; export the model again from "
        + "its source framework, or check it with onnx.checker.check_model.";
    private static final String NOT_ONNX = "Open an .onnx model file (exported with torch.onnx.export, tf2onnx or "
        + "keras2onnx); if it is one, download or copy it again.";
    private static final String OUTSIDE = "Keep the model's external data files in the model's own folder, referred "
        + "to by a relative name such as 'weights.bin' (onnx.save_model(..., save_as_external_data=True, "
        + "location='weights.bin')).";

    @TempDir
    Path dir;

    private OnnxFormatException refused(Path file) {
        return refused(file, OnnxLimits.DEFAULT);
    }

    private OnnxFormatException refused(Path file, OnnxLimits limits) {
        return assertThrows(OnnxFormatException.class, () -> new OnnxReader(limits).read(file));
    }

    private static void assertRefusal(String place, String problem, String fix, OnnxFormatException e) {
        assertEquals(Optional.ofNullable(place), e.place(), e.getMessage());
        assertEquals(problem, e.problem(), e.getMessage());
        assertEquals(fix, e.fix(), e.getMessage());
    }

    /** A model whose one initializer is {@code w}, read by an Add. */
    private ModelProto withWeight(TensorProto w) {
        return graph("y", List.of(w), node("add", "Add", List.of("x", w.getName()), List.of("y")));
    }

    private static TensorProto external(String location) {
        return header("w", TensorProto.DataType.FLOAT_VALUE, 1, 4).setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location)).build();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void randomBytesAreNotAnOnnxModel(long seed) throws Exception {
        byte[] garbage = new byte[4096];
        new Random(seed).nextBytes(garbage);
        garbage[0] = (byte) 0xff; // whatever else, not ir_version's tag

        OnnxFormatException e = refused(Files.write(dir.resolve("garbage.onnx"), garbage));

        assertEquals(String.format("garbage.onnx: the file is not an ONNX model: its bytes are not a protobuf message "
            + "(it starts with ff %02x %02x %02x). Fix: %s", garbage[1], garbage[2], garbage[3], NOT_ONNX),
            e.getMessage());
    }

    @Test
    void anEmptyFileAndATextFileAreNotOnnxModels() throws Exception {
        assertEquals("empty.onnx: the file is not an ONNX model: it has no graph. Fix: " + NOT_ONNX,
            refused(Files.write(dir.resolve("empty.onnx"), new byte[0])).getMessage());
        assertRefusal(null, "the file is not an ONNX model: its bytes are not a protobuf message (it starts with "
                + "7b 22 6e 6f).", NOT_ONNX,
            refused(Files.writeString(dir.resolve("model.onnx"), "{\"nodes\": []}\n")));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 100, 1000, 2000, -1})
    void aTruncatedFileIsSaidToBeTruncated(int cut) throws Exception {
        byte[] whole = cnn().toByteArray();
        int length = cut > 0 ? cut : whole.length + cut;

        OnnxFormatException e = refused(Files.write(dir.resolve("cnn.onnx"), Arrays.copyOf(whole, length)));

        assertEquals("cnn.onnx: the file is truncated: it ends in the middle of a field (" + length + " bytes read). "
            + "Fix: Download or copy the file again; the copy is incomplete.", e.getMessage());
    }

    @Test
    void aFileCutRightAfterItsIrVersionHasNoGraph() throws Exception {
        byte[] cut = Arrays.copyOf(cnn().toByteArray(), 2);

        assertRefusal(null, "the model has no graph: the file is truncated or was not written by an ONNX exporter.",
            NOT_ONNX, refused(Files.write(dir.resolve("cnn.onnx"), cut)));
    }

    @Test
    void aFileCutRightAfterItsGraphImportsNoOperatorSet() throws Exception {
        // Writers emit fields in number order and opset_import (8) follows the graph (7): the cut is a prefix.
        byte[] cut = cnn().toBuilder().clearOpsetImport().build().toByteArray();

        assertRefusal(null, "the model imports no operator set: the file is truncated or was not written by an ONNX "
            + "exporter.", NOT_ONNX, refused(Files.write(dir.resolve("cnn.onnx"), cut)));
    }

    @Test
    void aFileOverTheSizeLimitIsNotRead() throws Exception {
        Path file = write(dir, "cnn.onnx", cnn());
        long size = Files.size(file);

        assertRefusal(null, "the file is " + size + " bytes, more than the 1000-byte limit.", "Save the model with "
                + "its weights as external data (onnx.save_model(..., save_as_external_data=True)) so the .onnx file "
                + "itself stays small.",
            refused(file, new OnnxLimits(1000, 1000, 1000)));
    }

    @Test
    void dimsMultiplyingPastLongAreRefusedByTensorName() throws Exception {
        TensorProto huge = header("w", TensorProto.DataType.FLOAT_VALUE, 1L << 40, 1L << 40).build();

        assertRefusal("tensor 'w'", "dims [1099511627776, 1099511627776] declare more than 2^63 bytes, more than the "
                + "1073741824-byte limit for one tensor.", "The dims are corrupt, or the tensor is larger than LayerLoom "
                + "imports; check the file in Netron and export the model again.",
            refused(write(dir, "huge.onnx", withWeight(huge))));
    }

    @Test
    void dimsOverTheTensorLimitAreRefusedBeforeAnyAllocation() throws Exception {
        TensorProto big = header("w", TensorProto.DataType.FLOAT_VALUE, 100_000, 100_000).build();

        assertRefusal("tensor 'w'", "dims [100000, 100000] declare 10000000000 values (40000000000 bytes), more than "
                + "the 1073741824-byte limit for one tensor.", "The dims are corrupt, or the tensor is larger than "
                + "LayerLoom imports; check the file in Netron and export the model again.",
            refused(write(dir, "big.onnx", withWeight(big))));
    }

    @Test
    void aNegativeDimIsRefused() throws Exception {
        assertRefusal("tensor 'w'", "dims [4, -1] contain a negative size.", REEXPORT,
            refused(write(dir, "neg.onnx", withWeight(header("w", 1, 4, -1).build()))));
    }

    @Test
    void dimsDisagreeingWithFloatDataAreRefused() throws Exception {
        TensorProto w = floats("w", new float[] {1, 2, 3, 4, 5}, 2, 3);

        assertEquals("short.onnx: tensor 'w': dims [2, 3] declare 6 values but its float_data holds 5 values. Fix: "
            + REEXPORT, refused(write(dir, "short.onnx", withWeight(w))).getMessage());
    }

    @Test
    void dimsDisagreeingWithRawDataAreRefused() throws Exception {
        TensorProto w = header("w", TensorProto.DataType.FLOAT_VALUE, 2, 3).setRawData(ByteString.copyFrom(new byte[16]))
            .build();

        assertRefusal("tensor 'w'", "dims [2, 3] declare 6 values but its raw_data holds 16 bytes, not 24.", REEXPORT,
            refused(write(dir, "raw.onnx", withWeight(w))));
    }

    @Test
    void externalDataLeavingTheFolderWithDotDotIsNotRead() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("model"));
        Files.write(dir.resolve("secret.bin"), new byte[16]);

        assertRefusal("tensor 'w'", "external data location '../secret.bin' leaves the model's folder; LayerLoom "
                + "reads external data only from the model's folder.", OUTSIDE,
            refused(write(folder, "m.onnx", withWeight(external("../secret.bin")))));
        assertRefusal("tensor 'w'", "external data location 'sub/../../secret.bin' leaves the model's folder; "
                + "LayerLoom reads external data only from the model's folder.", OUTSIDE,
            refused(write(folder, "m.onnx", withWeight(external("sub/../../secret.bin")))));
    }

    @Test
    void externalDataAtAnAbsolutePathIsNotRead() throws Exception {
        Path secret = Files.write(dir.resolve("secret.bin"), new byte[16]).toAbsolutePath();

        assertRefusal("tensor 'w'", "external data location '" + secret + "' is an absolute path; LayerLoom reads "
                + "external data only from the model's folder.", OUTSIDE,
            refused(write(dir, "m.onnx", withWeight(external(secret.toString())))));
    }

    @Test
    void externalDataThroughALinkOutOfTheFolderIsNotRead() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("model"));
        Path secret = Files.write(dir.resolve("secret.bin"), new byte[16]);
        Files.createSymbolicLink(folder.resolve("w.bin"), secret);

        assertRefusal("tensor 'w'", "external data location 'w.bin' is a link leading out of the model's folder; "
                + "LayerLoom reads external data only from the model's folder.", OUTSIDE,
            refused(write(folder, "m.onnx", withWeight(external("w.bin")))));
    }

    @Test
    void missingExternalDataIsNamed() throws Exception {
        assertEquals("m.onnx: tensor 'w': external data file 'w.bin' does not exist next to the model. Fix: Copy "
            + "'w.bin' into the folder of m.onnx.", refused(write(dir, "m.onnx", withWeight(external("w.bin"))))
            .getMessage());
    }

    @Test
    void externalDataShorterThanTheTensorIsRefused() throws Exception {
        Files.write(dir.resolve("w.bin"), new byte[12]);

        assertRefusal("tensor 'w'", "external data 'w.bin' is 12 bytes long, too short for 16 bytes at offset 0.",
            "Copy the complete data file 'w.bin' next to m.onnx again.",
            refused(write(dir, "m.onnx", withWeight(external("w.bin")))));
    }

    @Test
    void externalDataPastTheModelsTotalIsRefusedBeforeItIsRead() throws Exception {
        Files.write(dir.resolve("w.bin"), new byte[16]);
        TensorProto v = external("w.bin").toBuilder().setName("v").build();
        ModelProto proto = graph("y", List.of(external("w.bin"), v),
            node("add", "Add", List.of("x", "w"), List.of("s")), node("add2", "Add", List.of("s", "v"), List.of("y")));

        assertRefusal("tensor 'v'", "external data would bring the model's external data to 32 bytes, more than the "
                + "20-byte limit.", "The external data references are corrupt, or the model is larger than LayerLoom "
                + "imports; check the file in Netron and export the model again.",
            refused(write(dir, "m.onnx", proto), new OnnxLimits(1000, 1000, 20)));
    }

    @Test
    void aCycleIsRefusedNamingItsNodes() throws Exception {
        ModelProto proto = graph("y",  List.of(),
            node("a", "Add", List.of("x", "b_out"), List.of("a_out")),
            node("b", "Relu", List.of("a_out"), List.of("b_out")),
            node("out", "Identity", List.of("b_out"), List.of("y")));

        assertRefusal("node 'a' (Add)", "is part of a cycle: node 'a' (Add) -> node 'b' (Relu) -> node 'a' (Add); "
            + "ONNX graphs must be acyclic.", INVALID_GRAPH, refused(write(dir, "cycle.onnx", proto)));
    }

    @Test
    void aNodeReadingAnUndefinedTensorIsNamed() throws Exception {
        ModelProto proto = graph("y", List.of(), node("", "Relu", List.of("x"), List.of("r")),
            node("add", "Add", List.of("r", "bias"), List.of("y")));

        assertEquals("undef.onnx: node 'add' (Add): reads tensor 'bias', which no graph input, initializer or node "
            + "defines. Fix: " + INVALID_GRAPH, refused(write(dir, "undef.onnx", proto)).getMessage());
    }

    @Test
    void namesFromTheFileAreEscapedInMessages() throws Exception {
        ModelProto proto = graph("y", List.of(), node("n\u001b[2J", "Add", List.of("x", "b\nias"), List.of("y")));

        assertEquals("esc.onnx: node 'n\\u001b[2J' (Add): reads tensor 'b\\u000aias', which no graph input, "
            + "initializer or node defines. Fix: " + INVALID_GRAPH, refused(write(dir, "esc.onnx", proto)).getMessage());
    }

    @Test
    void anUndefinedGraphOutputAndATensorDefinedTwiceAreRefused() throws Exception {
        assertRefusal("graph output 'y'", "no graph input, initializer or node defines it.", INVALID_GRAPH,
            refused(write(dir, "out.onnx", graph("y", List.of(), node("r", "Relu", List.of("x"), List.of("z"))))));
        assertRefusal("node #1 (Relu)", "writes tensor 'y', which node 'r' (Relu) already defines; ONNX tensors are "
                + "defined once.", INVALID_GRAPH, refused(write(dir, "twice.onnx", graph("y", List.of(),
                node("r", "Relu", List.of("x"), List.of("y")), node("", "Relu", List.of("x"), List.of("y"))))));
    }

    @Test
    void unsupportedElementTypesAreNamedByTensor() throws Exception {
        TensorProto doubles = header("fc.weight", TensorProto.DataType.DOUBLE_VALUE, 4).addDoubleData(1).addDoubleData(2)
            .addDoubleData(3).addDoubleData(4).build();
        String fix = "Export the model in float32 (in PyTorch, call model.float() before torch.onnx.export; "
            + "quantised and half-precision models cannot be imported).";

        assertRefusal("tensor 'fc.weight'", "element type DOUBLE is not supported; LayerLoom reads FLOAT (float32) "
            + "weights and INT64 shape tensors.", fix, refused(write(dir, "f64.onnx", withWeight(doubles))));
        ModelProto halfInput = cnn().toBuilder().setGraph(cnn().getGraph().toBuilder().setInput(0,
            OnnxTestModels.value("input", TensorProto.DataType.FLOAT16_VALUE, "batch", 1, 8, 8))).build();
        assertRefusal("graph input 'input'", "element type FLOAT16 is not supported; LayerLoom reads FLOAT (float32) "
                + "and INT64 tensors.", "Export the model in float32 (in PyTorch, call model.float() and pass float32 "
                + "example inputs to torch.onnx.export).", refused(write(dir, "f16.onnx", halfInput)));
    }
}
