package io.layerloom.codegen.onnx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ONNX model as LayerLoom reads it, independent of protobuf: the operator sets it imports, its
 * real graph inputs (initializers that old exporters also list as inputs are left out), its graph
 * outputs, its float32 and int64 initializers, and its nodes in a deterministic topological order
 * (the file's order wherever the data flow allows it). Everything here has been checked: every
 * node input is defined before it is read, no tensor is defined twice, and every tensor's dims
 * match its data. This is what the import maps onto LayerLoom's layers.
 *
 * @param file the file name as the user gave it, for messages
 * @param irVersion the ONNX IR version
 * @param producer the producer name and version, e.g. "pytorch 2.1.0", or ""
 * @param opsets the operator sets imported, sorted by domain
 * @param graphName the graph's name
 * @param inputs the graph inputs that are not initializers, in file order
 * @param outputs the graph outputs, in file order
 * @param initializers the initializers, in file order
 * @param nodes the nodes, topologically sorted, ties in file order
 */
public record OnnxModel(String file, long irVersion, String producer, List<OnnxOpset> opsets, String graphName,
                        List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs, List<OnnxTensor> initializers,
                        List<OnnxNode> nodes) {

    public OnnxModel {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(graphName, "graphName");
        opsets = List.copyOf(opsets);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        initializers = List.copyOf(initializers);
        nodes = List.copyOf(nodes);
    }

    /** The initializer of that name, if any. */
    public Optional<OnnxTensor> initializer(String name) {
        return initializers.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The version of the default (ai.onnx) operator set, if imported. */
    public Optional<Long> defaultOpset() {
        return opsets.stream().filter(o -> o.domain().isEmpty() || o.domain().equals("ai.onnx"))
            .map(OnnxOpset::version).findFirst();
    }
}
