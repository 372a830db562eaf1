package io.layerloom.app.runtime;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseWrapperVertex;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.FrozenVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Times every vertex's forward and backward pass inside DL4J's own {@code fit}, so that a profile
 * measures the network exactly as it trains: the same workspaces, helpers and fast paths
 * ({@link TrainingSetUp}). Reason: a {@link ComputationGraph} has no per-layer timers, and running
 * its vertices by hand would use other memory management than training does. Each vertex is
 * replaced by one that calls the original and notes the time: a {@link LayerVertex} by a
 * {@link LayerVertex} of the same layer (DL4J's fit asks {@code instanceof LayerVertex} of its
 * output layers), any other vertex by a wrapper, a {@link FrozenVertex}'s inner vertex inside it
 * (it stays a FrozenVertex, which stops the backward pass). ND4J's CPU operations finish before
 * they return, so the wall time of a call is its cost. For a network LayerLoom profiles and
 * throws away, never one that trains. Removal: when DL4J reports per-layer times itself (it does
 * not in {@code Dl4jVersion.TARGET}).
 */
public final class VertexTiming {

    private final String[] names;
    private final long[] forward;
    private final long[] backward;
    private final boolean[] skipsInputGradient;
    private long firstStart = Long.MAX_VALUE;
    private long lastEnd = Long.MIN_VALUE;

    private VertexTiming(GraphVertex[] vertices) {
        int n = vertices.length;
        names = new String[n];
        forward = new long[n];
        backward = new long[n];
        skipsInputGradient = new boolean[n];
        for (GraphVertex v : vertices) {
            names[v.getVertexIndex()] = v.getVertexName();
            skipsInputGradient[v.getVertexIndex()] = v.hasLayer() && FirstLayerConvolution.isInstalled(v.getLayer());
        }
    }

    /**
     * Replaces the vertices of an initialised network (set up by {@link TrainingSetUp}) with timed
     * ones; returns the timing they report to. The network's updater is created first, from the
     * original vertices, which share their layers with the timed ones.
     */
    public static VertexTiming install(ComputationGraph net) {
        net.getUpdater(true);
        LeanUpdater.install(net); // now: the profile replaces the listener that would at the first step
        GraphVertex[] vertices = net.getVertices();
        VertexTiming timing = new VertexTiming(vertices);
        Map<String, GraphVertex> byName = verticesMap(net);
        for (int i = 0; i < vertices.length; i++) {
            GraphVertex v = vertices[i];
            GraphVertex timed;
            if (v instanceof LayerVertex lv) {
                timed = new TimedLayerVertex(lv, timing);
            } else if (v instanceof FrozenVertex f) {
                setUnderlying(f, new TimedVertex(underlying(f), timing));
                timed = f;
            } else {
                timed = new TimedVertex(v, timing);
            }
            vertices[i] = timed;
            byName.put(v.getVertexName(), timed);
        }
        return timing;
    }

    /** Forgets the times noted so far: call before each iteration. */
    public void reset() {
        java.util.Arrays.fill(forward, 0);
        java.util.Arrays.fill(backward, 0);
        firstStart = Long.MAX_VALUE;
        lastEnd = Long.MIN_VALUE;
    }

    /** Each vertex's forward time since {@link #reset}, in nanoseconds, by vertex name in DL4J's vertex order. */
    public Map<String, Long> forwardNanos() {
        return byName(forward);
    }

    /** Each vertex's backward time since {@link #reset}, in nanoseconds. */
    public Map<String, Long> backwardNanos() {
        return byName(backward);
    }

    /** {@link System#nanoTime()} when the first timed call started since {@link #reset} (Long.MAX_VALUE: none). */
    public long firstStart() {
        return firstStart;
    }

    /** {@link System#nanoTime()} when the last timed call ended since {@link #reset} (Long.MIN_VALUE: none). */
    public long lastEnd() {
        return lastEnd;
    }

    /**
     * Whether the vertex's backward pass skips the gradient of its input ({@link FirstLayerConvolution}):
     * it then does about half the arithmetic of a full backward pass.
     */
    public boolean skipsInputGradient(String vertex) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(vertex)) {
                return skipsInputGradient[i];
            }
        }
        return false;
    }

    private Map<String, Long> byName(long[] nanos) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], nanos[i]);
        }
        return out;
    }

    private void note(long[] into, int vertex, long start, long end) {
        into[vertex] += end - start;
        firstStart = Math.min(firstStart, start);
        lastEnd = Math.max(lastEnd, end);
    }

    /** A layer's vertex: the same layer, pre-processor and wiring, timed. */
    private static final class TimedLayerVertex extends LayerVertex {
        private static final long serialVersionUID = 1L;
        private final transient VertexTiming timing;

        TimedLayerVertex(LayerVertex original, VertexTiming timing) {
            super(original.getGraph(), original.getVertexName(), original.getVertexIndex(), original.getInputVertices(),
                    original.getOutputVertices(), original.getLayer(), original.getLayerPreProcessor(),
                    original.isOutputVertex(), original.getDataType());
            this.timing = timing;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            long start = System.nanoTime();
            INDArray out = super.doForward(training, workspaceMgr);
            timing.note(timing.forward, getVertexIndex(), start, System.nanoTime());
            return out;
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            long start = System.nanoTime();
            Pair<Gradient, INDArray[]> out = super.doBackward(tbptt, workspaceMgr);
            timing.note(timing.backward, getVertexIndex(), start, System.nanoTime());
            return out;
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** Any other vertex (a merge, an element-wise operation, a pre-processor), wrapped and timed. */
    private static final class TimedVertex extends BaseWrapperVertex {
        private static final long serialVersionUID = 1L;
        private final transient VertexTiming timing;

        TimedVertex(GraphVertex underlying, VertexTiming timing) {
            super(underlying);
            this.timing = timing;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            long start = System.nanoTime();
            INDArray out = super.doForward(training, workspaceMgr);
            timing.note(timing.forward, getVertexIndex(), start, System.nanoTime());
            return out;
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            long start = System.nanoTime();
            Pair<Gradient, INDArray[]> out = super.doBackward(tbptt, workspaceMgr);
            timing.note(timing.backward, getVertexIndex(), start, System.nanoTime());
            return out;
        }

        @Override
        public String toString() {
            return "Timed(" + underlying + ")";
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, GraphVertex> verticesMap(ComputationGraph net) {
        try {
            Field f = ComputationGraph.class.getDeclaredField("verticesMap");
            f.setAccessible(true);
            return (Map<String, GraphVertex>) f.get(net);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DL4J's ComputationGraph has no field verticesMap: not the DL4J release "
                    + "VertexTiming was written for", e);
        }
    }

    private static Field underlyingField() throws NoSuchFieldException {
        Field f = BaseWrapperVertex.class.getDeclaredField("underlying");
        f.setAccessible(true);
        return f;
    }

    private static GraphVertex underlying(FrozenVertex f) {
        try {
            return (GraphVertex) underlyingField().get(f);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DL4J's BaseWrapperVertex has no field underlying", e);
        }
    }

    private static void setUnderlying(FrozenVertex f, GraphVertex v) {
        try {
            underlyingField().set(f, v);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DL4J's BaseWrapperVertex has no field underlying", e);
        }
    }
}
