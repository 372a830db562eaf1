package io.layerloom.model.analysis;

/**
 * Stable codes of every diagnostic the analysis reports; scripts and tests match on them. Each
 * code carries its severity and a one-line description of when it is reported, from which the
 * diagnostics table of docs/format.md is generated (a test keeps the two equal).
 */
public enum DiagnosticCode {
    EMPTY_GRAPH(Severity.ERROR, "the graph has no nodes (`validate` exits 1; the designer shows an empty graph as "
            + "its starting point, not as an error)"),
    DUPLICATE_ID(Severity.ERROR, "a node has the id of an earlier node (the later one is not analysed)"),
    INVALID_ID(Severity.ERROR,
            "empty id, white space at either end, a control character, or more than 200 characters"),
    UNKNOWN_PARAMETER(Severity.ERROR, "a field the kind does not have, with \"did you mean\""),
    PARAM_OUT_OF_RANGE(Severity.ERROR, "a value outside its documented range"),
    MISSING_INPUT(Severity.ERROR, "no input, or an input id that does not exist (with \"did you mean\")"),
    WRONG_INPUT_COUNT(Severity.ERROR,
            "more inputs than a one-input kind takes, fewer than 2 for a merge, any for Input"),
    CYCLE(Severity.ERROR, "the node is on a cycle (one report per cycle, listing it)"),
    WRONG_INPUT_KIND(Severity.ERROR,
            "an image where a vector or sequence is needed, or the reverse (with the layer to insert)"),
    KERNEL_TOO_LARGE(Severity.ERROR, "the (dilated) kernel is larger than the padded input"),
    OUTPUT_SIZE_NONPOSITIVE(Severity.ERROR, "cropping or transposed-convolution padding leaves no output"),
    MERGE_SHAPE_MISMATCH(Severity.ERROR,
            "Add/Multiply inputs of different shapes, Concat inputs of different spatial size or length, "
            + "a ChannelScale whose scale has not one value per channel"),
    GROUPS_MISMATCH(Severity.ERROR, "a grouped convolution's groups do not divide its input channels or its filters, "
            + "a ChannelShuffle's groups or a ChannelSplit's parts do not divide its channels"),
    RESHAPE_MISMATCH(Severity.ERROR, "the target shape does not hold the input's number of values"),
    VALUE_TOO_LARGE(Severity.ERROR, "a size, parameter count, multiply-accumulate count or total beyond 64 bits"),
    NO_INPUT_LAYER(Severity.ERROR, "the graph has no Input"),
    NO_OUTPUT_LAYER(Severity.ERROR, "the graph has no output layer (Output, RnnOutput, LossLayer)"),
    DISCONNECTED(Severity.WARNING, "a node (or Input) whose output reaches nothing, reported at the dead end"),
    LOSS_ACTIVATION_MISMATCH(Severity.WARNING, "`mcxent` without `softmax`, `xent` without `sigmoid`"),
    LINEAR_CHAIN(Severity.WARNING, "a weighted layer with the `identity` activation whose output goes straight "
            + "(through Flatten, Reshape or Dropout at most) into another weighted layer: the two compute no more than one"),
    RECEPTIVE_FIELD_MISALIGNED(Severity.WARNING, "a merge of branches whose fields are not centred alike"),
    OVERFLOW(Severity.WARNING, "a receptive field whose size, stride or padding passes 64 bits (63 stride-2 layers "
            + "after the output is 1x1 do it), reported at the first such node; the summary shows `overflow` from there on"),
    FROZEN_NO_PARAMS(Severity.INFO, "`\"trainable\": false` on a layer without parameters, which changes nothing"),
    /** Reported by code generation: the graph is valid but DL4J cannot express this node. */
    DL4J_UNSUPPORTED(Severity.ERROR,
            "reported when compiling to DL4J: a valid node that DL4J cannot build or run");

    private final Severity severity;
    private final String description;

    DiagnosticCode(Severity severity, String description) {
        this.severity = severity;
        this.description = description;
    }

    public Severity severity() {
        return severity;
    }

    /** When the code is reported, as a lower-case phrase (Markdown code spans allowed). */
    public String description() {
        return description;
    }
}
