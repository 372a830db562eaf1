package io.layerloom.app.explain;

import io.layerloom.app.data.LoadedData;
import io.layerloom.app.training.TrainedNetwork;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The test images a trained network gets wrong, most confidently wrong first, and their gallery:
 * each image with its true class, the predicted one and the prediction's probability.
 */
public final class Misclassified {

    /** One answer (a wrong one, unless it comes from {@link #answers}): the example's index in the data set, its class, the network's and its probability. */
    public record Miss(int index, int truth, int predicted, double confidence) {
    }

    private static final int TILE = 96;
    private static final int CAPTION = 30;

    private Misclassified() {
    }

    /** Every example of {@code data} the network classifies wrongly, by falling confidence (ties by index). */
    public static List<Miss> find(TrainedNetwork net, LoadedData data, int batch) {
        List<Miss> misses = new ArrayList<>(answers(net, data, batch).stream().filter(m -> m.predicted() != m.truth()).toList());
        misses.sort(Comparator.comparingDouble((Miss m) -> -m.confidence()).thenComparingInt(Miss::index));
        return misses;
    }

    /**
     * The network's answer on every example of {@code data}, right ones included (a confusion
     * matrix's diagonal cell shows them), by index.
     */
    public static List<Miss> answers(TrainedNetwork net, LoadedData data, int batch) {
        int size = Math.toIntExact(data.exampleSize());
        boolean probabilities = net.outputsProbabilities();
        List<Miss> misses = new ArrayList<>();
        for (int first = 0; first < data.count(); first += batch) {
            int n = Math.min(batch, data.count() - first);
            float[] features = new float[n * size];
            System.arraycopy(data.features(), first * size, features, 0, n * size);
            TrainedNetwork.Output out = net.run(features, n);
            int classes = Math.toIntExact(out.shape().get(1));
            for (int i = 0; i < n; i++) {
                float[] row = new float[classes];
                System.arraycopy(out.values(), i * classes, row, 0, classes);
                TrainedNetwork.Ranked best = TrainedNetwork.top(row, 1, probabilities).get(0);
                int truth = data.labels()[first + i];
                misses.add(new Miss(first + i, truth, best.index(), best.probability()));
            }
        }
        return misses;
    }

    /** The gallery of {@code misses} (images from {@code data}), a captioned tile each, in a near-square grid. */
    public static BufferedImage gallery(LoadedData data, List<Miss> misses) {
        List<Long> shape = data.exampleShape();
        int channels = Math.toIntExact(shape.get(0));
        int h = Math.toIntExact(shape.get(1));
        int w = Math.toIntExact(shape.get(2));
        int columns = Math.max(1, (int) Math.ceil(Math.sqrt(misses.size())));
        int rows = Math.max(1, (misses.size() + columns - 1) / columns);
        int scale = Math.max(1, TILE / Math.max(h, w));
        int cellW = Math.max(w * scale, TILE) + 40;
        int cellH = h * scale + CAPTION + 8;
        BufferedImage out = new BufferedImage(columns * cellW, rows * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(40, 40, 40));
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        int size = Math.toIntExact(data.exampleSize());
        for (int t = 0; t < misses.size(); t++) {
            Miss m = misses.get(t);
            int left = (t % columns) * cellW + 4;
            int top = (t / columns) * cellH + 4;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        float v = data.features()[m.index() * size + (channels == 3 ? c : 0) * h * w + y * w + x];
                        rgb = rgb << 8 | Math.round(Math.min(1f, Math.max(0f, v)) * 255);
                    }
                    g.setColor(new Color(rgb));
                    g.fillRect(left + x * scale, top + y * scale, scale, scale);
                }
            }
            g.setColor(new Color(150, 230, 150));
            g.drawString("true " + name(data, m.truth()), left, top + h * scale + 12);
            g.setColor(new Color(255, 150, 150));
            g.drawString(String.format(Locale.ROOT, "pred %s %.2f", name(data, m.predicted()), m.confidence()), left,
                    top + h * scale + 25);
        }
        g.dispose();
        return out;
    }

    private static String name(LoadedData data, int index) {
        List<String> names = data.classNames();
        return index < names.size() ? names.get(index) : String.valueOf(index);
    }
}
