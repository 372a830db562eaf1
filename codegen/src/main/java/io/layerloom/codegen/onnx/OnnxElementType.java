package io.layerloom.codegen.onnx;

import java.util.Optional;

/**
 * The tensor element types LayerLoom reads from ONNX: float32 for weights, activations and
 * constants, and int64 for the shape and axes tensors that Reshape, Pad and friends take. Every
 * other ONNX element type is refused by tensor name, and {@link #onnxName(int)} names it in that
 * refusal with ONNX's own spelling so the user can find it in Netron.
 */
public enum OnnxElementType {
    FLOAT(1, 4),
    INT64(7, 8);

    private static final String[] ONNX_NAMES = {
        "UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL",
        "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"
    };

    private final int code;
    private final int bytes;

    OnnxElementType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The TensorProto.DataType number. */
    public int code() {
        return code;
    }

    /** Bytes per element in raw_data and external data (little-endian). */
    public int bytes() {
        return bytes;
    }

    static Optional<OnnxElementType> of(int code) {
        for (OnnxElementType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** ONNX's name for a TensorProto.DataType number, e.g. 11 is "DOUBLE". */
    static String onnxName(int code) {
        return code >= 0 && code < ONNX_NAMES.length ? ONNX_NAMES[code] : "unknown type " + code;
    }
}
