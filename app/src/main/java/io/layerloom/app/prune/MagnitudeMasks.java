package io.layerloom.app.prune;

import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Unstructured (magnitude) pruning, Distiller's level pruner: in every weight array (DL4J's
 * {@code W} and a separable convolution's {@code pW}; biases, BatchNorm and recurrent weights stay)
 * the given fraction of the weights with the smallest magnitudes is set to zero, and a mask keeps
 * them zero while the network is fine-tuned. The graph and its shapes do not change.
 */
public final class MagnitudeMasks {

    /** The weight arrays pruned: DL4J's keys for weights proper. */
    static final List<String> KEYS = List.of("W", "pW");

    /** How sparse one layer's weights are. */
    public record LayerSparsity(String node, String key, long weights, long zeros) {
        public double sparsity() {
            return weights == 0 ? 0 : (double) zeros / weights;
        }
    }

    private final Map<String, Map<String, boolean[]>> kept;

    private MagnitudeMasks(Map<String, Map<String, boolean[]>> kept) {
        this.kept = kept;
    }

    /** Masks removing round(sparsity x n) of each weight array's n weights, the smallest in magnitude (ties in order). */
    public static MagnitudeMasks of(Weights weights, double sparsity) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("the sparsity is the fraction of weights removed, at least 0 and below 1, not "
                    + sparsity);
        }
        Map<String, Map<String, boolean[]>> kept = new LinkedHashMap<>();
        weights.asMap().forEach((node, params) -> params.forEach((key, array) -> {
            if (KEYS.contains(key)) {
                kept.computeIfAbsent(node, k -> new LinkedHashMap<>()).put(key, mask(array.values(), sparsity));
            }
        }));
        return new MagnitudeMasks(kept);
    }

    private static boolean[] mask(float[] w, double sparsity) {
        int remove = (int) Math.round(sparsity * w.length);
        boolean[] keep = new boolean[w.length];
        Arrays.fill(keep, true);
        if (remove == 0) {
            return keep;
        }
        float[] sorted = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            sorted[i] = Math.abs(w[i]);
        }
        Arrays.sort(sorted);
        float threshold = sorted[remove - 1];
        int removed = 0;
        for (int i = 0; i < w.length; i++) {
            if (Math.abs(w[i]) < threshold) {
                keep[i] = false;
                removed++;
            }
        }
        for (int i = 0; i < w.length && removed < remove; i++) {
            if (keep[i] && Math.abs(w[i]) == threshold) {
                keep[i] = false;
                removed++;
            }
        }
        return keep;
    }

    /** Which weights of a node's array the mask keeps (null when it covers none); for tests. */
    boolean[] kept(String node, String key) {
        return kept.getOrDefault(node, Map.of()).get(key);
    }

    /** The weights with the masked ones set to zero. */
    public Weights apply(Weights weights) {
        Weights.Builder b = Weights.builder();
        weights.asMap().forEach((node, params) -> params.forEach((key, array) -> {
            boolean[] keep = kept.getOrDefault(node, Map.of()).get(key);
            if (keep == null) {
                b.put(node, key, array);
                return;
            }
            float[] v = array.values().clone();
            for (int i = 0; i < v.length; i++) {
                if (!keep[i]) {
                    v[i] = 0;
                }
            }
            b.put(node, key, new Weights.Array(array.shape(), v));
        }));
        return b.build();
    }

    /**
     * Sets the masked weights of {@code net} to zero again, in place: called after every training
     * step, so that fine-tuning cannot bring them back.
     */
    public void applyTo(ComputationGraph net, ParameterVertices vertices, Map<String, INDArray> cache) {
        kept.forEach((node, params) -> {
            Layer layer = net.getVertex(vertices.vertexOf(node)).getLayer();
            params.forEach((key, keep) -> {
                INDArray target = layer.getParam(key);
                INDArray mask = cache.computeIfAbsent(node + "/" + key, k -> {
                    float[] m = new float[keep.length];
                    for (int i = 0; i < m.length; i++) {
                        m[i] = keep[i] ? 1 : 0;
                    }
                    return Nd4j.create(m, target.shape(), 'c').castTo(target.dataType());
                });
                target.muli(mask);
            });
        });
    }

    /** The sparsity of every weight array of {@code weights} that a mask covers, as the weights are. */
    public List<LayerSparsity> sparsity(Weights weights) {
        List<LayerSparsity> out = new ArrayList<>();
        kept.forEach((node, params) -> params.keySet().forEach(key -> {
            float[] v = weights.of(node).get(key).values();
            long zeros = 0;
            for (float x : v) {
                zeros += x == 0 ? 1 : 0;
            }
            out.add(new LayerSparsity(node, key, v.length, zeros));
        }));
        return out;
    }
}
