package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves parameter values between a DL4J network and {@link Weights}, the plain-data form that
 * ONNX import produces and ONNX export consumes. Weights are keyed by node id; the vertex holding
 * a node's parameters is the one the graph's {@link ParameterVertices} names (the node's own for
 * most kinds, a helper vertex for a grouped convolution). A key or shape that does not fit is an
 * error naming the node and the parameter, never a silent partial copy.
 */
public final class NetworkWeights {

    private NetworkWeights() {
    }

    /**
     * Every parameter of {@code net}, by node id and DL4J key, as float32 in row-major order; a
     * vertex {@code vertices} does not place is keyed by its own name.
     */
    public static Weights read(ComputationGraph net, ParameterVertices vertices) {
        Weights.Builder b = Weights.builder();
        for (GraphVertex v : net.getVertices()) {
            if (!v.hasLayer() || v.numParams() == 0) {
                continue;
            }
            for (Map.Entry<String, INDArray> e : v.getLayer().paramTable().entrySet()) {
                INDArray a = e.getValue();
                float[] values = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
                b.put(vertices.nodeOf(v.getVertexName()), e.getKey(), new Weights.Array(a.shape(), values));
            }
        }
        return b.build();
    }

    /**
     * Every parameter of the DL4J model saved in {@code model} (a {@code NAME.dl4j.zip} that
     * {@code train}, {@code import} or the window wrote), without its updater state, by the node ids
     * of the graph whose {@link ParameterVertices} are given.
     *
     * @throws IOException the file cannot be read as a DL4J model; the message says why
     */
    public static Weights readFile(Path model, ParameterVertices vertices) throws IOException {
        try {
            return read(ModelSerializer.restoreComputationGraph(model.toFile(), false), vertices);
        } catch (IOException | RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Copies {@code weights} into {@code net}'s parameters (the network keeps its own arrays, so
     * its updater and views stay valid). Checks everything before it copies anything.
     *
     * @throws IllegalArgumentException naming each node and parameter that is missing or of another shape
     */
    public static void apply(ComputationGraph net, Weights weights, ParameterVertices vertices) {
        List<String> problems = new ArrayList<>();
        for (String node : weights.nodes()) {
            String name = vertices.vertexOf(node);
            GraphVertex v = net.getConfiguration().getVertices().containsKey(name) ? net.getVertex(name) : null;
            if (v == null || !v.hasLayer()) {
                problems.add("node '" + node + "': the network has no layer of that name");
                continue;
            }
            Map<String, INDArray> table = v.getLayer().paramTable();
            for (Map.Entry<String, Weights.Array> e : weights.of(node).entrySet()) {
                INDArray target = table.get(e.getKey());
                if (target == null) {
                    problems.add("node '" + node + "': no parameter '" + e.getKey() + "' (it has " + table.keySet() + ")");
                } else if (!Arrays.equals(target.shape(), e.getValue().shape())) {
                    problems.add("node '" + node + "', parameter '" + e.getKey() + "': the layer holds "
                        + Arrays.toString(target.shape()) + ", the weights are " + Arrays.toString(e.getValue().shape()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the weights do not fit the network:\n  " + String.join("\n  ", problems));
        }
        for (String node : weights.nodes()) {
            Layer layer = net.getVertex(vertices.vertexOf(node)).getLayer();
            for (Map.Entry<String, Weights.Array> e : weights.of(node).entrySet()) {
                INDArray target = layer.paramTable().get(e.getKey());
                if (!copyInto(target, e.getValue())) {
                    INDArray source = Nd4j.create(e.getValue().values(), e.getValue().shape(), 'c');
                    INDArray cast = source.castTo(target.dataType());
                    target.assign(cast);
                    // Off-heap copies as large as the biggest weight (400 MB in VGG): freed now, not at some later GC.
                    close(cast);
                    close(source);
                }
            }
        }
    }

    /**
     * Writes {@code values} straight into {@code target}'s memory when it is a float32 array laid out
     * densely in its own order ('c' or 'f'), as DL4J's parameter views are: a lazy array (the import's)
     * is then read from its file into the network with no copy in between, a matrix stored transposed
     * is transposed on the way. False, with nothing written, when {@code target} is laid out otherwise.
     */
    static boolean copyInto(INDArray target, Weights.Array values) {
        char order = target.ordering();
        if (target.dataType() != DataType.FLOAT || !dense(target) || !values.canCopyIn(order)) {
            return false;
        }
        ByteBuffer all = target.data().asNio();
        long from = target.offset() * Float.BYTES;
        long to = from + target.length() * Float.BYTES;
        // asNio() views the whole buffer the parameter views share; the target starts offset() values in
        // (checked against the address ND4J itself gives the view, so a different layout falls back).
        if (all == null || to > all.capacity()
            || new BytePointer(all).address() + from != target.data().addressPointer().address()) {
            return false;
        }
        ByteBuffer dest = all.duplicate().order(ByteOrder.nativeOrder()).limit((int) to).position((int) from);
        values.copyTo(dest.slice().order(ByteOrder.nativeOrder()), order);
        return true;
    }

    /** Whether the array's elements are contiguous, with the strides its shape and order give (sizes 1 aside). */
    private static boolean dense(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int k = 0; k < shape.length; k++) {
            int d = a.ordering() == 'c' ? shape.length - 1 - k : k;
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return a.length() == expected && a.length() <= Integer.MAX_VALUE / Float.BYTES;
    }

    private static void close(INDArray temporary) {
        if (temporary.closeable()) {
            temporary.close();
        }
    }
}
