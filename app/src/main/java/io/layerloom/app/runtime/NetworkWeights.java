package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
                INDArray source = Nd4j.create(e.getValue().values(), e.getValue().shape(), 'c');
                INDArray target = layer.paramTable().get(e.getKey());
                INDArray cast = source.castTo(target.dataType());
                target.assign(cast);
                // Off-heap copies as large as the biggest weight (400 MB in VGG): freed now, not at some later GC.
                close(cast);
                close(source);
            }
        }
    }

    private static void close(INDArray temporary) {
        if (temporary.closeable()) {
            temporary.close();
        }
    }
}
