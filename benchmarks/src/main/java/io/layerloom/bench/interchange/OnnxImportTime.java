package io.layerloom.bench.interchange;

import com.sun.management.OperatingSystemMXBean;
import io.layerloom.app.interchange.OnnxImporter;
import java.io.IOException;
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
 * How long a big ONNX import takes and how much memory it needs: writes a 100 MB model (three Gemm
 * layers, 4096 -> 4096 -> 2048 -> 10, random weights) into a folder, or takes an {@code .onnx}
 * file (then {@code OUT_DIR} second), then times each step of {@link OnnxImporter#importTo} in
 * wall-clock and process CPU time (CPU time stays meaningful when other work shares the cores)
 * and prints the heap's peak and the process's peak resident set. Run it in a JVM of its own, since the
 * first layout and ND4J's start-up are part of what a user waits for:
 * {@code java -cp benchmarks/target/benchmarks.jar:app/target/layerloom-app.jar
 * io.layerloom.bench.interchange.OnnxImportTime DIR} (the app jar brings DL4J, which the shaded
 * benchmark jar leaves out).
 */
public final class OnnxImportTime {

    private OnnxImportTime() {
    }

    public static void main(String[] args) throws Exception {
        Path arg = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        Path file;
        Path out;
        if (arg.toString().endsWith(".onnx")) {
            file = arg;
            out = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"))
                .resolve(arg.getFileName().toString().replaceFirst("\\.onnx$", ".json"));
        } else {
            file = arg.resolve("onnx-import-time.onnx");
            Files.write(file, model().toByteArray());
            out = arg.resolve("onnx-import-time.json");
        }
        System.out.printf(Locale.ROOT, "%s: %.1f MB%n", file, Files.size(file) / 1e6);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = System.nanoTime();
        long cpuStart = os.getProcessCpuTime();
        long[] last = {start, cpuStart};
        OnnxImporter.importTo(file, out, (step, done, total) -> {
            if (step != OnnxImporter.Step.READING || done == total) {
                long now = System.nanoTime();
                long cpu = os.getProcessCpuTime();
                System.out.printf(Locale.ROOT, "  %-10s %d/%d after %.2f s (+%.2f s wall, +%.2f s cpu), RSS peak %.0f MB%n",
                    step, done, total, (now - start) / 1e9, (now - last[0]) / 1e9, (cpu - last[1]) / 1e9,
                    rssPeak() / 1e6);
                last[0] = now;
                last[1] = cpu;
            }
        });
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "import: %.2f s wall, %.2f s cpu (every thread of the process), heap peak %.0f MB "
                + "(sum of the pools' peaks; -Xmx %.0f MB), RSS peak %.0f MB, since JVM start %.2f s%n",
            (System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpuStart) / 1e9, peak / 1e6,
            Runtime.getRuntime().maxMemory() / 1e6, rssPeak() / 1e6,
            ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
    }

    /** The process's peak resident set (VmHWM, Linux), heap, native ND4J buffers and mapped pages alike; 0 elsewhere. */
    private static long rssPeak() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
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
