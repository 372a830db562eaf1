package io.layerloom.codegen.onnx;

import java.util.Arrays;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;

/**
 * An ONNX model under construction for the import tests here and the app's oracle tests: input "x" [N, dims...], random weights
 * from fixed seeds, and a count of the values a source framework would call trainable.
 */
public final class OnnxNet {

    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

    public final GraphProto.Builder g = GraphProto.newBuilder().setName("net");
    public final long[] inputDims;
    public long trainable;
    private long seed = 1;

    public OnnxNet(String output, long... inputDims) {
        this.inputDims = inputDims.clone();
        g.addInput(OnnxTestModels.value("x", FLOAT, "N", inputDims)).addOutput(OnnxTestModels.value(output, FLOAT, "N"));
    }

    /** A trainable tensor of random values in [-1, 1). */
    public OnnxNet weight(String name, long... dims) {
        trainable += count(dims);
        return constant(name, OnnxTestModels.random((int) count(dims), seed++), dims);
    }

    /** A trainable tensor of the given values. */
    public OnnxNet weight(String name, float[] values, long... dims) {
        trainable += count(dims);
        return constant(name, values, dims);
    }

    /** A BatchNorm's running statistic: not trainable; positive if {@code variance}. */
    public OnnxNet statistic(String name, boolean variance, long... dims) {
        float[] v = OnnxTestModels.random((int) count(dims), seed++);
        for (int i = 0; i < v.length && variance; i++) {
            v[i] = Math.abs(v[i]) + 0.25f;
        }
        return constant(name, v, dims);
    }

    public OnnxNet constant(String name, float[] values, long... dims) {
        g.addInitializer(OnnxTestModels.rawFloats(name, values, dims));
        return this;
    }

    public OnnxNet longs(String name, long... values) {
        g.addInitializer(OnnxTestModels.longs(name, values, values.length));
        return this;
    }

    public static long count(long... dims) {
        return Arrays.stream(dims).reduce(1, Math::multiplyExact);
    }

    public OnnxNet op(String name, String op, List<String> in, String out, AttributeProto... attributes) {
        g.addNode(OnnxTestModels.node(name, op, in, List.of(out), attributes));
        return this;
    }

    public ModelProto model() {
        return OnnxTestModels.model(g.build());
    }
}
