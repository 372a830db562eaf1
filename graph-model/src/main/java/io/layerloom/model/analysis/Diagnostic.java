package io.layerloom.model.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One finding of the analysis, pinned to a node (and a parameter) where there is one.
 *
 * @param message the rule, the values involved, in a sentence that starts with the node
 * @param fixes   what the user can do about it, each a short imperative sentence
 */
public record Diagnostic(Severity severity, DiagnosticCode code, Optional<String> node, Optional<String> field,
                         String message, List<String> fixes) {

    public Diagnostic {
        Objects.requireNonNull(severity);
        Objects.requireNonNull(code);
        Objects.requireNonNull(node);
        Objects.requireNonNull(field);
        Objects.requireNonNull(message);
        fixes = List.copyOf(fixes);
    }

    public static Diagnostic of(DiagnosticCode code, String node, String field, String message, List<String> fixes) {
        return new Diagnostic(code.severity(), code, Optional.ofNullable(node), Optional.ofNullable(field), message, fixes);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** "error KERNEL_TOO_LARGE at c1: message (fix: ...)", one line, for logs and tests. */
    @Override
    public String toString() {
        return severity.jsonName() + " " + code + node.map(n -> " at " + n).orElse("") + ": " + message
                + (fixes.isEmpty() ? "" : " Fix: " + String.join(" / ", fixes));
    }
}
