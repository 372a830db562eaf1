package io.layerloom.codegen.onnx;

import java.util.List;

/**
 * Why a graph was not exported to ONNX, with every problem at once: the graph's own errors, the
 * nodes that have no ONNX equivalent (by id and kind), or the parameters that do not fit the
 * graph (a weights file saved for another version of it). Nothing is written when it is thrown.
 */
public final class OnnxExportException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of problem stopped the export. */
    public enum Reason {
        /** The analysis reports errors: the graph has no shapes to export. */
        GRAPH_ERRORS,
        /** Nodes whose kind or settings ONNX (opset 13) cannot express as LayerLoom computes them. */
        UNSUPPORTED,
        /** Parameters missing, left over or of another shape than the graph's layers need. */
        WEIGHTS_MISMATCH
    }

    private final Reason reason;
    private final transient List<String> problems;

    OnnxExportException(Reason reason, List<String> problems) {
        super(describe(reason, problems));
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    public Reason reason() {
        return reason;
    }

    /** One line per problem: "node 'lstm1' (LSTM): ...", a diagnostic, or a parameter that does not fit. */
    public List<String> problems() {
        return problems;
    }

    private static String describe(Reason reason, List<String> problems) {
        String head = switch (reason) {
            case GRAPH_ERRORS -> "the graph has errors, so it cannot be exported; fix them first (layerloom validate"
                + " lists them):";
            case UNSUPPORTED -> problems.size() + " node" + (problems.size() == 1 ? " has" : "s have")
                + " no ONNX equivalent (opset " + OnnxExport.OPSET + "); replace or remove "
                + (problems.size() == 1 ? "it" : "them") + " to export:";
            case WEIGHTS_MISMATCH -> "the weights do not fit the graph (were they saved for another version of it?);"
                + " retrain, or export without them to start from the graph's seed:";
        };
        return head + "\n  - " + String.join("\n  - ", problems);
    }
}
