package io.layerloom.app.designer.view;

import io.layerloom.model.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javax.imageio.ImageIO;

/** A JavaFX image written as a PNG file, atomically (no javafx-swing needed). */
public final class PngFiles {

    private PngFiles() {
    }

    public static void write(Image image, Path file) throws IOException {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        AtomicFiles.write(file, tmp -> {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                if (!ImageIO.write(out, "png", os)) {
                    throw new IOException("No PNG writer is available.");
                }
            }
        });
    }
}
