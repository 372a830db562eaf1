package io.layerloom.app.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.data.DataTransform;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.training.TrainedNetwork;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Normalised inputs shown as the user's image looks: the network gets {@code (x - mean) / std},
 * the input picture and the Grad-CAM overlay show {@code x}; an image file is normalised before
 * the network sees it. Checked against the pictures of the raw image drawn by the same code.
 */
class ShownInputTest {

    private static final List<Long> SHAPE = List.of(1L, 12L, 12L);
    /** As training with "normalization": {"mean": [0.3], "std": [0.2]} records it. */
    private static final DataTransform NORMALISED = new DataTransform(Optional.empty(), List.of(0.3), List.of(0.2));

    static ComputationGraph net;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        net = BarsNetwork.trained(1);
    }

    private static float[] normalised(float[] raw) {
        float[] v = raw.clone();
        NORMALISED.normalizeExamples(v, 1, SHAPE);
        return v;
    }

    /** Largest difference of one colour channel between two pictures of the same size. */
    private static int difference(Explainer.Picture a, Explainer.Picture b) {
        assertEquals(a.width(), b.width());
        assertEquals(a.height(), b.height());
        int worst = 0;
        for (int i = 0; i < a.argb().length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                worst = Math.max(worst, Math.abs((a.argb()[i] >> shift & 255) - (b.argb()[i] >> shift & 255)));
            }
        }
        return worst;
    }

    @Test
    void perChannelNormalisationIsUndoneForDisplay() {
        DataTransform rgb = new DataTransform(Optional.empty(), List.of(0.4, 0.5, 0.6), List.of(0.2, 0.25, 0.3));
        List<Long> shape = List.of(3L, 2L, 2L);
        float[] raw = {0, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1f, 0.05f};
        float[] input = raw.clone();
        rgb.normalizeExamples(input, 1, shape);
        assertEquals((0.4f - 0.5f) / 0.25f, input[4], 1e-6, "the network's value of channel 1");
        assertArrayEquals(raw, new ShownInput(rgb).shown(input, shape), 1e-6f);
        assertArrayEquals(input, ShownInput.NONE.shown(input, shape), "nothing to undo without normalisation");
        LoadedData data = new LoadedData("d", shape, List.of("a", "b"), input, new int[] {1});
        assertArrayEquals(raw, new ShownInput(rgb).shown(data).features(), 1e-6f);
    }

    @Test
    void theInputPictureAndGradCamShowTheImageNotItsNormalisedValues() throws Exception {
        float[] raw = BarsNetwork.images(2, 7).features();
        raw = java.util.Arrays.copyOf(raw, 144); // test image 0: a bar on the left
        float[] input = normalised(raw);
        Explainer normalisedNet = Explainer.of(BarsNetwork.graph(), TrainedNetwork.snapshot(net, SHAPE), NORMALISED);
        Explainer plain = Explainer.of(BarsNetwork.graph(), TrainedNetwork.snapshot(net, SHAPE));

        assertTrue(difference(plain.image(raw), normalisedNet.image(input)) <= 1, "the input picture shows the raw image");
        int old = difference(plain.image(input), normalisedNet.image(input));
        assertTrue(old > 20, "the normalised values clipped to [0, 1] would look otherwise: " + old);

        // the map is the network's on its (normalised) input; the picture under it is the raw image
        double[][] map = normalisedNet.gradCamMap(input, "c2", 0);
        Explainer.Picture expected = Explainer.Picture.of(ExplainPictures.gradCam(Nd4j.create(raw, new long[] {1, 12, 12}, 'c'), map));
        assertTrue(difference(expected, normalisedNet.gradCam(input, "c2", 0)) <= 1, "Grad-CAM over the raw image");
        Explainer.Picture overNormalised = Explainer.Picture.of(ExplainPictures.gradCam(Nd4j.create(input, new long[] {1, 12, 12},
                'c'), map));
        assertTrue(difference(overNormalised, normalisedNet.gradCam(input, "c2", 0)) > 10,
                "Grad-CAM over the clipped normalised values would differ");
        assertArrayEquals(raw, normalisedNet.shown(input), 1e-6f, "gallery thumbnails get the raw image too");
    }

    @Test
    void anImageFileIsNormalisedBeforeTheNetworkSeesIt() throws Exception {
        BufferedImage image = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
        Random r = new Random(3);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 12; x++) {
                int g = r.nextInt(256);
                image.setRGB(x, y, g << 16 | g << 8 | g);
            }
        }
        Path file = dir.resolve("image.png");
        ImageIO.write(image, "png", file.toFile());
        float[] raw = io.layerloom.app.data.ImageFolderReader.image(file, SHAPE);
        Explainer normalisedNet = Explainer.of(BarsNetwork.graph(), TrainedNetwork.snapshot(net, SHAPE), NORMALISED);
        assertArrayEquals(normalised(raw), normalisedNet.imageFile(file), 1e-6f);
        assertArrayEquals(raw, Explainer.of(BarsNetwork.graph(), TrainedNetwork.snapshot(net, SHAPE)).imageFile(file), 1e-6f);
    }
}
