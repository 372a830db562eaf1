package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DL4J as the oracle for our analysis: shapes from {@code getLayerActivationTypes}, parameters
 * from the initialised layers, and the shape of every activation of a real forward pass. Public
 * (in codegen's test jar) for its random batches: the app's training set-up is checked on them.
 */
public final class Dl4jOracle {

    static final int BATCH = 2;

    private Dl4jOracle() {
    }

    static List<Long> dims(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return List.of(c.getChannels(), c.getHeight(), c.getWidth());
        }
        if (t instanceof InputType.InputTypeRecurrent r) {
            return List.of(r.getSize(), r.getTimeSeriesLength());
        }
        if (t instanceof InputType.InputTypeFeedForward f) {
            return List.of(f.getSize());
        }
        throw new AssertionError("unexpected DL4J input type " + t);
    }

    /**
     * DL4J's declared type with its unknowns (-1) filled in from ours. DL4J declares an unknown
     * sequence length after a ReshapeVertex; the forward pass checks the real length.
     */
    private static List<Long> knownAs(List<Long> ours, List<Long> theirs) {
        if (ours.size() != theirs.size()) {
            return theirs;
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < theirs.size(); i++) {
            out.add(theirs.get(i) == -1 ? ours.get(i) : theirs.get(i));
        }
        return out;
    }

    /** Compiles, and checks shapes and parameters (and a forward pass when asked) against DL4J. */
    static ComputationGraph check(Graph graph, boolean forward) {
        Dl4jCompiler.Compilation c = Dl4jCompiler.compile(graph);
        assertEquals(List.of(), c.problems(), "compilation problems");
        ComputationGraphConfiguration conf = c.require();
        Analysis analysis = c.analysis();
        InputType[] inputTypes = c.inputs().stream()
                .map(id -> Dl4jCompiler.inputType(analysis.node(id).orElseThrow().output().orElseThrow()))
                .toArray(InputType[]::new);
        // Without overriding nIns: see Dl4jCompiler.restoreInputs.
        Map<String, InputType> types = conf.getLayerActivationTypes(false, false, inputTypes);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        long total = 0;
        for (Node n : graph.nodes()) {
            if (c.omitted().contains(n.id())) {
                continue;
            }
            NodeResult r = analysis.node(n.id()).orElseThrow();
            InputType declared = declaredType(conf, types, n.id());
            assertEquals(r.output().orElseThrow().dims(), knownAs(r.output().orElseThrow().dims(), dims(declared)),
                    () -> "shape of " + n.id() + ": DL4J says " + dims(declared));
            if (n.spec() instanceof LayerSpec.Input) {
                continue;
            }
            long ours = r.cost().orElseThrow().params();
            // The vertex the mapping says holds the node's parameters (a helper of a grouped convolution).
            org.deeplearning4j.nn.api.Layer layer = net.getVertex(c.parameterVertices().vertexOf(n.id())).getLayer();
            long theirs = layer == null ? 0 : layer.numParams();
            assertEquals(ours, theirs, () -> "parameters of " + n.id() + " (" + n.kind().name() + ")");
            total += theirs;
        }
        assertEquals(analysis.totals().params(), total + omittedParams(c), "total parameters");
        assertEquals(net.numParams(), total, "DL4J's own total");
        if (forward) {
            forward(graph, c, net);
        }
        return net;
    }

    /**
     * The type DL4J declares for a node's output. DL4J's LossLayer declares {@code feedForward(nOut)}
     * with an nOut its builder refuses to set, so always 0, while its forward pass passes its input's
     * size through: for it, the declared type of its input, and the forward pass checks the real size.
     */
    private static InputType declaredType(ComputationGraphConfiguration conf, Map<String, InputType> types, String id) {
        if (conf.getVertices().get(id) instanceof LayerVertex v
                && v.getLayerConf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.LossLayer) {
            List<String> inputs = conf.getVertexInputs().get(id);
            assertEquals(1, inputs.size(), () -> "inputs of LossLayer " + id);
            return types.get(inputs.get(0));
        }
        return types.get(id);
    }

    private static long[] batchOf(Dl4jCompiler.Compilation c, String id) {
        List<Long> dims = c.analysis().node(id).orElseThrow().output().orElseThrow().dims();
        long[] shape = new long[dims.size() + 1];
        shape[0] = BATCH;
        for (int i = 0; i < dims.size(); i++) {
            shape[i + 1] = dims.get(i);
        }
        return shape;
    }

    /** A batch of 2 for each input, random from {@code seed}; zeros (index 0) where an embedding reads it. */
    public static INDArray[] inputs(Graph graph, Dl4jCompiler.Compilation c, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return c.inputs().stream().map(id -> {
            boolean indices = graph.consumers(id).stream().anyMatch(k -> graph.require(k).spec() instanceof LayerSpec.Embedding);
            return indices ? Nd4j.zeros(batchOf(c, id)) : Nd4j.rand(batchOf(c, id));
        }).toArray(INDArray[]::new);
    }

    /** Labels for each output: random values in (0, 1) that sum to one over the classes (dimension 1). */
    public static INDArray[] labels(Dl4jCompiler.Compilation c, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return c.outputs().stream().map(id -> {
            INDArray l = Nd4j.rand(batchOf(c, id)).addi(0.01);
            return l.divi(l.sum(true, 1));
        }).toArray(INDArray[]::new);
    }

    private static long omittedParams(Dl4jCompiler.Compilation c) {
        return c.omitted().stream().mapToLong(id -> c.analysis().node(id).orElseThrow().cost().orElseThrow().params()).sum();
    }

    /**
     * A batch of 2 through the network: every activation has the shape we predicted, and neither
     * that pass nor predicting ({@code output}) changes the input arrays (DL4J layers that work in
     * place once changed them, and other layers reading the same input saw the changed values).
     */
    static void forward(Graph graph, Dl4jCompiler.Compilation c, ComputationGraph net) {
        INDArray[] inputs = inputs(graph, c, 0);
        INDArray[] unchanged = Arrays.stream(inputs).map(INDArray::dup).toArray(INDArray[]::new);
        Map<String, INDArray> activations = net.feedForward(inputs, false);
        assertArrayEquals(unchanged, inputs, "the input arrays after feedForward");
        net.output(inputs);
        assertArrayEquals(unchanged, inputs, "the input arrays after output");
        for (Node n : graph.nodes()) {
            if (c.omitted().contains(n.id())) {
                continue;
            }
            List<Long> expected = new ArrayList<>();
            expected.add((long) BATCH);
            expected.addAll(c.analysis().node(n.id()).orElseThrow().output().orElseThrow().dims());
            INDArray a = activations.get(n.id());
            assertNotNull(a, "no activation for " + n.id());
            assertEquals(expected, Arrays.stream(a.shape()).boxed().toList(), () -> "activation shape of " + n.id());
        }
    }
}
