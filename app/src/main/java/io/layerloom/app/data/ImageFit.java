package io.layerloom.app.data;

import io.layerloom.model.training.DataPreparation.Fit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Makes an image [c, h, w] (channel planes, row-major) fit another shape: grey to RGB repeats the
 * channel, RGB to grey takes the luminance (as {@link ImageFolderReader} does); then {@code pad}
 * centres it on zeros, {@code resize} scales it bilinearly (pixel centres aligned, as PIL and
 * PyTorch's {@code align_corners=False}), {@code crop} keeps its centre. An odd difference puts the
 * extra row or column at the bottom and right (pad) or cuts it there (crop).
 */
public final class ImageFit {

    private ImageFit() {
    }

    /** Why {@code fit} cannot turn images of {@code from} into {@code to}, or empty when it can. */
    public static Optional<String> problem(Fit fit, String dataName, List<Long> from, List<Long> to) {
        if (from.size() != 3 || to.size() != 3) {
            return Optional.of("fit " + name(fit) + " needs images and an image Input [channels, height, width]; "
                    + dataName + " examples are " + dims(from) + " and the Input is " + dims(to) + ".");
        }
        long fc = from.get(0);
        long tc = to.get(0);
        if (fc != tc && !((fc == 1 || fc == 3) && (tc == 1 || tc == 3))) {
            return Optional.of("fit " + name(fit) + " turns grey into RGB and back, not " + fc + " channels into " + tc
                    + "; set the Input's channels to " + fc + ".");
        }
        boolean smaller = from.get(1) <= to.get(1) && from.get(2) <= to.get(2);
        boolean larger = from.get(1) >= to.get(1) && from.get(2) >= to.get(2);
        if (fit == Fit.PAD && !smaller) {
            return Optional.of("fit pad needs images no larger than the Input: " + dataName + " images are " + dims(from)
                    + ", the Input is " + dims(to) + "; use crop or resize.");
        }
        if (fit == Fit.CROP && !larger) {
            return Optional.of("fit crop needs images no smaller than the Input: " + dataName + " images are " + dims(from)
                    + ", the Input is " + dims(to) + "; use pad or resize.");
        }
        return Optional.empty();
    }

    /** The fits that can turn {@code from} into {@code to} (both images of 1 or 3 channels), in the order pad, resize, crop. */
    public static List<Fit> possible(List<Long> from, List<Long> to) {
        return java.util.Arrays.stream(Fit.values()).filter(f -> problem(f, "", from, to).isEmpty()).toList();
    }

    /** {@code image} of shape {@code from} fitted to {@code to}; {@link #problem} must be empty. */
    public static float[] apply(Fit fit, float[] image, List<Long> from, List<Long> to) {
        int sh = Math.toIntExact(from.get(1));
        int sw = Math.toIntExact(from.get(2));
        int th = Math.toIntExact(to.get(1));
        int tw = Math.toIntExact(to.get(2));
        float[][] planes = channels(image, Math.toIntExact(from.get(0)), Math.toIntExact(to.get(0)), sh * sw);
        float[] out = new float[planes.length * th * tw];
        for (int c = 0; c < planes.length; c++) {
            int base = c * th * tw;
            switch (fit) {
                case PAD -> place(planes[c], sh, sw, out, base, th, tw, (th - sh) / 2, (tw - sw) / 2);
                case CROP -> place(planes[c], sh, sw, out, base, th, tw, -((sh - th) / 2), -((sw - tw) / 2));
                case RESIZE -> bilinear(planes[c], sh, sw, out, base, th, tw);
            }
        }
        return out;
    }

    private static float[][] channels(float[] image, int from, int to, int plane) {
        float[][] src = new float[from][];
        for (int c = 0; c < from; c++) {
            src[c] = java.util.Arrays.copyOfRange(image, c * plane, (c + 1) * plane);
        }
        if (from == to) {
            return src;
        }
        if (from == 1) {
            return new float[][] {src[0], src[0], src[0]};
        }
        float[] grey = new float[plane];
        for (int i = 0; i < plane; i++) {
            grey[i] = 0.299f * src[0][i] + 0.587f * src[1][i] + 0.114f * src[2][i];
        }
        return new float[][] {grey};
    }

    /** Copies the source plane with its top-left corner at (top, left) of the target; outside stays 0. */
    private static void place(float[] src, int sh, int sw, float[] out, int base, int th, int tw, int top, int left) {
        for (int y = 0; y < sh; y++) {
            int ty = y + top;
            if (ty < 0 || ty >= th) {
                continue;
            }
            for (int x = 0; x < sw; x++) {
                int tx = x + left;
                if (tx >= 0 && tx < tw) {
                    out[base + ty * tw + tx] = src[y * sw + x];
                }
            }
        }
    }

    private static void bilinear(float[] src, int sh, int sw, float[] out, int base, int th, int tw) {
        double sy = (double) sh / th;
        double sx = (double) sw / tw;
        for (int y = 0; y < th; y++) {
            double fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), sh - 1);
            int y0 = (int) fy;
            int y1 = Math.min(y0 + 1, sh - 1);
            double wy = fy - y0;
            for (int x = 0; x < tw; x++) {
                double fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), sw - 1);
                int x0 = (int) fx;
                int x1 = Math.min(x0 + 1, sw - 1);
                double wx = fx - x0;
                double top = src[y0 * sw + x0] * (1 - wx) + src[y0 * sw + x1] * wx;
                double bottom = src[y1 * sw + x0] * (1 - wx) + src[y1 * sw + x1] * wx;
                out[base + y * tw + x] = (float) (top * (1 - wy) + bottom * wy);
            }
        }
    }

    static String name(Fit fit) {
        return io.layerloom.model.training.DataPreparation.jsonName(fit);
    }

    static String dims(List<Long> shape) {
        return shape.stream().map(String::valueOf).collect(Collectors.joining("x"));
    }
}
