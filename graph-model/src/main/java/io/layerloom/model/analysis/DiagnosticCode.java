package io.layerloom.model.analysis;

/** Stable codes of every diagnostic the analysis reports; scripts and tests match on them. */
public enum DiagnosticCode {
    EMPTY_GRAPH(Severity.ERROR),
    DUPLICATE_ID(Severity.ERROR),
    INVALID_ID(Severity.ERROR),
    UNKNOWN_PARAMETER(Severity.ERROR),
    PARAM_OUT_OF_RANGE(Severity.ERROR),
    MISSING_INPUT(Severity.ERROR),
    WRONG_INPUT_COUNT(Severity.ERROR),
    CYCLE(Severity.ERROR),
    WRONG_INPUT_KIND(Severity.ERROR),
    KERNEL_TOO_LARGE(Severity.ERROR),
    OUTPUT_SIZE_NONPOSITIVE(Severity.ERROR),
    MERGE_SHAPE_MISMATCH(Severity.ERROR),
    RESHAPE_MISMATCH(Severity.ERROR),
    VALUE_TOO_LARGE(Severity.ERROR),
    NO_INPUT_LAYER(Severity.ERROR),
    NO_OUTPUT_LAYER(Severity.ERROR),
    DISCONNECTED(Severity.WARNING),
    LOSS_ACTIVATION_MISMATCH(Severity.WARNING),
    RECEPTIVE_FIELD_MISALIGNED(Severity.WARNING),
    /** Reported by code generation: the graph is valid but DL4J cannot express this node. */
    DL4J_UNSUPPORTED(Severity.ERROR);

    private final Severity severity;

    DiagnosticCode(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}
