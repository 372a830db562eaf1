package io.layerloom.codegen.onnx;

/**
 * The sizes past which {@link OnnxReader} refuses a file instead of allocating for it: the model
 * file itself (read whole into memory, so this bounds the reader's first allocation), any single
 * tensor, inline or external (bounds every array sized by a tensor's declared dims), and all
 * external data together (inline data is already bounded by the file; external data is not). The
 * defaults admit a VGG-size model (about 550 MB) with room to spare; tests lower them to exercise
 * refusals.
 *
 * @param maxFileBytes the largest model file read, in bytes
 * @param maxTensorBytes the largest tensor decoded, in bytes of its element type
 * @param maxExternalBytes the most external data read for one model, in bytes
 */
public record OnnxLimits(long maxFileBytes, long maxTensorBytes, long maxExternalBytes) {

    /** Protobuf cannot describe a message of 2 GiB or more, so no ONNX file is larger. */
    static final long PROTOBUF_MAX = Integer.MAX_VALUE;

    /** 1 GiB files; 1 GiB tensors (a quarter of a billion float32 values); 2 GiB of external data. */
    public static final OnnxLimits DEFAULT = new OnnxLimits(1L << 30, 1L << 30, 2L << 30);

    public OnnxLimits {
        if (maxFileBytes <= 0 || maxFileBytes > PROTOBUF_MAX) {
            throw new IllegalArgumentException("maxFileBytes must be in 1.." + PROTOBUF_MAX + ", got " + maxFileBytes);
        }
        // Java arrays hold at most Integer.MAX_VALUE - 8 elements; 8-byte int64 tensors stay below that too.
        if (maxTensorBytes <= 0 || maxTensorBytes > PROTOBUF_MAX) {
            throw new IllegalArgumentException("maxTensorBytes must be in 1.." + PROTOBUF_MAX + ", got " + maxTensorBytes);
        }
        if (maxExternalBytes < 0) {
            throw new IllegalArgumentException("maxExternalBytes must be >= 0, got " + maxExternalBytes);
        }
    }
}
