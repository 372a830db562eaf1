package io.layerloom.app.data.augment;

import io.layerloom.app.data.LoadedData;
import io.layerloom.model.training.AugmentStep;
import java.util.ArrayList;
import java.util.List;

/**
 * The augmentation preview: a grid with a row per source image, the image itself first and then
 * {@code versions} augmented versions of it, as ARGB pixels that the command line writes as a
 * PNG and the Training tab shows. Version v of image i is what epoch v + 1 makes of it as the
 * first image of a batch: the same generators training uses.
 */
public final class AugmentPreview {

    /** Pixels of the grid, row after row, 0xAARRGGBB. */
    public record Grid(int width, int height, int[] argb) {
    }

    public static final int VERSIONS = 8;
    private static final int GAP = 4;
    private static final int BACKGROUND = 0xFF2B2B2B;
    private static final int SEPARATOR = 0xFF6A8FBF;

    private AugmentPreview() {
    }

    /** Up to {@code count} images, one of each class first (in class order), from {@code data}. */
    public static List<float[]> sample(LoadedData data, int count) {
        int size = Math.toIntExact(data.exampleSize());
        List<Integer> chosen = new ArrayList<>();
        boolean[] classSeen = new boolean[data.numClasses()];
        for (int i = 0; i < data.count() && chosen.size() < count; i++) {
            if (!classSeen[data.labels()[i]]) {
                classSeen[data.labels()[i]] = true;
                chosen.add(i);
            }
        }
        for (int i = 0; i < data.count() && chosen.size() < count; i++) {
            if (!chosen.contains(i)) {
                chosen.add(i);
            }
        }
        List<float[]> out = new ArrayList<>();
        for (int i : chosen) {
            float[] img = new float[size];
            System.arraycopy(data.features(), i * size, img, 0, size);
            out.add(img);
        }
        return out;
    }

    /**
     * The grid of {@code images} ([c, h, w] each, values in [0, 1]) with {@code versions} augmented
     * copies each, every image drawn {@code zoom} times larger (nearest neighbour).
     */
    public static Grid grid(List<float[]> images, List<Long> shape, List<AugmentStep> steps, long seed, int versions, int zoom) {
        Augmenter augmenter = new Augmenter(steps, shape);
        int c = Math.toIntExact(shape.get(0));
        int h = Math.toIntExact(shape.get(1));
        int w = Math.toIntExact(shape.get(2));
        int cellW = w * zoom;
        int cellH = h * zoom;
        int columns = versions + 1;
        int width = GAP + columns * (cellW + GAP) + GAP;
        int height = GAP + images.size() * (cellH + GAP);
        int[] argb = new int[width * height];
        java.util.Arrays.fill(argb, BACKGROUND);
        for (int i = 0; i < images.size(); i++) {
            int top = GAP + i * (cellH + GAP);
            draw(images.get(i), c, h, w, zoom, argb, width, GAP, top);
            for (int v = 0; v < versions; v++) {
                float[] out = augmenter.apply(images.get(i), Augmenter.random(seed, v + 1, 0, i));
                draw(out, c, h, w, zoom, argb, width, 2 * GAP + (v + 1) * (cellW + GAP), top);
            }
        }
        // a line between the originals and their versions
        int x = GAP + cellW + GAP + GAP / 2 - 1;
        for (int y = GAP; y < height - GAP; y++) {
            argb[y * width + x] = SEPARATOR;
        }
        return new Grid(width, height, argb);
    }

    /**
     * Where column {@code column} of {@code grid} starts (0: the source image, 1 to versions: its
     * augmented versions) and its width, in the grid's pixels: {left, width}.
     */
    public static int[] column(Grid grid, int versions, int column) {
        int cellW = (grid.width() - 2 * GAP) / (versions + 1) - GAP;
        return new int[] {column == 0 ? GAP : 2 * GAP + column * (cellW + GAP), cellW};
    }

    /** The zoom that makes an image about {@code pixels} wide (at least 1). */
    public static int zoomFor(List<Long> shape, int pixels) {
        long side = Math.max(shape.get(1), shape.get(2));
        return (int) Math.max(1, Math.min(16, Math.round((double) pixels / side)));
    }

    private static void draw(float[] img, int c, int h, int w, int zoom, int[] argb, int width, int left, int top) {
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int r = level(img[i]);
                int g = c >= 3 ? level(img[plane + i]) : r;
                int b = c >= 3 ? level(img[2 * plane + i]) : r;
                int pixel = 0xFF000000 | r << 16 | g << 8 | b;
                for (int dy = 0; dy < zoom; dy++) {
                    int row = (top + y * zoom + dy) * width + left + x * zoom;
                    java.util.Arrays.fill(argb, row, row + zoom, pixel);
                }
            }
        }
    }

    private static int level(float v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }
}
