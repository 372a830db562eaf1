package io.layerloom.app.data;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import static org.junit.jupiter.api.Assertions.*;

/** An image folder streamed from disk: bounded prefetch, the same images as the in-memory reader, every file once per epoch. */
class StreamingIteratorTest {

    private static final List<Long> SHAPE = List.of(3L, 10L, 10L);

    /** 3 classes of 20 images of 12x12 pixels, each image's red channel its number (so it can be told apart). */
    static Path folder(Path dir) throws Exception {
        Path root = dir.resolve("photos");
        for (int i = 0; i < 60; i++) {
            Path cls = Files.createDirectories(root.resolve("c" + i % 3));
            BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 12; x++) {
                    img.setRGB(x, y, (i * 4 << 16) | (y * 20 << 8) | (x * 20));
                }
            }
            ImageIO.write(img, "png", cls.resolve(String.format("img%03d.png", i)).toFile());
        }
        return root;
    }

    @Test
    void decodesAtMostPrefetchBatchesAheadOfASlowConsumer(@TempDir Path dir) throws Exception {
        StreamingImageFolder.Split split = StreamingImageFolder.list(folder(dir), 0.0, 7);
        assertEquals(60, split.train().count());
        StreamingIterator it = new StreamingIterator(split.train(), split.classNames(), 4, 7, true, SHAPE, DataTransform.NONE,
                2, 2);
        assertEquals(15, it.batchesPerEpoch());
        int consumed = 0;
        Set<Float> reds = new HashSet<>();
        while (it.hasNext()) {
            DataSet ds = it.next();
            consumed += (int) ds.getFeatures().size(0);
            for (int i = 0; i < ds.getFeatures().size(0); i++) {
                reds.add(ds.getFeatures().getFloat(i, 0, 0, 0));
            }
            Thread.sleep(30);
            // the workers had time to run ahead: they are held back by the queue's bound
            assertTrue(it.decodedImages() - consumed <= 2 * 4, "decoded " + it.decodedImages() + ", consumed " + consumed);
        }
        assertEquals(2, it.peakAhead());
        assertEquals(60, consumed);
        assertEquals(60, reds.size(), "every image once per epoch");
        it.reset();
        assertTrue(it.hasNext());
        assertEquals(4, it.next().getFeatures().size(0));
    }

    @Test
    void givesTheImagesTheInMemoryReaderGives(@TempDir Path dir) throws Exception {
        Path root = folder(dir);
        LoadedData memory = ImageFolderReader.read(root, SHAPE);
        StreamingImageFolder.Split split = StreamingImageFolder.list(root, 0.0, 7);
        DataTransform normalise = new DataTransform(Optional.empty(), List.of(0.5, 0.4, 0.3), List.of(0.2, 0.2, 0.2));
        StreamingIterator it = new StreamingIterator(split.train(), split.classNames(), 60, 7, false, SHAPE, normalise, 1, 1);
        DataSet all = it.next();
        LoadedData expected = normalise.apply(memory, SHAPE);
        assertArrayEquals(expected.features(), all.getFeatures().dup('c').data().asFloat(), 1e-6f);
        for (int i = 0; i < 60; i++) {
            assertEquals(1.0, all.getLabels().getDouble(i, expected.labels()[i]));
        }
    }

    @Test
    void validationIsASeededShareOfEachClass(@TempDir Path dir) throws Exception {
        StreamingImageFolder.Split split = StreamingImageFolder.list(folder(dir), 0.25, 3);
        assertEquals(45, split.train().count());
        assertEquals(15, split.validation().count());
        int[] perClass = new int[3];
        for (int l : split.validation().labels()) {
            perClass[l]++;
        }
        assertArrayEquals(new int[] {5, 5, 5}, perClass);
        assertEquals(split.validation().paths(), StreamingImageFolder.list(dir.resolve("photos"), 0.25, 3).validation().paths());
        assertTrue(StreamingImageFolder.tooLargeForMemory(100_000, List.of(3L, 32L, 32L), 1L << 30));
        assertFalse(StreamingImageFolder.tooLargeForMemory(60_000, List.of(1L, 32L, 32L), 1L << 30));
    }

    @Test
    void aBrokenFileStopsTheBatchWithItsName(@TempDir Path dir) throws Exception {
        Path root = folder(dir);
        Files.writeString(root.resolve("c0/img000.png"), "not a PNG");
        StreamingImageFolder.Split split = StreamingImageFolder.list(root, 0.0, 7);
        StreamingIterator it = new StreamingIterator(split.train(), split.classNames(), 60, 7, false, SHAPE, DataTransform.NONE, 1, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
        assertTrue(e.getMessage().endsWith("img000.png: not a readable PNG, JPEG, GIF or BMP image"), e.getMessage());
    }
}
