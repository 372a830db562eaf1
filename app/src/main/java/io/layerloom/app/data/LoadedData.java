package io.layerloom.app.data;

import java.util.List;
import java.util.Objects;

/**
 * A labelled data set in memory: {@code count} examples of {@code exampleShape} (images
 * [channels, height, width], vectors [features]), features row-major in one float array,
 * one class index per example.
 *
 * @param features    count * prod(exampleShape) values, example after example, already normalised
 * @param labels      class index per example, 0 .. classNames.size() - 1
 * @param classNames  a readable name per class ("T-shirt/top", "0", "setosa")
 */
public record LoadedData(String name, List<Long> exampleShape, List<String> classNames, float[] features, int[] labels) {

    public LoadedData {
        Objects.requireNonNull(name);
        exampleShape = List.copyOf(exampleShape);
        classNames = List.copyOf(classNames);
        long size = exampleSize(exampleShape);
        if (features.length != size * labels.length) {
            throw new IllegalArgumentException(name + ": " + features.length + " feature values for " + labels.length
                    + " examples of " + size);
        }
    }

    public int count() {
        return labels.length;
    }

    public int numClasses() {
        return classNames.size();
    }

    public long exampleSize() {
        return exampleSize(exampleShape);
    }

    /** The examples at {@code indices}, in that order, under the same name and classes. */
    public LoadedData select(int[] indices) {
        int size = Math.toIntExact(exampleSize());
        float[] f = new float[indices.length * size];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * size, f, i * size, size);
            l[i] = labels[indices[i]];
        }
        return new LoadedData(name, exampleShape, classNames, f, l);
    }

    /** The same examples with other (for example standardised) feature values. */
    public LoadedData withFeatures(float[] newFeatures) {
        return new LoadedData(name, exampleShape, classNames, newFeatures, labels);
    }

    /** How many examples each class has, by class index. */
    public int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    private static long exampleSize(List<Long> shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
