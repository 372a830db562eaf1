package io.layerloom.model.report;

import io.layerloom.model.analysis.DiagnosticCode;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.ParamDef;
import io.layerloom.model.layer.ParamType;
import io.layerloom.model.layer.Range;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/format.md carries two sections generated from the code, each between two markers: a table
 * of every kind and parameter from the layer definitions, and the table of diagnostics from
 * {@link DiagnosticCode}. This test keeps them current (regenerate with
 * -Dlayerloom.regenerate=true).
 */
class FormatDocTest {

    private static final Path DOC = Path.of("../docs/format.md");

    @Test
    void kindsSectionIsGeneratedFromTheLayerDefinitions() throws Exception {
        checkSection("kinds", kindsSection());
    }

    @Test
    void diagnosticsTableIsGeneratedFromTheDiagnosticCodes() throws Exception {
        checkSection("diagnostics", diagnosticsSection());
    }

    /** The text between {@code <!-- name:begin -->} and {@code <!-- name:end -->} equals {@code section}. */
    private static void checkSection(String name, String section) throws Exception {
        String begin = "<!-- " + name + ":begin -->\n";
        String end = "<!-- " + name + ":end -->";
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int from = doc.indexOf(begin);
        int to = doc.indexOf(end);
        assertTrue(from >= 0 && to > from, "docs/format.md lacks the markers " + begin.strip() + " and " + end);
        String expected = doc.substring(0, from + begin.length()) + section + doc.substring(to);
        if (Boolean.getBoolean("layerloom.regenerate")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, doc, "docs/format.md " + name + " section is stale; regenerate with -Dlayerloom.regenerate=true");
    }

    static String diagnosticsSection() {
        StringBuilder b = new StringBuilder("| code | severity | when |\n|---|---|---|\n");
        for (DiagnosticCode code : DiagnosticCode.values()) {
            b.append("| `").append(code.name()).append("` | ").append(code.severity().jsonName()).append(" | ")
                    .append(code.description()).append(" |\n");
        }
        return b.append('\n').toString();
    }

    static String kindsSection() throws Exception {
        StringBuilder b = new StringBuilder();
        for (LayerKind<?> k : LayerKinds.all()) {
            b.append("### ").append(k.name()).append("\n\n").append(k.summary()).append(' ')
                    .append(k.family().title()).append(" family; ").append(inputs(k)).append(".\n\n");
            if (k.params().isEmpty()) {
                b.append("No parameters.\n\n");
                continue;
            }
            b.append("| parameter | value | default | range | meaning |\n|---|---|---|---|---|\n");
            for (ParamDef p : k.params()) {
                b.append("| `").append(p.name()).append("` | ").append(p.type().jsonForm().replace("|", "\\|"))
                        .append(" | ").append(p.defaultFrom() != null ? "`" + p.defaultFrom() + "`" : "`" + json(p.defaultValue()) + "`")
                        .append(" | ").append(range(p)).append(" | ").append(p.doc()).append(" |\n");
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String inputs(LayerKind<?> k) {
        if (k.maxInputs() == 0) {
            return "no inputs";
        }
        return k.maxInputs() == 1 ? "one input" : "two or more inputs";
    }

    private static String range(ParamDef p) {
        if (p.type() == ParamType.BOOL || p.range().equals(Range.ANY)) {
            return p.type() == ParamType.ACTIVATION ? "see Values" : p.type() == ParamType.LOSS ? "see Values" : "";
        }
        return p.range().describe() + (p.inferable() ? ", or -1 once" : "");
    }

    private static String json(Object v) {
        return GraphJson.valueText(v);
    }
}
