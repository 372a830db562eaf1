package io.layerloom.codegen.onnx;

import io.layerloom.codegen.dl4j.Weights;
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
import java.util.List;
import java.util.Optional;

/**
 * The structural step of ONNX import: turns a checked {@link OnnxModel} into a LayerLoom
 * {@link Graph} with the same layers, wiring and layer parameters, but no weights (those are the
 * next step). It walks the nodes in their topological order, maps each supported operator pattern
 * (see {@link OnnxUnsupportedException#SUPPORTED}) to a layer, folds an activation into the
 * Conv/Dense before it when nothing else reads that layer's output, and ends each graph output in
 * an output layer. Whatever it cannot map faithfully is collected, every node of it, into one
 * {@link OnnxUnsupportedException}; then no graph is returned at all, never a partial one.
 *
 * <p>The final layer: LayerLoom networks end in an Output layer, which is a Dense with a loss. A
 * graph output written by a Dense becomes an Output with that Dense's units, bias and activation,
 * and the loss the activation is meant for: softmax gives mcxent, sigmoid gives xent, anything else
 * (identity logits, the usual PyTorch export) gives mse. The forward pass is then exactly the ONNX
 * graph's; only training needs the user to choose the loss (logits plus mcxent would apply a
 * softmax ONNX did not have). A vector output written by another layer (SqueezeNet ends in a
 * convolution and a global pooling) ends in a parameter-free LossLayer: the final activation
 * itself when there is one, else an identity one after it; an image or sequence output is refused.
 */
public final class OnnxStructureImport {

    private static final long MIN_OPSET = 11;
    private static final long MAX_OPSET = 17;

    private final OnnxModel model;
    private final long opset;
    private final OnnxLayerBuilder b;
    private final OnnxActivations act;
    private final OnnxRecurrentImport rnn;
    private final OnnxChannelImport channels;
    private final List<Ranked> refused = new ArrayList<>();

    private record Ranked(int order, Unsupported entry) {
    }

    private OnnxStructureImport(OnnxModel model) {
        this.model = model;
        this.b = new OnnxLayerBuilder();
        this.act = new OnnxActivations(b);
        this.rnn = new OnnxRecurrentImport(b);
        this.channels = new OnnxChannelImport(b);
        this.opset = model.defaultOpset().orElse(0L);
        model.initializers().forEach(t -> b.constants.put(t.name(), t));
        for (OnnxNode n : model.nodes()) {
            n.inputs().stream().filter(s -> !s.isEmpty()).forEach(s -> b.readers.merge(s, 1, Integer::sum));
            n.inputs().stream().distinct().forEach(s -> b.consumers.computeIfAbsent(s, k -> new ArrayList<>()).add(n));
        }
        model.outputs().forEach(o -> b.readers.merge(o.name(), 1, Integer::sum));
    }

    /**
     * The LayerLoom graph of {@code model}: Input nodes from the graph inputs, one layer per mapped
     * operator pattern, in the model's topological order.
     *
     * @throws OnnxUnsupportedException listing every node, graph input and output it cannot map
     */
    public static Graph toGraph(OnnxModel model) throws OnnxUnsupportedException {
        return imported(model).graph();
    }

    /** The graph of {@code model} and its layers' parameters in DL4J's layout (see {@link OnnxImport}). */
    static OnnxImported imported(OnnxModel model) throws OnnxUnsupportedException {
        return new OnnxStructureImport(model).run();
    }

    private OnnxImported run() throws OnnxUnsupportedException {
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
                String firstData = n.inputs().stream().filter(b.rank::containsKey).findFirst().orElse(null);
                for (String out : n.outputs()) {
                    b.producer.put(out, "?" + out);
                    b.rank.put(out, firstData == null ? 4 : b.rank.get(firstData));
                }
            }
        }
        for (OnnxValueInfo out : model.outputs()) {
            output(out);
        }
        Graph graph = new Graph(model.graphName().isBlank() ? "imported" : model.graphName(),
            "Imported from " + model.file() + (model.producer().isEmpty() ? "" : " (" + model.producer() + ")")
                + ", ai.onnx opset " + opset + ".",
            List.copyOf(b.nodes.values()));
        checkShapes(graph);
        if (!refused.isEmpty()) {
            refused.sort(Comparator.comparingInt(Ranked::order));
            throw new OnnxUnsupportedException(model.file(), refused.stream().map(Ranked::entry).toList());
        }
        return new OnnxImported(graph, Weights.of(b.params));
    }

    private void refuse(int order, String place, String op, List<String> attributes, List<String> inputs,
                        String reason) {
        refused.add(new Ranked(order, new Unsupported(place, op, attributes, inputs, reason)));
    }

    // ---- graph inputs and outputs ----

    private void input(OnnxValueInfo in) {
        String place = "graph input '" + Text.display(in.name()) + "'";
        List<OnnxDim> shape = in.shape().orElse(List.of());
        if (shape.size() == 3 && in.elementType() == OnnxElementType.FLOAT) {
            rnn.sequenceInput(in, shape).ifPresent(reason -> refuse(-1, place, "", List.of(), List.of(), reason));
            return;
        }
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
        String id = b.ids.forInput(in.name());
        b.put(Node.of(id, new LayerSpec.Input(new Dims(dims))));
        b.producer.put(in.name(), id);
        b.rank.put(in.name(), shape.size());
    }

    private void output(OnnxValueInfo out) {
        Optional<String> sequence = rnn.graphOutput(out.name());
        if (sequence.isPresent()) {
            refuse(Integer.MAX_VALUE, "graph output '" + Text.display(out.name()) + "'", "", List.of(), List.of(),
                sequence.get());
            return;
        }
        String id = b.producer.get(out.name());
        Node node = id == null ? null : b.nodes.get(id);
        if (node != null && node.spec() instanceof LayerSpec.Dense d) {
            b.put(node.withSpec(new LayerSpec.Output(d.units(), d.activation(), lossFor(d.activation()), d.bias())));
        } else if (node != null && !(node.spec() instanceof LayerSpec.Output || node.spec() instanceof LayerSpec.LossLayer
                || node.spec() instanceof LayerSpec.RnnOutput)) {
            boolean vector = Integer.valueOf(2).equals(b.rank.get(out.name())) || b.pooledVectors.contains(out.name());
            if (!vector) {
                refuse(Integer.MAX_VALUE, "graph output '" + Text.display(out.name()) + "'", "", List.of(), List.of(),
                    "it is written by " + node.kind().name() + " '" + Text.display(id) + "' as a tensor of rank "
                        + b.rank.get(out.name()) + "; a LayerLoom network ends in an output layer over a vector [N, F]"
                        + " (a final Gemm or MatMul, or a Flatten / global pooling).");
            } else if (node.spec() instanceof LayerSpec.ActivationLayer a && b.written.containsKey(id)
                    && b.readers.getOrDefault(out.name(), 0) == 1) {
                // The network's last step is an activation (SqueezeNet: no weights after the pooling):
                // it becomes the parameter-free loss layer with that activation.
                b.put(node.withSpec(new LayerSpec.LossLayer(a.activation(), lossFor(a.activation()))));
            } else {
                // A vector computed by a layer that is not an output layer: a loss layer that passes it on as it is.
                String loss = b.ids.derived(id + "_output");
                b.put(Node.of(loss, new LayerSpec.LossLayer(ActivationFunction.IDENTITY, Loss.MSE), id));
            }
        }
    }

    /** The loss an output activation is meant for: identity logits (the usual export) get mse. */
    private static Loss lossFor(ActivationFunction f) {
        return f == ActivationFunction.SOFTMAX ? Loss.MCXENT : f == ActivationFunction.SIGMOID ? Loss.XENT : Loss.MSE;
    }

    private void checkShapes(Graph graph) {
        if (b.shapeChecks.isEmpty()) {
            return;
        }
        Analysis analysis = GraphAnalysis.analyze(graph);
        for (OnnxLayerBuilder.ShapeCheck c : b.shapeChecks) {
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
            throw new Refusal("operator domain '" + Text.display(n.domain()) + "' is not ai.onnx.");
        }
        OnnxAttributeReader a = new OnnxAttributeReader(n);
        if (channels.mapped(n, a)) {
            return;
        }
        if (rnn.maps(n)) {
            rnn.map(n, a);
            return;
        }
        rnn.checkReads(n);
        switch (n.opType()) {
            case "Conv" -> OnnxWindows.conv(b, n, a);
            case "ConvTranspose" -> OnnxWindows.convTranspose(b, n, a);
            case "Pad" -> OnnxWindows.pad(b, n, a);
            case "ReduceMean" -> reduceMean(n, a);
            case "LRN" -> OnnxWindows.lrn(b, n, a);
            case "MaxPool", "AveragePool" -> OnnxWindows.pool(b, order, n, a);
            case "GlobalAveragePool", "GlobalMaxPool" -> {
                a.allow();
                String x = b.image(n, 0);
                b.emit(n, n.opType().equals("GlobalMaxPool") ? new LayerSpec.GlobalMaxPool()
                    : new LayerSpec.GlobalAvgPool(), 4, x);
                b.pooledVectors.add(n.outputs().get(0));
            }
            case "BatchNormalization" -> batchNorm(n, a);
            case "Relu", "Tanh" -> {
                a.allow();
                act.activation(n, n.opType().equals("Relu") ? ActivationFunction.RELU : ActivationFunction.TANH);
            }
            case "Sigmoid" -> act.sigmoid(n, a);
            case "Mul" -> act.mul(n, a);
            case "Elu" -> act.elu(n, a);
            case "HardSigmoid" -> act.hardSigmoid(n, a);
            case "HardSwish" -> act.hardSwish(n, a);
            case "LeakyRelu" -> {
                float alpha = a.allow("alpha").real("alpha", 0.01f);
                if (alpha != 0.01f) {
                    throw new Refusal("alpha " + alpha + ": LayerLoom's leakyrelu is DL4J's, with alpha 0.01 only.");
                }
                act.activation(n, ActivationFunction.LEAKYRELU);
            }
            case "Clip" -> act.clip(n, a);
            case "Softmax" -> {
                long axis = a.allow("axis").integer("axis", opset >= 13 ? -1 : 1);
                if (b.rankOf(n, 0) != 2 || (axis != 1 && axis != -1)) {
                    throw new Refusal("softmax over axis " + axis + " of a rank-" + b.rankOf(n, 0) + " tensor; the import"
                        + " maps softmax over the features of [N, F] only.");
                }
                act.activation(n, ActivationFunction.SOFTMAX);
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
                String x = b.vector(n, 0);
                OnnxTensor w = b.weight(n, 1, 2);
                String id = b.emit(n, new LayerSpec.Dense(w.dims().get(1), ActivationFunction.IDENTITY, false), 2, x);
                b.matMulDense.add(id);
                b.param(id, "W", OnnxWeightLayout.dense(w, false, 1f));
            }
            case "Add" -> add(n, a);
            case "Concat" -> concat(n, a);
            case "Dropout", "Identity" -> passThrough(n, a);
            case "Constant" -> {
                a.allow("value");
                if (!(n.attribute("value").orElse(null) instanceof OnnxAttribute.TensorValue v)) {
                    throw new Refusal("the import reads a Constant's 'value' tensor only.");
                }
                b.constants.put(n.outputs().get(0), v.value());
            }
            default -> throw new Refusal("operator " + Text.display(n.opType()) + " is not supported.");
        }
    }

    // ---- operators mapped here; convolutions and pooling are in OnnxWindows ----

    private void batchNorm(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("epsilon", "momentum", "training_mode");
        if (a.integer("training_mode", 0) != 0) {
            throw new Refusal("training_mode 1; the import maps inference-mode batch normalization.");
        }
        String x = b.data(n, 0);
        if (b.rank.get(x) != 4 && b.rank.get(x) != 2) {
            throw new Refusal("input of rank " + b.rank.get(x) + "; the import normalises [N, C, H, W] or [N, F].");
        }
        long channels = b.weight(n, 1, 1).size();
        for (int i = 2; i <= 4; i++) {
            if (b.weight(n, i, 1).size() != channels) {
                throw new Refusal("input " + i + " holds " + b.weight(n, i, 1).size() + " values for " + channels
                    + " channels.");
            }
        }
        OnnxTensor var = b.weight(n, 4, 1);
        for (int i = 0; i < channels; i++) {
            if (!(var.floatData().get(i) >= 0)) {
                throw new Refusal("running variance '" + Text.display(var.name()) + "' holds " + var.floatData().get(i)
                    + " at channel " + i + "; a variance is never negative or NaN.");
            }
        }
        String id = b.emit(n, new LayerSpec.BatchNorm(OnnxAttributeReader.decimal(a.real("epsilon", 1e-5f)),
            OnnxAttributeReader.decimal(a.real("momentum", 0.9f))), b.rank.get(x), x);
        b.param(id, "gamma", OnnxWeightLayout.same(b.weight(n, 1, 1)));
        b.param(id, "beta", OnnxWeightLayout.same(b.weight(n, 2, 1)));
        b.param(id, "mean", OnnxWeightLayout.same(b.weight(n, 3, 1)));
        b.param(id, "log10stdev", OnnxWeightLayout.log10StdDev(var));
        if (b.pooledVectors.contains(x)) {
            b.pooledVectors.add(n.outputs().get(0));
        }
    }

    /** ReduceMean over height and width is a global average pooling; keepdims 1 keeps ONNX's [N, C, 1, 1]. */
    private void reduceMean(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("axes", "keepdims");
        String x = b.image(n, 0);
        Optional<OnnxAttribute> axes = n.attribute("axes");
        java.util.Set<Long> over = new java.util.HashSet<>();
        if (axes.isPresent() && axes.get() instanceof OnnxAttribute.IntList list) {
            list.values().forEach(v -> over.add(v < 0 ? v + 4 : v));
        }
        long keep = a.integer("keepdims", 1);
        if (!over.equals(java.util.Set.of(2L, 3L)) || n.inputs().size() > 1 || (keep != 0 && keep != 1)) {
            throw new Refusal("the import maps ReduceMean over axes [2, 3] (height and width) of an image only,"
                + " as a global average pooling.");
        }
        b.emit(n, new LayerSpec.GlobalAvgPool(), keep == 1 ? 4 : 2, x);
        if (keep == 1) {
            b.pooledVectors.add(n.outputs().get(0));
        }
    }


    private void flatten(OnnxNode n) throws Refusal {
        String x = b.data(n, 0);
        if (b.rank.get(x) == 4 && !b.pooledVectors.contains(x)) {
            b.emit(n, new LayerSpec.Flatten(), 2, x);
        } else {
            b.alias(n, x, 2);  // [N, F] or a pooled [N, C, 1, 1]: LayerLoom already holds a vector
        }
    }

    private void reshape(int order, OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("allowzero");
        OnnxTensor shape = b.constant(n, 1);
        long[] s = new long[(int) Math.min(shape.size(), 8)];
        if (shape.elementType() == OnnxElementType.INT64) {
            shape.longData().get(s);
        }
        String x = b.data(n, 0);
        boolean copiesBatch = s.length == 2 && (s[0] == -1 || (s[0] == 0 && a.integer("allowzero", 0) == 0));
        // [1, -1] is what a model exported with batch 1 writes (it breaks in ONNX itself for other batches).
        boolean flattens = s.length == 2 && s[1] == -1 && (s[0] == 1 || (s[0] == 0 && copiesBatch));
        boolean sized = copiesBatch && s[1] > 0;
        if (shape.elementType() != OnnxElementType.INT64 || b.rank.get(x) == 3 || !(flattens || sized)) {
            throw new Refusal("target shape " + java.util.Arrays.toString(s) + "; the import maps a Reshape to"
                + " [N, -1] (a flatten) only.");
        }
        if (sized) {
            b.shapeCheck(order, n, x, t -> s[1] == size(t),
                "Reshape to " + java.util.Arrays.toString(s) + " is a flatten only if " + s[1]
                    + " is the size of one example.");
        }
        flatten(n);
    }

    private static long size(TensorType t) {
        return t.dims().stream().reduce(1L, Math::multiplyExact);
    }

    private void gemm(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("alpha", "beta", "transA", "transB");
        if (a.integer("transA", 0) != 0) {
            throw new Refusal("transA 1 multiplies the transposed input; the import maps Gemm with transA = 0 only"
                + " (the batch on the first axis).");
        }
        String x = b.vector(n, 0);
        OnnxTensor w = b.weight(n, 1, 2);
        boolean transB = a.integer("transB", 0) == 1;
        long units = transB ? w.dims().get(0) : w.dims().get(1);
        Optional<OnnxTensor> c = b.optionalConstant(n, 2);
        if (c.isPresent() && (c.get().elementType() != OnnxElementType.FLOAT || (c.get().size() != units
            && c.get().size() != 1) || c.get().dims().size() > 2 || (c.get().dims().size() == 2 && c.get().dims().get(0) != 1))) {
            throw new Refusal("bias '" + Text.display(c.get().name()) + "' " + c.get().elementType() + " "
                + c.get().dims() + " for " + units + " units; the import maps a bias of [" + units + "], [1, " + units
                + "] or one value.");
        }
        String id = b.emit(n, new LayerSpec.Dense(units, ActivationFunction.IDENTITY, c.isPresent()), 2, x);
        // alpha * x W + beta * C: both scales go into the weights, so the layer is an ordinary Dense.
        b.param(id, "W", OnnxWeightLayout.dense(w, transB, a.real("alpha", 1f)));
        if (c.isPresent()) {
            b.param(id, "b", OnnxWeightLayout.vector(c.get(), units, a.real("beta", 1f)));
        }
    }

    private void add(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        boolean firstData = b.producer.containsKey(n.inputs().get(0));
        boolean secondData = b.producer.containsKey(n.inputs().get(1));
        if (firstData && secondData) {
            String x = b.data(n, 0);
            String y = b.data(n, 1);
            if (!b.rank.get(x).equals(b.rank.get(y)) || b.pooledVectors.contains(x) != b.pooledVectors.contains(y)) {
                throw new Refusal("adds tensors of different ranks; the import maps Add of equal shapes only.");
            }
            b.emit(n, new LayerSpec.Add(), b.rank.get(x), x, y);
            if (b.pooledVectors.contains(x)) {
                b.pooledVectors.add(n.outputs().get(0));
            }
            return;
        }
        // MatMul + Add of a bias: the bias of the Dense the MatMul became.
        String x = b.data(n, firstData ? 0 : 1);
        OnnxTensor bias = b.weight(n, firstData ? 1 : 0, b.constant(n, firstData ? 1 : 0).dims().size());
        String id = b.producer.get(x);
        Node p = b.nodes.get(id);
        if (!b.matMulDense.contains(id) || !x.equals(b.written.get(id)) || b.readers.get(x) != 1
            || !(p.spec() instanceof LayerSpec.Dense d) || d.bias() || d.activation() != ActivationFunction.IDENTITY
            || bias.size() != d.units() || bias.dims().get(bias.dims().size() - 1) != d.units()) {
            throw new Refusal("adds the constant '" + Text.display(bias.name()) + "' " + bias.dims()
                + "; the import maps a constant Add only as the bias of the MatMul just before it.");
        }
        b.put(p.withSpec(new LayerSpec.Dense(d.units(), d.activation(), true)));
        b.param(id, "b", OnnxWeightLayout.vector(bias, d.units(), 1f));
        b.producer.put(n.outputs().get(0), id);
        b.rank.put(n.outputs().get(0), 2);
        b.written.put(id, n.outputs().get(0));
    }

    private void concat(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        long axis = a.allow("axis").integer("axis", Long.MIN_VALUE);
        String first = b.data(n, 0);
        int r = b.rank.get(first);
        if ((axis < 0 ? axis + r : axis) != 1) {
            throw new Refusal("axis " + axis + " of rank-" + r + " tensors; the import maps Concat on axis 1 only.");
        }
        String[] in = new String[n.inputs().size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = b.data(n, i);
            if (b.rank.get(in[i]) != r || b.pooledVectors.contains(in[i]) != b.pooledVectors.contains(first)) {
                throw new Refusal("concatenates tensors of different ranks.");
            }
        }
        if (in.length == 1) {
            // Concat of one tensor is that tensor (DenseNet's first dense layer of each block).
            b.alias(n, first, r);
            return;
        }
        b.emit(n, new LayerSpec.Concat(), r, in);
        if (b.pooledVectors.contains(first)) {
            b.pooledVectors.add(n.outputs().get(0));
        }
    }

    private void passThrough(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("seed", "ratio");
        if (n.outputs().size() > 1 && b.readers.getOrDefault(n.outputs().get(1), 0) > 0) {
            throw new Refusal("its mask output is read; the import maps Dropout at inference, without a mask.");
        }
        String t = n.inputs().get(0);
        if (b.constants.containsKey(t)) {
            b.constants.put(n.outputs().get(0), b.constants.get(t));  // PyTorch reads shared weights through Identity
            return;
        }
        b.alias(n, b.data(n, 0), b.rank.get(t));
    }
}
