package io.layerloom.app.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ShippedDataTest {

    @Test
    void fashionMnistSubsetHas12000And2000ImagesOfTenBalancedClasses() {
        long start = System.nanoTime();
        ShippedData.TrainTest tt = ShippedData.fashionMnistSubset();
        System.out.printf("fashion-mnist-subset loaded in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(12_000, tt.train().count());
        assertEquals(2_000, tt.test().count());
        assertEquals(List.of(1L, 28L, 28L), tt.train().exampleShape());
        assertEquals(ShippedData.FASHION_CLASSES, tt.train().classNames());
        for (int n : tt.train().classCounts()) {
            assertTrue(n > 1000 && n < 1400, "class count " + n);
        }
        for (int n : tt.test().classCounts()) {
            assertTrue(n > 150 && n < 250, "class count " + n);
        }
        assertInUnitRange(tt.train().features());
    }

    @Test
    void digitsAre1797ImagesOf8x8() {
        LoadedData d = ShippedData.digits();
        assertEquals(1797, d.count());
        assertEquals(List.of(1L, 8L, 8L), d.exampleShape());
        assertEquals(ShippedData.DIGIT_CLASSES, d.classNames());
        assertInUnitRange(d.features());
        assertEquals(1f, max(d.features()));
        assertEquals(0, d.labels()[0]);
    }

    @Test
    void irisIs150VectorsOf4WithNamedClasses() {
        LoadedData d = ShippedData.iris();
        assertEquals(150, d.count());
        assertEquals(List.of(4L), d.exampleShape());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertEquals(5.1f, d.features()[0]);
        assertEquals(List.of(50, 50, 50), java.util.Arrays.stream(d.classCounts()).boxed().toList());
    }

    @Test
    void fullFashionMnistWhenInstalled() throws Exception {
        Assumptions.assumeTrue(DataSources.standard().fullFashionMnistAvailable(),
                "dataset-fashion-mnist is not installed");
        long start = System.nanoTime();
        ShippedData.TrainTest tt = ShippedData.idxFolder(DataSources.DEBIAN_FASHION_MNIST, IdxReader.ALL);
        System.out.printf("full Fashion-MNIST loaded in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(60_000, tt.train().count());
        assertEquals(10_000, tt.test().count());
        assertEquals("Fashion-MNIST", tt.train().name());
        assertEquals(ShippedData.FASHION_CLASSES, tt.train().classNames());
        for (int n : tt.train().classCounts()) {
            assertEquals(6000, n);
        }
        // the shipped subset is the head of the full set
        LoadedData subset = ShippedData.fashionMnistSubset().train();
        assertEquals(subset.labels()[11_999], tt.train().labels()[11_999]);
        assertEquals(subset.features()[12_000 * 784 - 400], tt.train().features()[12_000 * 784 - 400]);
    }

    static void assertInUnitRange(float[] values) {
        for (float v : values) {
            assertTrue(v >= 0 && v <= 1, "value " + v);
        }
    }

    static float max(float[] values) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
