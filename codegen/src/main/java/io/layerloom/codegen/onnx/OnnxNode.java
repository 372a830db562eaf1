package io.layerloom.codegen.onnx;

import io.layerloom.model.util.Text;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One operator application in an ONNX graph: its name (possibly empty, as ONNX allows), operator
 * type and domain, the tensor names it reads and writes, and its attributes sorted by name. Input
 * positions matter in ONNX (Clip's min and max, Conv's optional bias), so an omitted optional input
 * stays in the list as "" instead of shifting the ones after it.
 *
 * @param name the node name, "" when the file gives none
 * @param opType the operator, e.g. "Conv"
 * @param domain the operator set domain, "" for ai.onnx
 * @param inputs the tensor names read, by position; "" for an omitted optional input
 * @param outputs the tensor names written, by position; "" for an omitted optional output
 * @param attributes the attributes, sorted by name, names unique
 */
public record OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                       List<OnnxAttribute> attributes) {

    public OnnxNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(opType, "opType");
        Objects.requireNonNull(domain, "domain");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = List.copyOf(attributes);
        for (int i = 1; i < attributes.size(); i++) {
            if (attributes.get(i - 1).name().compareTo(attributes.get(i).name()) >= 0) {
                throw new IllegalArgumentException("attributes must be sorted by name and unique, got "
                    + attributes.get(i - 1).name() + " before " + attributes.get(i).name());
            }
        }
    }

    /** The attribute of that name, if the node has it. */
    public Optional<OnnxAttribute> attribute(String attributeName) {
        return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
    }

    /** How messages name this node: "node 'conv1' (Conv)", or "node #3 (Conv)" when unnamed. */
    String place(int index) {
        // Names come from an untrusted file: escape sequences in them must not reach the terminal.
        return (name.isEmpty() ? "node #" + index : "node '" + Text.display(name) + "'") + " ("
            + Text.display(opType) + ")";
    }
}
