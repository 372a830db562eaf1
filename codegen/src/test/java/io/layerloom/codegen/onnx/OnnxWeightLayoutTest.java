package io.layerloom.codegen.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.codegen.dl4j.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gemm's matrix as DL4J's dense layers hold it, on sizes that are not multiples of the transposing tile. */
class OnnxWeightLayoutTest {

    private static float[] counting(int n) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = k;
        }
        return v;
    }

    @Test
    void aTransposedGemmMatrixIsTransposedEverywhereAndScaled() {
        int out = 70;
        int in = 45;
        OnnxTensor w = OnnxTensor.floats("w", List.of((long) out, (long) in), counting(out * in));

        Weights.Array a = OnnxWeightLayout.dense(w, true, 2f);

        assertArrayEquals(new long[] {in, out}, a.shape());
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                assertEquals(2f * (o * in + i), a.values()[i * out + o], "W[" + i + "][" + o + "]");
            }
        }
    }

    @Test
    void anUntransposedMatrixKeepsItsOrderAndItsArrayWhenAlphaIsOne() {
        OnnxTensor w = OnnxTensor.floats("w", List.of(3L, 2L), counting(6));

        assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f}, OnnxWeightLayout.dense(w, false, 0.5f).values());
        Weights.Array same = OnnxWeightLayout.dense(w, false, 1f);
        assertTrue(same.lazy(), "read from the tensor when taken, not copied");
        assertArrayEquals(counting(6), same.values());
    }
}
