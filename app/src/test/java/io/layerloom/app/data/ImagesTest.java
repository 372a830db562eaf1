package io.layerloom.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {

    @TempDir
    Path dir;

    void png(Path file, Color color, int w, int h) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ImageIO.write(img, file.toString().endsWith(".bmp") ? "bmp" : "png", file.toFile());
    }

    @Test
    void folderPerClassResizedToTheRequestedShape() throws Exception {
        png(dir.resolve("red/a.png"), Color.RED, 40, 30);
        png(dir.resolve("red/b.bmp"), Color.RED, 5, 5);
        png(dir.resolve("blue/c.png"), Color.BLUE, 10, 10);
        Files.writeString(dir.resolve("blue/notes.txt"), "ignored");
        Files.writeString(dir.resolve("blue/.hidden.png"), "ignored");
        Files.createDirectories(dir.resolve(".git"));
        LoadedData rgb = ImageFolderReader.read(dir, List.of(3L, 4L, 6L));
        assertEquals(List.of("blue", "red"), rgb.classNames());
        assertArrayEquals(new int[] {0, 1, 1}, rgb.labels());
        assertEquals(List.of(3L, 4L, 6L), rgb.exampleShape());
        assertEquals(0f, rgb.features()[0]);
        assertEquals(1f, rgb.features()[2 * 24]);
        assertEquals(1f, rgb.features()[72]);
        LoadedData grey = ImageFolderReader.read(dir, List.of(1L, 8L, 8L));
        assertEquals(0.114f, grey.features()[0], 1e-3);
        assertEquals(0.299f, grey.features()[64], 1e-3);
    }

    @Test
    void unreadableImagesAndTooFewClasses() throws Exception {
        png(dir.resolve("a/x.png"), Color.RED, 4, 4);
        DataException one = assertThrows(DataException.class, () -> ImageFolderReader.read(dir, List.of(1L, 4L, 4L)));
        assertTrue(one.getMessage().endsWith("found 1 class folder ('a'); put the images in one sub-folder per class,"
                + " at least 2 classes"), one.getMessage());
        Path bad = Files.createDirectories(dir.resolve("b")).resolve("broken.png");
        Files.writeString(bad, "not a png");
        assertEquals(bad + ": not a readable PNG, JPEG, GIF or BMP image",
                assertThrows(DataException.class, () -> ImageFolderReader.read(dir, List.of(1L, 4L, 4L))).getMessage());
    }

    @Test
    void syntheticImagesAreDeterministicAndBalanced() {
        LoadedData a = SyntheticImages.generate(100, List.of(1L, 16L, 16L), 4, 7);
        LoadedData b = SyntheticImages.generate(100, List.of(1L, 16L, 16L), 4, 7);
        LoadedData c = SyntheticImages.generate(100, List.of(1L, 16L, 16L), 4, 8);
        assertArrayEquals(a.features(), b.features());
        assertArrayEquals(a.labels(), b.labels());
        assertNotEquals(java.util.Arrays.hashCode(a.features()), java.util.Arrays.hashCode(c.features()));
        assertArrayEquals(new int[] {25, 25, 25, 25}, a.classCounts());
        ShippedDataTest.assertInUnitRange(a.features());
        LoadedData rgb = SyntheticImages.generate(3, List.of(3L, 8L, 8L), 2, 1);
        assertEquals(rgb.features()[5], rgb.features()[64 + 5]);
    }

    @Test
    void syntheticClassesDifferInWhereTheBarIs() {
        // a horizontal bar (class 0) lights the middle row's ends, a vertical one (class 2 of 4) the middle column's
        LoadedData d = SyntheticImages.generate(40, List.of(1L, 16L, 16L), 4, 3);
        double[] rowEnds = new double[4];
        double[] colEnds = new double[4];
        for (int i = 0; i < d.count(); i++) {
            int base = i * 256;
            rowEnds[d.labels()[i]] += d.features()[base + 8 * 16] + d.features()[base + 8 * 16 + 15];
            colEnds[d.labels()[i]] += d.features()[base + 8] + d.features()[base + 15 * 16 + 8];
        }
        assertTrue(rowEnds[0] > 3 * rowEnds[2], java.util.Arrays.toString(rowEnds));
        assertTrue(colEnds[2] > 3 * colEnds[0], java.util.Arrays.toString(colEnds));
    }
}
