package io.layerloom.app.prune;

import io.layerloom.codegen.dl4j.Weights;
import java.util.Arrays;

/** Parts of a parameter array along one axis, and the L1 norm of each part: plain arrays, no ND4J. */
final class ArraySlices {

    private ArraySlices() {
    }

    /** The array with only the given indices (in that order) along {@code axis}; a negative axis counts from the end. */
    static Weights.Array take(Weights.Array a, int axis, int[] indices) {
        long[] shape = a.shape();
        int ax = axis < 0 ? shape.length + axis : axis;
        long inner = 1;
        for (int d = ax + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        long outer = 1;
        for (int d = 0; d < ax; d++) {
            outer *= shape[d];
        }
        long size = shape[ax];
        for (int i : indices) {
            if (i < 0 || i >= size) {
                throw new IllegalArgumentException("index " + i + " outside axis " + ax + " of " + Arrays.toString(shape));
            }
        }
        float[] from = a.values();
        float[] to = new float[Math.toIntExact(outer * indices.length * inner)];
        int at = 0;
        for (long o = 0; o < outer; o++) {
            for (int i : indices) {
                int start = Math.toIntExact((o * size + i) * inner);
                System.arraycopy(from, start, to, at, (int) inner);
                at += (int) inner;
            }
        }
        long[] newShape = shape.clone();
        newShape[ax] = indices.length;
        return new Weights.Array(newShape, to);
    }

    /** The sum of absolute values of each slice along {@code axis} (each filter's L1 norm, for a filter axis). */
    static double[] l1(Weights.Array a, int axis) {
        long[] shape = a.shape();
        long inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int size = Math.toIntExact(shape[axis]);
        float[] v = a.values();
        double[] norms = new double[size];
        for (int k = 0; k < v.length; k++) {
            norms[(int) ((k / inner) % size)] += Math.abs(v[k]);
        }
        return norms;
    }

    /** Indices i*m .. i*m+m-1 for each i: the channels a depthwise step with multiplier m makes from channels i. */
    static int[] expand(int[] indices, int m) {
        int[] out = new int[indices.length * m];
        for (int k = 0; k < out.length; k++) {
            out[k] = indices[k / m] * m + k % m;
        }
        return out;
    }
}
