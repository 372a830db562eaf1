package io.layerloom.codegen.onnx;

import io.layerloom.codegen.onnx.OnnxAttributeReader.Refusal;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The channel kinds in the forms PyTorch exports them (and {@link OnnxChannelExport} writes them):
 * ShuffleNet's channel shuffle, a Reshape of an image to [N, g, C / g, H, W], a Transpose of the
 * two group axes and a Reshape back to [N, C, H, W], becomes one ChannelShuffle; a Slice of an
 * image's channels that is one of equal parts (x.chunk(2, dim=1)) becomes a ChannelSplit; an
 * Unsqueeze of a vector to [N, C, 1, 1] is held as the per-channel scale a Mul then applies
 * (ChannelScale, see {@link OnnxActivations}). The shape arithmetic PyTorch writes around them
 * (Shape of an image, Gather, Add, Div, Mul of the sizes) is computed here into constants, from
 * the image's shape as the analysis gives it.
 */
final class OnnxChannelImport {

    private final OnnxLayerBuilder b;

    /** A shuffle under way: the image it started from and its groups; {@code transposed} after the Transpose. */
    private record Shuffle(String image, TensorType.Image type, long groups, boolean transposed) {
    }

    private final Map<String, Shuffle> shuffles = new HashMap<>();
    /** Vectors [N, F] unsqueezed to [N, F, 1], left for the Unsqueeze that makes them [N, F, 1, 1]. */
    private final Set<String> halfUnsqueezed = new HashSet<>();

    OnnxChannelImport(OnnxLayerBuilder b) {
        this.b = b;
    }

    /** Maps {@code n} when it is one of the patterns above, and says whether it did. */
    boolean mapped(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        List<String> in = n.inputs();
        String x = in.isEmpty() ? "" : in.get(0);
        boolean data = b.producer.containsKey(x);
        boolean image = data && Integer.valueOf(4).equals(b.rank.get(x)) && !b.pooledVectors.contains(x);
        switch (n.opType()) {
            case "Shape" -> {
                if (!image) {
                    return false;
                }
                a.allow();
                TensorType.Image t = imageType(x);
                // The batch is not known here; -1 stands for it (only the other sizes are read).
                fold(n, List.of(4L), -1, t.channels(), t.height(), t.width());
            }
            case "Gather", "Add", "Sub", "Mul", "Div" -> {
                if (in.size() != 2 || !in.stream().allMatch(t -> isLongs(t))) {
                    return false;
                }
                a.allow("axis");
                arithmetic(n, a);
            }
            case "Unsqueeze" -> {
                boolean half = halfUnsqueezed.contains(x);
                if (!data || !(half || Integer.valueOf(2).equals(b.rank.get(x)))) {
                    return false;
                }
                a.allow("axes");
                long[] axes = in.size() > 1 ? OnnxShapeArithmetic.longs(b, n, 1) : n.attribute("axes").orElse(null)
                    instanceof OnnxAttribute.IntList l ? l.values().stream().mapToLong(Long::longValue).toArray() : new long[0];
                int rankAfter = (half ? 3 : 2) + axes.length;
                long[] sorted = Arrays.stream(axes).map(v -> v < 0 ? v + rankAfter : v).sorted().toArray();
                if (!half && Arrays.equals(sorted, new long[]{2})) {
                    // s[:, :, None, None] or s.unsqueeze(-1).unsqueeze(-1): [N, F, 1] first, then [N, F, 1, 1].
                    b.alias(n, x, 3);
                    halfUnsqueezed.add(n.outputs().get(0));
                    return true;
                }
                if (!Arrays.equals(sorted, half ? new long[]{3} : new long[]{2, 3})) {
                    throw new Refusal("axes " + Arrays.toString(axes) + " of a vector [N, F]" + (half ? " made [N, F, 1]" : "")
                        + "; the import maps an Unsqueeze to [N, F, 1, 1] only (in one step or two), as a per-channel"
                        + " scale (squeeze-and-excitation).");
                }
                b.alias(n, x, 4);
                b.pooledVectors.add(n.outputs().get(0));
            }
            case "Slice" -> {
                // An LSTM's Y is 4-d too: a Slice of it (its last step) is the recurrent import's.
                if (!image || !(b.typeSoFar(x).orElse(null) instanceof TensorType.Image)) {
                    return false;
                }
                a.allow();
                slice(n, x);
            }
            case "Reshape" -> {
                return reshape(n, a, x, image);
            }
            case "Transpose" -> {
                Shuffle s = shuffles.get(x);
                if (s == null || s.transposed()) {
                    return false;
                }
                a.allow("perm");
                if (!(n.attribute("perm").orElse(null) instanceof OnnxAttribute.IntList p)
                    || !p.values().equals(List.of(0L, 2L, 1L, 3L, 4L))) {
                    throw new Refusal("it transposes the channel groups of '" + Text.display(s.image()) + "' with perm "
                        + n.attribute("perm").map(Object::toString).orElse("(reversed)") + "; a channel shuffle"
                        + " swaps axes 1 and 2 only (perm [0, 2, 1, 3, 4]).");
                }
                shuffles.put(n.outputs().get(0), new Shuffle(s.image(), s.type(), s.groups(), true));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private TensorType.Image imageType(String x) throws Refusal {
        if (b.typeSoFar(x).orElse(null) instanceof TensorType.Image t) {
            return t;
        }
        throw new Refusal("the shape of '" + Text.display(x) + "' is unknown (a node before it could not be mapped).");
    }

    private boolean isLongs(String t) {
        OnnxTensor c = b.constants.get(t);
        return c != null && c.elementType() == OnnxElementType.INT64 && c.dims().size() <= 1;
    }

    private static long[] values(OnnxTensor t) {
        long[] v = new long[(int) t.size()];
        t.longData().get(v);
        return v;
    }

    private void fold(OnnxNode n, List<Long> dims, long... values) {
        b.constants.put(n.outputs().get(0), OnnxTensor.ofLongs(n.outputs().get(0), dims, values));
    }

    /** Gather, Add, Sub, Mul and Div of int64 sizes (a scalar broadcast), as ONNX computes them. */
    private void arithmetic(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        OnnxTensor p = b.constants.get(n.inputs().get(0));
        OnnxTensor q = b.constants.get(n.inputs().get(1));
        long[] u = values(p);
        long[] v = values(q);
        if (n.opType().equals("Gather")) {
            if (a.integer("axis", 0) != 0 || p.dims().size() != 1) {
                throw new Refusal("the import computes Gather of a list of sizes on axis 0 only.");
            }
            long[] out = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                long k = v[i] < 0 ? v[i] + u.length : v[i];
                if (k < 0 || k >= u.length) {
                    throw new Refusal("index " + v[i] + " is outside the " + u.length + " sizes.");
                }
                out[i] = u[(int) k];
            }
            fold(n, q.dims(), out);
            return;
        }
        if (u.length != v.length && u.length != 1 && v.length != 1) {
            throw new Refusal("sizes of " + u.length + " and " + v.length + " values do not broadcast.");
        }
        long[] out = new long[Math.max(u.length, v.length)];
        for (int i = 0; i < out.length; i++) {
            long l = u[u.length == 1 ? 0 : i];
            long r = v[v.length == 1 ? 0 : i];
            if (n.opType().equals("Div") && r == 0) {
                throw new Refusal("divides a size by 0.");
            }
            out[i] = switch (n.opType()) {
                case "Add" -> l + r;
                case "Sub" -> l - r;
                case "Mul" -> l * r;
                default -> Math.floorDiv(l, r);
            };
        }
        fold(n, (u.length >= v.length ? p : q).dims(), out);
    }

    /** A Slice of an image's channels: one of equal parts, [index * C / parts, (index + 1) * C / parts). */
    private void slice(OnnxNode n, String x) throws Refusal {
        TensorType.Image t = imageType(x);
        long[] starts = OnnxShapeArithmetic.longs(b, n, 1);
        long[] ends = OnnxShapeArithmetic.longs(b, n, 2);
        long[] axes = n.inputs().size() > 3 && !n.inputs().get(3).isEmpty() ? OnnxShapeArithmetic.longs(b, n, 3) : null;
        long[] steps = n.inputs().size() > 4 && !n.inputs().get(4).isEmpty() ? OnnxShapeArithmetic.longs(b, n, 4) : null;
        long c = t.channels();
        if (starts.length != 1 || ends.length != 1 || axes == null || axes.length != 1 || (axes[0] != 1 && axes[0] != -3)
            || (steps != null && (steps.length != 1 || steps[0] != 1))) {
            throw new Refusal("the import maps a Slice of an image along its channels only (axes [1], step 1), as a"
                + " channel split.");
        }
        long from = Math.min(Math.max(starts[0] < 0 ? starts[0] + c : starts[0], 0), c);
        long to = Math.min(Math.max(ends[0] < 0 ? ends[0] + c : ends[0], 0), c);
        long width = to - from;
        if (width <= 0 || c % width != 0 || from % width != 0) {
            throw new Refusal("channels " + from + " to " + to + " of " + c + " are not one of equal parts; the import"
                + " maps a channel Slice as a ChannelSplit (x.chunk(parts, dim=1)) only.");
        }
        b.emit(n, new LayerSpec.ChannelSplit(Math.toIntExact(c / width), Math.toIntExact(from / width)), 4, x);
    }

    /** The two Reshapes of a channel shuffle; false for any other Reshape (left to the import's own rules). */
    private boolean reshape(OnnxNode n, OnnxAttributeReader a, String x, boolean image) throws Refusal {
        OnnxTensor shape = n.inputs().size() > 1 ? b.constants.get(n.inputs().get(1)) : null;
        if (shape == null || shape.elementType() != OnnxElementType.INT64 || shape.dims().size() != 1) {
            return false;
        }
        long[] s = values(shape);
        Shuffle pending = shuffles.get(x);
        if (image && s.length == 5) {
            a.allow("allowzero");
            TensorType.Image t = imageType(x);
            if (s[1] <= 0 || s[2] <= 0 || s[1] * s[2] != t.channels() || s[3] != t.height() || s[4] != t.width()) {
                throw new Refusal("target shape " + Arrays.toString(s) + " for " + t.describe() + "; the import maps a"
                    + " 5-d Reshape only as a channel shuffle's [N, groups, channels / groups, H, W].");
            }
            shuffles.put(n.outputs().get(0), new Shuffle(x, t, s[1], false));
            return true;
        }
        if (pending == null) {
            return false;
        }
        a.allow("allowzero");
        TensorType.Image t = pending.type();
        if (!pending.transposed() || s.length != 4 || (s[1] != t.channels() && s[1] != -1) || s[2] != t.height()
            || s[3] != t.width()) {
            throw new Refusal("target shape " + Arrays.toString(s) + " after the channel groups of '"
                + Text.display(pending.image()) + "'; a channel shuffle transposes the groups, then reshapes to"
                + " [N, " + t.channels() + ", " + t.height() + ", " + t.width() + "].");
        }
        b.emit(n, new LayerSpec.ChannelShuffle(Math.toIntExact(pending.groups())), 4, pending.image());
        return true;
    }
}
