package io.layerloom.app.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import io.layerloom.model.training.DataPreparation.Fit;

/**
 * Reads a folder with one sub-folder per class (class names are the sorted folder names) of
 * PNG, JPEG, GIF or BMP images, converted to grey (1 channel) or RGB (3 channels) and resized
 * bilinearly to the requested [channels, height, width], values in [0, 1]. Only off-screen
 * java.awt images are used, so it works on a headless JVM without any global setting.
 */
public final class ImageFolderReader {

    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp");

    private ImageFolderReader() {
    }

    public static LoadedData read(Path folder, List<Long> shape) throws DataException {
        return read(folder, shape, java.util.Optional.empty());
    }

    /** The same, each image fitted to {@code shape} by {@code fit} (pad, crop; resize and none resize). */
    public static LoadedData read(Path folder, List<Long> shape, java.util.Optional<Fit> fit) throws DataException {
        checkShape(folder, shape);
        if (!Files.isDirectory(folder)) {
            throw new DataException(folder + ": not a folder");
        }
        List<Path> classDirs = list(folder).stream().filter(Files::isDirectory).toList();
        if (classDirs.size() < 2) {
            throw new DataException(folder + ": found " + classDirs.size() + " class folder"
                    + (classDirs.size() == 1 ? " ('" + classDirs.get(0).getFileName() + "')" : "s")
                    + "; put the images in one sub-folder per class, at least 2 classes");
        }
        List<String> classNames = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path dir : classDirs) {
            int label = classNames.size();
            classNames.add(dir.getFileName().toString());
            List<Path> files = list(dir).stream().filter(Files::isRegularFile).filter(ImageFolderReader::isImageName).toList();
            if (files.isEmpty()) {
                throw new DataException(dir + ": no images (PNG, JPEG, GIF or BMP) in this class folder");
            }
            for (Path file : files) {
                images.add(image(file, shape, fit));
                labels.add(label);
            }
        }
        int size = Math.toIntExact(shape.get(0) * shape.get(1) * shape.get(2));
        float[] features = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, features, i * size, size);
        }
        return new LoadedData(folder.getFileName() == null ? folder.toString() : folder.getFileName().toString(), shape,
                classNames, features, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * One image as training saw it: converted and resized to {@code shape} [channels, height,
     * width], values in [0, 1], channel after channel ({@code layerloom predict} feeds images so).
     */
    public static float[] image(Path file, List<Long> shape) throws DataException {
        checkShape(file, shape);
        return toArray(resize(load(file), Math.toIntExact(shape.get(2)), Math.toIntExact(shape.get(1))),
                Math.toIntExact(shape.get(0)));
    }

    /**
     * One image fitted to {@code shape}: pad and crop keep its pixels (centred on zeros, or its
     * centre), resize and no fit scale it bilinearly; an image that pad or crop cannot fit is an error.
     */
    public static float[] image(Path file, List<Long> shape, java.util.Optional<Fit> fit) throws DataException {
        if (fit.isEmpty() || fit.get() == Fit.RESIZE) {
            return image(file, shape);
        }
        checkShape(file, shape);
        BufferedImage img = load(file);
        List<Long> native3 = List.of(shape.get(0), (long) img.getHeight(), (long) img.getWidth());
        float[] pixels = toArray(img, Math.toIntExact(shape.get(0)));
        if (native3.equals(shape)) {
            return pixels;
        }
        java.util.Optional<String> problem = ImageFit.problem(fit.get(), file.getFileName().toString(), native3, shape);
        if (problem.isPresent()) {
            throw new DataException(file + ": " + problem.get());
        }
        return ImageFit.apply(fit.get(), pixels, native3, shape);
    }

    /** The class names {@link #read} gives {@code folder}'s images: its sub-folders' names, sorted. */
    public static List<String> classNames(Path folder) throws DataException {
        return list(folder).stream().filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList();
    }

    /** Whether the file name has an image extension this reader takes (PNG, JPEG, GIF, BMP). */
    public static boolean isImageName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static void checkShape(Path where, List<Long> shape) throws DataException {
        if (shape.size() != 3 || !(shape.get(0) == 1 || shape.get(0) == 3)) {
            throw new DataException(where + ": images need an Input shape [1 or 3 channels, height, width], got " + shape);
        }
    }

    private static List<Path> list(Path dir) throws DataException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

    private static BufferedImage load(Path file) throws DataException {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new DataException(file + ": not a readable PNG, JPEG, GIF or BMP image");
            }
            return image;
        } catch (IOException e) {
            throw new DataException(file + ": cannot read the image: " + e.getMessage(), e);
        }
    }

    private static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            // transparent pixels become white, as most viewers show them
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static float[] toArray(BufferedImage img, int channels) {
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        float[] out = new float[channels * plane];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                float r = ((rgb >> 16) & 0xff) / 255f;
                float g = ((rgb >> 8) & 0xff) / 255f;
                float b = (rgb & 0xff) / 255f;
                int i = y * w + x;
                if (channels == 1) {
                    out[i] = 0.299f * r + 0.587f * g + 0.114f * b;
                } else {
                    out[i] = r;
                    out[plane + i] = g;
                    out[2 * plane + i] = b;
                }
            }
        }
        return out;
    }
}
