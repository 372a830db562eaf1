package io.layerloom.app.designer.viewmodel;

import java.util.Locale;

/**
 * A layer's statistics at {@code iteration}. {@code ratio}: its update-to-parameter ratio, how
 * much one step changed its parameters relative to their size; around 1e-3 is the usual healthy
 * value; far above, the learning rate is too high for that layer; far below, it hardly learns.
 * {@code meanActivation}: the mean of its output over the batch (NaN when not measured); a ReLU
 * layer near 0 has mostly dead units.
 */
public record LayerStatistic(String node, double ratio, String text, double meanActivation, int iteration) {

    /** The band a healthy layer's ratio falls in. */
    public static final double LOW = 1e-4;
    public static final double HIGH = 1e-2;

    public boolean healthy() {
        return ratio >= LOW && ratio <= HIGH;
    }

    /** "act 0.41", or empty when the mean was not measured. */
    public String activationText() {
        return activationText(meanActivation);
    }

    /** "act 0.41"; "act 3.2e-4" for means below 0.01 or from 1,000 on; empty for NaN. */
    public static String activationText(double mean) {
        if (Double.isNaN(mean)) {
            return "";
        }
        double a = Math.abs(mean);
        String number = mean == 0 ? "0" : a >= 0.01 && a < 1000 ? String.format(Locale.ROOT, "%.2f", mean)
                : scientific(mean);
        return "act " + number;
    }

    /** "1.2e-3": two significant figures, the exponent without padding. */
    static String scientific(double v) {
        if (v == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.1e", v).replaceFirst("e([+-])0*(\\d)", "e$1$2").replace("e+", "e");
    }
}
