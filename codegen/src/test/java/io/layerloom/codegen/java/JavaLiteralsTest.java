package io.layerloom.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Any text, including what the analysis would reject (line breaks, control characters, lone
 * surrogates, very long text), survives a trip through a string literal compiled by javac, and
 * cannot end a comment.
 */
class JavaLiteralsTest {

    static List<String> nasty() {
        List<String> all = new ArrayList<>(List.of("", "plain", "\"", "\\", "\\\"", "\\u000a", "\\\\u000a", "\\\\\\u0022",
                "*/", "/*", "*\\u002f", "\n", "\r\n", "\t", "\0", "\0" + "7", "\u0001" + "12", "\u007f", "\u0085", "\u2028",
                "\u2029", "\u202e", "\ufeff", "\u00e9", "\u4e2d", "\ud83d\ude00", "\ud800", "\udc00x", "\uffff",
                "end\\", "z".repeat(5000)));
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x300; c++) {
            every.append(c);
        }
        all.add(every.toString());
        return all;
    }

    @Test
    void stringLiteralsHoldExactlyTheText() throws Exception {
        List<String> texts = nasty();
        StringBuilder source = new StringBuilder("package lit;\n/** ");
        for (String t : texts) {
            source.append(JavaLiterals.comment(t)).append(' ');
        }
        source.append("*/\npublic final class Texts {\n    public static String[] all() {\n        return new String[] {\n");
        for (String t : texts) {
            source.append("            ").append(JavaLiterals.string(t)).append(", // ").append(JavaLiterals.comment(t))
                    .append('\n');
        }
        source.append("        };\n    }\n}\n");
        Object values = InProcessJavac.load("lit.Texts", source.toString()).getMethod("all").invoke(null);
        assertEquals(texts, List.of((String[]) values));
    }

    @Test
    void commentsAreOneLineAndNeverEndABlockComment() {
        for (String t : nasty()) {
            String c = JavaLiterals.comment(t);
            assertFalse(c.contains("*/"), c);
            assertFalse(c.contains("\n") || c.contains("\r"), c);
            assertFalse(c.chars().anyMatch(ch -> ch < 0x20 || ch > 0x7E), c);
        }
    }

    @Test
    void numbers() {
        assertEquals("120", JavaLiterals.integer(120));
        assertEquals("3000000000L", JavaLiterals.integer(3_000_000_000L));
        assertEquals("1.0E-5", JavaLiterals.decimal(1e-5));
        assertEquals("0.7", JavaLiterals.decimal(1.0 - 0.3));
    }
}
