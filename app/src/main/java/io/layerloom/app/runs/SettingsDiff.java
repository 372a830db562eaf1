package io.layerloom.app.runs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What differs between runs: the settings (by the name the graph file gives them) whose values
 * are not the same in all of them, plus {@link #DATA} and {@link #NETWORK} when the data set or the
 * network's hash differ. A setting one record has and another lacks (a field added in a later
 * LayerLoom) differs. Keys come in the order the settings object lists them.
 */
public final class SettingsDiff {

    /** The pseudo-setting for the data source. */
    public static final String DATA = "data";
    /** The pseudo-setting for the network's content hash. */
    public static final String NETWORK = "network";

    private SettingsDiff() {
    }

    /** The keys whose values differ among {@code runs} (none for fewer than two runs). */
    public static List<String> differing(List<RunRecord> runs) {
        List<String> out = new ArrayList<>();
        if (runs.size() < 2) {
            return out;
        }
        if (runs.stream().map(r -> r.graph().contentSha256()).distinct().count() > 1) {
            out.add(NETWORK);
        }
        if (runs.stream().map(r -> r.data().source()).distinct().count() > 1) {
            out.add(DATA);
        }
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(r -> keys.addAll(r.settings().keySet()));
        for (String key : keys) {
            Object first = value(runs.get(0), key);
            if (runs.stream().anyMatch(r -> !Objects.equals(value(r, key), first))) {
                out.add(key);
            }
        }
        return out;
    }

    /** The value of {@code key} as a table shows it ("" when the record has none). */
    public static String text(RunRecord run, String key) {
        if (key.equals(NETWORK)) {
            return run.graph().contentSha256().substring(0, Math.min(8, run.graph().contentSha256().length()));
        }
        if (key.equals(DATA)) {
            return run.data().source();
        }
        Object v = run.settings().get(key);
        return v == null ? "" : v instanceof java.math.BigDecimal b ? b.toPlainString() : v.toString();
    }

    private static Object value(RunRecord run, String key) {
        Object v = run.settings().get(key);
        // 0.001 and 1e-3 are one value
        return v instanceof java.math.BigDecimal b ? b.stripTrailingZeros() : v instanceof Map<?, ?> m ? m : v;
    }
}
