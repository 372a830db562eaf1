package io.layerloom.codegen.onnx;

import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.codegen.onnx.OnnxExportException.Reason;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.Family;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.util.Text;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * ONNX export: a LayerLoom graph and its parameters (in DL4J's layout, {@link Weights}) as an
 * ONNX model, opset 13, IR version 7, that computes what the DL4J network computes at inference
 * (its {@code output()}, the output layers' activations included). Graph inputs are the Input
 * nodes, [N, C, H, W], [N, F] or [N, F, T] with a symbolic batch "N"; graph outputs are the output
 * layers; every tensor a node writes is named after the node's id. Nodes that lead to no output
 * layer are left out, as DL4J's compilation leaves them out. Every node that cannot be exported,
 * and every parameter that does not fit, is reported at once ({@link OnnxExportException}).
 */
public final class OnnxExport {

    public static final long OPSET = 13;
    public static final long IR_VERSION = 7;
    public static final String PRODUCER = "LayerLoom";
    /** The symbolic batch dimension of every graph input and output. */
    public static final String BATCH = "N";

    private OnnxExport() {
    }

    /**
     * The ONNX model of {@code graph} with {@code weights}.
     *
     * @param producerVersion written as the model's producer_version (LayerLoom's version)
     * @throws OnnxExportException when the graph has errors, a node has no ONNX equivalent, or the
     *                             weights do not fit the graph; every problem is listed
     */
    public static ModelProto model(Graph graph, Weights weights, String producerVersion) throws OnnxExportException {
        Analysis analysis = GraphAnalysis.analyze(graph);
        List<String> errors = analysis.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::message).toList();
        if (!errors.isEmpty()) {
            throw new OnnxExportException(Reason.GRAPH_ERRORS, errors);
        }
        Set<String> used = leadingToOutputs(graph);
        GraphProto.Builder proto = GraphProto.newBuilder().setName(graph.name().isBlank() ? "layerloom" : graph.name());
        if (!graph.description().isBlank()) {
            proto.setDocString(graph.description());
        }
        OnnxGraphWriter writer = new OnnxGraphWriter(proto);
        Map<String, String> tensor = new HashMap<>();
        for (Node n : graph.nodes()) {
            if (used.contains(n.id())) {
                tensor.put(n.id(), writer.name(n.id()));
            }
        }
        List<String> refused = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (String id : analysis.topologicalOrder()) {
            Node n = graph.require(id);
            if (!used.contains(id)) {
                continue;
            }
            if (n.spec() instanceof LayerSpec.Input) {
                proto.addInput(value(tensor.get(id), type(analysis, id)));
                continue;
            }
            try {
                n.spec().accept(new OnnxLayerExport(writer, id, tensor.get(id), n.inputs().stream().map(tensor::get).toList(),
                    n.inputs().stream().map(in -> type(analysis, in)).toList(), type(analysis, id), weights.of(id)));
            } catch (OnnxLayerExport.Refusal e) {
                refused.add(n.kind().name() + " '" + Text.display(id) + "': " + e.getMessage());
            } catch (OnnxLayerExport.WeightProblem e) {
                mismatched.add(e.getMessage());
            }
        }
        for (String id : weights.nodes()) {
            if (!graph.contains(id)) {
                mismatched.add("node '" + Text.display(id) + "': the weights have parameters " + weights.of(id).keySet()
                    + " for it, but the graph has no node of that id");
            }
        }
        if (!refused.isEmpty()) {
            throw new OnnxExportException(Reason.UNSUPPORTED, refused);
        }
        if (!mismatched.isEmpty()) {
            throw new OnnxExportException(Reason.WEIGHTS_MISMATCH, mismatched);
        }
        for (Node n : graph.nodes()) {
            if (used.contains(n.id()) && n.kind().family() == Family.OUTPUT) {
                proto.addOutput(value(tensor.get(n.id()), type(analysis, n.id())));
            }
        }
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName(PRODUCER)
            .setProducerVersion(producerVersion).setGraph(proto)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).build();
    }

    /** The model's bytes, as an .onnx file holds them. */
    public static byte[] bytes(Graph graph, Weights weights, String producerVersion) throws OnnxExportException {
        return model(graph, weights, producerVersion).toByteArray();
    }

    /** Writes the model to {@code out} without holding its bytes in memory a second time. */
    public static void write(Graph graph, Weights weights, String producerVersion, OutputStream out)
        throws OnnxExportException, IOException {
        model(graph, weights, producerVersion).writeTo(out);
    }

    private static TensorType type(Analysis a, String id) {
        return a.node(id).flatMap(NodeResult::output).orElseThrow(() -> new IllegalStateException("no shape for " + id));
    }

    /** A float tensor [N, dims...] with the symbolic batch. */
    private static ValueInfoProto value(String name, TensorType t) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (long d : t.dims()) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** Ids of the output layers and everything they depend on: the nodes DL4J's network has. */
    private static Set<String> leadingToOutputs(Graph graph) {
        Set<String> used = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        graph.nodes().stream().filter(n -> n.kind().family() == Family.OUTPUT).forEach(n -> todo.push(n.id()));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (used.add(id)) {
                graph.node(id).ifPresent(n -> n.inputs().forEach(todo::push));
            }
        }
        return used;
    }
}
