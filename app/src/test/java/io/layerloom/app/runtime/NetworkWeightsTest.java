package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/** Weights read from one network and applied to another make the two compute the same. */
class NetworkWeightsTest {

    /** Its nodes' parameters are held by the vertices named by their ids. */
    private static final ParameterVertices SAME_NAMES = new ParameterVertices(Map.of());

    private static ComputationGraphConfiguration configuration(long seed) throws Exception {
        return Dl4jCompiler.compile(GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": ["
                + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [2, 8, 8]},"
                + "{\"id\": \"c1\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 3, \"kernel\": 3, \"activation\": \"relu\"},"
                + "{\"id\": \"bn\", \"kind\": \"BatchNorm\", \"inputs\": [\"c1\"]},"
                + "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"bn\"]},"
                + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 4}]}", "weights-test"), seed).require();
    }

    @Test
    void readThenApplyGivesTheSameOutputs() throws Exception {
        ComputationGraph a = TrainingSetUp.initialise(configuration(1));
        ComputationGraph b = TrainingSetUp.initialise(configuration(2));
        var x = Nd4j.rand(new long[] {3, 2, 8, 8});
        assertNotEquals(a.outputSingle(x), b.outputSingle(x));
        Weights w = NetworkWeights.read(a, SAME_NAMES);
        assertEquals(List.of("c1", "bn", "out"), List.copyOf(w.nodes()));
        assertEquals(a.numParams(), w.count());
        assertArrayEquals(new long[] {3, 2, 3, 3}, w.of("c1").get("W").shape());
        NetworkWeights.apply(b, w, SAME_NAMES);
        assertEquals(a.params(), b.params());
        assertEquals(a.outputSingle(x), b.outputSingle(x));
    }

    /** {@code a} as a lazy array whose source holds it in {@code order}, recording the buffers it was read into. */
    private static Weights.Array lazy(Weights.Array a, char order, List<ByteBuffer> readInto) {
        long[] shape = a.shape();
        float[] stored = a.values().clone();
        if (order == 'f') {  // a matrix: its columns one after the other
            int rows = (int) shape[0];
            int cols = (int) shape[1];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    stored[c * rows + r] = a.values()[r * cols + c];
                }
            }
        }
        return Weights.Array.lazy(shape, order, (from, dest) -> {
            readInto.add(dest);
            int n = dest.remaining() / Float.BYTES;
            dest.asFloatBuffer().put(stored, (int) from, n);
            dest.position(dest.position() + n * Float.BYTES);
        });
    }

    /**
     * The import's lazy arrays go straight into the network's parameter memory (one read each, into
     * ND4J's own buffer), the dense matrix stored transposed as ONNX's Gemm holds it included.
     */
    @Test
    void lazyArraysAreReadStraightIntoTheParameterViews() throws Exception {
        ComputationGraph a = TrainingSetUp.initialise(configuration(1));
        ComputationGraph b = TrainingSetUp.initialise(configuration(2));
        Weights read = NetworkWeights.read(a, SAME_NAMES);
        List<ByteBuffer> readInto = new java.util.ArrayList<>();
        Weights.Builder lazy = Weights.builder();
        read.asMap().forEach((node, params) -> params.forEach((key, array) ->
            lazy.put(node, key, lazy(array, node.equals("out") && key.equals("W") ? 'f' : 'c', readInto))));

        NetworkWeights.apply(b, lazy.build(), SAME_NAMES);

        assertEquals(a.params(), b.params());
        assertEquals(read.asMap().values().stream().mapToInt(Map::size).sum(), readInto.size(), "one read per array");
        assertTrue(readInto.stream().allMatch(ByteBuffer::isDirect), "read into ND4J's memory, not a heap copy");
        var x = Nd4j.rand(new long[] {3, 2, 8, 8});
        assertEquals(a.outputSingle(x), b.outputSingle(x));
    }

    @Test
    void aShapeThatDoesNotFitNamesTheNodeAndParameterAndChangesNothing() throws Exception {
        ComputationGraph net = TrainingSetUp.initialise(configuration(1));
        var before = net.params().dup();
        Weights w = Weights.builder()
                .put("out", "b", new Weights.Array(new long[] {4}, new float[4]))
                .put("c1", "W", new Weights.Array(new long[] {3, 2, 2, 2}, new float[24]))
                .put("nowhere", "W", new Weights.Array(new long[] {1}, new float[1]))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkWeights.apply(net, w, SAME_NAMES));
        assertEquals("the weights do not fit the network:\n"
                + "  node 'c1', parameter 'W': the layer holds [3, 2, 3, 3], the weights are [3, 2, 2, 2]\n"
                + "  node 'nowhere': the network has no layer of that name", e.getMessage());
        assertEquals(before, net.params());
        assertEquals(Map.of(), Weights.none().asMap());
    }

    /**
     * A grouped convolution's parameters live in its helper vertex "g/depthwise"; they are read and
     * applied under the node's id "g", and an ONNX-style id that ends like a helper's stays its own.
     */
    @Test
    void aGroupedConvolutionsWeightsAreKeyedByItsNodeId() throws Exception {
        Graph graph = GraphJson.read("{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": ["
                + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4, 6, 6]},"
                + "{\"id\": \"g/depth\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 4, \"kernel\": 1},"
                + "{\"id\": \"g\", \"kind\": \"GroupedConv2D\", \"inputs\": [\"g/depth\"], \"filters\": 6, \"groups\": 2,"
                + " \"padding\": 1},"
                + "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"g\"]},"
                + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 3}]}", "grouped");
        Dl4jCompiler.Compilation one = Dl4jCompiler.compile(graph, 1);
        ParameterVertices vertices = one.parameterVertices();
        assertEquals(vertices, ParameterVertices.of(graph), "the same placement with or without building DL4J's objects");
        assertEquals(List.of("g/depth", "g/depthwise", "out"), List.of(vertices.vertexOf("g/depth"), vertices.vertexOf("g"),
                vertices.vertexOf("out")));
        ComputationGraph a = TrainingSetUp.initialise(one.require());
        ComputationGraph b = TrainingSetUp.initialise(Dl4jCompiler.compile(graph, 2).require());
        var x = Nd4j.rand(new long[] {2, 4, 6, 6});
        assertNotEquals(a.outputSingle(x), b.outputSingle(x));
        Weights w = NetworkWeights.read(a, vertices);
        assertEquals(List.of("g/depth", "g", "out"), List.copyOf(w.nodes()));
        assertArrayEquals(new long[] {3, 3, 4, 3}, w.of("g").get("W").shape(), "[kh, kw, C_in, filters / groups]");
        NetworkWeights.apply(b, w, vertices);
        assertEquals(a.outputSingle(x), b.outputSingle(x));
    }
}
