package io.layerloom.app.interchange;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.codegen.onnx.OnnxExport;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerSpec;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The export's oracle: a graph's DL4J network (initialised from its seed, parameters optionally
 * randomised so that batch-norm statistics and biases are not their trivial starting values) and
 * the exported model run by ONNX Runtime on the same random batch must give the same outputs, to
 * 1e-4 of the largest output.
 */
final class OnnxRuntimeCheck {

    static final double TOLERANCE = 1e-4;

    /** Every output value is zero (a saturated sigmoid, dead relus): equal or not, the comparison would prove nothing. */
    static final class NothingToCompare extends AssertionError {
        NothingToCompare() {
            super("all outputs are zero: the comparison would prove nothing");
        }
    }

    private OnnxRuntimeCheck() {
    }

    /** The network of {@code graph} with its seed's parameters, shifted by up to {@code jitter} each (0 for none). */
    static ComputationGraph network(Graph graph, double jitter) {
        ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(graph).require());
        if (jitter > 0) {
            Random r = new Random(7);
            INDArray p = net.params();
            float[] v = p.dup().data().asFloat();
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) ((r.nextDouble() * 2 - 1) * jitter);
            }
            p.assign(Nd4j.create(v, p.shape(), 'c'));
        }
        return net;
    }

    /** A random batch for each input: uniform [-1, 1), or token indices for an input an Embedding reads. */
    static Map<String, INDArray> inputs(Graph graph, Analysis analysis, int batch) {
        Random r = new Random(11);
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            if (!(n.spec() instanceof LayerSpec.Input)) {
                continue;
            }
            long vocab = graph.nodes().stream().filter(m -> m.inputs().contains(n.id()))
                .filter(m -> m.spec() instanceof LayerSpec.Embedding).mapToLong(m -> ((LayerSpec.Embedding) m.spec()).vocab())
                .findFirst().orElse(0);
            List<Long> dims = analysis.node(n.id()).orElseThrow().output().orElseThrow().dims();
            long[] shape = new long[dims.size() + 1];
            shape[0] = batch;
            for (int i = 0; i < dims.size(); i++) {
                shape[i + 1] = dims.get(i);
            }
            int count = 1;
            for (long d : shape) {
                count = Math.multiplyExact(count, (int) d);
            }
            float[] v = new float[count];
            for (int i = 0; i < count; i++) {
                v[i] = vocab > 0 ? r.nextInt((int) vocab) : (float) (r.nextDouble() * 2 - 1);
            }
            out.put(n.id(), Nd4j.create(v, shape, 'c'));
        }
        return out;
    }

    /** Exports {@code net}'s weights with {@code graph} and checks ONNX Runtime's outputs against DL4J's. */
    static byte[] check(Graph graph, ComputationGraph net, int batch) throws Exception {
        return check(graph, net, batch, 0);
    }

    /**
     * The same, to {@link #TOLERANCE} of the largest output or of {@code floor}, whichever is larger: a
     * random network's sigmoid output can saturate near 0 (1e-10), where float32 rounding is the whole value.
     */
    static byte[] check(Graph graph, ComputationGraph net, int batch, double floor) throws Exception {
        Weights weights = NetworkWeights.read(net, ParameterVertices.of(graph));
        byte[] model = OnnxExport.bytes(graph, weights, "test");
        Dl4jCompiler.Compilation c = Dl4jCompiler.compile(graph);
        Map<String, INDArray> in = inputs(graph, c.analysis(), batch);
        // Copies: some DL4J layers (ActivationLayer) overwrite their input array.
        INDArray[] expected = net.output(false, c.inputs().stream().map(id -> in.get(id).dup()).toArray(INDArray[]::new));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options)) {
                Map<String, OnnxTensor> feeds = new HashMap<>();
                List<OnnxTensor> open = new ArrayList<>();
                for (Map.Entry<String, INDArray> e : in.entrySet()) {
                    OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().data().asFloat()),
                        e.getValue().shape());
                    feeds.put(e.getKey(), t);
                    open.add(t);
                }
                try (OrtSession.Result result = session.run(feeds)) {
                    for (int o = 0; o < c.outputs().size(); o++) {
                        OnnxTensor t = (OnnxTensor) result.get(c.outputs().get(o)).orElseThrow();
                        assertArrayEquals(expected[o].shape(), t.getInfo().getShape(), "shape of " + c.outputs().get(o));
                        FloatBuffer got = t.getFloatBuffer();
                        float[] want = expected[o].castTo(DataType.FLOAT).dup('c').data().asFloat();
                        double largest = 0;
                        double worst = 0;
                        for (int i = 0; i < want.length; i++) {
                            largest = Math.max(largest, Math.abs(want[i]));
                            worst = Math.max(worst, Math.abs(want[i] - got.get(i)));
                        }
                        if (largest == 0) {
                            throw new NothingToCompare();
                        }
                        assertTrue(worst <= TOLERANCE * Math.max(largest, floor), "output " + c.outputs().get(o) + ": largest difference "
                            + worst + " against largest output " + largest);
                    }
                } finally {
                    open.forEach(OnnxTensor::close);
                }
            }
        }
        return model;
    }
}
