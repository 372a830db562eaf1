package io.layerloom.app.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataCheckTest {

    final LoadedData fashion = new LoadedData("Fashion-MNIST", List.of(1L, 28L, 28L), ShippedData.FASHION_CLASSES,
            new float[784], new int[] {3});
    final LoadedData iris = new LoadedData("Iris", List.of(4L), List.of("setosa", "versicolor", "virginica"),
            new float[4], new int[] {0});

    @Test
    void inputShapeMismatch() {
        assertEquals(Optional.of("Input is 3x32x32 but Fashion-MNIST images are 1x28x28; fit the images to the Input with"
                + " --fit pad|resize (\"fit\" in the training object), or set Input shape to [1, 28, 28]"),
                DataCheck.against(List.of(3L, 32L, 32L), 10, fashion));
        assertEquals(Optional.of("Input is 1x28x28 but Iris examples are vectors of 4; set Input shape to [4]"),
                DataCheck.against(List.of(1L, 28L, 28L), 3, iris));
        assertEquals(Optional.of("Input is a vector of 5 but Iris examples are vectors of 4; set Input shape to [4]"),
                DataCheck.against(List.of(5L), 3, iris));
    }

    @Test
    void classCountMismatch() {
        assertEquals(Optional.of("Output has 5 units but Fashion-MNIST has 10 classes; set units to 10"),
                DataCheck.against(List.of(1L, 28L, 28L), 5, fashion));
        assertEquals(Optional.of("Output has 1 unit but Iris has 3 classes; set units to 3"),
                DataCheck.against(List.of(4L), 1, iris));
    }

    @Test
    void matchingAndFlatInputsPass() {
        assertEquals(Optional.empty(), DataCheck.against(List.of(1L, 28L, 28L), 10, fashion));
        assertEquals(Optional.empty(), DataCheck.against(List.of(784L), 10, fashion));
        assertEquals(Optional.empty(), DataCheck.against(List.of(4L), 3, iris));
    }
}
