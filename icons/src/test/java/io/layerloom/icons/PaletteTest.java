package io.layerloom.icons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The palette must read on both themes and the README must state the palette the code uses. */
class PaletteTest {
    /** WCAG 2.1 success criterion 1.4.11: graphical objects need 3:1 against adjacent colours. */
    private static final double NON_TEXT_CONTRAST = 3.0;
    private static final List<String> SURFACES = List.of("#FFFFFF", "#F4F4F4", "#1E1E1E", "#2B2B2B");

    @Test
    void everyFamilyColourHasNonTextContrastOnLightAndDarkSurfaces() {
        List<String> tooFaint = new ArrayList<>();
        for (String family : LayerIcons.families()) {
            String colour = LayerIcons.familyColour(family);
            for (String surface : SURFACES) {
                double ratio = contrast(colour, surface);
                if (ratio < NON_TEXT_CONTRAST) {
                    tooFaint.add(String.format("%s %s on %s: %.2f:1", family, colour, surface, ratio));
                }
            }
        }
        assertEquals(List.of(), tooFaint);
    }

    @Test
    void contrastMatchesTheWcagReferenceValues() {
        assertEquals(21.0, contrast("#000000", "#FFFFFF"), 1e-9);
        assertEquals(1.0, contrast("#777777", "#777777"), 1e-9);
        assertEquals(4.48, contrast("#777777", "#FFFFFF"), 0.01);
    }

    @Test
    void readmeStatesEachFamilyColour() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        for (String family : LayerIcons.families()) {
            String row = "| " + family + " | `" + LayerIcons.familyColour(family) + "` |";
            assertTrue(readme.contains(row), "README.md lacks the palette row " + row);
        }
    }

    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * linear(rgb >> 16 & 0xFF) + 0.7152 * linear(rgb >> 8 & 0xFF) + 0.0722 * linear(rgb & 0xFF);
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
