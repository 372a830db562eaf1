package io.layerloom.app.data;

import io.layerloom.model.training.DataPreparation;
import io.layerloom.model.training.DataPreparation.Fit;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/** Pad, crop and resize of one image; resize checked against ND4J's own bilinear resize (half-pixel centres). */
class ImageFitTest {

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble();
        }
        return a;
    }

    @Test
    void padCentresTheImageOnZerosAsLeNetsPaperDoes() {
        float[] img = random(28 * 28, 1);
        float[] padded = ImageFit.apply(Fit.PAD, img, List.of(1L, 28L, 28L), List.of(1L, 32L, 32L));
        assertEquals(32 * 32, padded.length);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                boolean inside = y >= 2 && y < 30 && x >= 2 && x < 30;
                assertEquals(inside ? img[(y - 2) * 28 + (x - 2)] : 0f, padded[y * 32 + x], "at " + y + "," + x);
            }
        }
        // crop undoes pad
        assertArrayEquals(img, ImageFit.apply(Fit.CROP, padded, List.of(1L, 32L, 32L), List.of(1L, 28L, 28L)));
    }

    @Test
    void greyToRgbRepeatsTheChannelAndRgbToGreyTakesTheLuminance() {
        float[] grey = random(4 * 4, 2);
        float[] rgb = ImageFit.apply(Fit.PAD, grey, List.of(1L, 4L, 4L), List.of(3L, 6L, 6L));
        for (int c = 0; c < 3; c++) {
            assertEquals(grey[0], rgb[c * 36 + 7]);
            assertEquals(0f, rgb[c * 36]);
        }
        float[] back = ImageFit.apply(Fit.CROP, rgb, List.of(3L, 6L, 6L), List.of(1L, 4L, 4L));
        for (int i = 0; i < grey.length; i++) {
            assertEquals(grey[i], back[i], 1e-6);
        }
    }

    @Test
    void resizeAgreesWithNd4jsBilinearResize() {
        for (int[] sizes : new int[][] {{28, 28, 32, 32}, {32, 32, 28, 28}, {10, 14, 25, 9}}) {
            float[] img = random(3 * sizes[0] * sizes[1], sizes[2]);
            float[] mine = ImageFit.apply(Fit.RESIZE, img, List.of(3L, (long) sizes[0], (long) sizes[1]),
                    List.of(3L, (long) sizes[2], (long) sizes[3]));
            INDArray nhwc = Nd4j.create(img, new long[] {1, 3, sizes[0], sizes[1]}, 'c').permute(0, 2, 3, 1).dup('c');
            INDArray resized = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, sizes[2], sizes[3], 3);
            Nd4j.exec(org.nd4j.linalg.api.ops.DynamicCustomOp.builder("resize_bilinear").addInputs(nhwc).addOutputs(resized)
                    .addIntegerArguments(sizes[2], sizes[3]).addBooleanArguments(false, true).build());
            float[] oracle = resized.permute(0, 3, 1, 2).dup('c').data().asFloat();
            assertEquals(oracle.length, mine.length);
            for (int i = 0; i < mine.length; i++) {
                assertEquals(oracle[i], mine[i], 1e-5, "value " + i + " of " + java.util.Arrays.toString(sizes));
            }
        }
    }

    @Test
    void aFitThatCannotWorkSaysWhichOneCan() {
        List<Long> big = List.of(1L, 28L, 28L);
        List<Long> small = List.of(1L, 24L, 24L);
        assertEquals(Optional.of("fit pad needs images no larger than the Input: MNIST images are 1x28x28, the Input is 1x24x24;"
                + " use crop or resize."), ImageFit.problem(Fit.PAD, "MNIST", big, small));
        assertEquals(List.of(Fit.RESIZE, Fit.CROP), ImageFit.possible(big, small));
        assertEquals(List.of(Fit.PAD, Fit.RESIZE), ImageFit.possible(small, big));
        assertEquals(List.of(), ImageFit.possible(List.of(2L, 8L, 8L), List.of(3L, 8L, 8L)));
        assertTrue(ImageFit.problem(Fit.RESIZE, "x", List.of(4L), big).orElseThrow().contains("needs images"));
    }

    @Test
    void theMismatchMessageNamesTheFitsThatWork() {
        DataHeader fashion = new DataHeader("Fashion-MNIST", List.of(1L, 28L, 28L), 10);
        assertEquals(Optional.of("Input is 1x32x32 but Fashion-MNIST images are 1x28x28; fit the images to the Input with"
                + " --fit pad|resize (\"fit\" in the training object), or set Input shape to [1, 28, 28]"),
                DataCheck.against(List.of(1L, 32L, 32L), 10, fashion));
        assertEquals(Optional.empty(), DataCheck.against(List.of(1L, 32L, 32L), 10, fashion, Optional.of(Fit.PAD)));
        assertEquals(Optional.empty(), DataCheck.against(List.of(3L, 32L, 32L), 10, fashion, Optional.of(Fit.RESIZE)));
        assertEquals(Optional.of("training.fit: fit crop needs images no smaller than the Input: Fashion-MNIST images are"
                + " 1x28x28, the Input is 1x32x32; use pad or resize."),
                DataCheck.against(List.of(1L, 32L, 32L), 10, fashion, Optional.of(Fit.CROP)));
        // the fit does not hide the other check
        assertEquals(Optional.of("Output has 4 units but Fashion-MNIST has 10 classes; set units to 10"),
                DataCheck.against(List.of(1L, 32L, 32L), 4, fashion, Optional.of(Fit.PAD)));
        assertEquals(DataPreparation.FIT_NAMES, java.util.Arrays.stream(Fit.values()).map(DataPreparation::jsonName).toList());
    }
}
