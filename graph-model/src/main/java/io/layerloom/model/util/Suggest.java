package io.layerloom.model.util;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** "Did you mean ...?": the closest known name to a mistyped one. */
public final class Suggest {

    /**
     * No suggestion is further than this many edits from what was typed: beyond it nothing is a
     * plausible typo, and it bounds the band of the distance table, so two 70,000-character names
     * in a hostile file cost a thin band, not a 70,000-square table.
     */
    private static final int MAX_TYPO_EDITS = 20;

    private Suggest() {
    }

    /**
     * The candidate closest to {@code typed} by edit distance (ignoring case), if it is close
     * enough to be a plausible typo: at most a third of the longer name's length (2 for short
     * names), or a prefix. Ties go to the earlier candidate.
     */
    public static Optional<String> nearest(String typed, Collection<String> candidates) {
        return new Index(candidates, Long.MAX_VALUE).nearest(typed);
    }

    /** " Did you mean 'filters'?" or "". */
    public static String didYouMean(String typed, Collection<String> candidates) {
        return text(nearest(typed, candidates));
    }

    private static String text(Optional<String> near) {
        return near.map(s -> " Did you mean '" + Text.display(s) + "'?").orElse("");
    }

    /**
     * Suggestions among many names (a graph's node ids) for many typed ones, at a bounded cost.
     * Built once, it answers a case-insensitive exact match or a prefix at once from a hash and
     * a sorted index; the full edit-distance scan over every name is made while a budget of
     * distance-table cells lasts. A file with thousands of broken wires thus gets full
     * suggestions for the first of them and exact/prefix ones for the rest, instead of a scan of
     * every id for every wire (5,000 missing inputs took 12 s that way).
     */
    public static final class Index {

        /** Work one index does in all, in distance-table cells (a name compared counts one): a few tens of milliseconds. */
        public static final long DEFAULT_BUDGET = 4_000_000L;

        private final List<String> names = new ArrayList<>();
        private final List<String> lower = new ArrayList<>();
        /** Lower-cased name to its first position. */
        private final Map<String, Integer> first = new HashMap<>();
        private final TreeMap<String, Integer> sorted = new TreeMap<>();
        private final TreeSet<Integer> lengths = new TreeSet<>();
        private long budget;
        private long cells;
        private int[][] rows = new int[3][0];

        public Index(Collection<String> candidates) {
            this(candidates, DEFAULT_BUDGET);
        }

        public Index(Collection<String> candidates, long budget) {
            this.budget = budget;
            for (String c : candidates) {
                String lc = c.toLowerCase(Locale.ROOT);
                if (first.putIfAbsent(lc, names.size()) == null) {
                    sorted.put(lc, names.size());
                    lengths.add(lc.length());
                }
                names.add(c);
                lower.add(lc);
            }
        }

        /** As {@link Suggest#nearest}, with the full scan only while the budget lasts. */
        public Optional<String> nearest(String typed) {
            String t = typed.toLowerCase(Locale.ROOT);
            Integer exact = first.get(t);
            if (exact != null) {
                return Optional.of(names.get(exact));
            }
            long worst = (long) names.size() * (t.length() + 1) * (2L * Math.min(MAX_TYPO_EDITS, Math.max(2, t.length() / 2)) + 1);
            if (worst <= budget) {
                return scan(t);
            }
            return prefix(t).map(names::get);
        }

        /** " Did you mean 'conv1'?" or "". */
        public String didYouMean(String typed) {
            return text(nearest(typed));
        }

        /** Work done so far: distance-table cells, and one for each name compared (tests check the bound). */
        public long cells() {
            return cells;
        }

        private Optional<String> scan(String t) {
            int best = -1;
            int bestDistance = Integer.MAX_VALUE;
            long before = cells;
            for (int i = 0; i < names.size(); i++) {
                String lc = lower.get(i);
                cells++;
                int limit = Math.min(MAX_TYPO_EDITS, Math.max(2, Math.max(t.length(), lc.length()) / 3));
                int d;
                if (!t.isEmpty() && (lc.startsWith(t) || t.startsWith(lc))) {
                    d = 1;
                } else {
                    int cutoff = Math.min(limit, bestDistance - 1);
                    d = cutoff < 0 ? Integer.MAX_VALUE : distance(t, lc, cutoff);
                }
                if (d <= limit && d < bestDistance) {
                    best = i;
                    bestDistance = d;
                }
            }
            budget -= cells - before;
            return best < 0 ? Optional.empty() : Optional.of(names.get(best));
        }

        /** A name that {@code t} starts, or that starts with {@code t}: the earliest of a few. */
        private Optional<Integer> prefix(String t) {
            if (t.isEmpty()) {
                return Optional.empty();
            }
            Integer best = null;
            for (int len : lengths.headSet(t.length(), false)) {
                Integer i = first.get(t.substring(0, len));
                if (i != null && (best == null || i < best)) {
                    best = i;
                }
            }
            int seen = 0;
            for (Map.Entry<String, Integer> e : sorted.tailMap(t, false).entrySet()) {
                if (!e.getKey().startsWith(t) || seen++ == 64) {
                    break;
                }
                if (best == null || e.getValue() < best) {
                    best = e.getValue();
                }
            }
            return Optional.ofNullable(best);
        }

        /**
         * Levenshtein distance with adjacent transpositions counted as one edit, or
         * {@code max + 1} when it exceeds {@code max}: only the band of cells within {@code max}
         * of the diagonal is computed, and the work stops when a whole row is beyond it.
         */
        int distance(String a, String b, int max) {
            int n = a.length();
            int m = b.length();
            if (Math.abs(n - m) > max) {
                return max + 1;
            }
            if (rows[0].length < m + 1) {
                rows = new int[3][m + 1];
            }
            int over = max + 1;
            int[] prev2 = rows[0];
            int[] prev = rows[1];
            int[] cur = rows[2];
            for (int j = 0; j <= Math.min(m, max); j++) {
                prev[j] = j;
            }
            for (int i = 1; i <= n; i++) {
                int lo = Math.max(1, i - max);
                int hi = Math.min(m, i + max);
                int rowMin = i <= max ? i : over;
                if (lo == 1) {
                    cur[0] = i <= max ? i : over;
                }
                for (int j = lo; j <= hi; j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    int v = at(prev, i - 1, j - 1, max) + cost;
                    v = Math.min(v, at(prev, i - 1, j, max) + 1);
                    v = Math.min(v, at(cur, i, j - 1, max) + 1);
                    if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                        v = Math.min(v, at(prev2, i - 2, j - 2, max) + 1);
                    }
                    cur[j] = Math.min(v, over);
                    rowMin = Math.min(rowMin, cur[j]);
                }
                cells += hi - lo + 1;
                if (rowMin > max) {
                    return over;
                }
                int[] spare = prev2;
                prev2 = prev;
                prev = cur;
                cur = spare;
            }
            return Math.min(at(prev, n, m, max), over);
        }

        /** A cell of row {@code i}; those outside the band are beyond {@code max}. */
        private static int at(int[] row, int i, int j, int max) {
            if (Math.abs(i - j) > max) {
                return max + 1;
            }
            if (j == 0) {
                return i;
            }
            if (i == 0) {
                return j;
            }
            return row[j];
        }
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    static int distance(String a, String b) {
        return new Index(List.of(), 0).distance(a, b, Math.max(a.length(), b.length()));
    }
}
