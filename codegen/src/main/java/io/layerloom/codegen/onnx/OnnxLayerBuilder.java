package io.layerloom.codegen.onnx;

import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.codegen.onnx.OnnxAttributeReader.Refusal;
import io.layerloom.model.analysis.IncrementalShapes;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The state of one structural import while it walks the ONNX nodes: the LayerLoom nodes made so
 * far, which node computes each ONNX data tensor and at what ONNX rank, which tensors are
 * constants (initializers, Constant outputs, Identity aliases of either), each layer's parameters
 * in DL4J's layout, and the shape conditions left for the analysis to decide. Its readers ({@link #data}, {@link #image}, {@link #weight}, ...)
 * refuse an input of the wrong sort with the tensor's name and what was found, so each operator's
 * mapping only states what it needs.
 */
final class OnnxLayerBuilder {

    final OnnxNodeIds ids = new OnnxNodeIds();
    /** Initializers, Constant outputs and Identity aliases of either, by tensor name. */
    final Map<String, OnnxTensor> constants = new HashMap<>();
    /** The LayerLoom node that computes each data tensor. */
    final Map<String, String> producer = new HashMap<>();
    /** Each data tensor's ONNX rank. */
    final Map<String, Integer> rank = new HashMap<>();
    /** Tensors ONNX holds as [N, C, 1, 1] after a global pooling, which LayerLoom holds as a vector [C]. */
    final Set<String> pooledVectors = new HashSet<>();
    /** The tensor each layer writes itself (not through Identity or Dropout): only those fold. */
    final Map<String, String> written = new HashMap<>();
    /** How many node inputs and graph outputs read each tensor. */
    final Map<String, Integer> readers = new HashMap<>();
    final Set<String> matMulDense = new HashSet<>();
    /** The nodes made so far, each one's output type inferred once as asked ({@link #typeSoFar}). */
    private final IncrementalShapes shapes = new IncrementalShapes();
    /** The nodes made so far, read-only: {@link #put} adds or replaces one. */
    final Map<String, Node> nodes = shapes.nodes();
    final List<ShapeCheck> shapeChecks = new ArrayList<>();
    /** The nodes that read each tensor, for patterns that span nodes (x * Sigmoid(x)). */
    final Map<String, List<OnnxNode>> consumers = new HashMap<>();
    /** Sigmoid outputs left for the Mul that makes them a swish: the tensor each is the sigmoid of. */
    final Map<String, String> sigmoidOf = new HashMap<>();
    /** HardSigmoid outputs (PyTorch's slope 1/6) left for the Mul that makes them x * HardSigmoid(x), to their x. */
    final Map<String, String> hardSigmoidOf = new HashMap<>();
    /** Each layer's parameters in DL4J's layout, by node id and DL4J key. */
    final Map<String, Map<String, Weights.Array>> params = new LinkedHashMap<>();

    /** A condition on a layer's input shape that only the analysis can tell (ceil_mode, Reshape sizes). */
    record ShapeCheck(int order, OnnxNode node, String inputId, Predicate<TensorType> holds, String reason) {
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
        put(new Node(id, spec, in, Optional.empty(), Map.of()));
        String out = n.outputs().get(0);
        producer.put(out, id);
        rank.put(out, outRank);
        written.put(id, out);
        return id;
    }

    /** An extra node the import inserts before {@code n}'s own layer (a ZeroPadding2D); returns its output tensor. */
    String emitBefore(OnnxNode n, String suffix, LayerSpec spec, String inputTensor) {
        String id = ids.derived((n.name().isEmpty() ? n.opType() + "_" + n.outputs().get(0) : n.name()) + suffix);
        // A tensor name of the import's own; it must not shadow a tensor of the file still to be read.
        String tensor = "\u0000" + id;
        while (producer.containsKey(tensor) || constants.containsKey(tensor) || readers.containsKey(tensor)) {
            tensor = "\u0000" + tensor;
        }
        put(Node.of(id, spec, producer.get(inputTensor)));
        producer.put(tensor, id);
        rank.put(tensor, rank.get(inputTensor));
        return tensor;
    }

    /** Records parameter {@code key} of layer {@code id}, already in DL4J's layout. */
    void param(String id, String key, Weights.Array value) {
        params.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(key, value);
    }

    /** Adds node {@code n}, or replaces the node with its id. */
    void put(Node n) {
        shapes.put(n);
    }

    /**
     * The type of {@code tensor} as the analysis of the layers made so far gives it, if known. Each
     * layer is inferred once (again only after it or one before it is replaced), not the whole
     * partial graph per question: ShuffleNet asks about eighty times.
     */
    Optional<TensorType> typeSoFar(String tensor) {
        return shapes.output(producer.get(tensor));
    }

    /** Whether node {@code id} never outputs a negative value: it ends in relu, relu6, sigmoid, ... or pools or joins such. */
    boolean nonNegative(String id, int depth) {
        Node node = nodes.get(id);
        if (node == null || depth == 0) {
            return false;
        }
        LayerSpec s = node.spec();
        ActivationFunction f = s instanceof LayerSpec.Conv2D c ? c.activation()
            : s instanceof LayerSpec.DepthwiseConv2D c ? c.activation()
            : s instanceof LayerSpec.Deconv2D c ? c.activation()
            : s instanceof LayerSpec.Dense d ? d.activation()
            : s instanceof LayerSpec.ActivationLayer a ? a.activation() : null;
        if (f != null) {
            return NON_NEGATIVE.contains(f);
        }
        boolean passes = s instanceof LayerSpec.MaxPool2D || s instanceof LayerSpec.AvgPool2D
            || s instanceof LayerSpec.GlobalAvgPool || s instanceof LayerSpec.GlobalMaxPool
            || s instanceof LayerSpec.ZeroPadding2D || s instanceof LayerSpec.Concat || s instanceof LayerSpec.Add
            || s instanceof LayerSpec.Multiply || s instanceof LayerSpec.Flatten;
        return passes && !node.inputs().isEmpty() && node.inputs().stream().allMatch(i -> nonNegative(i, depth - 1));
    }

    private static final Set<ActivationFunction> NON_NEGATIVE = Set.of(ActivationFunction.RELU, ActivationFunction.RELU6,
        ActivationFunction.SIGMOID, ActivationFunction.HARDSIGMOID, ActivationFunction.HARDSIGMOID_TORCH,
        ActivationFunction.SOFTMAX);

    /** Records a condition on the shape of {@code inputTensor} for the import to check once the graph is built. */
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

    String vector(OnnxNode n, int position) throws Refusal {
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

    OnnxTensor constant(OnnxNode n, int position) throws Refusal {
        String t = position < n.inputs().size() ? n.inputs().get(position) : "";
        OnnxTensor c = constants.get(t);
        if (c == null) {
            throw new Refusal("input " + position + (t.isEmpty() ? " is missing" : " '" + Text.display(t)
                + "' is computed by the graph") + "; the import needs an initializer or Constant there.");
        }
        return c;
    }

    void alias(OnnxNode n, String x, int outRank) {
        String out = n.outputs().get(0);
        producer.put(out, producer.get(x));
        rank.put(out, outRank);
        if (pooledVectors.contains(x) && outRank == rank.get(x)) {
            pooledVectors.add(out);
        }
    }
}
