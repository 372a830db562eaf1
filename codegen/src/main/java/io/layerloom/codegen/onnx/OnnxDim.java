package io.layerloom.codegen.onnx;

/**
 * One dimension of a graph input's or output's declared shape, as ONNX allows it: a fixed size, a
 * named symbol shared between tensors (PyTorch's "batch_size"), or nothing at all. Kept apart so
 * that the mapping to layers can tell the batch axis from a spatial size it must know.
 */
public sealed interface OnnxDim {

    /** A fixed size, zero or more. */
    record Fixed(long size) implements OnnxDim {
        public Fixed {
            if (size < 0) {
                throw new IllegalArgumentException("dimension size must be >= 0, got " + size);
            }
        }

        @Override
        public String toString() {
            return Long.toString(size);
        }
    }

    /** A symbolic size, e.g. "batch_size". */
    record Named(String symbol) implements OnnxDim {
        public Named {
            if (symbol == null || symbol.isEmpty()) {
                throw new IllegalArgumentException("a named dimension needs a symbol");
            }
        }

        @Override
        public String toString() {
            return symbol;
        }
    }

    /** A dimension the file leaves open. */
    record Unknown() implements OnnxDim {
        @Override
        public String toString() {
            return "?";
        }
    }
}
