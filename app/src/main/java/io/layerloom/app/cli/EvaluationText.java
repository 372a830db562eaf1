package io.layerloom.app.cli;

import io.layerloom.app.training.TrainingEvent;
import java.util.Locale;

/** An evaluation as text: accuracy, then precision, recall and F1 per class, then the confusion matrix. */
final class EvaluationText {

    private EvaluationText() {
    }

    static String render(TrainingEvent.Evaluated ev) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s accuracy: %.4f%n", capitalise(ev.set()), ev.accuracy()));
        int width = Math.max(5, ev.classNames().stream().mapToInt(String::length).max().orElse(5));
        b.append(String.format(Locale.ROOT, "  %-" + width + "s  precision  recall     f1%n", "class"));
        for (int i = 0; i < ev.classNames().size(); i++) {
            b.append(String.format(Locale.ROOT, "  %-" + width + "s  %9.4f  %6.4f  %.4f%n", ev.classNames().get(i),
                    ev.precision()[i], ev.recall()[i], ev.f1()[i]));
        }
        b.append("  confusion matrix (rows: true class, columns: predicted):\n");
        int cell = 5;
        for (int[] row : ev.confusion()) {
            for (int v : row) {
                cell = Math.max(cell, Integer.toString(v).length() + 1);
            }
        }
        for (int i = 0; i < ev.confusion().length; i++) {
            b.append(String.format(Locale.ROOT, "  %-" + width + "s", ev.classNames().get(i)));
            for (int v : ev.confusion()[i]) {
                b.append(String.format(Locale.ROOT, "%" + cell + "d", v));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
