package io.layerloom.app.explain;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pictures {@code layerloom explain} writes (and the designer shows): grids of tiles, one per
 * filter or channel, each scaled to its own minimum and maximum so that a weak channel is as
 * readable as a strong one; and a Grad-CAM heat map laid over the input.
 */
public final class ExplainPictures {

    /** A grid of tiles: the picture and how it is laid out. */
    public record Grid(BufferedImage image, int tiles, int columns, int tileWidth, int tileHeight) {
    }

    /** Pixels between two tiles and around the grid. */
    static final int GAP = 2;
    private static final Color BACKGROUND = new Color(40, 40, 40);

    private ExplainPictures() {
    }

    /**
     * The kernels of a convolution [filters, channels, kh, kw], one tile per filter: in colour
     * when there are 3 input channels (red, green, blue in that order), else their mean in grey.
     */
    public static Grid filters(INDArray kernels) {
        INDArray w = kernels.castTo(DataType.DOUBLE);
        int n = Math.toIntExact(w.size(0));
        int channels = Math.toIntExact(w.size(1));
        int kh = Math.toIntExact(w.size(2));
        int kw = Math.toIntExact(w.size(3));
        int scale = Math.max(1, 48 / Math.max(kh, kw));
        GridCanvas canvas = new GridCanvas(n, kw * scale, kh * scale);
        for (int f = 0; f < n; f++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        double v = w.getDouble(f, c, y, x);
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    int rgb;
                    if (channels == 3) {
                        rgb = (level(w.getDouble(f, 0, y, x), min, max) << 16) | (level(w.getDouble(f, 1, y, x), min, max) << 8)
                                | level(w.getDouble(f, 2, y, x), min, max);
                    } else {
                        double sum = 0;
                        for (int c = 0; c < channels; c++) {
                            sum += w.getDouble(f, c, y, x);
                        }
                        int g = level(channels == 1 ? sum : sum / channels, channels == 1 ? min : minMean(w, f), channels == 1 ? max
                                : maxMean(w, f));
                        rgb = g << 16 | g << 8 | g;
                    }
                    canvas.block(f, x * scale, y * scale, scale, rgb);
                }
            }
        }
        return canvas.grid();
    }

    /** A layer's activation [channels, h, w], one grey tile per channel. */
    public static Grid channels(INDArray activation) {
        INDArray a = activation.castTo(DataType.DOUBLE);
        int n = Math.toIntExact(a.size(0));
        int h = Math.toIntExact(a.size(1));
        int w = Math.toIntExact(a.size(2));
        int scale = Math.max(1, 64 / Math.max(h, w));
        GridCanvas canvas = new GridCanvas(n, w * scale, h * scale);
        for (int c = 0; c < n; c++) {
            INDArray ch = a.slice(c);
            double min = ch.minNumber().doubleValue();
            double max = ch.maxNumber().doubleValue();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int g = level(ch.getDouble(y, x), min, max);
                    canvas.block(c, x * scale, y * scale, scale, g << 16 | g << 8 | g);
                }
            }
        }
        return canvas.grid();
    }

    /**
     * The heat map {@code cam} (any resolution) upsampled bilinearly to the input [channels, h, w]
     * (values in [0, 1]) and laid over it, half and half, enlarged to about 256 pixels.
     */
    public static BufferedImage gradCam(INDArray input, double[][] cam) {
        INDArray in = input.castTo(DataType.DOUBLE);
        int channels = Math.toIntExact(in.size(0));
        int h = Math.toIntExact(in.size(1));
        int w = Math.toIntExact(in.size(2));
        double[][] heat = upsample(cam, h, w);
        double max = 0;
        for (double[] row : heat) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        int scale = Math.max(1, 256 / Math.max(h, w));
        BufferedImage out = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r = in.getDouble(0, y, x);
                double g = channels == 3 ? in.getDouble(1, y, x) : r;
                double b = channels == 3 ? in.getDouble(2, y, x) : r;
                int jet = jet(max > 0 ? heat[y][x] / max : 0);
                int rgb = mix(r, (jet >> 16) & 255) << 16 | mix(g, (jet >> 8) & 255) << 8 | mix(b, jet & 255);
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        out.setRGB(x * scale + dx, y * scale + dy, rgb);
                    }
                }
            }
        }
        return out;
    }

    /** The image [channels, h, w] (values in [0, 1]) alone, enlarged as {@link #gradCam} enlarges it. */
    public static BufferedImage image(INDArray input) {
        INDArray in = input.castTo(DataType.DOUBLE);
        int channels = Math.toIntExact(in.size(0));
        int h = Math.toIntExact(in.size(1));
        int w = Math.toIntExact(in.size(2));
        int scale = Math.max(1, 256 / Math.max(h, w));
        BufferedImage out = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = in.getDouble(channels == 3 ? c : 0, y, x);
                    rgb = rgb << 8 | (int) Math.round(Math.min(1, Math.max(0, v)) * 255);
                }
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        out.setRGB(x * scale + dx, y * scale + dy, rgb);
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@code map} resized to {@code h} x {@code w} by bilinear interpolation, pixel centres
     * aligned (a source pixel covers the same area of the input as its receptive grid cell).
     */
    public static double[][] upsample(double[][] map, int h, int w) {
        int sh = map.length;
        int sw = map[0].length;
        double[][] out = new double[h][w];
        for (int y = 0; y < h; y++) {
            double sy = Math.min(Math.max((y + 0.5) * sh / h - 0.5, 0), sh - 1);
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, sh - 1);
            double fy = sy - y0;
            for (int x = 0; x < w; x++) {
                double sx = Math.min(Math.max((x + 0.5) * sw / w - 0.5, 0), sw - 1);
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(x0 + 1, sw - 1);
                double fx = sx - x0;
                out[y][x] = (1 - fy) * ((1 - fx) * map[y0][x0] + fx * map[y0][x1]) + fy * ((1 - fx) * map[y1][x0] + fx * map[y1][x1]);
            }
        }
        return out;
    }

    private static int mix(double image, int heat) {
        return (int) Math.round(0.5 * Math.min(1, Math.max(0, image)) * 255 + 0.5 * heat);
    }

    /** The "jet" colour scale: blue (0) through cyan, yellow to red (1). */
    static int jet(double v) {
        double r = Math.min(1, Math.max(0, 1.5 - Math.abs(4 * v - 3)));
        double g = Math.min(1, Math.max(0, 1.5 - Math.abs(4 * v - 2)));
        double b = Math.min(1, Math.max(0, 1.5 - Math.abs(4 * v - 1)));
        return (int) Math.round(r * 255) << 16 | (int) Math.round(g * 255) << 8 | (int) Math.round(b * 255);
    }

    private static int level(double v, double min, double max) {
        return max > min ? (int) Math.round(255 * (v - min) / (max - min)) : 128;
    }

    private static double minMean(INDArray w, int f) {
        return w.slice(f).mean(0).minNumber().doubleValue();
    }

    private static double maxMean(INDArray w, int f) {
        return w.slice(f).mean(0).maxNumber().doubleValue();
    }

    /** Tiles laid out in a near-square grid with a gap between them. */
    private static final class GridCanvas {
        private final int tiles;
        private final int columns;
        private final int tw;
        private final int th;
        private final BufferedImage image;

        GridCanvas(int tiles, int tw, int th) {
            this.tiles = tiles;
            this.columns = (int) Math.ceil(Math.sqrt(tiles));
            this.tw = tw;
            this.th = th;
            int rows = (tiles + columns - 1) / columns;
            image = new BufferedImage(columns * (tw + GAP) + GAP, rows * (th + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    image.setRGB(x, y, BACKGROUND.getRGB());
                }
            }
        }

        void block(int tile, int x, int y, int size, int rgb) {
            int left = GAP + (tile % columns) * (tw + GAP) + x;
            int top = GAP + (tile / columns) * (th + GAP) + y;
            for (int dy = 0; dy < size; dy++) {
                for (int dx = 0; dx < size; dx++) {
                    image.setRGB(left + dx, top + dy, rgb);
                }
            }
        }

        Grid grid() {
            return new Grid(image, tiles, columns, tw, th);
        }
    }
}
