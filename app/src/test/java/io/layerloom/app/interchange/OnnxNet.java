package io.layerloom.app.interchange;

import io.layerloom.codegen.onnx.OnnxTestModels;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;

/**
 * An ONNX model under construction for the oracle tests: input "x" [N, dims...], random weights
 * from fixed seeds, and a count of the values a source framework would call trainable.
 */
final class OnnxNet {

    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

    final GraphProto.Builder g = GraphProto.newBuilder().setName("net");
    final long[] inputDims;
    long trainable;
    private long seed = 1;

    OnnxNet(String output, long... inputDims) {
        this.inputDims = inputDims.clone();
        g.addInput(OnnxTestModels.value("x", FLOAT, "N", inputDims)).addOutput(OnnxTestModels.value(output, FLOAT, "N"));
    }

    /** A trainable tensor of random values in [-1, 1). */
    OnnxNet weight(String name, long... dims) {
        trainable += count(dims);
        return constant(name, OnnxTestModels.random((int) count(dims), seed++), dims);
    }

    /** A BatchNorm's running statistic: not trainable; positive if {@code variance}. */
    OnnxNet statistic(String name, boolean variance, long... dims) {
        float[] v = OnnxTestModels.random((int) count(dims), seed++);
        for (int i = 0; i < v.length && variance; i++) {
            v[i] = Math.abs(v[i]) + 0.25f;
        }
        return constant(name, v, dims);
    }

    OnnxNet constant(String name, float[] values, long... dims) {
        g.addInitializer(OnnxTestModels.rawFloats(name, values, dims));
        return this;
    }

    OnnxNet longs(String name, long... values) {
        g.addInitializer(OnnxTestModels.longs(name, values, values.length));
        return this;
    }

    static long count(long... dims) {
        return Arrays.stream(dims).reduce(1, Math::multiplyExact);
    }

    OnnxNet op(String name, String op, List<String> in, String out, AttributeProto... attributes) {
        g.addNode(OnnxTestModels.node(name, op, in, List.of(out), attributes));
        return this;
    }

    ModelProto model() {
        return OnnxTestModels.model(g.build());
    }
}
