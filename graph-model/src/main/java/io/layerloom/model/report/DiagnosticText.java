package io.layerloom.model.report;

import io.layerloom.model.analysis.Diagnostic;

/** A diagnostic as lines of text: "  error KERNEL_TOO_LARGE [c1]: message" then "      fix: ..." lines. */
public final class DiagnosticText {

    private DiagnosticText() {
    }

    public static String render(Diagnostic d) {
        StringBuilder b = new StringBuilder();
        b.append("  ").append(d.severity().jsonName()).append(' ').append(d.code())
                .append(d.node().map(n -> " [" + io.layerloom.model.util.Text.display(n) + "]").orElse("")).append(": ").append(d.message()).append('\n');
        for (String fix : d.fixes()) {
            b.append("      fix: ").append(fix).append('\n');
        }
        return b.toString();
    }
}
