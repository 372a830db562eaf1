package io.layerloom.icons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerIconsTest {

    /** The specification's kinds and families, restated here on purpose: the code must match it. */
    private static final Map<String, String> SPEC = specFamilies();

    private static Map<String, String> specFamilies() {
        Map<String, String> spec = new LinkedHashMap<>();
        for (String kind : List.of("Input", "Dense", "Dropout", "Activation", "Flatten", "Reshape", "Embedding")) {
            spec.put(kind, "core");
        }
        for (String kind : List.of("Conv2D", "Deconv2D", "DepthwiseConv2D", "SeparableConv2D", "ZeroPadding2D",
                "Cropping2D", "Upsampling2D")) {
            spec.put(kind, "convolution");
        }
        for (String kind : List.of("MaxPool2D", "AvgPool2D", "GlobalAvgPool", "GlobalMaxPool")) {
            spec.put(kind, "pooling");
        }
        spec.put("BatchNorm", "normalisation");
        spec.put("LocalResponseNorm", "normalisation");
        spec.put("SimpleRNN", "recurrent");
        spec.put("LSTM", "recurrent");
        spec.put("Add", "merge");
        spec.put("Concat", "merge");
        spec.put("Multiply", "merge");
        spec.put("Output", "output");
        spec.put("RnnOutput", "output");
        return spec;
    }

    @Test
    void kindsAreTheSpecifiedOnesInPaletteOrder() {
        assertEquals(List.of("Input", "Dense", "Conv2D", "Deconv2D", "DepthwiseConv2D", "SeparableConv2D",
                "MaxPool2D", "AvgPool2D", "GlobalAvgPool", "GlobalMaxPool", "ZeroPadding2D", "Cropping2D",
                "Upsampling2D", "BatchNorm", "LocalResponseNorm", "Dropout", "Activation", "Flatten", "Reshape",
                "Embedding", "SimpleRNN", "LSTM", "Add", "Concat", "Multiply", "Output", "RnnOutput"),
                LayerIcons.kinds());
    }

    @Test
    void kindsCannotBeModified() {
        assertThrows(UnsupportedOperationException.class, () -> LayerIcons.kinds().add("Custom"));
        assertThrows(UnsupportedOperationException.class, () -> LayerIcons.families().clear());
    }

    @Test
    void everyKindHasItsSpecifiedFamily() {
        Map<String, String> actual = new LinkedHashMap<>();
        for (String kind : LayerIcons.kinds()) {
            actual.put(kind, LayerIcons.family(kind));
        }
        assertEquals(SPEC, actual);
    }

    @Test
    void familiesAreListedInPaletteOrder() {
        assertEquals(List.of("core", "convolution", "pooling", "normalisation", "recurrent", "merge", "output"),
                LayerIcons.families());
    }

    @Test
    void hasAnswersForKnownUnknownMiscasedAndNullKinds() {
        assertTrue(LayerIcons.kinds().stream().allMatch(LayerIcons::has));
        assertFalse(LayerIcons.has("conv2d"));
        assertFalse(LayerIcons.has(""));
        assertFalse(LayerIcons.has(null));
    }

    @Test
    void svgIsTheResourceTextAndIsCached() throws IOException {
        for (String kind : LayerIcons.kinds()) {
            String expected;
            try (InputStream in = LayerIcons.svgResource(kind).openStream()) {
                expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertEquals(expected, LayerIcons.svg(kind), kind);
            assertSame(LayerIcons.svg(kind), LayerIcons.svg(kind), kind);
            assertTrue(LayerIcons.svgResource(kind).getPath().endsWith("/io/layerloom/icons/" + kind + ".svg"), kind);
        }
    }

    @Test
    void unknownKindIsRejectedWithTheKnownKinds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerIcons.svg("Transformer"));
        assertEquals("No icon for layer kind 'Transformer'. Kinds with an icon are "
                + String.join(", ", LayerIcons.kinds()) + ".", e.getMessage());
    }

    @Test
    void miscasedKindIsRejectedWithTheIntendedSpelling() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerIcons.family("lstm"));
        assertTrue(e.getMessage().startsWith(
                "No icon for layer kind 'lstm' (names are case-sensitive: did you mean 'LSTM'?). "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerIcons.svgResource("lstm"));
    }

    @Test
    void nullKindIsAProgrammerError() {
        assertThrows(NullPointerException.class, () -> LayerIcons.svg(null));
        assertThrows(NullPointerException.class, () -> LayerIcons.familyColour(null));
    }

    @Test
    void familyColoursAreDistinctHexTriplets() {
        List<String> colours = LayerIcons.families().stream().map(LayerIcons::familyColour).toList();
        assertTrue(colours.stream().allMatch(c -> c.matches("#[0-9A-F]{6}")), colours.toString());
        assertEquals(colours.size(), colours.stream().distinct().count(), colours.toString());
    }

    @Test
    void unknownFamilyIsRejectedWithTheKnownFamilies() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerIcons.familyColour("Pooling"));
        assertEquals("Unknown icon family 'Pooling' (names are case-sensitive: did you mean 'pooling'?). "
                + "Families are core, convolution, pooling, normalisation, recurrent, merge, output.", e.getMessage());
    }
}
