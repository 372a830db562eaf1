package io.layerloom.icons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerIconsTest {

    @Test
    void kindsAreTheModelsKindsInPaletteOrder() {
        assertEquals(LayerKinds.names(), LayerIcons.kinds());
    }

    @Test
    void kindsCannotBeModified() {
        assertThrows(UnsupportedOperationException.class, () -> LayerIcons.kinds().add("Custom"));
        assertThrows(UnsupportedOperationException.class, () -> LayerIcons.families().clear());
    }

    @Test
    void everyKindHasTheFamilyTheModelGivesIt() {
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> actual = new LinkedHashMap<>();
        for (LayerKind<?> kind : LayerKinds.all()) {
            expected.put(kind.name(), kind.family().name().toLowerCase(Locale.ROOT));
            actual.put(kind.name(), LayerIcons.family(kind.name()));
        }
        assertEquals(expected, actual);
        assertEquals(List.of("core", "convolution", "pooling", "recurrent", "merge", "output"),
                List.of(LayerIcons.family("Dense"), LayerIcons.family("Conv2D"), LayerIcons.family("GlobalMaxPool"),
                        LayerIcons.family("LSTM"), LayerIcons.family("Concat"), LayerIcons.family("RnnOutput")));
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
