package io.layerloom.model.report;

import io.layerloom.model.analysis.DiagnosticCode;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.ParamDef;
import io.layerloom.model.layer.ParamType;
import io.layerloom.model.layer.Range;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/format.md carries three sections generated from the code, each between two markers: a table
 * of every kind and parameter from the layer definitions, the activation names and what each
 * computes from {@link ActivationFunction}, and the table of diagnostics from {@link DiagnosticCode}. This test keeps them current (regenerate with
 * -Dlayerloom.regenerate=true).
 */
class FormatDocTest {

    private static final Path DOC = Path.of("../docs/format.md");

    @Test
    void kindsSectionIsGeneratedFromTheLayerDefinitions() throws Exception {
        GeneratedDocSection.assertCurrent(DOC, "kinds", kindsSection());
    }

    @Test
    void diagnosticsTableIsGeneratedFromTheDiagnosticCodes() throws Exception {
        GeneratedDocSection.assertCurrent(DOC, "diagnostics", diagnosticsSection());
    }

    @Test
    void activationListIsGeneratedFromTheActivationFunctions() throws Exception {
        GeneratedDocSection.assertCurrent(DOC, "activations", activationsSection());
    }

    @Test
    void augmentationTableIsGeneratedFromTheAugmentOps() throws Exception {
        GeneratedDocSection.assertCurrent(DOC, "augmentation", AugmentationDoc.section());
    }

    static String activationsSection() {
        StringBuilder b = new StringBuilder();
        for (ActivationFunction f : ActivationFunction.values()) {
            b.append("  - `").append(f.jsonName()).append("`: ").append(f.meaning()).append('\n');
        }
        return b.toString();
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
        return k.maxInputs() == 1 ? "one input" : k.maxInputs() == 2 ? "two inputs" : "two or more inputs";
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
