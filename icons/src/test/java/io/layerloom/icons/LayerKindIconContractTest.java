package io.layerloom.icons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * Every layer kind of the model has its own drawing: an SVG document in the convertible subset
 * ({@link SvgRules}: an {@code <svg>} root with the 24x24 viewBox and at least one shape), painted
 * in the colour of the family the model gives the kind. A new kind fails here, by name, until its
 * file is drawn.
 */
class LayerKindIconContractTest {

    static Stream<LayerKind<?>> kinds() {
        return LayerKinds.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void hasA24By24IconInTheConvertibleSubsetPaintedInItsFamilyColour(LayerKind<?> kind) throws IOException, SAXException {
        URL svg = LayerIcons.class.getResource(LayerIcons.resourceName(kind.name()));
        assertNotNull(svg, "layer kind " + kind.name() + " has no icon: draw icons/src/main/resources/io/layerloom/icons/"
                + kind.name() + ".svg (see icons/README.md)");
        assertTrue(LayerIcons.has(kind.name()), kind.name());
        Document doc = SafeXml.parse(svg);
        String colour = LayerIcons.familyColour(LayerIcons.family(kind.name()));

        assertEquals(List.of(), SvgRules.violations(doc, 24, Set.of(colour)), kind.name());
        assertTrue(LayerIcons.svg(kind.name()).contains("\"" + colour + "\""), kind.name() + " never uses " + colour);
    }
}
