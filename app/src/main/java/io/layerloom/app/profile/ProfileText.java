package io.layerloom.app.profile;

import io.layerloom.model.report.TextTable;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A profile as a table in the graph's order, as {@code layerloom summary} prints a graph: each
 * layer's forward and backward time, its share of the iteration with a bar, and its achieved
 * GFLOP/s; then the time outside the layers, the check against whole iterations and the three
 * hotspots. Plain ASCII.
 */
public final class ProfileText {

    private static final int BAR_WIDTH = 20;
    /** Whole iterations this much longer than the parts add up to get a note on why. */
    private static final double BUSY_MACHINE = 1.15;
    private static final int MAX_LAYER_WIDTH = 44;
    private static final String[] HEADERS = {"Layer (kind)", "Forward ms", "Backward ms", "Share", "GFLOP/s", ""};

    private ProfileText() {
    }

    public static String render(Profile p) {
        List<String[]> rows = new ArrayList<>();
        for (Profile.NodeTime n : p.nodes()) {
            String name = Text.display(n.id()) + " (" + n.kind() + ")";
            if (name.length() > MAX_LAYER_WIDTH) {
                name = name.substring(0, MAX_LAYER_WIDTH - 3) + "...";
            }
            if (!n.compiled()) {
                rows.add(new String[]{name, "-", "-", "-", "-", "not in the network (leads to no output)"});
                continue;
            }
            double share = p.share(n);
            rows.add(new String[]{name, ms(n.forwardMs()), ms(n.backwardMs()), percent(share),
                    n.gflops().isPresent() ? String.format(Locale.ROOT, "%.1f", n.gflops().getAsDouble()) : "-", bar(share)});
        }
        TextTable table = TextTable.fitting(HEADERS, rows, c -> c >= 1 && c <= 4);
        String heavy = table.rule('=');
        StringBuilder b = new StringBuilder();
        Profile.Machine m = p.machine();
        b.append("Profile of \"").append(Text.display(p.graph())).append("\": one training iteration at batch ").append(p.batch())
                .append(", median of ").append(p.iterations()).append(p.iterations() == 1 ? " iteration" : " iterations")
                .append(" after ").append(p.warmup()).append(" warm-up, ").append(p.data()).append(" data\n");
        b.append("Machine: ").append(m.cpu()).append(", ").append(m.cores()).append(m.cores() == 1 ? " core" : " cores")
                .append("; ND4J ").append(m.build()).append(", ").append(m.threads()).append(m.threads() == 1 ? " thread\n" : " threads\n");
        b.append(heavy);
        table.row(b, HEADERS);
        b.append(heavy);
        for (String[] r : rows) {
            table.row(b, r);
        }
        b.append(heavy);
        Profile.Outside o = p.outside();
        double layersForward = p.nodes().stream().mapToDouble(Profile.NodeTime::forwardMs).sum();
        double layersBackward = p.nodes().stream().mapToDouble(Profile.NodeTime::backwardMs).sum();
        table.row(b, new String[]{"Layers", ms(layersForward), ms(layersBackward), percent(p.layersMs() / Math.max(p.partsMs(), 1e-12)),
                "", bar(p.layersMs() / Math.max(p.partsMs(), 1e-12))});
        table.row(b, new String[]{"Outside layers", "", "", percent(p.outsideShare()), "", bar(p.outsideShare())});
        b.append(heavy);
        b.append(String.format(Locale.ROOT, "Outside layers: %s ms = data %s, loss %s, optimizer step %s, DL4J bookkeeping %s%n",
                ms(o.totalMs()), ms(o.dataMs()), ms(o.lossMs()), ms(o.updaterMs()), ms(o.otherMs())));
        b.append(String.format(Locale.ROOT, "Layers %s ms + outside %s ms = %s ms; whole iteration (median) %s ms%n",
                ms(p.layersMs()), ms(o.totalMs()), ms(p.partsMs()), ms(p.wholeIterationMs())));
        if (p.wholeIterationMs() > BUSY_MACHINE * p.partsMs()) {
            b.append("  (Whole iterations take longer than the parts' medians add up to: on a busy machine the time lost to other\n"
                    + "  processes falls on a different part in each iteration. On a quiet machine the two agree.)\n");
        }
        b.append(String.format(Locale.ROOT, "Garbage collection: %s ms per iteration (pauses inside the times above)%n", ms(p.gcMs())));
        List<Profile.NodeTime> hot = p.hotspots(3);
        if (!hot.isEmpty()) {
            b.append("Hotspots: ");
            for (int i = 0; i < hot.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(Text.display(hot.get(i).id())).append(' ').append(percent(p.share(hot.get(i))));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** A bar of {@code share} (0 to 1) in {@link #BAR_WIDTH} characters; a visible mark for any non-zero share. */
    static String bar(double share) {
        int n = (int) Math.round(Math.max(0, Math.min(1, share)) * BAR_WIDTH);
        if (n == 0 && share > 0) {
            return ".";
        }
        return "#".repeat(n);
    }

    private static String ms(double ms) {
        return String.format(Locale.ROOT, ms >= 100 ? "%.1f" : "%.2f", ms);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

}
