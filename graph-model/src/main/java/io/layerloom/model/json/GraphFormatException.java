package io.layerloom.model.json;

import java.util.Optional;

/**
 * A file that cannot be read as a graph. The message is complete and meant for the user:
 * "model.json:12:17: node 'c1' (Conv2D): field 'kernel' must be n or [h, w], got "5""
 * followed by how to fix it where there is a fix.
 */
public final class GraphFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String node;
    private final String field;
    private final String problem;

    GraphFormatException(String source, int line, int column, String node, String field, String problem) {
        super(compose(source, line, column, node, field, problem));
        this.source = source;
        this.line = line;
        this.column = column;
        this.node = node;
        this.field = field;
        this.problem = problem;
    }

    private static String compose(String source, int line, int column, String node, String field, String problem) {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) {
            b.append(':').append(line).append(':').append(column);
        }
        b.append(": ");
        if (node != null) {
            b.append("node '").append(io.layerloom.model.util.Text.display(node)).append("': ");
        }
        if (field != null) {
            b.append("field '").append(io.layerloom.model.util.Text.display(field)).append("': ");
        }
        return b.append(problem).toString();
    }

    /** The file name (or "&lt;input&gt;"). */
    public String source() {
        return source;
    }

    /** 1-based line, or 0 when the problem has no position. */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public Optional<String> node() {
        return Optional.ofNullable(node);
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** The message without the position prefix. */
    public String problem() {
        return problem;
    }
}
