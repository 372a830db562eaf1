package io.layerloom.codegen.onnx;

import io.layerloom.codegen.onnx.OnnxGraphWriter.Attribute;
import io.layerloom.codegen.onnx.OnnxLayerExport.Refusal;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.LayerSpec;
import java.util.ArrayList;
import java.util.List;

import static io.layerloom.codegen.onnx.OnnxGraphWriter.integer;
import static io.layerloom.codegen.onnx.OnnxGraphWriter.ints;
import static io.layerloom.codegen.onnx.OnnxGraphWriter.text;
import static io.layerloom.codegen.onnx.OnnxGraphWriter.texts;

/**
 * The sequence kinds' ONNX export: Embedding (Gather on the indices), SimpleRNN and LSTM (ONNX's
 * RNN and LSTM operators, time-major, their weights transposed from DL4J's [in, units] and the
 * LSTM's gate blocks reordered from DL4J's [cell input, forget, output, input] to ONNX's
 * [input, output, forget, cell]) and RnnOutput (a dense layer per time step). LayerLoom holds
 * sequences as DL4J does, [N, features, T]; each operator here transposes in and out of that.
 */
final class OnnxRecurrentExport {

    private final OnnxLayerExport e;
    private final OnnxGraphWriter w;

    OnnxRecurrentExport(OnnxLayerExport e) {
        this.e = e;
        this.w = e.w;
    }

    String embedding(LayerSpec.Embedding s) {
        String table = e.initializer("W", s.vocab(), s.units());
        // DL4J reads the float index as an integer, truncating, as Cast does.
        String indices = w.op("Cast", e.id + "/indices", List.of(e.x()), integer("to", 7));
        String gathered = w.op("Gather", e.id + "/gathered", List.of(table, indices), integer("axis", 0));
        if (e.inTypes.get(0) instanceof TensorType.Sequence q) {
            // [N, 1, T, units] -> [N, units, T]
            String moved = w.op("Transpose", e.id + "/moved", List.of(gathered), ints("perm", 0, 1, 3, 2));
            String target = s.bias() ? w.name(e.id + "/looked_up") : e.out;
            w.node("Reshape", List.of(moved, w.int64s(e.id + "/shape", 0, s.units(), q.timesteps())), target);
            return s.bias() ? w.node("Add", List.of(target, w.floats(e.id + "/b", new long[]{s.units(), 1},
                e.param("b", s.units()).values())), e.out) : target;
        }
        String target = s.bias() ? w.name(e.id + "/looked_up") : e.out;
        w.node("Flatten", List.of(gathered), target, integer("axis", 1));
        return s.bias() ? w.node("Add", List.of(target, e.initializer("b", s.units())), e.out) : target;
    }

    /** ONNX's name for a recurrent activation, for the ones its RNN operators take with their default parameters. */
    private String recurrentActivation(ActivationFunction f) {
        return switch (f) {
            case RELU -> "Relu";
            case LEAKYRELU -> "LeakyRelu";
            case ELU -> "Elu";
            case SIGMOID -> "Sigmoid";
            case HARDSIGMOID -> "HardSigmoid";
            case TANH -> "Tanh";
            case SOFTPLUS -> "Softplus";
            default -> throw new Refusal("activation " + f + " inside a recurrent layer; ONNX's RNN and LSTM operators"
                + " take relu, leakyrelu, elu, sigmoid, hardsigmoid, tanh and softplus.");
        };
    }

    /** [N, F, T] to ONNX's time-major [T, N, F]. */
    private String timeMajor() {
        return w.op("Transpose", e.id + "/time_major", List.of(e.x()), ints("perm", 2, 0, 1));
    }

    /**
     * ONNX's Y [T, directions, N, units] as LayerLoom's [N, directions * units, T] (directions
     * concatenated, forward first, as DL4J's Bidirectional CONCAT), or its last time step.
     */
    private String fromTimeMajor(String y, long units, int directions, long timesteps, boolean returnSequences) {
        String moved = w.op("Transpose", e.id + "/batch_major", List.of(y), ints("perm", 2, 1, 3, 0));
        String seqTarget = returnSequences ? e.out : w.name(e.id + "/sequence");
        w.node("Reshape", List.of(moved, w.int64s(e.id + "/shape", 0, directions * units, timesteps)), seqTarget);
        if (returnSequences) {
            return seqTarget;
        }
        // DL4J's LastTimeStep takes the output at the last index, for both directions alike.
        String last = w.op("Gather", e.id + "/last", List.of(seqTarget, w.int64s(e.id + "/last_index", timesteps - 1)),
            integer("axis", 2));
        return w.node("Flatten", List.of(last), e.out, integer("axis", 1));
    }

    private long featuresIn() {
        return e.inTypes.get(0).dims().get(0);
    }

    private long timesteps() {
        return e.inTypes.get(0).dims().get(1);
    }

    /** DL4J's [in, blocks * units] as ONNX's [blocks * units, in], blocks taken in {@code order}. */
    private static void transposeBlocks(float[] from, long in, long units, int[] order, float[] to, int offset) {
        int n = (int) units;
        int cols = order.length * n;
        int i = offset;
        for (int block : order) {
            for (int u = 0; u < n; u++) {
                for (int r = 0; r < in; r++) {
                    to[i++] = from[r * cols + block * n + u];
                }
            }
        }
    }

    private static void reorderBias(float[] from, long units, int[] order, float[] to, int offset) {
        int n = (int) units;
        int i = offset;
        for (int block : order) {
            System.arraycopy(from, block * n, to, i, n);
            i += n;
        }
    }

    String simpleRnn(LayerSpec.SimpleRNN s) {
        String act = recurrentActivation(s.activation());
        long f = featuresIn();
        long h = s.units();
        int[] one = {0};
        float[] wv = new float[(int) (h * f)];
        transposeBlocks(e.param("W", f, h).values(), f, h, one, wv, 0);
        float[] rv = new float[(int) (h * h)];
        transposeBlocks(e.param("RW", h, h).values(), h, h, one, rv, 0);
        float[] bv = new float[(int) (2 * h)];
        reorderBias(e.param("b", h).values(), h, one, bv, 0);
        String y = w.op("RNN", e.id + "/y", List.of(timeMajor(), w.floats(e.id + "/W", new long[]{1, h, f}, wv),
            w.floats(e.id + "/R", new long[]{1, h, h}, rv), w.floats(e.id + "/B", new long[]{1, 2 * h}, bv)),
            integer("hidden_size", h), texts("activations", act));
        return fromTimeMajor(y, h, 1, timesteps(), s.returnSequences());
    }

    /** DL4J's gate blocks [cell input, forget, output, input], read in ONNX's order i, o, f, c. */
    private static final int[] IOFC = {3, 2, 1, 0};

    String lstm(LayerSpec.LSTM s) {
        String act = recurrentActivation(s.activation());
        long f = featuresIn();
        long h = s.units();
        int directions = s.bidirectional() ? 2 : 1;
        String[] prefixes = s.bidirectional() ? new String[]{"f", "b"} : new String[]{""};
        float[] wv = new float[(int) (directions * 4 * h * f)];
        float[] rv = new float[(int) (directions * 4 * h * h)];
        float[] bv = new float[(int) (directions * 8 * h)];
        List<String> activations = new ArrayList<>();
        for (int d = 0; d < directions; d++) {
            String p = prefixes[d];
            transposeBlocks(e.param(p + "W", f, 4 * h).values(), f, h, IOFC, wv, (int) (d * 4 * h * f));
            transposeBlocks(e.param(p + "RW", h, 4 * h).values(), h, h, IOFC, rv, (int) (d * 4 * h * h));
            reorderBias(e.param(p + "b", 4 * h).values(), h, IOFC, bv, (int) (d * 8 * h));
            activations.addAll(List.of("Sigmoid", act, act));
        }
        List<Attribute> a = new ArrayList<>(List.of(integer("hidden_size", h),
            texts("activations", activations.toArray(String[]::new))));
        if (s.bidirectional()) {
            a.add(text("direction", "bidirectional"));
        }
        String y = w.op("LSTM", e.id + "/y", List.of(timeMajor(),
            w.floats(e.id + "/W", new long[]{directions, 4 * h, f}, wv),
            w.floats(e.id + "/R", new long[]{directions, 4 * h, h}, rv),
            w.floats(e.id + "/B", new long[]{directions, 8 * h}, bv)), a.toArray(Attribute[]::new));
        return fromTimeMajor(y, h, directions, timesteps(), s.returnSequences());
    }

    String rnnOutput(LayerSpec.RnnOutput s) {
        long f = featuresIn();
        String steps = w.op("Transpose", e.id + "/steps", List.of(e.x()), ints("perm", 0, 2, 1));
        String linear = w.op("MatMul", e.id + "/matmul", List.of(steps, e.initializer("W", f, s.units())));
        if (s.bias()) {
            linear = w.op("Add", e.id + "/biased", List.of(linear, e.initializer("b", s.units())));
        }
        String activated = s.activation() == ActivationFunction.IDENTITY ? linear
            : e.activation(linear, s.activation(), w.name(e.id + "/activated"), 2);
        return w.node("Transpose", List.of(activated), e.out, ints("perm", 0, 2, 1));
    }
}
