package io.layerloom.codegen.onnx;

import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.codegen.onnx.OnnxAttributeReader.Refusal;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The LSTM part of the structural import: ONNX's {@code LSTM} operator as LayerLoom's LSTM kind
 * (bidirectional when ONNX's is, the last time step only when that is all the graph reads), with
 * what PyTorch's exporter and tf2onnx write around it: the sequence input moved to time-major by a
 * Transpose, the output Y [T, directions, N, H] turned back by Squeeze, Transpose and Reshape, its
 * last step taken by Gather or Slice (or read as Y_h), and zero initial states computed from the
 * input's Shape (Shape, Gather, Unsqueeze, Concat, Expand, ConstantOfShape).
 *
 * <p>LayerLoom holds a sequence as DL4J does, [N, features, T], and an LSTM's output with the
 * directions concatenated on the features, forward first (DL4J's Bidirectional CONCAT). An ONNX
 * tensor on the way is therefore followed as a <em>view</em>: which of its axes hold time, batch,
 * direction and features, in which order. A view is consumed only where that order is what the
 * LayerLoom layer computes: as an LSTM's X (time, batch, features; features with the direction
 * before the hidden unit), or, after the last step was taken, as a vector [N, directions * H] by
 * any layer. Anything else that reads a view is refused, naming the node.
 *
 * <p>The weights: ONNX's W [directions, 4H, I] and R [directions, 4H, H] hold the gates in the
 * order input, output, forget, cell (iofc); DL4J's LSTM (1.0.0-M2.1, no peepholes, the layout
 * {@link OnnxRecurrentExport} writes back) holds W [I, 4H] and RW [H, 4H] with the blocks in the
 * order cell input, forget, output, input, and a single bias b [4H], which is ONNX's Wb + Rb
 * (PyTorch's bias_ih + bias_hh): only their sum enters the computation.
 */
final class OnnxRecurrentImport {

    /** The operators this class maps, whatever they read. */
    private static final Set<String> OWN = Set.of("LSTM", "Transpose", "Squeeze", "Unsqueeze", "Shape", "Gather",
        "Slice", "Expand", "ConstantOfShape");

    /** DL4J's gate block for each of ONNX's blocks i, o, f, c (see {@link OnnxRecurrentExport}). */
    private static final int[] IOFC = {3, 2, 1, 0};

    private enum Role { TIME, BATCH, DIRECTION, FEATURES, LAST }

    /** One role on an axis, and its size (-1: the batch, not known). */
    private record Atom(Role role, long size) {
        boolean unit() {
            return size == 1;
        }
    }

    /**
     * An ONNX tensor that holds node {@code id}'s LayerLoom output rearranged: each axis is the
     * atoms merged into it, outer first. {@code last}: the time axis was reduced to its last step.
     */
    private record View(String id, List<List<Atom>> axes, boolean last) {
        int rank() {
            return axes.size();
        }
    }

    private enum Use { SEQUENCE, LAST }

    private final OnnxLayerBuilder b;
    private final Map<String, View> views = new HashMap<>();
    /** Tensors that hold shape arithmetic (Shape of a tensor, and Gather, Unsqueeze, Concat of it). */
    private final Set<String> shapes = new HashSet<>();
    /** Tensors known to be all zeros (an initial state Expand-ed from a zero constant). */
    private final Set<String> zeros = new HashSet<>();
    /** How each LSTM's output is read, once it is. */
    private final Map<String, Use> uses = new HashMap<>();

    OnnxRecurrentImport(OnnxLayerBuilder b) {
        this.b = b;
    }

    // ---- what the structural import asks ----

    /** Whether {@code n} is for this class: its own operators, and Reshape, Flatten or Concat of views and shapes. */
    boolean maps(OnnxNode n) {
        if (OWN.contains(n.opType())) {
            return true;
        }
        boolean readsView = !n.inputs().isEmpty() && views.containsKey(n.inputs().get(0));
        return switch (n.opType()) {
            case "Reshape", "Flatten" -> readsView;
            case "MatMul" -> readsView && perStep(views.get(n.inputs().get(0))) != null;
            case "Add" -> n.inputs().size() == 2 && n.inputs().stream().anyMatch(t -> views.containsKey(t)
                && b.nodes.get(views.get(t).id).spec() instanceof LayerSpec.RnnOutput);
            case "Concat" -> !n.inputs().isEmpty()
                && n.inputs().stream().allMatch(t -> shapes.contains(t) || b.constants.containsKey(t));
            default -> false;
        };
    }

    /**
     * For any other operator: every view it reads must be an LSTM's last step as a vector [N, F],
     * which it then reads as LayerLoom holds it.
     */
    void checkReads(OnnxNode n) throws Refusal {
        for (String t : n.inputs()) {
            View v = views.get(t);
            if (v != null) {
                if (!vector(v)) {
                    throw new Refusal("input '" + Text.display(t) + "' is " + describe(v) + "; the import maps an"
                        + " LSTM's output only through Squeeze, Transpose, Reshape to [T, N, directions * H], a"
                        + " following LSTM, or its last step (Gather or Slice of index -1, or Y_h) as a vector [N, F].");
                }
                use(v.id, Use.LAST);
            }
            if (shapes.contains(t) || zeros.contains(t)) {
                throw new Refusal("input '" + Text.display(t) + "' is computed from a tensor's shape; the import"
                    + " maps shape arithmetic only where it makes an LSTM's zero initial state.");
            }
        }
    }

    /** A reason to refuse graph output {@code tensor}, or empty (then it is an LSTM's last step, or no view). */
    Optional<String> graphOutput(String tensor) {
        View v = views.get(tensor);
        if (v == null) {
            return Optional.empty();
        }
        if (b.nodes.get(v.id).spec() instanceof LayerSpec.RnnOutput && perStep(v) != null) {
            return Optional.empty();
        }
        if (!vector(v)) {
            return Optional.of("it is " + describe(v) + "; a LayerLoom network ends in an output layer over a vector"
                + " [N, F]: take the last step (output[:, -1]) into a Linear, or read the sequence with an LSTM.");
        }
        try {
            use(v.id, Use.LAST);
        } catch (Refusal r) {
            return Optional.of(r.getMessage());
        }
        return Optional.empty();
    }

    /**
     * A rank-3 graph input: the sequence an LSTM reads, directly (time-major) or through Transposes.
     * Returns a reason to refuse it, or empty when it became an Input [features, T].
     */
    Optional<String> sequenceInput(OnnxValueInfo in, List<OnnxDim> shape) {
        int[] perm = {0, 1, 2};
        String t = in.name();
        OnnxNode lstm = null;
        for (int hops = 0; hops < 8 && lstm == null; hops++) {
            // The first LSTM or Transpose that reads it decides; an LSTM that reads it otherwise is refused.
            OnnxNode next = null;
            for (OnnxNode c : b.consumers.getOrDefault(t, List.of())) {
                if (c.opType().equals("LSTM") || c.opType().equals("Transpose")) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            if (next.opType().equals("LSTM") && next.inputs().indexOf(t) == 0) {
                lstm = next;
            } else if (next.opType().equals("Transpose") && next.inputs().size() == 1) {
                Optional<int[]> p = permutation(next, 3);
                if (p.isEmpty()) {
                    break;
                }
                int[] composed = new int[3];
                for (int k = 0; k < 3; k++) {
                    composed[k] = perm[p.get()[k]];
                }
                perm = composed;
                t = next.outputs().get(0);
            } else {
                break;
            }
        }
        if (lstm == null) {
            return Optional.of("it has rank 3 " + shape + "; the import takes a rank-3 input only as the sequence"
                + " an LSTM reads (directly, or through Transpose), and images [N, C, H, W] and vectors [N, F].");
        }
        boolean batchFirst = lstm.attribute("layout").orElse(null) instanceof OnnxAttribute.IntValue l && l.value() == 1;
        Role[] xRoles = batchFirst ? new Role[] {Role.BATCH, Role.TIME, Role.FEATURES}
            : new Role[] {Role.TIME, Role.BATCH, Role.FEATURES};
        Role[] roles = new Role[3];
        for (int k = 0; k < 3; k++) {
            roles[perm[k]] = xRoles[k];
        }
        List<List<Atom>> axes = new ArrayList<>();
        long features = 0;
        long steps = 0;
        for (int k = 0; k < 3; k++) {
            long size = shape.get(k) instanceof OnnxDim.Fixed f && f.size() > 0 ? f.size() : -1;
            if (roles[k] != Role.BATCH && size < 0) {
                return Optional.of("its " + (roles[k] == Role.TIME ? "time" : "feature") + " axis " + k + " of "
                    + shape + " has no fixed size; the import needs the sequence length and the features fixed"
                    + " (export with a fixed-length example and no dynamic_axes on them).");
            }
            axes.add(List.of(new Atom(roles[k], roles[k] == Role.BATCH ? -1 : size)));
            features = roles[k] == Role.FEATURES ? size : features;
            steps = roles[k] == Role.TIME ? size : steps;
        }
        String id = b.ids.forInput(in.name());
        b.nodes.put(id, Node.of(id, new LayerSpec.Input(new Dims(List.of(features, steps)))));
        b.producer.put(in.name(), id);
        b.rank.put(in.name(), 3);
        views.put(in.name(), new View(id, axes, false));
        return Optional.empty();
    }

    // ---- the operators ----

    void map(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        switch (n.opType()) {
            case "LSTM" -> lstm(n, a);
            case "Transpose" -> transpose(n, a);
            case "Squeeze" -> squeeze(n, a);
            case "Unsqueeze" -> {
                a.allow("axes");
                String x = n.inputs().isEmpty() ? "" : n.inputs().get(0);
                if (b.constants.containsKey(x)) {
                    long[] axes = n.inputs().size() > 1 && !n.inputs().get(1).isEmpty() ? longs(n, 1)
                        : n.attribute("axes").orElse(null) instanceof OnnxAttribute.IntList l
                            ? l.values().stream().mapToLong(Long::longValue).toArray() : new long[0];
                    int rank = b.constants.get(x).dims().size() + axes.length;
                    for (long axis : axes) {
                        if (axis < -rank || axis >= rank) {
                            throw new Refusal("axis " + axis + " is outside the " + rank + " axes of the result.");
                        }
                    }
                    b.constants.put(n.outputs().get(0), OnnxConstantFolding.unsqueeze(n.outputs().get(0),
                        b.constants.get(x), axes));
                } else {
                    shapeOnly(n);
                }
            }
            case "Shape" -> {
                a.allow("start", "end");
                shapes.add(n.outputs().get(0));
            }
            case "Gather" -> gather(n, a);
            case "Slice" -> slice(n, a);
            case "Concat" -> concat(n, a);
            case "Expand" -> expand(n, a);
            case "ConstantOfShape" -> {
                a.allow("value");
                OnnxAttribute value = n.attribute("value").orElse(null);
                if (value != null && !(value instanceof OnnxAttribute.TensorValue v && allZero(v.value()))) {
                    throw new Refusal("a value other than 0; the import maps ConstantOfShape only as an LSTM's zero"
                        + " initial state.");
                }
                shapes.remove(n.outputs().get(0));
                zeros.add(n.outputs().get(0));
            }
            case "Reshape" -> reshape(n, a);
            case "Flatten" -> flatten(n, a);
            case "MatMul" -> matMul(n, a);
            case "Add" -> addBias(n, a);
            default -> throw new IllegalStateException("not a recurrent operator: " + n.opType());
        }
    }

    /** Unsqueeze and the like: mapped on shape arithmetic only. */
    private void shapeOnly(OnnxNode n) throws Refusal {
        String x = n.inputs().isEmpty() ? "" : n.inputs().get(0);
        if (shapes.contains(x) || (b.constants.containsKey(x) && b.constants.get(x).elementType()
            == OnnxElementType.INT64)) {
            shapes.add(n.outputs().get(0));
            return;
        }
        throw new Refusal("the import maps " + n.opType() + " only in shape arithmetic (an LSTM's initial state), and"
            + " '" + Text.display(x) + "' is " + (views.containsKey(x) ? describe(views.get(x)) : "not such a value")
            + ".");
    }

    private void lstm(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("hidden_size", "direction", "activations", "layout", "input_forget", "clip", "activation_alpha",
            "activation_beta");
        for (String unsupported : List.of("clip", "activation_alpha", "activation_beta")) {
            if (n.attribute(unsupported).isPresent()) {
                throw new Refusal("attribute '" + unsupported + "'; DL4J's LSTM has no "
                    + (unsupported.equals("clip") ? "cell clipping" : "activation parameters") + ", so the import"
                    + " maps an LSTM without it.");
            }
        }
        if (a.integer("input_forget", 0) != 0) {
            throw new Refusal("input_forget 1 couples the input and forget gates; DL4J's LSTM keeps them apart.");
        }
        long layout = a.integer("layout", 0);
        if (layout != 0 && layout != 1) {
            throw new Refusal("layout " + layout + "; ONNX defines layouts 0 and 1.");
        }
        String direction = a.string("direction", "forward");
        if (!direction.equals("forward") && !direction.equals("bidirectional")) {
            throw new Refusal("direction \"" + direction + "\"; LayerLoom's LSTM reads a sequence forwards, or both"
                + " ways when bidirectional (a reverse-only LSTM has no LayerLoom layer).");
        }
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        ActivationFunction activation = activation(n, dirs);
        for (int i = 4; i < n.inputs().size(); i++) {
            String t = n.inputs().get(i);
            if (t.isEmpty()) {
                continue;
            }
            if (i == 4) {
                throw new Refusal("sequence_lens '" + Text.display(t) + "' is given; the import maps sequences of one"
                    + " length (the input's), without per-example lengths.");
            }
            if (i == 7) {
                throw new Refusal("peephole weights P '" + Text.display(t) + "' are given; DL4J's LSTM has no"
                    + " peepholes (GravesLSTM's are not ONNX's).");
            }
            if (!zeros.contains(t) && !(b.constants.containsKey(t) && allZero(b.constants.get(t)))) {
                throw new Refusal((i == 5 ? "initial_h" : "initial_c") + " '" + Text.display(t) + "' is not zero;"
                    + " LayerLoom's LSTM starts every sequence from a zero state.");
            }
        }
        String x = b.data(n, 0);
        View in = views.get(x);
        Role[] xRoles = layout == 1 ? new Role[] {Role.BATCH, Role.TIME, Role.FEATURES}
            : new Role[] {Role.TIME, Role.BATCH, Role.FEATURES};
        if (in == null || in.last || !arranged(in, xRoles)) {
            throw new Refusal("input X '" + Text.display(x) + "' is " + (in == null ? "of rank " + b.rank.get(x)
                + " and not a sequence" : describe(in)) + "; with layout " + layout + " the import needs X as "
                + (layout == 1 ? "[N, T, features]" : "[T, N, features]") + " (features with the direction before"
                + " the hidden unit, as a Reshape of [T, N, directions, H] gives them).");
        }
        long hidden = a.integer("hidden_size", -1);
        OnnxTensor w = b.weight(n, 1, 3);
        OnnxTensor r = b.weight(n, 2, 3);
        Optional<OnnxTensor> bias = b.optionalConstant(n, 3);
        long features = size(in.axes.get(2));
        long steps = size(in.axes.get(layout == 1 ? 1 : 0));
        if (hidden < 1 || !w.dims().equals(List.of((long) dirs, 4 * hidden, features))
            || !r.dims().equals(List.of((long) dirs, 4 * hidden, hidden))
            || (bias.isPresent() && (bias.get().elementType() != OnnxElementType.FLOAT
                || !bias.get().dims().equals(List.of((long) dirs, 8 * hidden))))) {
            throw new Refusal("W " + w.dims() + ", R " + r.dims() + (bias.isPresent() ? ", B " + bias.get().dims() : "")
                + " for hidden_size " + hidden + ", " + dirs + " direction(s) and " + features + " input features;"
                + " ONNX's LSTM needs W [" + dirs + ", " + 4 * hidden + ", " + features + "], R [" + dirs + ", "
                + 4 * hidden + ", " + hidden + "] and B [" + dirs + ", " + 8 * hidden + "].");
        }
        if (b.readers.getOrDefault(output(n, 2), 0) > 0) {
            throw new Refusal("its cell state Y_c '" + Text.display(output(n, 2)) + "' is read; a LayerLoom LSTM"
                + " passes on its output only.");
        }
        if (dirs == 2 && b.readers.getOrDefault(output(n, 1), 0) > 0) {
            throw new Refusal("its final state Y_h '" + Text.display(output(n, 1)) + "' of a bidirectional LSTM is"
                + " read: its backward half is the state after the whole sequence read backwards, which LayerLoom's"
                + " LSTM does not give; take the output's last step instead (output[:, -1] in PyTorch).");
        }
        use(in.id, Use.SEQUENCE);
        LayerSpec.LSTM spec = new LayerSpec.LSTM(hidden, activation, true, dirs == 2);
        String id = b.ids.forNode(n.name(), n.opType(), firstNamed(n));
        b.nodes.put(id, new Node(id, spec, List.of(b.producer.get(x)), Optional.empty(), Map.of()));
        String[] prefixes = dirs == 2 ? new String[] {"f", "b"} : new String[] {""};
        for (int d = 0; d < dirs; d++) {
            b.param(id, prefixes[d] + "W", gates(w, d));
            b.param(id, prefixes[d] + "RW", gates(r, d));
            b.param(id, prefixes[d] + "b", bias(bias.orElse(null), d, hidden));
        }
        Atom time = new Atom(Role.TIME, steps);
        Atom batch = new Atom(Role.BATCH, -1);
        Atom direction1 = new Atom(Role.DIRECTION, dirs);
        Atom units = new Atom(Role.FEATURES, hidden);
        register(output(n, 0), new View(id, layout == 1
            ? List.of(List.of(batch), List.of(time), List.of(direction1), List.of(units))
            : List.of(List.of(time), List.of(direction1), List.of(batch), List.of(units)), false));
        register(output(n, 1), new View(id, layout == 1
            ? List.of(List.of(batch), List.of(direction1), List.of(units))
            : List.of(List.of(direction1), List.of(batch), List.of(units)), true));
    }

    private static String output(OnnxNode n, int i) {
        return i < n.outputs().size() ? n.outputs().get(i) : "";
    }

    private static String firstNamed(OnnxNode n) {
        return n.outputs().stream().filter(s -> !s.isEmpty()).findFirst().orElse("lstm");
    }

    /** The cell activation of every direction, refused unless the gates are sigmoid and g = h, one LayerLoom activation. */
    private static ActivationFunction activation(OnnxNode n, int dirs) throws Refusal {
        Optional<OnnxAttribute> attr = n.attribute("activations");
        if (attr.isEmpty()) {
            return ActivationFunction.TANH;
        }
        if (!(attr.get() instanceof OnnxAttribute.StringList list) || list.values().size() != 3 * dirs) {
            throw new Refusal("activations should be " + 3 * dirs + " strings (gate, cell, hidden per direction).");
        }
        ActivationFunction found = null;
        for (int d = 0; d < dirs; d++) {
            List<String> f = list.values().subList(3 * d, 3 * d + 3).stream()
                .map(s -> s.toLowerCase(Locale.ROOT)).toList();
            ActivationFunction g = CELL.get(f.get(1));
            if (!f.get(0).equals("sigmoid") || g == null || !f.get(1).equals(f.get(2)) || (found != null && g != found)) {
                throw new Refusal("activations " + list.values() + "; DL4J's LSTM uses sigmoid gates and one activation"
                    + " for the cell input and output, the same in both directions: the import maps [Sigmoid, f, f]"
                    + " with f one of " + String.join(", ", CELL.keySet()) + ".");
            }
            found = g;
        }
        return found;
    }

    /** ONNX's LSTM activations (with their default parameters, which DL4J's equal) that LayerLoom has. */
    private static final Map<String, ActivationFunction> CELL = new java.util.LinkedHashMap<>();

    static {
        CELL.put("tanh", ActivationFunction.TANH);
        CELL.put("relu", ActivationFunction.RELU);
        CELL.put("sigmoid", ActivationFunction.SIGMOID);
        CELL.put("leakyrelu", ActivationFunction.LEAKYRELU);
        CELL.put("elu", ActivationFunction.ELU);
        CELL.put("hardsigmoid", ActivationFunction.HARDSIGMOID);
        CELL.put("softplus", ActivationFunction.SOFTPLUS);
    }

    private void transpose(OnnxNode n, OnnxAttributeReader a) throws Refusal {
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
    private static Optional<int[]> permutation(OnnxNode n, int rank) {
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

    private void squeeze(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("axes");
        String x = n.inputs().isEmpty() ? "" : n.inputs().get(0);
        View v = views.get(x);
        if (v == null) {
            shapeOnly(n);
            return;
        }
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

    private void gather(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        long axis = a.allow("axis").integer("axis", 0);
        String x = n.inputs().isEmpty() ? "" : n.inputs().get(0);
        if (shapes.contains(x)) {
            shapes.add(n.outputs().get(0));
            return;
        }
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
    private void slice(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        String x = n.inputs().isEmpty() ? "" : n.inputs().get(0);
        if (shapes.contains(x)) {
            shapes.add(n.outputs().get(0));
            return;
        }
        if (b.constants.containsKey(x)) {
            sliceConstant(n, b.constants.get(x));
            return;
        }
        View v = views.get(x);
        if (v == null) {
            throw new Refusal("the import maps Slice only on an LSTM's output (its last step) and in shape arithmetic,"
                + " and '" + Text.display(x) + "' is neither.");
        }
        long[] starts = longs(n, 1);
        long[] ends = longs(n, 2);
        long[] axes = n.inputs().size() > 3 && !n.inputs().get(3).isEmpty() ? longs(n, 3) : null;
        long[] steps = n.inputs().size() > 4 && !n.inputs().get(4).isEmpty() ? longs(n, 4) : null;
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

    private long[] longs(OnnxNode n, int position) throws Refusal {
        OnnxTensor t = b.constant(n, position);
        if (t.elementType() != OnnxElementType.INT64 || t.dims().size() > 1) {
            throw new Refusal("input " + position + " '" + Text.display(t.name()) + "' is " + t.elementType() + " "
                + t.dims() + "; ONNX needs an int64 list there.");
        }
        long[] v = new long[(int) t.size()];
        t.longData().get(v);
        return v;
    }

    /** Concat of constants is computed (PyTorch's gate reordering); with shape arithmetic in it, it is shape arithmetic. */
    private void concat(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        long axis = a.allow("axis").integer("axis", 0);
        if (n.inputs().stream().anyMatch(shapes::contains)) {
            shapes.add(n.outputs().get(0));
            return;
        }
        List<OnnxTensor> parts = new ArrayList<>();
        for (String t : n.inputs()) {
            parts.add(b.constants.get(t));
        }
        OnnxTensor first = parts.get(0);
        int rank = first.dims().size();
        int k = (int) (axis < 0 ? axis + rank : axis);
        for (OnnxTensor p : parts) {
            boolean fits = p.elementType() == first.elementType() && p.dims().size() == rank && k >= 0 && k < rank;
            for (int i = 0; fits && i < rank; i++) {
                fits = i == k || p.dims().get(i).equals(first.dims().get(i));
            }
            if (!fits) {
                throw new Refusal("constants " + parts.stream().map(c -> c.elementType() + " " + c.dims()).toList()
                    + " do not join on axis " + axis + ".");
            }
        }
        b.constants.put(n.outputs().get(0), OnnxConstantFolding.concat(n.outputs().get(0), parts, k));
    }

    /** A Slice of a constant, computed: steps of 1 only. */
    private void sliceConstant(OnnxNode n, OnnxTensor t) throws Refusal {
        long[] starts = longs(n, 1);
        long[] ends = longs(n, 2);
        long[] axes = n.inputs().size() > 3 && !n.inputs().get(3).isEmpty() ? longs(n, 3) : null;
        long[] steps = n.inputs().size() > 4 && !n.inputs().get(4).isEmpty() ? longs(n, 4) : null;
        int rank = t.dims().size();
        OnnxTensor out = t;
        for (int j = 0; j < starts.length; j++) {
            long axis = axes == null ? j : axes[j];
            int k = (int) (axis < 0 ? axis + rank : axis);
            if (ends.length != starts.length || (axes != null && axes.length != starts.length) || k < 0 || k >= rank
                || (steps != null && (steps.length != starts.length || steps[j] != 1))) {
                throw new Refusal("slices constant '" + Text.display(t.name()) + "' " + t.dims() + " with starts "
                    + java.util.Arrays.toString(starts) + ", ends " + java.util.Arrays.toString(ends) + ", axes "
                    + java.util.Arrays.toString(axes) + ", steps " + java.util.Arrays.toString(steps) + "; the import"
                    + " computes Slices of constants with step 1 only.");
            }
            long size = out.dims().get(k);
            long lo = Math.max(0, Math.min(size, starts[j] < 0 ? starts[j] + size : starts[j]));
            long hi = Math.max(lo, Math.min(size, ends[j] < 0 ? ends[j] + size : ends[j]));
            out = OnnxConstantFolding.slice(n.outputs().get(0), out, k, lo, hi);
        }
        b.constants.put(n.outputs().get(0), out);
    }

    private void expand(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        String x = n.inputs().isEmpty() ? "" : n.inputs().get(0);
        String shape = n.inputs().size() > 1 ? n.inputs().get(1) : "";
        boolean zero = zeros.contains(x) || (b.constants.containsKey(x) && allZero(b.constants.get(x)));
        if (!zero || !(shapes.contains(shape) || b.constants.containsKey(shape))) {
            throw new Refusal("the import maps Expand only of zeros to a shape (an LSTM's zero initial state), and '"
                + Text.display(x) + "' is not a constant of zeros.");
        }
        zeros.add(n.outputs().get(0));
    }

    private void reshape(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("allowzero");
        View v = views.get(n.inputs().get(0));
        long[] target = longs(n, 1);
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

    private void flatten(OnnxNode n, OnnxAttributeReader a) throws Refusal {
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
    private static Integer perStep(View v) {
        if (v == null || v.last || v.rank() != 3 || !features(v.axes.get(2))) {
            return null;
        }
        List<Role> outer = List.of(roles(v.axes.get(0)).size() == 1 ? roles(v.axes.get(0)).get(0) : Role.LAST,
            roles(v.axes.get(1)).size() == 1 ? roles(v.axes.get(1)).get(0) : Role.LAST);
        return outer.equals(List.of(Role.TIME, Role.BATCH)) || outer.equals(List.of(Role.BATCH, Role.TIME)) ? 2 : null;
    }

    /**
     * PyTorch's Linear on a whole sequence (MatMul by [F, units], then Add of the bias): LayerLoom's
     * RnnOutput, an output layer with a dense layer per time step, so the graph's output.
     */
    private void matMul(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        View v = views.get(n.inputs().get(0));
        OnnxTensor w = b.weight(n, 1, 2);
        long in = size(v.axes.get(2));
        if (w.dims().get(0) != in) {
            throw new Refusal("weight '" + Text.display(w.name()) + "' " + w.dims() + " for " + in + " features.");
        }
        String out = n.outputs().get(0);
        if (!b.readers.getOrDefault(out, 0).equals(1)) {
            throw new Refusal("a Linear at every step of a sequence maps to LayerLoom's RnnOutput, an output layer, so"
                + " its result must be the graph's output (with at most the Add of its bias), not read by "
                + b.readers.getOrDefault(out, 0) + " nodes.");
        }
        use(v.id, Use.SEQUENCE);
        long units = w.dims().get(1);
        String id = b.ids.forNode(n.name(), n.opType(), out);
        b.nodes.put(id, Node.of(id, new LayerSpec.RnnOutput(units, ActivationFunction.IDENTITY,
            io.layerloom.model.layer.Loss.MSE, false), v.id));
        b.param(id, "W", OnnxWeightLayout.dense(w, false, 1f));
        List<List<Atom>> axes = new ArrayList<>(v.axes.subList(0, 2));
        axes.add(List.of(new Atom(Role.FEATURES, units)));
        register(out, new View(id, axes, false));
    }

    private void addBias(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        int at = views.containsKey(n.inputs().get(0)) ? 0 : 1;
        View v = views.get(n.inputs().get(at));
        Node node = b.nodes.get(v.id);
        LayerSpec.RnnOutput o = (LayerSpec.RnnOutput) node.spec();
        OnnxTensor bias = b.weight(n, 1 - at, b.constant(n, 1 - at).dims().size());
        if (o.bias() || bias.size() != o.units() || bias.dims().get(bias.dims().size() - 1) != o.units()
            || !b.readers.getOrDefault(n.outputs().get(0), 0).equals(1)) {
            throw new Refusal("adds '" + Text.display(bias.name()) + "' " + bias.dims() + " to the per-step Linear '"
                + Text.display(v.id) + "' of " + o.units() + " units; the import maps the Add of its bias [" + o.units()
                + "] as the graph's output only.");
        }
        b.nodes.put(v.id, node.withSpec(new LayerSpec.RnnOutput(o.units(), o.activation(), o.loss(), true)));
        b.param(v.id, "b", OnnxWeightLayout.vector(bias, o.units(), 1f));
        register(n.outputs().get(0), v);
    }

    // ---- views ----

    private void register(String tensor, View v) throws Refusal {
        if (tensor.isEmpty()) {
            return;
        }
        views.put(tensor, v);
        b.producer.put(tensor, v.id);
        b.rank.put(tensor, vector(v) ? 2 : Math.max(v.rank(), 3));
    }

    private static long size(List<Atom> atoms) {
        long s = 1;
        for (Atom t : atoms) {
            s = t.size < 0 ? -1 : s < 0 ? -1 : s * t.size;
        }
        return s;
    }

    /** The atoms that are not of size 1, in order. */
    private static List<Role> roles(List<Atom> atoms) {
        return atoms.stream().filter(t -> !t.unit()).map(Atom::role).toList();
    }

    /** Whether the axis holds features as LayerLoom orders them: the hidden unit, after the direction if any. */
    private static boolean features(List<Atom> atoms) {
        List<Role> r = roles(atoms);
        return r.equals(List.of(Role.FEATURES)) || r.equals(List.of(Role.DIRECTION, Role.FEATURES));
    }

    /** Whether {@code v} is a sequence with its axes holding {@code order} (time, batch, features in some order). */
    private static boolean arranged(View v, Role[] order) {
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
    private static boolean vector(View v) {
        return v.last && v.rank() == 2 && roles(v.axes.get(0)).equals(List.of(Role.BATCH)) && features(v.axes.get(1));
    }

    private static String name(List<Atom> atoms) {
        return atoms.isEmpty() ? "1" : atoms.stream().map(t -> switch (t.role) {
            case TIME -> "T";
            case BATCH -> "N";
            case DIRECTION -> "directions";
            case FEATURES -> "features";
            case LAST -> "last step";
        } + (t.size >= 0 ? "=" + t.size : "")).collect(Collectors.joining(" * "));
    }

    private String describe(View v) {
        return "[" + v.axes.stream().map(OnnxRecurrentImport::name).collect(Collectors.joining(", ")) + "]"
            + (b.nodes.containsKey(v.id) ? " from " + b.nodes.get(v.id).kind().name() + " '" + Text.display(v.id) + "'"
                : "");
    }

    /** Records how the LSTM (or Input) {@code id}'s output is read; an LSTM read both ways is refused. */
    private void use(String id, Use use) throws Refusal {
        Node node = b.nodes.get(id);
        if (!(node.spec() instanceof LayerSpec.LSTM s)) {
            if (use == Use.LAST) {
                throw new Refusal("reads the last step of the input '" + Text.display(id) + "' itself; the import"
                    + " maps the last step of an LSTM's output only.");
            }
            return;
        }
        Use before = uses.putIfAbsent(id, use);
        if (before != null && before != use) {
            throw new Refusal("LSTM '" + Text.display(id) + "' is read both as a whole sequence and as its last step;"
                + " a LayerLoom LSTM gives one of them (returnSequences), so the import maps either.");
        }
        if (use == Use.LAST && s.returnSequences()) {
            b.nodes.put(id, node.withSpec(new LayerSpec.LSTM(s.units(), s.activation(), false, s.bidirectional())));
        }
    }

    // ---- weights ----

    private static boolean allZero(OnnxTensor t) {
        if (t.elementType() == OnnxElementType.FLOAT) {
            for (float f : t.floatArray()) {
                if (f != 0) {
                    return false;
                }
            }
            return true;
        }
        long[] v = new long[(int) t.size()];
        t.longData().get(v);
        return java.util.Arrays.stream(v).allMatch(x -> x == 0);
    }

    /**
     * Direction {@code d} of ONNX's W [dirs, 4H, in] or R [dirs, 4H, H] (gates i, o, f, c) as DL4J's
     * W or RW [in, 4H] (gates c, f, o, i).
     */
    static Weights.Array gates(OnnxTensor t, int d) {
        int rows = Math.toIntExact(t.dims().get(1));
        int in = Math.toIntExact(t.dims().get(2));
        int h = rows / 4;
        float[] v = t.floatArray();
        float[] out = new float[rows * in];
        int base = d * rows * in;
        for (int j = 0; j < 4; j++) {
            int block = IOFC[j];
            for (int u = 0; u < h; u++) {
                for (int r = 0; r < in; r++) {
                    out[r * rows + block * h + u] = v[base + (j * h + u) * in + r];
                }
            }
        }
        return new Weights.Array(new long[] {in, rows}, out);
    }

    /** Direction {@code d} of ONNX's B [dirs, 8H] (Wb then Rb, gates i, o, f, c) as DL4J's b [4H]: Wb + Rb. */
    static Weights.Array bias(OnnxTensor t, int d, long hidden) {
        int h = Math.toIntExact(hidden);
        float[] out = new float[4 * h];
        if (t != null) {
            float[] v = t.floatArray();
            int base = d * 8 * h;
            for (int j = 0; j < 4; j++) {
                for (int u = 0; u < h; u++) {
                    out[IOFC[j] * h + u] = v[base + j * h + u] + v[base + 4 * h + j * h + u];
                }
            }
        }
        return new Weights.Array(new long[] {4L * h}, out);
    }
}
