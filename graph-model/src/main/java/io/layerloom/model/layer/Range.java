package io.layerloom.model.layer;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Optional;

/** The documented range of a numeric parameter (or of each component of a pair). */
public record Range(double min, boolean minInclusive, double max, boolean maxInclusive) {

    public static final Range ANY = new Range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);

    public static Range closed(double min, double max) {
        return new Range(min, true, max, true);
    }

    public static Range atLeast(double min) {
        return new Range(min, true, Double.POSITIVE_INFINITY, false);
    }

    public static Range above(double min) {
        return new Range(min, false, Double.POSITIVE_INFINITY, false);
    }

    public static Range halfOpen(double min, double max) {
        return new Range(min, true, max, false);
    }

    public boolean contains(double v) {
        if (Double.isNaN(v)) {
            return false;
        }
        boolean aboveMin = minInclusive ? v >= min : v > min;
        boolean belowMax = maxInclusive ? v <= max : v < max;
        return aboveMin && belowMax;
    }

    /** "between 1 and 1,000,000", "at least 0", "greater than 0", "from 0 up to (not including) 1". */
    public String describe() {
        boolean hasMin = !Double.isInfinite(min);
        boolean hasMax = !Double.isInfinite(max);
        if (hasMin && hasMax) {
            if (minInclusive && maxInclusive) {
                return "between " + format(min) + " and " + format(max);
            }
            return (minInclusive ? "at least " : "greater than ") + format(min)
                    + (maxInclusive ? " and at most " : " and less than ") + format(max);
        }
        if (hasMin) {
            return (minInclusive ? "at least " : "greater than ") + format(min);
        }
        if (hasMax) {
            return (maxInclusive ? "at most " : "less than ") + format(max);
        }
        return "any number";
    }

    public Optional<Double> lowerBound() {
        return Double.isInfinite(min) ? Optional.empty() : Optional.of(min);
    }

    public Optional<Double> upperBound() {
        return Double.isInfinite(max) ? Optional.empty() : Optional.of(max);
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
            return f.format((long) v);
        }
        return Double.toString(v);
    }
}
