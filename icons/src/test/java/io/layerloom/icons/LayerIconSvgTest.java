package io.layerloom.icons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

/**
 * The icon set as a whole: no two icons alike, no orphan file, and the rules themselves. Each
 * kind's own contract is {@link LayerKindIconContractTest}.
 */
class LayerIconSvgTest {

    @Test
    void noTwoIconsAreByteIdentical() {
        Map<ByteBuffer, String> seen = new LinkedHashMap<>();
        for (String kind : LayerIcons.kinds()) {
            ByteBuffer bytes = ByteBuffer.wrap(LayerIcons.svg(kind).getBytes(StandardCharsets.UTF_8));
            String earlier = seen.putIfAbsent(bytes, kind);
            assertEquals(null, earlier, kind + " is byte-identical to " + earlier);
        }
    }

    @Test
    void noTwoIconsDrawTheSameShapesInDifferentColours() {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String kind : LayerIcons.kinds()) {
            String shapes = LayerIcons.svg(kind).replaceAll("#[0-9A-Fa-f]{6}", "#");
            String earlier = seen.putIfAbsent(shapes, kind);
            assertEquals(null, earlier, kind + " draws the same shapes as " + earlier);
        }
    }

    @Test
    void everySvgInTheIconFolderBelongsToAListedKind() throws URISyntaxException, IOException {
        URL input = LayerIcons.svgResource("Input");
        assumeTrue("file".equals(input.getProtocol()), "icons are read from a jar; folder listing skipped");
        Path folder = Path.of(input.toURI()).getParent();
        Set<String> files = new TreeSet<>();
        try (Stream<Path> entries = Files.list(folder)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".svg"))
                    .map(name -> name.substring(0, name.length() - ".svg".length()))
                    .forEach(files::add);
        }
        assertEquals(new TreeSet<>(LayerIcons.kinds()), files,
                "every <Kind>.svg must be named after a layer kind of LayerKinds");
    }

    @Test
    void theParserRefusesDoctypesSoExternalEntitiesCannotLoad() {
        byte[] hostile = ("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\">&x;</svg>")
                .getBytes(StandardCharsets.UTF_8);

        assertThrows(SAXException.class, () -> SafeXml.parse(hostile));
    }

    @Test
    void theRulesCatchWhatAConverterCouldNotHandle() throws IOException, SAXException {
        byte[] bad = ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\" style=\"color:red\">"
                + "<g><rect x=\"0\" y=\"0\" width=\"4\" height=\"4\" fill=\"none\" stroke=\"#2F7ED8\"/></g>"
                + "<text>hi</text>"
                + "<circle cx=\"12\" cy=\"12\" r=\"4\" stroke=\"#000000\" transform=\"scale(2)\"/>"
                + "<line x1=\"0\" y1=\"0\" x2=\"30\" y2=\"0\" fill=\"none\" stroke=\"#2F7ED8\"/>"
                + "</svg>").getBytes(StandardCharsets.UTF_8);

        List<String> violations = SvgRules.violations(SafeXml.parse(bad), 24, Set.of("#2F7ED8"));

        assertEquals(List.of(
                "viewBox is '0 0 32 32', expected '0 0 24 24'",
                "<svg> attribute style is not allowed",
                "<g> is not one of " + SvgRules.GEOMETRY.keySet(),
                "<text> is not one of " + SvgRules.GEOMETRY.keySet(),
                "<circle> attribute transform is not allowed",
                "<circle> has no explicit fill attribute",
                "<circle> stroke=\"#000000\" is neither none nor [#2F7ED8]",
                "<line> reaches 30.0, outside 0..24"), violations);
    }

    @Test
    void theRulesCatchAnEmptyDrawingAForeignRootAndTextThatIsNotXml() throws IOException, SAXException {
        byte[] empty = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"> </svg>"
                .getBytes(StandardCharsets.UTF_8);
        byte[] foreign = "<html viewBox=\"0 0 24 24\"><svg/></html>".getBytes(StandardCharsets.UTF_8);

        assertEquals(List.of("<svg> draws nothing: it has no shape element"),
                SvgRules.violations(SafeXml.parse(empty), 24, Set.of("#2F7ED8")));
        assertEquals(List.of("root is <html> in namespace null, expected <svg> in " + SvgRules.SVG_NS,
                "<svg> is not one of " + SvgRules.GEOMETRY.keySet()),
                SvgRules.violations(SafeXml.parse(foreign), 24, Set.of("#2F7ED8")));
        assertThrows(SAXException.class, () -> SafeXml.parse("<svg viewBox=\"0 0 24 24\"".getBytes(StandardCharsets.UTF_8)));
    }
}
