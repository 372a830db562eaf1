package io.layerloom.codegen.onnx;

import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.codegen.onnx.OnnxAttributeReader.Refusal;
import io.layerloom.codegen.onnx.OnnxSequenceViews.Atom;
import io.layerloom.codegen.onnx.OnnxSequenceViews.Role;
import io.layerloom.codegen.onnx.OnnxSequenceViews.View;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.layerloom.codegen.onnx.OnnxSequenceViews.arranged;
import static io.layerloom.codegen.onnx.OnnxSequenceViews.features;
import static io.layerloom.codegen.onnx.OnnxSequenceViews.perStep;
import static io.layerloom.codegen.onnx.OnnxSequenceViews.size;
import static io.layerloom.codegen.onnx.OnnxSequenceViews.vector;

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
 * tensor on the way is therefore followed as a <em>view</em> ({@link OnnxSequenceViews}; the shape
 * arithmetic and constants beside it are {@link OnnxShapeArithmetic}'s): which of its axes hold time, batch,
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

    private enum Use { SEQUENCE, LAST }

    private final OnnxLayerBuilder b;
    private final OnnxSequenceViews seq;
    private final OnnxShapeArithmetic arith;
    /** How each LSTM's output is read, once it is. */
    private final Map<String, Use> uses = new HashMap<>();

    OnnxRecurrentImport(OnnxLayerBuilder b) {
        this.b = b;
        this.seq = new OnnxSequenceViews(b);
        this.arith = new OnnxShapeArithmetic(b);
    }

    // ---- what the structural import asks ----

    /** Whether {@code n} is for this class: its own operators, and Reshape, Flatten or Concat of views and arith.shapes. */
    boolean maps(OnnxNode n) {
        if (OWN.contains(n.opType())) {
            return true;
        }
        boolean readsView = !n.inputs().isEmpty() && seq.views.containsKey(n.inputs().get(0));
        return switch (n.opType()) {
            case "Reshape", "Flatten" -> readsView;
            case "MatMul" -> readsView && perStep(seq.views.get(n.inputs().get(0))) != null;
            case "Add" -> n.inputs().size() == 2 && n.inputs().stream().anyMatch(t -> seq.views.containsKey(t)
                && b.nodes.get(seq.views.get(t).id()).spec() instanceof LayerSpec.RnnOutput);
            case "Concat" -> !n.inputs().isEmpty()
                && n.inputs().stream().allMatch(t -> arith.shapes.contains(t) || b.constants.containsKey(t));
            default -> false;
        };
    }

    /**
     * For any other operator: every view it reads must be an LSTM's last step as a vector [N, F],
     * which it then reads as LayerLoom holds it.
     */
    void checkReads(OnnxNode n) throws Refusal {
        for (String t : n.inputs()) {
            View v = seq.views.get(t);
            if (v != null) {
                if (!vector(v)) {
                    throw new Refusal("input '" + Text.display(t) + "' is " + seq.describe(v) + "; the import maps an"
                        + " LSTM's output only through Squeeze, Transpose, Reshape to [T, N, directions * H], a"
                        + " following LSTM, or its last step (Gather or Slice of index -1, or Y_h) as a vector [N, F].");
                }
                use(v.id(), Use.LAST);
            }
            if (arith.shapes.contains(t) || arith.zeros.contains(t)) {
                throw new Refusal("input '" + Text.display(t) + "' is computed from a tensor's shape; the import"
                    + " maps shape arithmetic only where it makes an LSTM's zero initial state.");
            }
        }
    }

    /** A reason to refuse graph output {@code tensor}, or empty (then it is an LSTM's last step, or no view). */
    Optional<String> graphOutput(String tensor) {
        View v = seq.views.get(tensor);
        if (v == null) {
            return Optional.empty();
        }
        if (b.nodes.get(v.id()).spec() instanceof LayerSpec.RnnOutput && perStep(v) != null) {
            return Optional.empty();
        }
        if (!vector(v)) {
            return Optional.of("it is " + seq.describe(v) + "; a LayerLoom network ends in an output layer over a vector"
                + " [N, F]: take the last step (output[:, -1]) into a Linear, or read the sequence with an LSTM.");
        }
        try {
            use(v.id(), Use.LAST);
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
                Optional<int[]> p = OnnxSequenceViews.permutation(next, 3);
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
        b.put(Node.of(id, new LayerSpec.Input(new Dims(List.of(features, steps)))));
        b.producer.put(in.name(), id);
        b.rank.put(in.name(), 3);
        seq.views.put(in.name(), new View(id, axes, false));
        return Optional.empty();
    }

    // ---- the operators ----

    void map(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        String x = n.inputs().isEmpty() ? "" : n.inputs().get(0);
        boolean view = seq.views.containsKey(x);
        boolean shape = arith.shapes.contains(x);
        switch (n.opType()) {
            case "LSTM" -> lstm(n, a);
            case "Transpose" -> seq.transpose(n, a);
            case "Squeeze" -> {
                if (view) {
                    seq.squeeze(n, a);
                } else {
                    a.allow("axes");
                    arith.shapeOnly(n);
                }
            }
            case "Unsqueeze" -> arith.unsqueeze(n, a);
            case "Shape" -> {
                a.allow("start", "end");
                arith.shapes.add(n.outputs().get(0));
            }
            case "Gather", "Slice" -> {
                if (shape) {
                    arith.shapes.add(n.outputs().get(0));
                } else if (n.opType().equals("Slice") && b.constants.containsKey(x)) {
                    a.allow();
                    arith.sliceConstant(n, b.constants.get(x));
                } else if (n.opType().equals("Gather")) {
                    seq.gather(n, a);
                } else {
                    seq.slice(n, a);
                }
            }
            case "Concat" -> arith.concat(n, a);
            case "Expand" -> arith.expand(n, a);
            case "ConstantOfShape" -> arith.constantOfShape(n, a);
            case "Reshape" -> seq.reshape(n, a);
            case "Flatten" -> seq.flatten(n, a);
            case "MatMul" -> matMul(n, a);
            case "Add" -> addBias(n, a);
            default -> throw new IllegalStateException("not a recurrent operator: " + n.opType());
        }
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
            if (!arith.zeros.contains(t) && !(b.constants.containsKey(t) && OnnxShapeArithmetic.allZero(b.constants.get(t)))) {
                throw new Refusal((i == 5 ? "initial_h" : "initial_c") + " '" + Text.display(t) + "' is not zero;"
                    + " LayerLoom's LSTM starts every sequence from a zero state.");
            }
        }
        String x = b.data(n, 0);
        View in = seq.views.get(x);
        Role[] xRoles = layout == 1 ? new Role[] {Role.BATCH, Role.TIME, Role.FEATURES}
            : new Role[] {Role.TIME, Role.BATCH, Role.FEATURES};
        if (in == null || in.last() || !arranged(in, xRoles)) {
            throw new Refusal("input X '" + Text.display(x) + "' is " + (in == null ? "of rank " + b.rank.get(x)
                + " and not a sequence" : seq.describe(in)) + "; with layout " + layout + " the import needs X as "
                + (layout == 1 ? "[N, T, features]" : "[T, N, features]") + " (features with the direction before"
                + " the hidden unit, as a Reshape of [T, N, directions, H] gives them).");
        }
        long hidden = a.integer("hidden_size", -1);
        OnnxTensor w = b.weight(n, 1, 3);
        OnnxTensor r = b.weight(n, 2, 3);
        Optional<OnnxTensor> bias = b.optionalConstant(n, 3);
        long features = size(in.axes().get(2));
        long steps = size(in.axes().get(layout == 1 ? 1 : 0));
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
        use(in.id(), Use.SEQUENCE);
        LayerSpec.LSTM spec = new LayerSpec.LSTM(hidden, activation, true, dirs == 2);
        String id = b.ids.forNode(n.name(), n.opType(), firstNamed(n));
        b.put(new Node(id, spec, List.of(b.producer.get(x)), Optional.empty(), Map.of()));
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
        seq.register(output(n, 0), new View(id, layout == 1
            ? List.of(List.of(batch), List.of(time), List.of(direction1), List.of(units))
            : List.of(List.of(time), List.of(direction1), List.of(batch), List.of(units)), false));
        seq.register(output(n, 1), new View(id, layout == 1
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

    /**
     * PyTorch's Linear on a whole sequence (MatMul by [F, units], then Add of the bias): LayerLoom's
     * RnnOutput, an output layer with a dense layer per time step, so the graph's output.
     */
    private void matMul(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        View v = seq.views.get(n.inputs().get(0));
        OnnxTensor w = b.weight(n, 1, 2);
        long in = size(v.axes().get(2));
        if (w.dims().get(0) != in) {
            throw new Refusal("weight '" + Text.display(w.name()) + "' " + w.dims() + " for " + in + " features.");
        }
        String out = n.outputs().get(0);
        if (!b.readers.getOrDefault(out, 0).equals(1)) {
            throw new Refusal("a Linear at every step of a sequence maps to LayerLoom's RnnOutput, an output layer, so"
                + " its result must be the graph's output (with at most the Add of its bias), not read by "
                + b.readers.getOrDefault(out, 0) + " nodes.");
        }
        use(v.id(), Use.SEQUENCE);
        long units = w.dims().get(1);
        String id = b.ids.forNode(n.name(), n.opType(), out);
        b.put(Node.of(id, new LayerSpec.RnnOutput(units, ActivationFunction.IDENTITY,
            io.layerloom.model.layer.Loss.MSE, false), v.id()));
        b.param(id, "W", OnnxWeightLayout.dense(w, false, 1f));
        List<List<Atom>> axes = new ArrayList<>(v.axes().subList(0, 2));
        axes.add(List.of(new Atom(Role.FEATURES, units)));
        seq.register(out, new View(id, axes, false));
    }

    private void addBias(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        int at = seq.views.containsKey(n.inputs().get(0)) ? 0 : 1;
        View v = seq.views.get(n.inputs().get(at));
        Node node = b.nodes.get(v.id());
        LayerSpec.RnnOutput o = (LayerSpec.RnnOutput) node.spec();
        OnnxTensor bias = b.weight(n, 1 - at, b.constant(n, 1 - at).dims().size());
        if (o.bias() || bias.size() != o.units() || bias.dims().get(bias.dims().size() - 1) != o.units()
            || !b.readers.getOrDefault(n.outputs().get(0), 0).equals(1)) {
            throw new Refusal("adds '" + Text.display(bias.name()) + "' " + bias.dims() + " to the per-step Linear '"
                + Text.display(v.id()) + "' of " + o.units() + " units; the import maps the Add of its bias [" + o.units()
                + "] as the graph's output only.");
        }
        b.put(node.withSpec(new LayerSpec.RnnOutput(o.units(), o.activation(), o.loss(), true)));
        b.param(v.id(), "b", OnnxWeightLayout.vector(bias, o.units(), 1f));
        seq.register(n.outputs().get(0), v);
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
            b.put(node.withSpec(new LayerSpec.LSTM(s.units(), s.activation(), false, s.bidirectional())));
        }
    }

    // ---- weights ----

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
