package io.layerloom.codegen.onnx;

import java.util.List;
import java.util.Objects;

/**
 * A node attribute with its ONNX type kept: kernel_shape is a list of ints, alpha a float,
 * auto_pad a string, a Constant's value a tensor. Attribute types LayerLoom has no use for
 * (subgraphs of If and Loop, sparse tensors, type protos, lists of tensors) are kept as
 * {@link Unsupported} rather than refused here, so the mapping step can list every unsupported node
 * in one report instead of stopping at the first.
 */
public sealed interface OnnxAttribute {

    /** The attribute name, e.g. "kernel_shape". */
    String name();

    record FloatValue(String name, float value) implements OnnxAttribute {
        public FloatValue {
            Objects.requireNonNull(name, "name");
        }
    }

    record IntValue(String name, long value) implements OnnxAttribute {
        public IntValue {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A string attribute, decoded as UTF-8. */
    record StringValue(String name, String value) implements OnnxAttribute {
        public StringValue {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    record FloatList(String name, List<Float> values) implements OnnxAttribute {
        public FloatList {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }
    }

    record IntList(String name, List<Long> values) implements OnnxAttribute {
        public IntList {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }
    }

    record StringList(String name, List<String> values) implements OnnxAttribute {
        public StringList {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }
    }

    /** A tensor attribute (a Constant's value), checked like an initializer. */
    record TensorValue(String name, OnnxTensor value) implements OnnxAttribute {
        public TensorValue {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** An attribute of a type LayerLoom does not read; {@code type} is ONNX's name for it, e.g. "GRAPH". */
    record Unsupported(String name, String type) implements OnnxAttribute {
        public Unsupported {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }
}
