package io.layerloom.model.report;

import io.layerloom.model.analysis.ReceptiveField;
import io.layerloom.model.analysis.TensorType;
import java.util.Locale;
import java.util.Optional;

/** How numbers, shapes and receptive fields read on screen, shared by the summary and the canvas. */
public final class Formats {

    private Formats() {
    }

    /** 11,689,512 */
    public static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** 1.82 G, 34.8 K, 950: three significant figures with an SI prefix. */
    public static String si(long n) {
        String[] units = {"", " K", " M", " G", " T", " P"};
        double v = n;
        int u = 0;
        while (Math.abs(v) >= 999.5 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        if (u == 0) {
            return Long.toString(n);
        }
        return String.format(Locale.ROOT, v >= 99.95 ? "%.0f%s" : v >= 9.995 ? "%.1f%s" : "%.2f%s", v, units[u]);
    }

    /** 44.59 MiB: bytes in binary units; {@link Long#MAX_VALUE}, where saturating sums stop, as an overflow. */
    public static String bytes(long n) {
        if (n == Long.MAX_VALUE) {
            return "over 8 EiB (beyond 64 bits)";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }

    /** "8x24x24", or "?" when unknown. */
    public static String shape(Optional<TensorType> t) {
        return t.map(TensorType::text).orElse("?");
    }

    /** "5x5 /1" (size, then effective stride), "global", "overflow" beyond 64 bits, or "-" where it is not defined. */
    public static String receptiveField(Optional<ReceptiveField> f) {
        if (f.isEmpty()) {
            return "-";
        }
        if (f.get() instanceof ReceptiveField.Local l) {
            return l.text();
        }
        return f.get() instanceof ReceptiveField.Overflow ? "overflow" : "global";
    }
}
