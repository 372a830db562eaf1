package io.layerloom.model.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A section of a document under docs/ that is generated from code, between the lines
 * {@code <!-- name:begin -->} and {@code <!-- name:end -->}: a test asserts that it is current,
 * or with {@code -Dlayerloom.regenerate=true} rewrites it (review the diff). Shared by the
 * modules' doc tests through graph-model's test jar.
 */
public final class GeneratedDocSection {

    private GeneratedDocSection() {
    }

    /** Asserts that the section {@code name} of {@code doc} is {@code content}, or writes it when regenerating. */
    public static void assertCurrent(Path doc, String name, String content) throws IOException {
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        String begin = "<!-- " + name + ":begin -->\n";
        String end = "<!-- " + name + ":end -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new AssertionError(doc + " has no section between '" + begin.trim() + "' and '" + end + "'");
        }
        from += begin.length();
        String expected = text.substring(0, from) + content + text.substring(to);
        if (Boolean.getBoolean("layerloom.regenerate")) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, text, doc.getFileName() + " " + name + " section is stale; regenerate with "
                + "-Dlayerloom.regenerate=true");
    }
}
