package io.layerloom.app.interchange;

import static io.layerloom.codegen.onnx.OnnxTestModels.integer;
import static io.layerloom.codegen.onnx.OnnxTestModels.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.layerloom.codegen.onnx.OnnxImported;
import io.layerloom.codegen.onnx.OnnxLstmNets;
import io.layerloom.codegen.onnx.OnnxNet;
import io.layerloom.codegen.onnx.OnnxTestModels;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerKind;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ONNX's LSTM, imported: a model written as PyTorch's exporter writes an nn.LSTM, random weights,
 * run by ONNX Runtime on a sequence batch, and the imported DL4J network run on the same values in
 * DL4J's layout [N, features, T]; the outputs agree to 1e-4 of the largest, and the imported
 * trainable parameters are the ONNX model's but PyTorch's second bias per direction, which DL4J's
 * LSTM holds added to the first.
 */
class OnnxLstmImportOracleTest {

    private static final int BATCH = 3;

    @TempDir
    Path dir;

    private List<String> assertSameAsOnnxRuntime(OnnxNet net, long steps, long features, boolean batchFirst,
                                                 long secondBiases) throws Exception {
        Path file = dir.resolve("m.onnx");
        Files.write(file, net.model().toByteArray());
        float[] x = OnnxTestModels.random((int) (BATCH * steps * features), 99);
        long[] shape = batchFirst ? new long[] {BATCH, steps, features} : new long[] {steps, BATCH, features};

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] expected;
        long[] expectedShape;
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
             OrtSession.Result result = session.run(Map.of("x", input))) {
            OnnxTensor y = (OnnxTensor) result.get(0);
            expectedShape = y.getInfo().getShape();
            FloatBuffer b = y.getFloatBuffer();
            expected = new float[b.remaining()];
            b.get(expected);
        }

        OnnxImported imported = OnnxImporter.read(file, OnnxImporter.Progress.NONE);
        ComputationGraph dl4j = OnnxImporter.network(imported);
        INDArray onnxLayout = Nd4j.create(x, shape, 'c');
        INDArray dl4jLayout = (batchFirst ? onnxLayout.permute(0, 2, 1) : onnxLayout.permute(1, 2, 0)).dup('c');
        INDArray out = dl4j.outputSingle(dl4jLayout);
        if (out.rank() == 3) {
            // An RnnOutput's [N, units, T] in the ONNX model's own order of batch and time.
            out = batchFirst ? out.permute(0, 2, 1) : out.permute(2, 0, 1);
        }
        assertArrayEquals(expectedShape, out.shape());
        float[] actual = out.castTo(DataType.FLOAT).dup('c').data().asFloat();
        double largest = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(largest > 0, "a model whose outputs are all zero checks nothing");
        double tolerance = 1e-4 * largest;
        assertTrue(worst <= tolerance, "largest difference " + worst + " > " + tolerance + " (largest output " + largest
            + "); ONNX Runtime " + java.util.Arrays.toString(expected) + ", DL4J " + java.util.Arrays.toString(actual));

        assertEquals(net.trainable - secondBiases, GraphAnalysis.analyze(imported.graph()).totals().trainableParams());
        assertEquals(dl4j.numParams(), imported.weights().count());
        return imported.graph().nodes().stream().map(Node::kind).map(LayerKind::name).toList();
    }

    @Test
    void aBatchFirstClassifierOnTheLastStep() throws Exception {
        OnnxNet net = OnnxLstmNets.classifier(7, 4, 5, true, 1, 1, 3);
        assertEquals(List.of("Input", "LSTM", "Output"), assertSameAsOnnxRuntime(net, 7, 4, true, 4 * 5));
    }

    @Test
    void aTimeMajorTwoLayerBidirectionalClassifier() throws Exception {
        OnnxNet net = OnnxLstmNets.classifier(6, 3, 4, false, 2, 2, 2);
        assertEquals(List.of("Input", "LSTM", "LSTM", "Output"), assertSameAsOnnxRuntime(net, 6, 3, false, 2 * 2 * 4 * 4));
    }

    @Test
    void aBatchFirstBidirectionalClassifierWithoutInitialStates() throws Exception {
        OnnxNet net = OnnxLstmNets.withInput("y", 5, 3, true);
        net.op("tm", "Transpose", List.of("x"), "xt", ints("perm", 1, 0, 2));
        OnnxLstmNets.lstm(net, "l", "xt", 3, 4, 2, false);
        String seq = OnnxLstmNets.sequence(net, "l", 2);
        OnnxLstmNets.scalar(net, "last", -1);
        net.op("bm", "Transpose", List.of(seq), "b", ints("perm", 1, 0, 2))
            .op("last_step", "Gather", List.of("b", "last"), "h", integer("axis", 1))
            .weight("fc.w", 8, 2).weight("fc.b", 2)
            .op("fc", "MatMul", List.of("h", "fc.w"), "m").op("bias", "Add", List.of("m", "fc.b"), "y");
        assertEquals(List.of("Input", "LSTM", "Output"), assertSameAsOnnxRuntime(net, 5, 3, true, 2 * 4 * 4));
    }

    @Test
    void theFinalStateOfAForwardLstmWithReluCellsAndASliceOfTheLastStepOfAnother() throws Exception {
        OnnxNet net = OnnxLstmNets.withInput("y", 4, 3, false);
        OnnxLstmNets.lstm(net, "a", "x", 3, 4, 1, true, OnnxLstmNets.strings("activations", "Sigmoid", "Relu", "Relu"));
        OnnxLstmNets.lstm(net, "b", "x", 3, 4, 1, true);
        net.longs("axis0", 0).longs("minus1", -1).longs("big", Long.MAX_VALUE).longs("flat", 0, -1)
            .op("ha", "Squeeze", List.of("a/Y_h", "axis0"), "ha")
            .op("slice", "Slice", List.of("b/Y", "minus1", "big", "axis0"), "s")
            .op("bm", "Transpose", List.of("s"), "sb", ints("perm", 2, 0, 1, 3))
            .op("reshape", "Reshape", List.of("sb", "flat"), "hb")
            .op("cat", "Concat", List.of("ha", "hb"), "h", integer("axis", 1))
            .weight("fc.w", 2, 8).op("fc", "Gemm", List.of("h", "fc.w"), "y", integer("transB", 1));
        assertEquals(List.of("Input", "LSTM", "LSTM", "Concat", "Output"),
            assertSameAsOnnxRuntime(net, 4, 3, false, 2 * 4 * 4));
    }

    @Test
    void aTimeMajorBidirectionalLstmWithALinearAtEveryStep() throws Exception {
        OnnxNet net = OnnxLstmNets.withInput("y", 5, 3, false);
        OnnxLstmNets.lstm(net, "l", "x", 3, 4, 2, true);
        String seq = OnnxLstmNets.sequence(net, "l", 2);
        net.weight("fc.w", 8, 2).weight("fc.b", 2)
            .op("fc", "MatMul", List.of(seq, "fc.w"), "m").op("bias", "Add", List.of("fc.b", "m"), "y");
        assertEquals(List.of("Input", "LSTM", "RnnOutput"), assertSameAsOnnxRuntime(net, 5, 3, false, 2 * 4 * 4));
    }
}
