package io.layerloom.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

class Dl4jDataTest {

    final LoadedData data = SyntheticImages.generate(10, List.of(1L, 4L, 4L), 3, 5);

    @Test
    void batchesHaveImageShapesAndOneHotLabels() {
        DataSetIterator it = Dl4jData.inOrder(data, 4);
        List<DataSet> batches = new ArrayList<>();
        while (it.hasNext()) {
            batches.add(it.next());
        }
        assertEquals(3, batches.size());
        assertArrayEquals(new long[] {4, 1, 4, 4}, batches.get(0).getFeatures().shape());
        assertArrayEquals(new long[] {2, 1, 4, 4}, batches.get(2).getFeatures().shape());
        assertArrayEquals(new long[] {4, 3}, batches.get(0).getLabels().shape());
        for (int i = 0; i < 4; i++) {
            assertEquals(1.0, batches.get(0).getLabels().getRow(i).sumNumber().doubleValue());
            assertEquals(1.0, batches.get(0).getLabels().getDouble(i, data.labels()[i]));
        }
        assertEquals(data.features()[16 + 5], batches.get(0).getFeatures().getFloat(1, 0, 1, 1));
        assertEquals(16, it.inputColumns());
        assertEquals(3, it.totalOutcomes());
        assertEquals(data.classNames(), it.getLabels());
    }

    @Test
    void shuffledOrderIsSeededAndChangesPerEpoch() {
        DataSetIterator a = Dl4jData.shuffled(data, 10, 1);
        DataSetIterator b = Dl4jData.shuffled(data, 10, 1);
        float[] first = a.next().getFeatures().data().asFloat();
        assertArrayEquals(first, b.next().getFeatures().data().asFloat());
        assertFalse(a.hasNext());
        a.reset();
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(a.next().getFeatures().data().asFloat()));
    }

    @Test
    void flatFeaturesForADenseInput() {
        DataSet ds = Dl4jData.shuffled(data, 3, 1, List.of(16L)).next();
        assertArrayEquals(new long[] {3, 16}, ds.getFeatures().shape());
    }
}
