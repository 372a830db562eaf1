package io.layerloom.codegen.onnx;

import io.layerloom.codegen.onnx.OnnxAttributeReader.Refusal;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sequences of an LSTM import, followed as <em>views</em>: an ONNX tensor that holds a
 * LayerLoom node's output rearranged, with which of its axes hold time, batch, direction and
 * features, in which order (see {@link OnnxRecurrentImport}). Transpose, Squeeze, Reshape and
 * Flatten rearrange a view, Gather and Slice of the last index take the last time step; a view is
 * read as LayerLoom holds it only where its axes are in LayerLoom's order.
 */
final class OnnxSequenceViews {

    enum Role { TIME, BATCH, DIRECTION, FEATURES, LAST }

    /** One role on an axis, and its size (-1: the batch, not known). */
    record Atom(Role role, long size) {
        boolean unit() {
            return size == 1;
        }
    }

    /**
     * An ONNX tensor that holds node {@code id}'s LayerLoom output rearranged: each axis is the
     * atoms merged into it, outer first. {@code last}: the time axis was reduced to its last step.
     */
    record View(String id, List<List<Atom>> axes, boolean last) {
        int rank() {
            return axes.size();
        }
    }

    private final OnnxLayerBuilder b;
    final Map<String, View> views = new HashMap<>();

    OnnxSequenceViews(OnnxLayerBuilder b) {
        this.b = b;
    }

    void transpose(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("perm");
        String x = n.inputs().isEmpty() ? "" : n.inputs().get(0);
        View v = views.get(x);
        if (v == null) {
            throw new Refusal("the import maps Transpose only on a sequence around an LSTM (its input, its output Y"
                + " or Y_h), and '" + Text.display(x) + "' is not one.");
        }
        int[] p = permutation(n, v.rank()).orElseThrow(() -> new Refusal("perm is not a permutation of the "
            + v.rank() + " axes of '" + Text.display(x) + "'."));
        List<List<Atom>> axes = new ArrayList<>();
        for (int k : p) {
            axes.add(v.axes.get(k));
        }
        register(n.outputs().get(0), new View(v.id, axes, v.last));
    }

    /** The perm attribute of a Transpose of a rank-{@code rank} tensor (absent: reversed axes). */
    static Optional<int[]> permutation(OnnxNode n, int rank) {
        Optional<OnnxAttribute> attr = n.attribute("perm");
        int[] p = new int[rank];
        if (attr.isEmpty()) {
            for (int k = 0; k < rank; k++) {
                p[k] = rank - 1 - k;
            }
            return Optional.of(p);
        }
        if (!(attr.get() instanceof OnnxAttribute.IntList list) || list.values().size() != rank) {
            return Optional.empty();
        }
        boolean[] seen = new boolean[rank];
        for (int k = 0; k < rank; k++) {
            long v = list.values().get(k);
            if (v < 0 || v >= rank || seen[(int) v]) {
                return Optional.empty();
            }
            seen[(int) v] = true;
            p[k] = (int) v;
        }
        return Optional.of(p);
    }

    /** Squeeze's axes: from input 1 (opset 13) or the attribute (opset 11, 12); empty: every axis of size 1. */
    private long[] axesOf(OnnxNode n, int rank) throws Refusal {
        long[] axes;
        if (n.inputs().size() > 1 && !n.inputs().get(1).isEmpty()) {
            OnnxTensor t = b.constant(n, 1);
            if (t.elementType() != OnnxElementType.INT64) {
                throw new Refusal("axes '" + Text.display(t.name()) + "' is " + t.elementType() + "; ONNX needs int64.");
            }
            axes = new long[(int) t.size()];
            t.longData().get(axes);
        } else if (n.attribute("axes").orElse(null) instanceof OnnxAttribute.IntList list) {
            axes = list.values().stream().mapToLong(Long::longValue).toArray();
        } else {
            return new long[0];
        }
        for (int i = 0; i < axes.length; i++) {
            axes[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (axes[i] < 0 || axes[i] >= rank) {
                throw new Refusal("axis " + axes[i] + " is outside the " + rank + " axes of its input.");
            }
        }
        return axes;
    }

    void squeeze(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("axes");
        String x = n.inputs().isEmpty() ? "" : n.inputs().get(0);
        View v = views.get(x);
        long[] axes = axesOf(n, v.rank());
        Set<Integer> drop = new HashSet<>();
        for (long axis : axes) {
            drop.add((int) axis);
        }
        if (axes.length == 0) {
            for (int k = 0; k < v.rank(); k++) {
                if (size(v.axes.get(k)) == 1) {
                    drop.add(k);
                }
            }
        }
        List<List<Atom>> kept = new ArrayList<>();
        boolean last = v.last;
        for (int k = 0; k < v.rank(); k++) {
            if (!drop.contains(k)) {
                kept.add(v.axes.get(k));
            } else if (size(v.axes.get(k)) != 1) {
                throw new Refusal("axis " + k + " of '" + Text.display(x) + "' (" + describe(v) + ") has size "
                    + size(v.axes.get(k)) + "; Squeeze removes axes of size 1 only.");
            } else if (v.axes.get(k).stream().anyMatch(t -> t.role == Role.TIME)) {
                last = true;  // a sequence one step long: that step is its last
            }
        }
        register(n.outputs().get(0), new View(v.id, kept, last));
    }

    void gather(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        long axis = a.allow("axis").integer("axis", 0);
        String x = n.inputs().isEmpty() ? "" : n.inputs().get(0);
        View v = views.get(x);
        if (v == null) {
            throw new Refusal("the import maps Gather only on a tensor's shape and on an LSTM's output (to take its"
                + " last step), and '" + Text.display(x) + "' is neither.");
        }
        int k = (int) (axis < 0 ? axis + v.rank() : axis);
        OnnxTensor index = b.constant(n, 1);
        if (k < 0 || k >= v.rank() || index.elementType() != OnnxElementType.INT64 || index.size() != 1) {
            throw new Refusal("Gather of " + index.dims() + " " + index.elementType() + " on axis " + axis + " of "
                + describe(v) + "; the import maps Gather of one int64 index (the last step).");
        }
        long i = index.longData().get(0);
        List<Atom> atoms = v.axes.get(k);
        long size = size(atoms);
        boolean time = atoms.stream().anyMatch(t -> t.role == Role.TIME && t.size > 1);
        boolean lastIndex = i == -1 || i == size - 1;
        if (!(lastIndex && (time || size == 1))) {
            throw new Refusal("takes index " + i + " of axis " + axis + " (" + name(atoms) + ", size " + size + ") of "
                + describe(v) + "; the import maps taking the last time step only (index -1), which a LayerLoom"
                + " LSTM gives with returnSequences false.");
        }
        List<List<Atom>> kept = new ArrayList<>(v.axes);
        if (index.dims().isEmpty()) {
            kept.remove(k);
        } else {
            kept.set(k, List.of(new Atom(Role.LAST, 1)));
        }
        register(n.outputs().get(0), new View(v.id, kept, v.last || time || atoms.stream().anyMatch(t -> t.role == Role.TIME)));
    }

    /** Slice of the last time step (PyTorch's output[:, -1:]), and any Slice of shape arithmetic. */
    void slice(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        String x = n.inputs().isEmpty() ? "" : n.inputs().get(0);
        View v = views.get(x);
        if (v == null) {
            throw new Refusal("the import maps Slice only on an LSTM's output (its last step) and in shape arithmetic,"
                + " and '" + Text.display(x) + "' is neither.");
        }
        long[] starts = OnnxShapeArithmetic.longs(b, n, 1);
        long[] ends = OnnxShapeArithmetic.longs(b, n, 2);
        long[] axes = n.inputs().size() > 3 && !n.inputs().get(3).isEmpty() ? OnnxShapeArithmetic.longs(b, n, 3) : null;
        long[] steps = n.inputs().size() > 4 && !n.inputs().get(4).isEmpty() ? OnnxShapeArithmetic.longs(b, n, 4) : null;
        List<List<Atom>> out = new ArrayList<>(v.axes);
        boolean last = v.last;
        for (int j = 0; j < starts.length; j++) {
            int k = (int) (axes == null ? j : axes[j] < 0 ? axes[j] + v.rank() : axes[j]);
            long size = k >= 0 && k < v.rank() ? size(v.axes.get(k)) : -1;
            long start = starts[j] < 0 ? starts[j] + size : starts[j];
            boolean time = size > 0 && v.axes.get(k).stream().anyMatch(t -> t.role == Role.TIME);
            boolean whole = size > 0 && start <= 0 && ends[j] >= size;
            if (ends.length != starts.length || (steps != null && steps[j] != 1) || size < 0
                || !(whole || (time && start == size - 1 && ends[j] >= size))) {
                throw new Refusal("slices starts " + java.util.Arrays.toString(starts) + ", ends "
                    + java.util.Arrays.toString(ends) + (axes == null ? "" : ", axes " + java.util.Arrays.toString(axes))
                    + " of " + describe(v) + "; the import maps a Slice of the last time step only ([-1:]).");
            }
            if (!whole) {
                out.set(k, List.of(new Atom(Role.LAST, 1)));
                last = true;
            }
        }
        register(n.outputs().get(0), new View(v.id, out, last));
    }

    void reshape(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("allowzero");
        View v = views.get(n.inputs().get(0));
        long[] target = OnnxShapeArithmetic.longs(b, n, 1);
        boolean copies = a.integer("allowzero", 0) == 0;
        // Each target axis takes one input axis (0, or its own size) or merges the rest (-1, last only).
        List<List<Atom>> out = new ArrayList<>();
        int k = 0;
        for (int j = 0; j < target.length; j++) {
            if (target[j] == -1 && j == target.length - 1) {
                List<Atom> rest = new ArrayList<>();
                for (; k < v.rank(); k++) {
                    rest.addAll(v.axes.get(k));
                }
                out.add(rest);
            } else if (k < v.rank() && target[j] == 0 && copies && j == k) {
                out.add(v.axes.get(k++));
            } else if (target[j] > 0) {
                // Consecutive input axes whose sizes multiply to it (LayerLoom's export: [N, directions * H, T]).
                List<Atom> merged = new ArrayList<>();
                long product = 1;
                while (k < v.rank() && product < target[j] && size(v.axes.get(k)) > 0) {
                    merged.addAll(v.axes.get(k));
                    product *= size(v.axes.get(k++));
                }
                if (product != target[j] || merged.isEmpty()) {
                    k = -1;
                    break;
                }
                out.add(merged);
            } else {
                k = -1;
                break;
            }
        }
        if (k != v.rank()) {
            throw new Refusal("target shape " + java.util.Arrays.toString(target) + " of " + describe(v) + "; the import"
                + " maps a Reshape of an LSTM's output that keeps (0) or merges (a size, -1 last) its axes in order, as"
                + " [T, N, directions * H].");
        }
        register(n.outputs().get(0), new View(v.id, out, v.last));
    }

    void flatten(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        View v = views.get(n.inputs().get(0));
        long axis = a.allow("axis").integer("axis", 1);
        int split = (int) (axis < 0 ? axis + v.rank() : axis);
        if (split < 0 || split > v.rank()) {
            throw new Refusal("axis " + axis + " of " + describe(v) + ".");
        }
        List<Atom> outer = new ArrayList<>();
        List<Atom> inner = new ArrayList<>();
        for (int k = 0; k < v.rank(); k++) {
            (k < split ? outer : inner).addAll(v.axes.get(k));
        }
        register(n.outputs().get(0), new View(v.id, List.of(outer, inner), v.last));
    }

    /**
     * The features axis of a whole sequence (time and batch on the other two axes, either order)
     * that a MatMul multiplies, a Linear at every step; null if {@code v} is not such a sequence.
     */
    static Integer perStep(View v) {
        if (v == null || v.last || v.rank() != 3 || !features(v.axes.get(2))) {
            return null;
        }
        List<Role> outer = List.of(roles(v.axes.get(0)).size() == 1 ? roles(v.axes.get(0)).get(0) : Role.LAST,
            roles(v.axes.get(1)).size() == 1 ? roles(v.axes.get(1)).get(0) : Role.LAST);
        return outer.equals(List.of(Role.TIME, Role.BATCH)) || outer.equals(List.of(Role.BATCH, Role.TIME)) ? 2 : null;
    }


    void register(String tensor, View v) throws Refusal {
        if (tensor.isEmpty()) {
            return;
        }
        views.put(tensor, v);
        b.producer.put(tensor, v.id);
        b.rank.put(tensor, vector(v) ? 2 : Math.max(v.rank(), 3));
    }

    static long size(List<Atom> atoms) {
        long s = 1;
        for (Atom t : atoms) {
            s = t.size < 0 ? -1 : s < 0 ? -1 : s * t.size;
        }
        return s;
    }

    /** The atoms that are not of size 1, in order. */
    static List<Role> roles(List<Atom> atoms) {
        return atoms.stream().filter(t -> !t.unit()).map(Atom::role).toList();
    }

    /** Whether the axis holds features as LayerLoom orders them: the hidden unit, after the direction if any. */
    static boolean features(List<Atom> atoms) {
        List<Role> r = roles(atoms);
        return r.equals(List.of(Role.FEATURES)) || r.equals(List.of(Role.DIRECTION, Role.FEATURES));
    }

    /** Whether {@code v} is a sequence with its axes holding {@code order} (time, batch, features in some order). */
    static boolean arranged(View v, Role[] order) {
        if (v.rank() != order.length) {
            return false;
        }
        for (int k = 0; k < order.length; k++) {
            List<Atom> atoms = v.axes.get(k);
            boolean ok = order[k] == Role.FEATURES ? features(atoms)
                : roles(atoms).equals(List.of(order[k])) || (order[k] == Role.TIME && size(atoms) == 1
                    && atoms.stream().anyMatch(t -> t.role == Role.TIME));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code v} is an LSTM's last step [N, F] as LayerLoom holds it. */
    static boolean vector(View v) {
        return v.last && v.rank() == 2 && roles(v.axes.get(0)).equals(List.of(Role.BATCH)) && features(v.axes.get(1));
    }

    static String name(List<Atom> atoms) {
        return atoms.isEmpty() ? "1" : atoms.stream().map(t -> switch (t.role) {
            case TIME -> "T";
            case BATCH -> "N";
            case DIRECTION -> "directions";
            case FEATURES -> "features";
            case LAST -> "last step";
        } + (t.size >= 0 ? "=" + t.size : "")).collect(Collectors.joining(" * "));
    }

    String describe(View v) {
        return "[" + v.axes.stream().map(OnnxSequenceViews::name).collect(Collectors.joining(", ")) + "]"
            + (b.nodes.containsKey(v.id) ? " from " + b.nodes.get(v.id).kind().name() + " '" + Text.display(v.id) + "'"
                : "");
    }
}
