package io.layerloom.codegen.java;

/**
 * Untrusted text (node ids, graph names) written into Java source so that it can neither break
 * the code nor inject into it. The output is plain ASCII, so the file compiles whatever encoding
 * javac assumes.
 *
 * <p>Java translates backslash-u escapes before it lexes, anywhere in a file: an escape that
 * yields a line break, a quote or a backslash ends a string or a line comment early. Only
 * characters above U+007F are written as backslash-u escapes (none of them is a line
 * terminator, a quote, a backslash, a star or a slash); control characters use octal escapes;
 * every backslash is doubled, so a backslash-u typed by the user is never read as an escape.
 */
final class JavaLiterals {

    private JavaLiterals() {
    }

    /** A Java string literal, quotes included, whose value is exactly {@code s}. */
    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        // Three octal digits, so a digit after it cannot extend the escape.
                        b.append('\\').append(String.format("%03o", (int) c));
                    } else if (c > 0x7F) {
                        b.append(unicodeEscape(c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * Text for inside a block or line comment: one line, no end of comment, no escape that
     * turns into one. Control characters become spaces; the rest of the text stays readable.
     */
    static String comment(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                b.append(' ');
            } else if (c == '\\') {
                b.append("\\\\");
            } else if (c == '/' && b.length() > 0 && b.charAt(b.length() - 1) == '*') {
                b.append(' ').append('/');
            } else if (c > 0x7F) {
                b.append(unicodeEscape(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A Java char literal, quotes included, whose value is exactly {@code c}. */
    static String character(char c) {
        if (c == '\'') {
            return "'\\''";
        }
        String inString = string(String.valueOf(c));
        return "'" + inString.substring(1, inString.length() - 1) + "'";
    }

    private static String unicodeEscape(char c) {
        return String.format("\\u%04x", (int) c);
    }

    /** An int or long literal: an {@code L} suffix only when the value does not fit an int. */
    static String integer(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? Long.toString(v) : v + "L";
    }

    /** A double literal with exactly this value ({@link Double#toString} round-trips). */
    static String decimal(double v) {
        if (Double.isNaN(v)) {
            return "Double.NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        return Double.toString(v);
    }
}
