import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Writes an image folder for the streaming benchmark: N PNG images of W x H RGB pixels in C
 * class sub-folders. Class k is a set of stripes at angle k * 180 / C degrees, tinted by k, with
 * noise and a random phase, so a small convnet can learn them. Seeded: the same arguments give the
 * same files. Run with the source launcher:
 *   java benchmarks/data/GenerateImageFolder.java OUT N [W H C SEED]
 */
public final class GenerateImageFolder {

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int w = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int h = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        int classes = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 42;
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < classes; k++) {
            Files.createDirectories(out.resolve(String.format("class%02d", k)));
        }
        for (int i = 0; i < n; i++) {
            int k = i % classes;
            double angle = Math.PI * k / classes;
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double phase = random.nextDouble() * 2 * Math.PI;
            double period = 4 + random.nextDouble() * 3;
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0.5 + 0.4 * Math.sin((x * cos + y * sin) * 2 * Math.PI / period + phase)
                            + 0.15 * (random.nextDouble() - 0.5);
                    int r = clamp(v * (0.4 + 0.6 * k / classes));
                    int g = clamp(v * 0.8);
                    int b = clamp(v * (1.0 - 0.6 * k / classes));
                    img.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            ImageIO.write(img, "png", out.resolve(String.format("class%02d/img%06d.png", k, i)).toFile());
            if ((i + 1) % 10_000 == 0) {
                System.err.println((i + 1) + " images");
            }
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
