package io.layerloom.codegen.onnx;

import io.layerloom.codegen.onnx.OnnxAttributeReader.Refusal;
import io.layerloom.codegen.onnx.OnnxUnsupportedException.Unsupported;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The structural step of ONNX import: turns a checked {@link OnnxModel} into a LayerLoom
 * {@link Graph} with the same layers, wiring and layer parameters, but no weights (those are the
 * next step). It walks the nodes in their topological order, maps each supported operator pattern
 * (see {@link OnnxUnsupportedException#SUPPORTED}) to a layer, folds an activation into the
 * Conv/Dense before it when nothing else reads that layer's output, and ends each graph output in
 * an Output layer. Whatever it cannot map faithfully is collected, every node of it, into one
 * {@link OnnxUnsupportedException}; then no graph is returned at all, never a partial one.
 *
 * <p>The final layer: LayerLoom networks end in an Output layer, which is a Dense with a loss. A
 * graph output written by a Dense becomes an Output with that Dense's units, bias and activation,
 * and the loss the activation is meant for: softmax gives mcxent, sigmoid gives xent, anything else
 * (identity logits, the usual PyTorch export) gives mse. The forward pass is then exactly the ONNX
 * graph's; only training needs the user to choose the loss (logits plus mcxent would apply a
 * softmax ONNX did not have). A graph output written by anything but a Dense is refused.
 */
public final class OnnxStructureImport {

    private static final long MIN_OPSET = 11;
    private static final long MAX_OPSET = 17;

    private final OnnxModel model;
    private final long opset;
    private final OnnxNodeIds ids = new OnnxNodeIds();
    /** Initializers, Constant outputs and Identity aliases of either, by tensor name. */
    private final Map<String, OnnxTensor> constants = new HashMap<>();
    /** The LayerLoom node that computes each data tensor. */
    private final Map<String, String> producer = new HashMap<>();
    /** Each data tensor's ONNX rank. */
    private final Map<String, Integer> rank = new HashMap<>();
    /** Tensors ONNX holds as [N, C, 1, 1] after a global pooling, which LayerLoom holds as a vector [C]. */
    private final Set<String> pooledVectors = new HashSet<>();
    /** The tensor each layer writes itself (not through Identity or Dropout): only those fold. */
    private final Map<String, String> written = new HashMap<>();
    /** How many node inputs and graph outputs read each tensor. */
    private final Map<String, Integer> readers = new HashMap<>();
    private final Set<String> matMulDense = new HashSet<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Ranked> refused = new ArrayList<>();
    private final List<ShapeCheck> shapeChecks = new ArrayList<>();

    private record Ranked(int order, Unsupported entry) {
    }

    /** A condition on a layer's input shape that only the analysis can tell (ceil_mode, Reshape sizes). */
    private record ShapeCheck(int order, OnnxNode node, String inputId, Predicate<TensorType> holds, String reason) {
    }

    private OnnxStructureImport(OnnxModel model) {
        this.model = model;
        this.opset = model.defaultOpset().orElse(0L);
        model.initializers().forEach(t -> constants.put(t.name(), t));
        for (OnnxNode n : model.nodes()) {
            n.inputs().stream().filter(s -> !s.isEmpty()).forEach(s -> readers.merge(s, 1, Integer::sum));
        }
        model.outputs().forEach(o -> readers.merge(o.name(), 1, Integer::sum));
    }

    /**
     * The LayerLoom graph of {@code model}: Input nodes from the graph inputs, one layer per mapped
     * operator pattern, in the model's topological order.
     *
     * @throws OnnxUnsupportedException listing every node, graph input and output it cannot map
     */
    public static Graph toGraph(OnnxModel model) throws OnnxUnsupportedException {
        return new OnnxStructureImport(model).run();
    }

    private Graph run() throws OnnxUnsupportedException {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            refuse(-1, "the model", "", List.of(), List.of(), "it imports ai.onnx operator set " + opset
                + "; the import reads the operators as opsets " + MIN_OPSET + " to " + MAX_OPSET + " define them"
                + " (re-export with e.g. torch.onnx.export(..., opset_version=" + MAX_OPSET + ")).");
        }
        for (OnnxValueInfo in : model.inputs()) {
            input(in);
        }
        List<OnnxNode> list = model.nodes();
        for (int i = 0; i < list.size(); i++) {
            OnnxNode n = list.get(i);
            try {
                map(i, n);
            } catch (Refusal r) {
                refuse(i, n.place(i), n.opType(), OnnxAttributeReader.describeAll(n), n.inputs(), r.getMessage());
                // Consumers still get mapped, so the report lists their own problems too.
                String firstData = n.inputs().stream().filter(rank::containsKey).findFirst().orElse(null);
                for (String out : n.outputs()) {
                    producer.put(out, "?" + out);
                    rank.put(out, firstData == null ? 4 : rank.get(firstData));
                }
            }
        }
        for (OnnxValueInfo out : model.outputs()) {
            output(out);
        }
        Graph graph = new Graph(model.graphName().isBlank() ? "imported" : model.graphName(),
            "Imported from " + model.file() + (model.producer().isEmpty() ? "" : " (" + model.producer() + ")")
                + ", ai.onnx opset " + opset + "; structure only, weights not imported.",
            List.copyOf(nodes.values()));
        checkShapes(graph);
        if (!refused.isEmpty()) {
            refused.sort(Comparator.comparingInt(Ranked::order));
            throw new OnnxUnsupportedException(model.file(), refused.stream().map(Ranked::entry).toList());
        }
        return graph;
    }

    private void refuse(int order, String place, String op, List<String> attributes, List<String> inputs,
                        String reason) {
        refused.add(new Ranked(order, new Unsupported(place, op, attributes, inputs, reason)));
    }

    // ---- graph inputs and outputs ----

    private void input(OnnxValueInfo in) {
        String place = "graph input '" + Text.display(in.name()) + "'";
        List<OnnxDim> shape = in.shape().orElse(List.of());
        List<Long> dims = new ArrayList<>();
        for (OnnxDim d : shape.subList(Math.min(1, shape.size()), shape.size())) {
            if (d instanceof OnnxDim.Fixed f && f.size() > 0) {
                dims.add(f.size());
            }
        }
        boolean fixed = dims.size() == shape.size() - 1;
        if (in.elementType() != OnnxElementType.FLOAT || !fixed || (shape.size() != 4 && shape.size() != 2)) {
            refuse(-1, place, "", List.of(), List.of(), "its type is " + in.elementType() + " " + shape
                + "; the import takes float inputs [N, C, H, W] or [N, F] with every size but N fixed.");
            return;
        }
        String id = ids.forInput(in.name());
        nodes.put(id, Node.of(id, new LayerSpec.Input(new Dims(dims))));
        producer.put(in.name(), id);
        rank.put(in.name(), shape.size());
    }

    private void output(OnnxValueInfo out) {
        String id = producer.get(out.name());
        Node node = id == null ? null : nodes.get(id);
        if (node != null && node.spec() instanceof LayerSpec.Dense d) {
            Loss loss = d.activation() == ActivationFunction.SOFTMAX ? Loss.MCXENT
                : d.activation() == ActivationFunction.SIGMOID ? Loss.XENT : Loss.MSE;
            nodes.put(id, node.withSpec(new LayerSpec.Output(d.units(), d.activation(), loss, d.bias())));
        } else if (node != null && !(node.spec() instanceof LayerSpec.Output)) {
            refuse(Integer.MAX_VALUE, "graph output '" + Text.display(out.name()) + "'", "", List.of(), List.of(),
                "it is written by " + node.kind().name() + " '" + Text.display(id) + "'; a LayerLoom network ends"
                    + " in an Output layer, which the import makes from a final Gemm or MatMul (with its activation).");
        }
    }

    private void checkShapes(Graph graph) {
        if (shapeChecks.isEmpty()) {
            return;
        }
        Analysis analysis = GraphAnalysis.analyze(graph);
        for (ShapeCheck c : shapeChecks) {
            Optional<TensorType> in = analysis.node(c.inputId()).flatMap(r -> r.output());
            if (in.isEmpty() && !refused.isEmpty()) {
                continue;  // unknown because of a node already refused: that one is the problem to report
            }
            if (in.isEmpty() || !c.holds().test(in.get())) {
                refuse(c.order(), c.node().place(c.order()), c.node().opType(),
                    OnnxAttributeReader.describeAll(c.node()), c.node().inputs(),
                    c.reason() + in.map(t -> " Its input is " + t.describe() + ".").orElse(" Its input's shape is unknown."));
            }
        }
    }

    // ---- nodes ----

    private void map(int order, OnnxNode n) throws Refusal {
        if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx")) {
            throw new Refusal("operator domain '" + n.domain() + "' is not ai.onnx.");
        }
        OnnxAttributeReader a = new OnnxAttributeReader(n);
        switch (n.opType()) {
            case "Conv" -> OnnxWindows.conv(this, n, a);
            case "MaxPool", "AveragePool" -> OnnxWindows.pool(this, order, n, a);
            case "GlobalAveragePool", "GlobalMaxPool" -> {
                a.allow();
                String x = image(n, 0);
                String id = emit(n, n.opType().equals("GlobalMaxPool") ? new LayerSpec.GlobalMaxPool()
                    : new LayerSpec.GlobalAvgPool(), 4, x);
                pooledVectors.add(n.outputs().get(0));
                written.put(id, n.outputs().get(0));
            }
            case "BatchNormalization" -> batchNorm(n, a);
            case "Relu", "Sigmoid", "Tanh" -> {
                a.allow();
                activation(n, n.opType().equals("Relu") ? ActivationFunction.RELU
                    : n.opType().equals("Sigmoid") ? ActivationFunction.SIGMOID : ActivationFunction.TANH);
            }
            case "LeakyRelu" -> {
                float alpha = a.allow("alpha").real("alpha", 0.01f);
                if (alpha != 0.01f) {
                    throw new Refusal("alpha " + alpha + ": LayerLoom's leakyrelu is DL4J's, with alpha 0.01 only.");
                }
                activation(n, ActivationFunction.LEAKYRELU);
            }
            case "Clip" -> clip(n, a);
            case "Softmax" -> {
                long axis = a.allow("axis").integer("axis", opset >= 13 ? -1 : 1);
                if (rankOf(n, 0) != 2 || (axis != 1 && axis != -1)) {
                    throw new Refusal("softmax over axis " + axis + " of a rank-" + rankOf(n, 0) + " tensor; the import"
                        + " maps softmax over the features of [N, F] only.");
                }
                activation(n, ActivationFunction.SOFTMAX);
            }
            case "Flatten" -> {
                long axis = a.allow("axis").integer("axis", 1);
                if (axis != 1) {
                    throw new Refusal("axis " + axis + "; the import maps Flatten(axis=1) only (keeping the batch).");
                }
                flatten(n);
            }
            case "Reshape" -> reshape(order, n, a);
            case "Gemm" -> gemm(n, a);
            case "MatMul" -> {
                a.allow();
                String x = vector(n, 0);
                OnnxTensor w = weight(n, 1, 2);
                matMulDense.add(emit(n, new LayerSpec.Dense(w.dims().get(1), ActivationFunction.IDENTITY, false), 2, x));
            }
            case "Add" -> add(n, a);
            case "Concat" -> concat(n, a);
            case "Dropout", "Identity" -> passThrough(n, a);
            case "Constant" -> {
                a.allow("value");
                if (!(n.attribute("value").orElse(null) instanceof OnnxAttribute.TensorValue v)) {
                    throw new Refusal("the import reads a Constant's 'value' tensor only.");
                }
                constants.put(n.outputs().get(0), v.value());
            }
            default -> throw new Refusal("operator " + Text.display(n.opType()) + " is not supported.");
        }
    }

    /** Adds the layer for {@code n}, reading the given data tensors; returns its id. */
    String emit(OnnxNode n, LayerSpec spec, int outRank, String... inputTensors) {
        return emitAs(ids.forNode(n.name(), n.opType(), n.outputs().get(0)), n, spec, outRank, inputTensors);
    }

    String emitAs(String id, OnnxNode n, LayerSpec spec, int outRank, String... inputTensors) {
        List<String> in = new ArrayList<>();
        for (String t : inputTensors) {
            in.add(producer.get(t));
        }
        nodes.put(id, new Node(id, spec, in, Optional.empty(), Map.of()));
        String out = n.outputs().get(0);
        producer.put(out, id);
        rank.put(out, outRank);
        written.put(id, out);
        return id;
    }

    /** An extra node the import inserts before {@code n}'s own layer (a ZeroPadding2D); returns its output tensor. */
    String emitBefore(OnnxNode n, String suffix, LayerSpec spec, String inputTensor) {
        String id = ids.derived((n.name().isEmpty() ? n.opType() + "_" + n.outputs().get(0) : n.name()) + suffix);
        String tensor = "\u0000" + id;  // a name no ONNX tensor can have clashes with: ids never hold NUL
        nodes.put(id, Node.of(id, spec, producer.get(inputTensor)));
        producer.put(tensor, id);
        rank.put(tensor, rank.get(inputTensor));
        return tensor;
    }

    void shapeCheck(int order, OnnxNode n, String inputTensor, Predicate<TensorType> holds, String reason) {
        shapeChecks.add(new ShapeCheck(order, n, producer.get(inputTensor), holds, reason));
    }

    int rankOf(OnnxNode n, int position) throws Refusal {
        data(n, position);
        return rank.get(n.inputs().get(position));
    }

    /** The data tensor (not a constant) at {@code position}. */
    String data(OnnxNode n, int position) throws Refusal {
        String t = position < n.inputs().size() ? n.inputs().get(position) : "";
        if (t.isEmpty() || !producer.containsKey(t)) {
            throw new Refusal("input " + position + (t.isEmpty() ? " is missing" : " '" + Text.display(t)
                + "' is a constant") + "; the import needs a layer's output there.");
        }
        return t;
    }

    /** A data tensor ONNX holds as [N, C, H, W] and LayerLoom as an image. */
    String image(OnnxNode n, int position) throws Refusal {
        String t = data(n, position);
        if (rank.get(t) != 4 || pooledVectors.contains(t)) {
            throw new Refusal("input '" + Text.display(t) + "' is " + (pooledVectors.contains(t)
                ? "a global pooling's [N, C, 1, 1], which LayerLoom holds as a vector [C]"
                : "of rank " + rank.get(t)) + "; the import maps this operator on [N, C, H, W] images only.");
        }
        return t;
    }

    private String vector(OnnxNode n, int position) throws Refusal {
        String t = data(n, position);
        if (rank.get(t) != 2) {
            throw new Refusal("input '" + Text.display(t) + "' has rank " + rank.get(t)
                + "; the import maps this operator on [N, F] only.");
        }
        return t;
    }

    /** The float constant at {@code position}, of rank {@code r}, e.g. a weight. */
    OnnxTensor weight(OnnxNode n, int position, int r) throws Refusal {
        OnnxTensor w = constant(n, position);
        if (w.elementType() != OnnxElementType.FLOAT || w.dims().size() != r) {
            throw new Refusal("input '" + Text.display(w.name()) + "' is " + w.elementType() + " " + w.dims()
                + "; a float tensor of rank " + r + " was expected.");
        }
        return w;
    }

    Optional<OnnxTensor> optionalConstant(OnnxNode n, int position) throws Refusal {
        if (position >= n.inputs().size() || n.inputs().get(position).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(constant(n, position));
    }

    private OnnxTensor constant(OnnxNode n, int position) throws Refusal {
        String t = position < n.inputs().size() ? n.inputs().get(position) : "";
        OnnxTensor c = constants.get(t);
        if (c == null) {
            throw new Refusal("input " + position + (t.isEmpty() ? " is missing" : " '" + Text.display(t)
                + "' is computed by the graph") + "; the import needs an initializer or Constant there.");
        }
        return c;
    }

    // ---- operators mapped here; convolutions and pooling are in OnnxWindows ----

    private void batchNorm(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("epsilon", "momentum", "training_mode");
        if (a.integer("training_mode", 0) != 0) {
            throw new Refusal("training_mode 1; the import maps inference-mode batch normalization.");
        }
        String x = image(n, 0);
        long channels = weight(n, 1, 1).size();
        for (int i = 2; i <= 4; i++) {
            if (weight(n, i, 1).size() != channels) {
                throw new Refusal("input " + i + " holds " + weight(n, i, 1).size() + " values for " + channels
                    + " channels.");
            }
        }
        emit(n, new LayerSpec.BatchNorm(OnnxAttributeReader.decimal(a.real("epsilon", 1e-5f)),
            OnnxAttributeReader.decimal(a.real("momentum", 0.9f))), 4, x);
    }

    /** Folds {@code f} into the Conv or Dense before it when only this node reads it, else an Activation layer. */
    void activation(OnnxNode n, ActivationFunction f) throws Refusal {
        String x = data(n, 0);
        String before = producer.get(x);
        Node p = nodes.get(before);
        LayerSpec folded = p == null || !x.equals(written.get(before)) || readers.getOrDefault(x, 0) != 1 ? null
            : withActivation(p.spec(), f);
        if (folded == null) {
            String id = emit(n, new LayerSpec.ActivationLayer(f), rank.get(x), x);
            if (pooledVectors.contains(x)) {
                pooledVectors.add(n.outputs().get(0));
            }
            return;
        }
        nodes.put(before, p.withSpec(folded));
        String out = n.outputs().get(0);
        producer.put(out, before);
        rank.put(out, rank.get(x));
        written.put(before, out);
    }

    private static LayerSpec withActivation(LayerSpec s, ActivationFunction f) {
        if (s instanceof LayerSpec.Conv2D c && c.activation() == ActivationFunction.IDENTITY && f != ActivationFunction.SOFTMAX) {
            return new LayerSpec.Conv2D(c.filters(), c.kernel(), c.stride(), c.padding(), c.dilation(), f, c.bias());
        }
        if (s instanceof LayerSpec.DepthwiseConv2D c && c.activation() == ActivationFunction.IDENTITY
            && f != ActivationFunction.SOFTMAX) {
            return new LayerSpec.DepthwiseConv2D(c.multiplier(), c.kernel(), c.stride(), c.padding(), c.dilation(), f,
                c.bias());
        }
        if (s instanceof LayerSpec.Dense d && d.activation() == ActivationFunction.IDENTITY) {
            return new LayerSpec.Dense(d.units(), f, d.bias());
        }
        return null;
    }

    private void clip(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        Optional<Float> min = scalar(n, 1);
        Optional<Float> max = scalar(n, 2);
        if (min.equals(Optional.of(0f)) && max.equals(Optional.of(6f))) {
            activation(n, ActivationFunction.RELU6);
        } else if (min.equals(Optional.of(0f)) && max.isEmpty()) {
            activation(n, ActivationFunction.RELU);
        } else {
            throw new Refusal("Clip(" + min.map(String::valueOf).orElse("-inf") + ", " + max.map(String::valueOf)
                .orElse("inf") + "); the import maps Clip(0, 6) as relu6 and Clip(0, inf) as relu only.");
        }
    }

    private Optional<Float> scalar(OnnxNode n, int position) throws Refusal {
        Optional<OnnxTensor> t = optionalConstant(n, position);
        if (t.isPresent() && (t.get().elementType() != OnnxElementType.FLOAT || t.get().size() != 1)) {
            throw new Refusal("input " + position + " should be a float scalar, found " + t.get() + ".");
        }
        return t.map(v -> v.floatData().get(0));
    }

    private void flatten(OnnxNode n) throws Refusal {
        String x = data(n, 0);
        if (rank.get(x) == 4 && !pooledVectors.contains(x)) {
            emit(n, new LayerSpec.Flatten(), 2, x);
        } else {
            alias(n, x, 2);  // [N, F] or a pooled [N, C, 1, 1]: LayerLoom already holds a vector
        }
    }

    private void reshape(int order, OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("allowzero");
        OnnxTensor shape = constant(n, 1);
        long[] s = new long[(int) Math.min(shape.size(), 8)];
        if (shape.elementType() == OnnxElementType.INT64) {
            shape.longData().get(s);
        }
        String x = data(n, 0);
        boolean keepsBatch = s.length == 2 && s[0] == 0 && a.integer("allowzero", 0) == 0;
        if (shape.elementType() != OnnxElementType.INT64 || s.length != 2 || rank.get(x) == 3
            || !(keepsBatch || s[1] == -1 || s[0] == -1)) {
            throw new Refusal("target shape " + shape.dims() + " " + java.util.Arrays.toString(s)
                + "; the import maps a Reshape to [N, -1] (a flatten) only.");
        }
        if (!keepsBatch) {
            // [B, -1] or [-1, F]: a flatten only if the second size is the per-example size.
            long fixed = s[0] == -1 ? s[1] : -1;
            long batch = s[1] == -1 ? s[0] : -1;
            shapeCheck(order, n, x, t -> fixed == -1 ? batch == 1 || batch == -1 : fixed == size(t),
                "Reshape to " + java.util.Arrays.toString(s) + " is a flatten only if it keeps the batch axis.");
        }
        flatten(n);
    }

    private static long size(TensorType t) {
        return t.dims().stream().reduce(1L, Math::multiplyExact);
    }

    private void gemm(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("alpha", "beta", "transA", "transB");
        if (a.real("alpha", 1f) != 1f || a.integer("transA", 0) != 0
            || (a.real("beta", 1f) != 1f && n.inputs().size() > 2)) {
            throw new Refusal("the import maps Gemm with alpha = beta = 1 and transA = 0 only.");
        }
        String x = vector(n, 0);
        OnnxTensor w = weight(n, 1, 2);
        long units = a.integer("transB", 0) == 1 ? w.dims().get(0) : w.dims().get(1);
        Optional<OnnxTensor> c = optionalConstant(n, 2);
        if (c.isPresent() && c.get().size() != units) {
            throw new Refusal("bias '" + Text.display(c.get().name()) + "' " + c.get().dims() + " for " + units + " units.");
        }
        emit(n, new LayerSpec.Dense(units, ActivationFunction.IDENTITY, c.isPresent()), 2, x);
    }

    private void add(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        boolean firstData = producer.containsKey(n.inputs().get(0));
        boolean secondData = producer.containsKey(n.inputs().get(1));
        if (firstData && secondData) {
            String x = data(n, 0);
            String y = data(n, 1);
            if (!rank.get(x).equals(rank.get(y)) || pooledVectors.contains(x) != pooledVectors.contains(y)) {
                throw new Refusal("adds tensors of different ranks; the import maps Add of equal shapes only.");
            }
            emit(n, new LayerSpec.Add(), rank.get(x), x, y);
            if (pooledVectors.contains(x)) {
                pooledVectors.add(n.outputs().get(0));
            }
            return;
        }
        // MatMul + Add of a bias: the bias of the Dense the MatMul became.
        String x = data(n, firstData ? 0 : 1);
        OnnxTensor b = weight(n, firstData ? 1 : 0, constants.get(n.inputs().get(firstData ? 1 : 0)).dims().size());
        String id = producer.get(x);
        Node p = nodes.get(id);
        if (!matMulDense.contains(id) || !x.equals(written.get(id)) || readers.get(x) != 1
            || !(p.spec() instanceof LayerSpec.Dense d) || d.bias() || d.activation() != ActivationFunction.IDENTITY
            || b.size() != d.units() || b.dims().get(b.dims().size() - 1) != d.units()) {
            throw new Refusal("adds the constant '" + Text.display(b.name()) + "' " + b.dims()
                + "; the import maps a constant Add only as the bias of the MatMul just before it.");
        }
        nodes.put(id, p.withSpec(new LayerSpec.Dense(d.units(), d.activation(), true)));
        producer.put(n.outputs().get(0), id);
        rank.put(n.outputs().get(0), 2);
        written.put(id, n.outputs().get(0));
    }

    private void concat(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        long axis = a.allow("axis").integer("axis", Long.MIN_VALUE);
        String first = data(n, 0);
        int r = rank.get(first);
        if ((axis < 0 ? axis + r : axis) != 1) {
            throw new Refusal("axis " + axis + " of rank-" + r + " tensors; the import maps Concat on axis 1 only.");
        }
        String[] in = new String[n.inputs().size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = data(n, i);
            if (rank.get(in[i]) != r || pooledVectors.contains(in[i]) != pooledVectors.contains(first)) {
                throw new Refusal("concatenates tensors of different ranks.");
            }
        }
        emit(n, new LayerSpec.Concat(), r, in);
        if (pooledVectors.contains(first)) {
            pooledVectors.add(n.outputs().get(0));
        }
    }

    private void passThrough(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("seed", "ratio");
        if (n.outputs().size() > 1 && readers.getOrDefault(n.outputs().get(1), 0) > 0) {
            throw new Refusal("its mask output is read; the import maps Dropout at inference, without a mask.");
        }
        String t = n.inputs().get(0);
        if (constants.containsKey(t)) {
            constants.put(n.outputs().get(0), constants.get(t));  // PyTorch reads shared weights through Identity
            return;
        }
        alias(n, data(n, 0), rank.get(t));
    }

    private void alias(OnnxNode n, String x, int outRank) {
        String out = n.outputs().get(0);
        producer.put(out, producer.get(x));
        rank.put(out, outRank);
        if (pooledVectors.contains(x) && outRank == rank.get(x)) {
            pooledVectors.add(out);
        }
    }
}
