package io.layerloom.app.data.augment;

/**
 * The image operations of augmentation, as pure functions on one image: {@code c * h * w}
 * floats, channel after channel, row after row (how ND4J holds [C, H, W] in C order). Each
 * returns a new array; what comes from outside the image is 0.
 */
public final class ImageOps {

    /** Sample coordinates this close to a whole number are taken as it, so a 90-degree turn moves pixels exactly. */
    private static final double SNAP = 1e-6;

    private ImageOps() {
    }

    public static float[] flipHorizontal(float[] img, int c, int h, int w) {
        float[] out = new float[img.length];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                int row = (ch * h + y) * w;
                for (int x = 0; x < w; x++) {
                    out[row + x] = img[row + w - 1 - x];
                }
            }
        }
        return out;
    }

    public static float[] flipVertical(float[] img, int c, int h, int w) {
        float[] out = new float[img.length];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(img, (ch * h + h - 1 - y) * w, out, (ch * h + y) * w, w);
            }
        }
        return out;
    }

    /**
     * Pads with zeros and crops back to h x w, {@code dy} rows and {@code dx} columns from the
     * centre: output (y, x) is input (y + dy, x + dx), 0 where that is outside.
     */
    public static float[] shift(float[] img, int c, int h, int w, int dy, int dx) {
        float[] out = new float[img.length];
        int x0 = Math.max(0, -dx);
        int x1 = Math.min(w, w - dx);
        if (x1 <= x0) {
            return out;
        }
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                if (sy >= 0 && sy < h) {
                    System.arraycopy(img, (ch * h + sy) * w + x0 + dx, out, (ch * h + y) * w + x0, x1 - x0);
                }
            }
        }
        return out;
    }

    /** Rotation by {@code degrees} about the centre (positive: counter-clockwise as the image is shown, rows downwards). */
    public static float[] rotate(float[] img, int c, int h, int w, double degrees) {
        double a = Math.toRadians(degrees);
        double cos = Math.cos(a);
        double sin = Math.sin(a);
        // source = R(a) (output - centre) + centre in (column, row) coordinates; with rows downwards this turns
        // the picture counter-clockwise, as numpy's rot90 and torchvision's rotate do
        return warp(img, c, h, w, cos, -sin, sin, cos, 0, 0);
    }

    /** Output (y, x) is input (y - dy, x - dx), sampled bilinearly. */
    public static float[] translate(float[] img, int c, int h, int w, double dy, double dx) {
        return warp(img, c, h, w, 1, 0, 0, 1, -dx, -dy);
    }

    /** Zoom about the centre by {@code factor} (above 1: larger). */
    public static float[] scale(float[] img, int c, int h, int w, double factor) {
        return warp(img, c, h, w, 1 / factor, 0, 0, 1 / factor, 0, 0);
    }

    /** Horizontal shear about the centre row: output (y, x) is input (y, x - tan(angle) (y - cy)). */
    public static float[] shear(float[] img, int c, int h, int w, double degrees) {
        return warp(img, c, h, w, 1, -Math.tan(Math.toRadians(degrees)), 0, 1, 0, 0);
    }

    /**
     * The general resampling: source = [[a, b], [d, e]] (output - centre) + centre + (tx, ty),
     * bilinear, 0 outside. x is the column, y the row; the centre is ((w - 1) / 2, (h - 1) / 2).
     */
    static float[] warp(float[] img, int c, int h, int w, double a, double b, double d, double e, double tx, double ty) {
        float[] out = new float[img.length];
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            double oy = y - cy;
            for (int x = 0; x < w; x++) {
                double ox = x - cx;
                double sx = snap(a * ox + b * oy + cx + tx);
                double sy = snap(d * ox + e * oy + cy + ty);
                if (sx <= -1 || sy <= -1 || sx >= w || sy >= h) {
                    continue;
                }
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                float fx = (float) (sx - x0);
                float fy = (float) (sy - y0);
                for (int ch = 0; ch < c; ch++) {
                    int base = ch * plane;
                    float v00 = at(img, base, h, w, y0, x0);
                    float v01 = fx == 0 ? 0 : at(img, base, h, w, y0, x0 + 1);
                    float v10 = fy == 0 ? 0 : at(img, base, h, w, y0 + 1, x0);
                    float v11 = fx == 0 || fy == 0 ? 0 : at(img, base, h, w, y0 + 1, x0 + 1);
                    out[base + y * w + x] = (1 - fy) * ((1 - fx) * v00 + fx * v01) + fy * ((1 - fx) * v10 + fx * v11);
                }
            }
        }
        return out;
    }

    private static double snap(double v) {
        double r = Math.rint(v);
        return Math.abs(v - r) < SNAP ? r : v;
    }

    private static float at(float[] img, int base, int h, int w, int y, int x) {
        return y < 0 || x < 0 || y >= h || x >= w ? 0 : img[base + y * w + x];
    }

    /** Adds {@code delta} to every value, kept in [0, 1]. */
    public static float[] brightness(float[] img, double delta) {
        float[] out = new float[img.length];
        for (int i = 0; i < img.length; i++) {
            out[i] = clamp(img[i] + delta);
        }
        return out;
    }

    /** Scales every value's distance from the image's mean by {@code factor}, kept in [0, 1]. */
    public static float[] contrast(float[] img, double factor) {
        double mean = 0;
        for (float v : img) {
            mean += v;
        }
        mean /= Math.max(1, img.length);
        float[] out = new float[img.length];
        for (int i = 0; i < img.length; i++) {
            out[i] = clamp(mean + (img[i] - mean) * factor);
        }
        return out;
    }

    /** Adds {@code noise[i] * sigma} to value i, kept in [0, 1]. */
    public static float[] addNoise(float[] img, double[] standardNormal, double sigma) {
        float[] out = new float[img.length];
        for (int i = 0; i < img.length; i++) {
            out[i] = clamp(img[i] + standardNormal[i] * sigma);
        }
        return out;
    }

    /** Sets the {@code size} x {@code size} square whose top-left pixel is (top, left), clipped to the image, to 0 in every channel. */
    public static float[] cutout(float[] img, int c, int h, int w, int top, int left, int size) {
        float[] out = img.clone();
        int y0 = Math.max(0, top);
        int y1 = Math.min(h, top + size);
        int x0 = Math.max(0, left);
        int x1 = Math.min(w, left + size);
        for (int ch = 0; ch < c; ch++) {
            for (int y = y0; y < y1; y++) {
                java.util.Arrays.fill(out, (ch * h + y) * w + Math.min(x0, x1), (ch * h + y) * w + Math.max(x0, x1), 0f);
            }
        }
        return out;
    }

    private static float clamp(double v) {
        return (float) Math.max(0, Math.min(1, v));
    }
}
