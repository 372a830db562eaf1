package io.layerloom.bench.interchange;

import io.layerloom.app.interchange.OnnxImporter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
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

/**
 * How long a big ONNX import takes and how much heap it needs: writes a 100 MB model (three Gemm
 * layers, 4096 -> 4096 -> 2048 -> 10, random weights) into a folder, then times each step of
 * {@link OnnxImporter#importTo} and prints the heap's peak. Run it in a JVM of its own, since the
 * first layout and ND4J's start-up are part of what a user waits for:
 * {@code java -cp benchmarks/target/benchmarks.jar:app/target/layerloom-app.jar
 * io.layerloom.bench.interchange.OnnxImportTime DIR} (the app jar brings DL4J, which the shaded
 * benchmark jar leaves out).
 */
public final class OnnxImportTime {

    private OnnxImportTime() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        Path file = dir.resolve("onnx-import-time.onnx");
        Files.write(file, model().toByteArray());
        System.out.printf(Locale.ROOT, "%s: %.1f MB%n", file, Files.size(file) / 1e6);
        long start = System.nanoTime();
        long[] last = {start};
        OnnxImporter.importTo(file, dir.resolve("onnx-import-time.json"), (step, done, total) -> {
            if (step != OnnxImporter.Step.READING || done == total) {
                long now = System.nanoTime();
                System.out.printf(Locale.ROOT, "  %-10s %d/%d after %.2f s (+%.2f s)%n", step, done, total,
                    (now - start) / 1e9, (now - last[0]) / 1e9);
                last[0] = now;
            }
        });
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "import: %.2f s, heap peak %.0f MB (sum of the pools' peaks)%n",
            (System.nanoTime() - start) / 1e9, peak / 1e6);
    }

    private static ModelProto model() {
        Random random = new Random(7);
        GraphProto.Builder g = GraphProto.newBuilder().setName("big")
            .addInput(value("x", 4096)).addOutput(value("y", 10))
            .addInitializer(tensor("w1", random, 4096, 4096)).addInitializer(tensor("b1", random, 4096))
            .addInitializer(tensor("w2", random, 4096, 2048)).addInitializer(tensor("b2", random, 2048))
            .addInitializer(tensor("w3", random, 10, 2048)).addInitializer(tensor("b3", random, 10))
            .addNode(gemm("fc1", "x", "w1", "b1", "h1", true))
            .addNode(NodeProto.newBuilder().setName("relu").setOpType("Relu").addInput("h1").addOutput("r1"))
            .addNode(gemm("fc2", "r1", "w2", "b2", "h2", false))
            .addNode(gemm("fc3", "h2", "w3", "b3", "y", true));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("layerloom-benchmark").setGraph(g)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).build();
    }

    private static NodeProto gemm(String name, String x, String w, String b, String out, boolean transB) {
        return NodeProto.newBuilder().setName(name).setOpType("Gemm").addInput(x).addInput(w).addInput(b).addOutput(out)
            .addAttribute(AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT)
                .setI(transB ? 1 : 0)).build();
    }

    private static ValueInfoProto value(String name, long features) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    private static TensorProto tensor(String name, Random random, long... dims) {
        int n = (int) java.util.Arrays.stream(dims).reduce(1, Math::multiplyExact);
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(random.nextFloat() * 0.02f - 0.01f);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
            .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }
}
