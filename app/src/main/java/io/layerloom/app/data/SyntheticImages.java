package io.layerloom.app.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Images a small network learns in one epoch, for quick runs and tests: class k is a bright bar
 * through (roughly) the centre at angle k * 180 / K degrees, on a noisy dark background, with a
 * small random shift and the same in every channel. The same seed gives the same images.
 */
public final class SyntheticImages {

    private SyntheticImages() {
    }

    public static LoadedData generate(int count, List<Long> shape, int classes, long seed) {
        if (shape.size() != 3) {
            throw new IllegalArgumentException("synthetic images need a shape [channels, height, width], got " + shape);
        }
        if (classes < 2 || count < 0) {
            throw new IllegalArgumentException("need at least 2 classes and a non-negative count: " + classes + ", " + count);
        }
        int c = Math.toIntExact(shape.get(0));
        int h = Math.toIntExact(shape.get(1));
        int w = Math.toIntExact(shape.get(2));
        int plane = h * w;
        float[] features = new float[count * c * plane];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % classes;
        }
        SplittableRandom random = new SplittableRandom(seed);
        Splits.shuffle(labels, random);
        double halfWidth = Math.max(0.75, Math.min(h, w) / 12.0);
        for (int i = 0; i < count; i++) {
            double angle = Math.PI * labels[i] / classes;
            double dx = Math.cos(angle);
            double dy = Math.sin(angle);
            double cx = (w - 1) / 2.0 + (random.nextDouble() - 0.5) * w / 6.0;
            double cy = (h - 1) / 2.0 + (random.nextDouble() - 0.5) * h / 6.0;
            int base = i * c * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // distance from the line through (cx, cy) with direction (dx, dy)
                    double dist = Math.abs((x - cx) * dy - (y - cy) * dx);
                    float bar = dist <= halfWidth ? 0.8f : 0f;
                    float value = Math.min(1f, bar + (float) (random.nextDouble() * 0.2));
                    for (int ch = 0; ch < c; ch++) {
                        features[base + ch * plane + y * w + x] = value;
                    }
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            names.add("bar " + Math.round(180.0 * k / classes) + " deg");
        }
        return new LoadedData("Synthetic", shape, names, features, labels);
    }
}
