package io.layerloom.model.training;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How training data is made to fit the network before it is fed: the {@code training} object's
 * {@code "fit"} and {@code "normalization"} fields (docs/format.md).
 *
 * @param fit           how images of another size or colour than the Input are made to fit it; empty: they must match
 * @param normalization what is subtracted from and divided into each channel after the fit
 */
public record DataPreparation(Optional<Fit> fit, Normalization normalization) {

    /** pad: centred on zeros; resize: bilinear; crop: the centre. Grey to RGB repeats the channel in all three. */
    public enum Fit { PAD, RESIZE, CROP }

    public static final List<String> FIT_NAMES = List.of("pad", "resize", "crop");

    public DataPreparation {
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(normalization, "normalization");
    }

    /** No fit, no normalisation: the data as its source gives it (images in [0, 1]). */
    public static DataPreparation none() {
        return new DataPreparation(Optional.empty(), Normalization.NONE);
    }

    public boolean isNone() {
        return fit.isEmpty() && normalization.mode() == Normalization.Mode.NONE;
    }

    public DataPreparation withFit(Optional<Fit> newFit) {
        return new DataPreparation(newFit, normalization);
    }

    public DataPreparation withNormalization(Normalization n) {
        return new DataPreparation(fit, n);
    }

    public static String jsonName(Fit f) {
        return f.name().toLowerCase(Locale.ROOT);
    }

    /** The fit a file or an option names ("pad"), if it is one. */
    public static Optional<Fit> fit(String name) {
        for (Fit f : Fit.values()) {
            if (jsonName(f).equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Per-channel normalisation, {@code (x - mean[c]) / std[c]}: NONE; AUTO, the mean and standard
     * deviation of the training split (computed when training starts, recorded with the model); or
     * GIVEN values, one per channel (or one for every channel).
     */
    public record Normalization(Mode mode, List<Double> mean, List<Double> std) {

        public enum Mode { NONE, AUTO, GIVEN }

        public static final Normalization NONE = new Normalization(Mode.NONE, List.of(), List.of());
        public static final Normalization AUTO = new Normalization(Mode.AUTO, List.of(), List.of());

        public Normalization {
            Objects.requireNonNull(mode, "mode");
            mean = List.copyOf(mean);
            std = List.copyOf(std);
            if (mode == Mode.GIVEN) {
                if (mean.isEmpty() || mean.size() != std.size()) {
                    throw new IllegalArgumentException("normalization needs as many std values as mean values (one per channel),"
                            + " got " + mean.size() + " and " + std.size() + ".");
                }
                for (double s : std) {
                    if (!(s > 0) || Double.isInfinite(s)) {
                        throw new IllegalArgumentException("normalization.std values must be greater than 0, got " + s + ".");
                    }
                }
                for (double m : mean) {
                    if (!Double.isFinite(m)) {
                        throw new IllegalArgumentException("normalization.mean values must be finite numbers, got " + m + ".");
                    }
                }
            } else if (!mean.isEmpty() || !std.isEmpty()) {
                throw new IllegalArgumentException("normalization " + mode.name().toLowerCase(Locale.ROOT)
                        + " takes no mean or std values.");
            }
        }

        public static Normalization given(List<Double> mean, List<Double> std) {
            return new Normalization(Mode.GIVEN, mean, std);
        }
    }
}
