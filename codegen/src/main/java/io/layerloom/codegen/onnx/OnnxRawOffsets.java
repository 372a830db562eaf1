package io.layerloom.codegen.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;
import org.nd4j.shade.protobuf.ByteString;
import org.nd4j.shade.protobuf.CodedInputStream;

/**
 * Where each initializer's {@code raw_data} starts in an ONNX file, found by walking the message's
 * tags (ModelProto.graph, GraphProto.initializer, TensorProto.raw_data) and skipping everything else
 * unread: protobuf's parsed messages do not say where their bytes came from. With the offsets a
 * network is filled by reading the file, not the mapping, so the weights never occupy the process's
 * memory twice. A file the walk cannot account for plainly (a graph field written twice, which
 * protobuf merges) gets no offsets, and its tensors are read from the mapping instead.
 */
final class OnnxRawOffsets {

    private static final int LENGTH_DELIMITED = 2;
    private static final int GRAPH = tag(ModelProto.GRAPH_FIELD_NUMBER);
    private static final int INITIALIZER = tag(GraphProto.INITIALIZER_FIELD_NUMBER);
    private static final int RAW_DATA = tag(TensorProto.RAW_DATA_FIELD_NUMBER);

    private OnnxRawOffsets() {
    }

    private static int tag(int field) {
        return field << 3 | LENGTH_DELIMITED;
    }

    /**
     * For each of the {@code initializers} initializers in order, the byte offset of its raw data in
     * {@code file} (the whole file, as parsed), or -1 where it has none or the walk cannot tell.
     */
    static long[] of(ByteBuffer file, int initializers) {
        long[] offsets = new long[initializers];
        Arrays.fill(offsets, -1);
        try {
            CodedInputStream in = CodedInputStream.newInstance(file.duplicate().clear());
            in.setSizeLimit(Integer.MAX_VALUE);
            boolean graphSeen = false;
            int index = 0;
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag != GRAPH) {
                    in.skipField(tag);
                    continue;
                }
                if (graphSeen) {
                    return unknown(initializers);
                }
                graphSeen = true;
                int graphEnd = in.pushLimit(in.readRawVarint32());
                for (int g = in.readTag(); g != 0; g = in.readTag()) {
                    if (g != INITIALIZER) {
                        in.skipField(g);
                        continue;
                    }
                    int tensorEnd = in.pushLimit(in.readRawVarint32());
                    long raw = -1;
                    for (int t = in.readTag(); t != 0; t = in.readTag()) {
                        if (t == RAW_DATA) {
                            int length = in.readRawVarint32();
                            raw = in.getTotalBytesRead();  // a repeated raw_data: the last one counts, as in parsing
                            in.skipRawBytes(length);
                        } else {
                            in.skipField(t);
                        }
                    }
                    in.popLimit(tensorEnd);
                    if (index < initializers) {
                        offsets[index] = raw;
                    }
                    index++;
                }
                in.popLimit(graphEnd);
            }
            return index == initializers ? offsets : unknown(initializers);
        } catch (IOException | RuntimeException e) {
            // The parse accepted this file; a walk that disagrees gives no offsets rather than wrong ones.
            return unknown(initializers);
        }
    }

    /**
     * Whether {@code raw}, a parsed tensor's raw data, lies at {@code offset} of {@code file}: the
     * walk's answer checked against the parse on the first bytes (a page of the mapping, not the tensor).
     */
    static boolean holds(ByteBuffer file, long offset, ByteString raw) {
        if (offset < 0 || offset + raw.size() > file.capacity()) {
            return false;
        }
        int head = Math.min(raw.size(), 64);
        return file.duplicate().clear().position((int) offset).limit((int) offset + head)
            .equals(raw.substring(0, head).asReadOnlyByteBuffer());
    }

    private static long[] unknown(int initializers) {
        long[] none = new long[initializers];
        Arrays.fill(none, -1);
        return none;
    }
}
