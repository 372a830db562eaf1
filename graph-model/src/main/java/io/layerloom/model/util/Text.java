package io.layerloom.model.util;

/** Untrusted text (ids, names) made safe to print in a terminal or a message. */
public final class Text {

    private static final int MAX_SHOWN = 80;

    /** Ids listed in one message before "and N more". */
    public static final int MAX_LISTED = 10;

    private Text() {
    }

    /** "a, b, c", each shown as {@link #display} does, the first {@value #MAX_LISTED} and "and N more". */
    public static String list(java.util.List<String> ids) {
        java.util.List<String> shown = new java.util.ArrayList<>();
        for (int i = 0; i < ids.size() && i < MAX_LISTED; i++) {
            shown.add(display(ids.get(i)));
        }
        String more = ids.size() > MAX_LISTED ? " and " + (ids.size() - MAX_LISTED) + " more" : "";
        return String.join(", ", shown) + more;
    }

    /**
     * The text with control and format characters (escape sequences, bidirectional overrides,
     * tabs, line breaks) and lone surrogates written as backslash-u escapes, and very long
     * text shortened in the middle. For display only: files keep the exact text.
     */
    public static String display(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pairedHigh) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (b.length() > MAX_SHOWN) {
            return b.substring(0, MAX_SHOWN / 2 - 2) + "..." + b.substring(b.length() - (MAX_SHOWN / 2 - 1));
        }
        return b.toString();
    }
}
