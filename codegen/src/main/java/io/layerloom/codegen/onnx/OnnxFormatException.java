package io.layerloom.codegen.onnx;

import java.util.Optional;

/**
 * An ONNX file LayerLoom refuses to read, with everything the user needs to act on it: the file,
 * the place inside it (a node with its operator, a tensor, a graph input or output, or nothing when
 * the whole file is at fault), what is wrong with the values found, and how to fix it. The message
 * reads "model.onnx: tensor 'fc.weight': dims [10, 4] hold 40 values but its data holds 12. Fix:
 * ...". It is thrown before any allocation the file's own numbers would size, so a hostile file
 * costs no more than its own bytes. It is not final only for {@link OnnxUnsupportedException}, the
 * import's report of every node it cannot map; the package-private constructor keeps the family closed.
 */
public class OnnxFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String place;
    private final String problem;
    private final String fix;

    /** {@code place} may be null (the whole file); {@code problem} and {@code fix} are sentences. */
    public OnnxFormatException(String file, String place, String problem, String fix) {
        super(compose(file, place, problem, fix));
        this.file = file;
        this.place = place;
        this.problem = problem;
        this.fix = fix;
    }

    private static String compose(String file, String place, String problem, String fix) {
        StringBuilder b = new StringBuilder(file).append(": ");
        if (place != null) {
            b.append(place).append(": ");
        }
        return b.append(problem).append(" Fix: ").append(fix).toString();
    }

    /** The file name as the user gave it. */
    public String file() {
        return file;
    }

    /** "node 'conv1' (Conv)", "tensor 'fc.weight'", "graph input 'x'"; empty for the whole file. */
    public Optional<String> place() {
        return Optional.ofNullable(place);
    }

    /** What is wrong, with the values found. */
    public String problem() {
        return problem;
    }

    /** How to fix it. */
    public String fix() {
        return fix;
    }
}
