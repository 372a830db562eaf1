package io.layerloom.model.fuzz;

import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;

/**
 * The properties every file must keep, whatever its bytes: reading either gives a graph or
 * throws {@link GraphFormatException} whose message starts with the file's name and a line and
 * column; the analysis of whatever reads never throws; read(write(g)) equals g, and writing
 * that again gives the same bytes.
 */
public final class FuzzCheck {

    /** How a file came out: read as a graph, or refused with a located message. */
    public enum Outcome { READ, REFUSED }

    /** A broken property: what broke, with the exception's stack where there is one. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message + (cause == null ? "" : "\n" + stack(cause)));
        }
    }

    private FuzzCheck() {
    }

    public static Outcome check(byte[] bytes, String name) throws Failure {
        Graph g;
        try {
            g = GraphJson.read(bytes, name);
        } catch (GraphFormatException e) {
            if (!e.getMessage().startsWith(name + ":") || e.line() < 1 || e.column() < 1) {
                throw new Failure("refused without naming a place (file:line:column): " + e.getMessage(), null);
            }
            return Outcome.REFUSED;
        } catch (Throwable t) {
            throw new Failure("reading threw " + t.getClass().getName() + " instead of GraphFormatException", t);
        }
        try {
            GraphAnalysis.analyze(g);
        } catch (Throwable t) {
            throw new Failure("the analysis of a graph that reads threw " + t.getClass().getName(), t);
        }
        String written;
        Graph again;
        try {
            written = GraphJson.write(g);
            again = GraphJson.read(written, "written");
        } catch (Throwable t) {
            throw new Failure("writing the graph and reading it back threw " + t.getClass().getName(), t);
        }
        if (!again.equals(g)) {
            throw new Failure("read(write(g)) differs from g:\n" + firstDifference(written, GraphJson.write(again)), null);
        }
        String rewritten = GraphJson.write(again);
        if (!rewritten.equals(written)) {
            throw new Failure("writing is not canonical: the second write differs:\n" + firstDifference(written, rewritten), null);
        }
        return Outcome.READ;
    }

    private static String firstDifference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 80);
        return "  first: ..." + a.substring(from, Math.min(a.length(), i + 80)) + "\n  again: ..."
                + b.substring(from, Math.min(b.length(), i + 80));
    }

    private static String stack(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.length() > 4000 ? s.substring(0, 4000) + "\n..." : s;
    }

    /** Optional.empty() when every property holds, else the failure's text: for callers that count. */
    public static Optional<String> failure(byte[] bytes, String name) {
        try {
            check(bytes, name);
            return Optional.empty();
        } catch (Failure f) {
            return Optional.of(f.getMessage());
        }
    }
}
