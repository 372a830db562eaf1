import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs each fixture of export_torchvision.py in ONNX Runtime on its MODEL.input.npy and compares
 * the result with PyTorch's MODEL.output.npy: shows that the exported file computes what the eval-mode
 * PyTorch model computed (BatchNorm kept, nothing trained into it by the export). A one-file program
 * outside Maven: {@code java -cp onnxruntime-1.20.0.jar CheckWithOnnxRuntime.java DIR [MODEL...]}.
 */
public final class CheckWithOnnxRuntime {

    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java -cp onnxruntime.jar CheckWithOnnxRuntime.java DIR [MODEL...]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<String> models = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
                : Files.list(dir).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx"))
                        .map(n -> n.substring(0, n.length() - ".onnx".length())).sorted().toList();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        boolean allGood = true;
        for (String model : models) {
            Npy x = Npy.read(dir.resolve(model + ".input.npy"));
            Npy expected = Npy.read(dir.resolve(model + ".output.npy"));
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                try (OrtSession session = env.createSession(dir.resolve(model + ".onnx").toString(), options);
                     OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.values), x.shape);
                     OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
                    OnnxTensor out = (OnnxTensor) result.get(0);
                    float[] got = new float[expected.values.length];
                    out.getFloatBuffer().get(got);
                    double largest = 0;
                    double worst = 0;
                    for (int i = 0; i < got.length; i++) {
                        largest = Math.max(largest, Math.abs(expected.values[i]));
                        worst = Math.max(worst, Math.abs(got[i] - expected.values[i]));
                    }
                    boolean same = Arrays.equals(out.getInfo().getShape(), expected.shape) && worst <= 1e-4 * largest;
                    allGood &= same;
                    System.out.printf("%s: shape %s, max |diff| %.3g, largest |output| %.3g, relative %.3g: %s%n", model,
                            Arrays.toString(out.getInfo().getShape()), worst, largest, worst / largest, same ? "ok" : "DIFFERS");
                }
            }
        }
        System.exit(allGood ? 0 : 1);
    }

    /** A little-endian float32 C-order .npy file, the only kind the fixtures hold. */
    private record Npy(long[] shape, float[] values) {
        static Npy read(Path file) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            int major = b.get(6);
            int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
            int start = major == 1 ? 10 : 12;
            String header = new String(b.array(), start, headerLength, StandardCharsets.ISO_8859_1);
            if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
                throw new IOException(file + ": not a little-endian float32 C-order array: " + header.strip());
            }
            Matcher m = SHAPE.matcher(header);
            if (!m.find()) {
                throw new IOException(file + ": no shape in header " + header.strip());
            }
            long[] shape = Arrays.stream(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
            float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (p, q) -> p * q))];
            b.position(start + headerLength).asFloatBuffer().get(values);
            return new Npy(shape, values);
        }
    }
}
