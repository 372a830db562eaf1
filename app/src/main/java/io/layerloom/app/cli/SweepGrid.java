package io.layerloom.app.cli;

import io.layerloom.model.training.TrainingSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The grid of {@code layerloom sweep}: each option a comma-separated list of values, every
 * combination one run, in the order the options vary (the last one fastest). A value that cannot
 * be read, or a combination the settings refuse, is an error naming the option and the value.
 */
record SweepGrid(List<Double> rates, List<TrainingSettings.Optimizer> optimizers, List<Integer> batches,
                 List<Integer> switchEpochs) {

    /** One combination, with what it sets, for the progress lines. */
    record Point(double rate, TrainingSettings.Optimizer optimizer, int batch, int switchToSgd) {
        TrainingSettings applyTo(TrainingSettings base) {
            return new TrainingSettings(optimizer, rate, base.schedule(), base.stepEvery(), base.decay(), base.warmupEpochs(),
                    batch, base.epochs(), base.l2(), base.weightDecay(), base.weightInit(), base.gradientClip(), switchToSgd,
                    base.seed()).withPatience(base.patience());
        }

        String describe() {
            return String.format(Locale.ROOT, "optimizer %s, lr %s, batch %d, switch-to-sgd %d",
                    TrainingSettings.jsonName(optimizer), SweepGrid.number(rate), batch, switchToSgd);
        }
    }

    /** Thrown for a bad value: the message names the option. */
    static final class BadValue extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message);
        }
    }

    /** Reads the options; a null option keeps {@code base}'s one value. */
    static SweepGrid parse(String lr, String optimizer, String batch, String switchToSgd, TrainingSettings base) {
        return new SweepGrid(
                values("--lr", lr, base.learningRate(), "numbers greater than 0", s -> {
                    double d = Double.parseDouble(s);
                    if (!(d > 0) || Double.isInfinite(d)) {
                        throw new NumberFormatException();
                    }
                    return d;
                }),
                values("--optimizer", optimizer, base.optimizer(), "optimizers (" + String.join(", ",
                        TrainingSettings.jsonNames(TrainingSettings.Optimizer.class)) + ")",
                        s -> TrainingSettings.fromJson(TrainingSettings.Optimizer.class, s).orElseThrow(NumberFormatException::new)),
                values("--batch", batch, base.batchSize(), "whole numbers of at least 1", s -> {
                    int n = Integer.parseInt(s);
                    if (n < 1) {
                        throw new NumberFormatException();
                    }
                    return n;
                }),
                values("--switch-to-sgd", switchToSgd, base.switchToSgdAtEpoch(), "epoch numbers from 1 to --epochs ("
                        + base.epochs() + "), or 0 for never", s -> {
                    int n = Integer.parseInt(s);
                    if (n < 0 || n > base.epochs()) {
                        throw new NumberFormatException();
                    }
                    return n;
                }));
    }

    private static <T> List<T> values(String option, String text, T fallback, String expected, Function<String, T> read) {
        if (text == null) {
            return List.of(fallback);
        }
        LinkedHashSet<T> out = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String s = part.trim().toLowerCase(Locale.ROOT);
            try {
                out.add(read.apply(s));
            } catch (RuntimeException e) {
                throw new BadValue(option + " takes " + expected + " separated by commas (such as " + example(option)
                        + "); '" + part.trim() + "' is not one.");
            }
        }
        return List.copyOf(out);
    }

    private static String example(String option) {
        return switch (option) {
            case "--lr" -> "1e-3,3e-3";
            case "--optimizer" -> "adam,sgd";
            case "--batch" -> "32,64";
            default -> "0,3";
        };
    }

    /**
     * Every combination, checked against the settings' rules before any run starts. SGD switched to
     * SGD is plain SGD: when the grid also has switch-to-sgd 0, that run is made once, not again.
     */
    List<Point> points(TrainingSettings base) {
        List<Point> out = new ArrayList<>();
        for (TrainingSettings.Optimizer o : optimizers) {
            for (int s : switchEpochs) {
                if (o == TrainingSettings.Optimizer.SGD && s > 0 && switchEpochs.contains(0)) {
                    continue;
                }
                for (double r : rates) {
                    for (int b : batches) {
                        Point p = new Point(r, o, b, s);
                        try {
                            p.applyTo(base);
                        } catch (IllegalArgumentException e) {
                            throw new BadValue("the run with " + p.describe() + " cannot train: " + e.getMessage());
                        }
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }

    static String number(double d) {
        return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toString().replace("E", "e");
    }
}
