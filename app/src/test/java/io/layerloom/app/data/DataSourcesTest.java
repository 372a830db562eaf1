package io.layerloom.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {

    @TempDir
    Path dir;

    final DataSources sources = new DataSources(Path.of("/nonexistent/fashion-mnist"));
    final DataSources.Request request = DataSources.Request.defaults();

    @Test
    void shippedSubsetSplitsTenPercentValidationAndKeepsItsTestSet() throws Exception {
        DataSplit s = sources.resolve("fashion-mnist-subset", request);
        assertEquals(10_800, s.train().count());
        assertEquals(1_200, s.validation().count());
        assertEquals(2_000, s.test().orElseThrow().count());
    }

    @Test
    void splitsAreDeterministicPerSeed() throws Exception {
        DataSplit a = sources.resolve("digits", request);
        DataSplit b = sources.resolve("digits", request);
        DataSplit c = sources.resolve("digits", request.withSeed(7));
        assertArrayEquals(a.validation().labels(), b.validation().labels());
        assertArrayEquals(a.validation().features(), b.validation().features());
        assertTrue(!java.util.Arrays.equals(a.validation().features(), c.validation().features()));
        assertEquals(1797, a.train().count() + a.validation().count() + a.test().orElseThrow().count());
        assertEquals(359, a.test().orElseThrow().count(), "round(1797 * 0.2), stratified");
    }

    @Test
    void irisIsStandardisedOnTheTrainingPartOnly() throws Exception {
        DataSplit s = sources.resolve("iris", request);
        assertEquals(150, s.train().count() + s.validation().count() + s.test().orElseThrow().count());
        assertEquals(30, s.test().orElseThrow().count());
        double mean = 0;
        double sq = 0;
        float[] f = s.train().features();
        for (int i = 0; i < s.train().count(); i++) {
            mean += f[i * 4];
            sq += f[i * 4] * f[i * 4];
        }
        mean /= s.train().count();
        assertEquals(0, mean, 1e-5);
        assertEquals(1, sq / s.train().count(), 1e-4);
        assertEquals(List.of("setosa", "versicolor", "virginica"), s.test().orElseThrow().classNames());
    }

    @Test
    void syntheticWithShapeAndClasses() throws Exception {
        DataSplit s = sources.resolve("synthetic:3x12x10:4", request);
        assertEquals(List.of(3L, 12L, 10L), s.train().exampleShape());
        assertEquals(4, s.train().numClasses());
        assertEquals(2000, s.train().count() + s.validation().count());
        assertEquals(400, s.test().orElseThrow().count());
        assertEquals(List.of(1L, 28L, 28L), sources.resolve("synthetic", request).train().exampleShape());
        assertTrue(assertThrows(DataException.class, () -> sources.resolve("synthetic:3x", request)).getMessage()
                .contains("expected synthetic:CxHxW"));
    }

    @Test
    void unknownNamesGetASuggestion() {
        DataException e = assertThrows(DataException.class, () -> sources.resolve("fasion-mnist", request));
        assertTrue(e.getMessage().startsWith("Unknown data 'fasion-mnist'. Did you mean 'fashion-mnist'? Use one of"),
                e.getMessage());
        assertTrue(assertThrows(DataException.class, () -> sources.resolve("irsi", request)).getMessage()
                .contains("Did you mean 'iris'?"));
    }

    @Test
    void fullFashionMnistMissingSaysHowToGetIt() {
        DataException e = assertThrows(DataException.class, () -> sources.resolve("fashion-mnist", request));
        assertTrue(e.getMessage().startsWith("The full Fashion-MNIST is not in /nonexistent/fashion-mnist."
                + " Install it with 'apt-get install dataset-fashion-mnist'"), e.getMessage());
    }

    @Test
    void pathsToCsvImageFoldersAndIdxFolders() throws Exception {
        Path csv = Files.writeString(dir.resolve("points.csv"),
                "x,y,label\n" + "0,0,a\n1,1,b\n".repeat(10));
        DataSplit s = sources.resolve(csv.toString(), request);
        assertEquals(Optional.empty(), s.test());
        assertEquals(18, s.train().count());
        assertEquals(2, s.validation().count());
        assertEquals("points", s.train().name());

        Path idx = Files.createDirectories(dir.resolve("mnist"));
        Files.write(idx.resolve("train-images-idx3-ubyte"), IdxReaderTest.images(IdxReader.IMAGES_MAGIC, 4, 2, 2, 16));
        Files.write(idx.resolve("train-labels-idx1-ubyte.gz"), IdxReaderTest.gzip(IdxReaderTest.labels(0, 1, 0, 1)));
        Files.write(idx.resolve("t10k-images.idx3-ubyte"), IdxReaderTest.images(IdxReader.IMAGES_MAGIC, 2, 2, 2, 8));
        Files.write(idx.resolve("t10k-labels.idx1-ubyte"), IdxReaderTest.labels(1, 0));
        DataSplit m = sources.resolve(idx.toString(), request.withValidationFraction(0));
        assertEquals("MNIST", m.train().name());
        assertEquals(ShippedData.DIGIT_CLASSES, m.train().classNames());
        assertEquals(4, m.train().count());
        assertEquals(0, m.validation().count());
        assertEquals(2, m.test().orElseThrow().count());

        assertEquals(dir.resolve("nope") + ": no such file or folder",
                assertThrows(DataException.class, () -> sources.resolve(dir.resolve("nope").toString(), request)).getMessage());
    }
}
