package io.layerloom.app.data.augment;

import io.layerloom.model.training.AugmentOp;
import io.layerloom.model.training.AugmentStep;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 14 part 2: each augmentation op's effect on a known image. */
class ImageOpsTest {

    /** 2 channels of 3 x 4: value = 100 * channel + 10 * row + column. */
    private static float[] known(int c, int h, int w) {
        float[] img = new float[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    img[(ch * h + y) * w + x] = 100 * ch + 10 * y + x;
                }
            }
        }
        return img;
    }

    private static float at(float[] img, int h, int w, int ch, int y, int x) {
        return img[(ch * h + y) * w + x];
    }

    @Test
    void horizontalFlipMirrorsTheColumnsExactlyAndVerticalTheRows() {
        float[] img = known(2, 3, 4);
        float[] flipped = ImageOps.flipHorizontal(img, 2, 3, 4);
        float[] vflipped = ImageOps.flipVertical(img, 2, 3, 4);
        for (int ch = 0; ch < 2; ch++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(100 * ch + 10 * y + (3 - x), at(flipped, 3, 4, ch, y, x));
                    assertEquals(100 * ch + 10 * (2 - y) + x, at(vflipped, 3, 4, ch, y, x));
                }
            }
        }
        assertArrayEquals(img, ImageOps.flipHorizontal(flipped, 2, 3, 4));
    }

    @Test
    void cropWithPaddingShiftsTheImageWithinBoundsAndFillsWithZero() {
        float[] img = known(1, 3, 4);
        float[] shifted = ImageOps.shift(img, 1, 3, 4, 1, -2);
        // output (y, x) = input (y + 1, x - 2)
        assertArrayEquals(new float[] {0, 0, 10, 11, 0, 0, 20, 21, 0, 0, 0, 0}, shifted);
        assertArrayEquals(new float[12], ImageOps.shift(img, 1, 3, 4, 0, 4));
        // through the augmenter: every result is the image shifted by at most padding each way
        Augmenter crop = new Augmenter(List.of(AugmentStep.of(AugmentOp.CROP, "padding", 2)), List.of(1L, 3L, 4L));
        SplittableRandom r = new SplittableRandom(5);
        int[] seenDx = new int[5];
        for (int n = 0; n < 400; n++) {
            float[] out = crop.apply(img, r);
            boolean matched = false;
            for (int dy = -2; dy <= 2 && !matched; dy++) {
                for (int dx = -2; dx <= 2 && !matched; dx++) {
                    if (java.util.Arrays.equals(out, ImageOps.shift(img, 1, 3, 4, dy, dx))) {
                        matched = true;
                        seenDx[dx + 2]++;
                    }
                }
            }
            assertTrue(matched, "a crop that is not a shift within the padding");
        }
        for (int count : seenDx) {
            assertTrue(count > 40, "every shift is drawn: " + java.util.Arrays.toString(seenDx));
        }
    }

    @Test
    void rotatingByNinetyDegreesTurnsThePictureCounterClockwiseExactly() {
        float[] img = known(2, 4, 4);
        float[] turned = ImageOps.rotate(img, 2, 4, 4, 90);
        // numpy's rot90: out[y][x] = in[x][w - 1 - y]
        for (int ch = 0; ch < 2; ch++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(at(img, 4, 4, ch, x, 3 - y), at(turned, 4, 4, ch, y, x), "at " + ch + "," + y + "," + x);
                }
            }
        }
        float[] full = ImageOps.rotate(ImageOps.rotate(turned, 2, 4, 4, 90), 2, 4, 4, 180);
        assertArrayEquals(img, full, 1e-4f);
    }

    @Test
    void translateScaleAndShearMoveKnownPixels() {
        float[] img = known(1, 5, 5);
        float[] moved = ImageOps.translate(img, 1, 5, 5, 1, 2);
        assertEquals(at(img, 5, 5, 0, 1, 1), at(moved, 5, 5, 0, 2, 3));
        assertEquals(0, at(moved, 5, 5, 0, 0, 0));
        // a half-pixel shift averages two neighbours
        assertEquals((11 + 12) / 2f, at(ImageOps.translate(img, 1, 5, 5, 0, 0.5), 5, 5, 0, 1, 2), 1e-5);
        float[] zoomed = ImageOps.scale(img, 1, 5, 5, 2);
        assertEquals(at(img, 5, 5, 0, 2, 2), at(zoomed, 5, 5, 0, 2, 2));
        assertEquals((11 + 12 + 21 + 22) / 4f, at(zoomed, 5, 5, 0, 1, 1), 1e-5);
        float[] sheared = ImageOps.shear(img, 1, 5, 5, 45);
        // tan 45 = 1: row y moves right by (y - 2)
        assertEquals(at(img, 5, 5, 0, 4, 1), at(sheared, 5, 5, 0, 4, 3), 1e-4);
        assertEquals(at(img, 5, 5, 0, 0, 3), at(sheared, 5, 5, 0, 0, 1), 1e-4);
        assertEquals(at(img, 5, 5, 0, 2, 4), at(sheared, 5, 5, 0, 2, 4), 1e-4);
    }

    @Test
    void brightnessAddsAndContrastScalesAboutTheMeanBothKeptInZeroToOne() {
        float[] img = {0.1f, 0.5f, 0.9f, 0.3f};
        assertArrayEquals(new float[] {0.3f, 0.7f, 1f, 0.5f}, ImageOps.brightness(img, 0.2), 1e-6f);
        assertArrayEquals(new float[] {0f, 0.3f, 0.7f, 0.1f}, ImageOps.brightness(img, -0.2), 1e-6f);
        // mean 0.45: 0.45 + 2 (v - 0.45)
        assertArrayEquals(new float[] {0f, 0.55f, 1f, 0.15f}, ImageOps.contrast(img, 2), 1e-6f);
        assertArrayEquals(new float[] {0.45f, 0.45f, 0.45f, 0.45f}, ImageOps.contrast(img, 0), 1e-6f);
    }

    @Test
    void seededNoiseHasTheMeanAndSigmaAskedForAndRepeats() {
        int n = 3 * 64 * 64;
        float[] grey = new float[n];
        java.util.Arrays.fill(grey, 0.5f);
        Augmenter noise = new Augmenter(List.of(AugmentStep.of(AugmentOp.NOISE, "sigma", 0.05)), List.of(3L, 64L, 64L));
        float[] out = noise.apply(grey, Augmenter.random(42, 1, 0, 0));
        double mean = 0;
        double sq = 0;
        for (float v : out) {
            mean += v - 0.5;
            sq += (v - 0.5) * (v - 0.5);
        }
        mean /= n;
        double sigma = Math.sqrt(sq / n - mean * mean);
        assertEquals(0, mean, 3 * 0.05 / Math.sqrt(n));
        assertEquals(0.05, sigma, 0.002);
        assertArrayEquals(out, noise.apply(grey, Augmenter.random(42, 1, 0, 0)));
        assertFalse(java.util.Arrays.equals(out, noise.apply(grey, Augmenter.random(42, 1, 0, 1))));
    }

    @Test
    void cutoutZeroesAClippedSquareInEveryChannel() {
        float[] img = new float[2 * 4 * 4];
        java.util.Arrays.fill(img, 1f);
        float[] out = ImageOps.cutout(img, 2, 4, 4, -1, 2, 3);
        int zeros = 0;
        for (int ch = 0; ch < 2; ch++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    boolean inside = y <= 1 && x >= 2;
                    assertEquals(inside ? 0f : 1f, at(out, 4, 4, ch, y, x));
                    zeros += inside ? 1 : 0;
                }
            }
        }
        assertEquals(8, zeros);
    }

    @Test
    void probabilityZeroChangesNothingAndTheSameSeedGivesTheSameImages() {
        float[] img = known(1, 8, 8);
        for (int i = 0; i < img.length; i++) {
            img[i] /= 100f;
        }
        List<AugmentStep> all = new java.util.ArrayList<>();
        for (AugmentOp op : AugmentOp.values()) {
            all.add(AugmentStep.of(op).with("p", 0));
        }
        assertArrayEquals(img, new Augmenter(all, List.of(1L, 8L, 8L)).apply(img, new SplittableRandom(1)));
        List<AugmentStep> on = all.stream().map(s -> s.with("p", 1)).toList();
        Augmenter a = new Augmenter(on, List.of(1L, 8L, 8L));
        assertArrayEquals(a.apply(img, Augmenter.random(3, 1, 2, 4)), a.apply(img, Augmenter.random(3, 1, 2, 4)));
        assertFalse(java.util.Arrays.equals(a.apply(img, Augmenter.random(3, 1, 2, 4)), a.apply(img, Augmenter.random(4, 1, 2, 4))));
    }

    @Test
    void dataThatIsNotAnImageIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Augmenter(List.of(AugmentStep.of(AugmentOp.FLIP)), List.of(4L)));
        assertEquals("augmentation works on images [channels, height, width], but the data gives examples shaped [4]. Remove "
                + "training.augmentation, or train on image data.", e.getMessage());
    }
}
