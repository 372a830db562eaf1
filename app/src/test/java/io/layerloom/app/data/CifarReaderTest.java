package io.layerloom.app.data;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** CIFAR-10's binary layout on files written here byte by byte: label, then the R, G and B planes. */
class CifarReaderTest {

    /** Record i: label i % 10, red = i, green = row, blue = 255 - column. */
    private static void batch(Path file, int first, int count) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = first; i < first + count; i++) {
                out.write(i % 10);
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 32; y++) {
                        for (int x = 0; x < 32; x++) {
                            out.write(c == 0 ? i : c == 1 ? y : 255 - x);
                        }
                    }
                }
            }
        }
    }

    static Path cifar(Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        batch(bin.resolve("data_batch_1.bin"), 0, 30);
        batch(bin.resolve("data_batch_2.bin"), 30, 20);
        batch(bin.resolve("test_batch.bin"), 100, 10);
        return dir;
    }

    @Test
    void readsLabelsAndPlanesInTheirOrder(@TempDir Path dir) throws Exception {
        ShippedData.TrainTest tt = CifarReader.read(cifar(dir));
        LoadedData train = tt.train();
        assertEquals(50, train.count());
        assertEquals(List.of(3L, 32L, 32L), train.exampleShape());
        assertEquals(CifarReader.CLASSES, train.classNames());
        int size = 3072;
        for (int i : new int[] {0, 29, 30, 49}) {
            assertEquals(i % 10, train.labels()[i]);
            assertEquals(i / 255f, train.features()[i * size + 5 * 32 + 7], "red plane of record " + i);
            assertEquals(5 / 255f, train.features()[i * size + 1024 + 5 * 32 + 7], "green: the row");
            assertEquals((255 - 7) / 255f, train.features()[i * size + 2048 + 5 * 32 + 7], "blue: 255 - the column");
        }
        assertEquals(10, tt.test().count());
        assertEquals(0, tt.test().labels()[0]);
    }

    @Test
    void dataSourcesFindTheFolderAndItsHeader(@TempDir Path dir) throws Exception {
        Path folder = cifar(dir);
        Files.writeString(folder.resolve("cifar-10-batches-bin/batches.meta.txt"),
                "plane\ncar\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n");
        DataSources.Request request = DataSources.Request.defaults().withValidationFraction(0.2);
        assertEquals(Optional.of(new DataHeader("CIFAR-10", List.of(3L, 32L, 32L), 10)),
                DataSources.standard().header(folder.toString(), request));
        DataSplit split = DataSources.standard().resolve(folder.toString(), request);
        assertEquals(40, split.train().count());
        assertEquals(10, split.validation().count());
        assertEquals("plane", split.train().classNames().get(0));
        assertEquals(10, split.test().orElseThrow().count());
    }

    @Test
    void aTruncatedBatchIsNamedWithItsSize(@TempDir Path dir) throws Exception {
        Path folder = cifar(dir);
        Path first = folder.resolve("cifar-10-batches-bin/data_batch_1.bin");
        byte[] bytes = Files.readAllBytes(first);
        Files.write(first, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        DataException e = assertThrows(DataException.class, () -> CifarReader.read(folder));
        assertTrue(e.getMessage().endsWith("data_batch_1.bin: 92090 bytes is not a whole number of CIFAR-10 records (1 label"
                + " byte + 3072 pixel bytes = 3073 each); the file is truncated or not CIFAR-10's binary version"), e.getMessage());
    }
}
