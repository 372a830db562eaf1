package io.layerloom.codegen.onnx;

import io.layerloom.model.analysis.GraphAnalysis;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Hands out the LayerLoom node ids of an import: the ONNX node name itself wherever it is a valid
 * id (GraphAnalysis's rule: not blank, no white space at either end, no control character, at most
 * {@link GraphAnalysis#MAX_ID_LENGTH} characters), otherwise a name derived from the operator and
 * the first output tensor, cleaned to satisfy that rule; and a "_2", "_3" suffix for whichever
 * comes second. The same model always gets the same ids, since ids are claimed in graph order.
 */
final class OnnxNodeIds {

    private final Set<String> taken = new HashSet<>();

    /** The id for a node named {@code name} (maybe "") with this operator and first output. */
    String forNode(String name, String opType, String firstOutput) {
        String base = valid(name) ? name : clean(opType.toLowerCase(Locale.ROOT) + "_" + firstOutput);
        return claim(base.isEmpty() ? "node" : base);
    }

    /** The id for a graph input, from its tensor name. */
    String forInput(String tensorName) {
        String base = valid(tensorName) ? tensorName : clean(tensorName);
        return claim(base.isEmpty() ? "input" : base);
    }

    /** A fresh id from {@code base} itself, for a node the import adds (e.g. a ZeroPadding2D). */
    String derived(String base) {
        return claim(clean(base));
    }

    private String claim(String base) {
        String id = base;
        for (int n = 2; !taken.add(id); n++) {
            String suffix = "_" + n;
            id = truncate(base, GraphAnalysis.MAX_ID_LENGTH - suffix.length()) + suffix;
        }
        return id;
    }

    static boolean valid(String id) {
        return !id.isBlank() && id.strip().equals(id) && id.length() <= GraphAnalysis.MAX_ID_LENGTH
            && id.chars().noneMatch(Character::isISOControl);
    }

    /** Control characters become '_', ends are stripped, and the length is cut to the limit. */
    private static String clean(String raw) {
        StringBuilder b = new StringBuilder(raw.length());
        raw.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '_' : c));
        return truncate(b.toString().strip(), GraphAnalysis.MAX_ID_LENGTH).strip();
    }

    private static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        // Never split a surrogate pair: the id must stay valid UTF-16 for the JSON writer.
        int end = Character.isLowSurrogate(s.charAt(max)) ? max - 1 : max;
        return s.substring(0, end);
    }
}
