package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.training.TrainingEvent;
import io.layerloom.model.report.Formats;
import java.util.Locale;

/**
 * How the Training tab writes its numbers: the progress line, durations and percentages. Kept
 * apart from {@link TrainingViewModel} so that the run's logic reads without the formatting.
 */
final class TrainingTexts {

    private TrainingTexts() {
    }

    /** "Epoch 2/10 · iteration 340/4,690 · 1,250 examples/s · ETA 3 min 20 s" */
    static String progressText(TrainingEvent.Iteration i, int epochs, int total, double examplesPerSecond) {
        return "Epoch " + i.epoch() + "/" + epochs + "  \u00B7  iteration " + Formats.grouped(i.iteration()) + "/"
                + Formats.grouped(total) + "  \u00B7  "
                + (Double.isFinite(examplesPerSecond) ? Formats.grouped(Math.round(examplesPerSecond)) : "?")
                + " examples/s  \u00B7  ETA " + duration(i.secondsRemaining());
    }

    /** "45 s", "3 min 05 s", "2 h 07 min"; "?" for an unknown time. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s / 60 % 60);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** The status line of a run that has started. */
    static String started(TrainingEvent.Started s, long trainingExamples, int layersFromWeights) {
        return "Training " + Formats.grouped(s.parameters()) + " parameters on "
                + Formats.grouped(trainingExamples) + " examples (seed " + s.seed() + ")"
                + (layersFromWeights == 0 ? "" : ", " + layersFromWeights + " layer" + (layersFromWeights == 1 ? "" : "s")
                + " starting from the weights held with the graph") + "\u2026";
    }

    /** The status line of a run that ran all its epochs. */
    static String finished(TrainingEvent.Finished f, double testAccuracy) {
        return "Finished " + f.epochs() + (f.epochs() == 1 ? " epoch" : " epochs") + " (" + Formats.grouped(f.iterations())
                + " iterations) in " + duration(f.seconds())
                + (Double.isNaN(testAccuracy) ? "." : "; test accuracy " + percent(testAccuracy) + ".");
    }

    /** The status line of a run the user stopped. */
    static String stopped(TrainingEvent.Stopped s) {
        return "Stopped in epoch " + s.epoch() + " at iteration " + Formats.grouped(s.iteration())
                + "; the network keeps what it learned so far.";
    }
}
