package io.layerloom.app.cli;

import io.layerloom.app.prune.MagnitudeMasks;
import io.layerloom.app.prune.PruneNetworks;
import io.layerloom.app.prune.PruneSession;
import io.layerloom.model.prune.PrunedGraph;
import java.util.List;
import java.util.Locale;

/** The tables {@code layerloom prune} prints. */
final class PruneText {

    private PruneText() {
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /** One row per group of convolutions, one column per ratio: the test accuracy with that share of its filters removed. */
    static String sensitivity(PruneSession.Sensitivity s, String set) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Sensitivity: %s accuracy with a share of one layer's filters removed "
                + "(smallest L1 norms first, no fine-tuning); unpruned: %s%n", set, percent(s.baseline())));
        int width = Math.max(5, s.rows().stream().mapToInt(r -> r.group().name().length()).max().orElse(5));
        b.append(String.format(Locale.ROOT, "%-" + width + "s  %7s", "layer", "filters"));
        List<Double> ratios = s.rows().isEmpty() ? PruneSession.SENSITIVITY_RATIOS : s.rows().get(0).ratios();
        for (double r : ratios) {
            b.append(String.format(Locale.ROOT, "  %6s", Math.round(r * 100) + "%"));
        }
        b.append(System.lineSeparator());
        for (PruneSession.SensitivityRow row : s.rows()) {
            b.append(String.format(Locale.ROOT, "%-" + width + "s  %7d", row.group().name(), row.group().units().size()));
            for (double a : row.accuracy()) {
                b.append(String.format(Locale.ROOT, "  %6.2f", 100 * a));
            }
            b.append(System.lineSeparator());
        }
        s.rows().stream().filter(r -> r.group().convolutions().size() > 1).forEach(r -> b.append(String.format(Locale.ROOT,
                "%s: %s are tied by Add (their filters go together)%n", r.group().name(), String.join(", ", r.group().convolutions()))));
        return b.toString();
    }

    /** Each convolution's filters before and after. */
    static String filters(PrunedGraph p) {
        StringBuilder b = new StringBuilder();
        int width = Math.max(5, p.removed().keySet().stream().mapToInt(String::length).max().orElse(5));
        b.append(String.format(Locale.ROOT, "  %-" + width + "s  filters%n", "layer"));
        p.removed().forEach((conv, gone) -> {
            int before = p.originalWidths().get(conv);
            b.append(String.format(Locale.ROOT, "  %-" + width + "s  %d -> %d%n", conv, before, before - gone.size()));
        });
        return b.toString();
    }

    /** Each masked weight array's sparsity. */
    static String sparsity(List<MagnitudeMasks.LayerSparsity> layers) {
        StringBuilder b = new StringBuilder();
        int width = Math.max(5, layers.stream().mapToInt(l -> l.node().length() + l.key().length() + 1).max().orElse(5));
        b.append(String.format(Locale.ROOT, "  %-" + width + "s  %10s  %10s  %8s%n", "weights", "count", "zero", "sparsity"));
        long all = 0;
        long zeros = 0;
        for (MagnitudeMasks.LayerSparsity l : layers) {
            b.append(String.format(Locale.ROOT, "  %-" + width + "s  %,10d  %,10d  %8s%n", l.node() + "/" + l.key(), l.weights(),
                    l.zeros(), percent(l.sparsity())));
            all += l.weights();
            zeros += l.zeros();
        }
        b.append(String.format(Locale.ROOT, "  %-" + width + "s  %,10d  %,10d  %8s%n", "all", all, zeros,
                percent(all == 0 ? 0 : (double) zeros / all)));
        return b.toString();
    }

    /** Parameters, MACs, speed and accuracy before and after. */
    static String comparison(PruneNetworks.Figures before, PruneNetworks.Figures after, String set, boolean sparse) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "  %-22s %14s %14s %10s%n", "", "before", "after", "change"));
        row(b, sparse ? "non-zero parameters" : "parameters", sparse ? before.nonZeroParams() : before.params(),
                sparse ? after.nonZeroParams() : after.params());
        if (sparse) {
            row(b, "parameters (dense)", before.params(), after.params());
        }
        row(b, "MACs per example", before.macs(), after.macs());
        b.append(String.format(Locale.ROOT, "  %-22s %14.0f %14.0f %10s%n", "speed (examples/s)", before.examplesPerSecond(),
                after.examplesPerSecond(), String.format(Locale.ROOT, "x%.2f", after.examplesPerSecond() / before.examplesPerSecond())));
        b.append(String.format(Locale.ROOT, "  %-22s %14s %14s %10s%n", set + " accuracy", percent(before.accuracy()),
                percent(after.accuracy()), String.format(Locale.ROOT, "%+.2f pt", 100 * (after.accuracy() - before.accuracy()))));
        return b.toString();
    }

    private static void row(StringBuilder b, String what, long before, long after) {
        b.append(String.format(Locale.ROOT, "  %-22s %,14d %,14d %10s%n", what, before, after,
                before == 0 ? "-" : String.format(Locale.ROOT, "%+.1f%%", 100.0 * (after - before) / before)));
    }
}
