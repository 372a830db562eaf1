package io.layerloom.app.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs as a text table, for {@code layerloom runs} and {@code layerloom sweep}: one row per run
 * with its id, outcome, epochs trained ("trained") (and the one early stopping kept), final validation loss,
 * test accuracy and duration, then one column per setting that differs between the runs
 * ({@link SettingsDiff}); the settings they share are listed once below.
 */
public final class RunTable {

    private RunTable() {
    }

    public static String render(List<RunRecord> runs) {
        if (runs.isEmpty()) {
            return "No runs recorded.\n";
        }
        List<String> differing = SettingsDiff.differing(runs);
        List<String> header = new ArrayList<>(List.of("run", "outcome", "trained", "val loss", "test acc", "time"));
        header.addAll(differing);
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (RunRecord r : runs) {
            List<String> row = new ArrayList<>(List.of(r.id(), r.outcome().name().toLowerCase(Locale.ROOT), epochs(r),
                    fixed(r.finalValidationLoss(), 4), percent(r.testAccuracy()), seconds(r.durationSeconds())));
            for (String key : differing) {
                row.add(SettingsDiff.text(r, key));
            }
            rows.add(row);
        }
        int[] width = new int[header.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                boolean right = i >= 2 && i <= 5;
                line.append(i == 0 ? "" : "  ").append(right ? " ".repeat(width[i] - cell.length()) + cell
                        : cell + " ".repeat(width[i] - cell.length()));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        RunRecord first = runs.get(0);
        List<String> shared = new ArrayList<>();
        if (!differing.contains(SettingsDiff.DATA)) {
            shared.add("data " + first.data().source());
        }
        for (String key : first.settings().keySet()) {
            if (!differing.contains(key)) {
                shared.add(key + " " + SettingsDiff.text(first, key));
            }
        }
        b.append(runs.size() == 1 ? "Settings: " : "Same in every run: ").append(String.join(", ", shared)).append('\n');
        return b.toString();
    }

    /** "3" or "5 (kept 3)" when early stopping kept an earlier epoch's weights. */
    static String epochs(RunRecord r) {
        String trained = Integer.toString(r.epochs().isEmpty() ? 0 : r.epochs().get(r.epochs().size() - 1).epoch());
        return r.earlyStopping() == null ? trained : trained + " (kept " + r.earlyStopping().keptEpoch() + ")";
    }

    static String percent(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.2f%%", 100 * d) : "-";
    }

    static String fixed(double d, int digits) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%." + digits + "f", d) : "-";
    }

    static String seconds(double s) {
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60) : String.format(Locale.ROOT, "%.1fs", s);
    }
}
