package io.layerloom.icons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

class AppIconTest {

    @Test
    void sizesAreTheSixStandardOnesSmallestFirst() {
        assertEquals(List.of(16, 32, 48, 64, 128, 256), AppIcon.sizes());
        assertEquals(AppIcon.sizes().size(), AppIcon.pngs().size());
    }

    @Test
    void everyPngDecodesAtItsStatedSizeWithTransparentCorners() throws IOException {
        List<URL> pngs = AppIcon.pngs();
        for (int i = 0; i < pngs.size(); i++) {
            int size = AppIcon.sizes().get(i);
            URL url = pngs.get(i);
            assertTrue(url.getPath().endsWith("/io/layerloom/icons/app/layerloom-" + size + ".png"), url.toString());
            BufferedImage image;
            try (InputStream in = url.openStream()) {
                image = ImageIO.read(in);
            }
            assertNotNull(image, url + " is not a PNG ImageIO can decode");
            assertEquals(List.of(size, size), List.of(image.getWidth(), image.getHeight()), url.toString());
            // The tile is rounded, so the corner pixel shows whatever is behind the icon.
            assertEquals(0, image.getRGB(0, 0) >>> 24, url + " has an opaque corner");
        }
    }

    @Test
    void pngOfAnUnrenderedSizeIsRejectedWithTheRenderedSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppIcon.png(20));
        assertEquals("No 20 px application icon; rendered sizes are [16, 32, 48, 64, 128, 256] px. "
                + "Use the nearest size, or scale svg().", e.getMessage());
    }

    @Test
    void svgIsASquareIconInTheConvertibleSubset() throws IOException, SAXException {
        assertEquals(List.of(), SvgRules.violations(SafeXml.parse(AppIcon.svg()), 64, Set.of()));
    }
}
