package io.layerloom.model.util;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?": the closest known name to a mistyped one. */
public final class Suggest {

    private static final int MAX_TYPO_GAP = 64;

    private Suggest() {
    }

    /**
     * The candidate closest to {@code typed} by edit distance (ignoring case), if it is close
     * enough to be a plausible typo: at most a third of the longer name's length, or a prefix.
     */
    public static Optional<String> nearest(String typed, Collection<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            // The distance is at least the difference in length: past a few dozen characters that is answer
            // enough, and it spares the quadratic table for a 70,000-character name in a hostile file.
            int gap = Math.abs(t.length() - lc.length());
            int d = lc.equals(t) ? 0 : gap > MAX_TYPO_GAP ? gap : distance(t, lc);
            if (!t.isEmpty() && (lc.startsWith(t) || t.startsWith(lc))) {
                d = Math.min(d, 1);
            }
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int limit = Math.max(2, Math.max(t.length(), best.length()) / 3);
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** " Did you mean 'filters'?" or "". */
    public static String didYouMean(String typed, Collection<String> candidates) {
        return nearest(typed, candidates).map(s -> " Did you mean '" + Text.display(s) + "'?").orElse("");
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
