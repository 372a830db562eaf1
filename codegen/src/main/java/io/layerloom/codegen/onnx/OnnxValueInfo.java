package io.layerloom.codegen.onnx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A graph input or output as the file declares it: its tensor name, its element type, and its
 * shape when the file gives one (an empty Optional means the rank itself is unknown; a present but
 * empty list is a scalar). This is what the import reads the network's input type from.
 *
 * @param name the tensor name nodes refer to
 * @param elementType float32 or int64
 * @param shape the declared dimensions, outermost first, when declared
 */
public record OnnxValueInfo(String name, OnnxElementType elementType, Optional<List<OnnxDim>> shape) {

    public OnnxValueInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(elementType, "elementType");
        shape = shape.map(List::copyOf);
    }
}
