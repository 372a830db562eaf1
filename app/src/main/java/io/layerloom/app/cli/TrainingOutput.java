package io.layerloom.app.cli;

import io.layerloom.app.training.TrainingEvent;
import io.layerloom.model.json.PlainJson;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * How {@code layerloom train} shows a run: a progress bar redrawn in place (or, when the output
 * is not a terminal, a line every few seconds) and one line per epoch; or, with
 * {@code --progress json}, one JSON object per event, one a line.
 */
final class TrainingOutput {

    private static final int BAR = 24;
    private static final long LINE_EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean terminal;
    private int epochs;
    private int perEpoch;
    private long lastLine;
    private final long frozenParams;

    /** @param frozenParams the parameters of frozen layers, which the text says are not trained */
    TrainingOutput(PrintWriter out, PrintWriter err, boolean json, boolean terminal, long frozenParams) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.terminal = terminal;
        this.frozenParams = frozenParams;
    }

    void on(TrainingEvent e) {
        if (json) {
            out.println(json(e));
            out.flush();
            return;
        }
        if (e instanceof TrainingEvent.Initialised i) {
            out.printf(Locale.ROOT, "Starting from %s: %d layer%s from the saved model%s; %s.%n", i.source(), i.copied().size(),
                    i.copied().size() == 1 ? "" : "s", i.unused().isEmpty() ? "" : " (not used: " + String.join(", ", i.unused()) + ")",
                    i.fresh().isEmpty() ? "no layer initialised fresh" : "initialised fresh: " + String.join(", ", i.fresh()));
        } else if (e instanceof TrainingEvent.Resumed r) {
            out.printf(Locale.ROOT, "Resuming %s after its epoch %d (%s).%n", r.source(), r.completedEpochs(),
                    r.updaterState() ? "parameters and optimizer state" : "parameters; the optimizer starts afresh");
        } else if (e instanceof TrainingEvent.Restored r) {
            clearBar();
            out.printf(Locale.ROOT, "Early stopping%s: kept epoch %d's weights (validation loss %.4f).%n",
                    r.lastEpoch() < epochs ? " after epoch " + r.lastEpoch() + " (" + r.patience() + " without improvement)" : "",
                    r.epoch(), r.validationLoss());
        } else if (e instanceof TrainingEvent.Started s) {
            epochs = s.epochs();
            perEpoch = s.iterationsPerEpoch();
            out.printf(Locale.ROOT, "Training %,d parameters%s for %d epoch%s of %d iterations (seed %d).%n", s.parameters(),
                    frozenParams > 0 ? String.format(Locale.ROOT, " (%,d of them in frozen layers, kept as they are)", frozenParams) : "",
                    s.epochs(), s.epochs() == 1 ? "" : "s", s.iterationsPerEpoch(), s.seed());
        } else if (e instanceof TrainingEvent.Iteration i) {
            progress(i);
        } else if (e instanceof TrainingEvent.Epoch ep) {
            clearBar();
            out.printf(Locale.ROOT, "epoch %d/%d: train loss %.4f, accuracy %.4f", ep.epoch(), epochs, ep.trainLoss(),
                    ep.trainAccuracy());
            if (!Double.isNaN(ep.validationLoss())) {
                out.printf(Locale.ROOT, " | validation loss %.4f, accuracy %.4f", ep.validationLoss(), ep.validationAccuracy());
            }
            out.println();
        } else if (e instanceof TrainingEvent.Evaluated ev) {
            out.print(EvaluationText.render(ev));
        } else if (e instanceof TrainingEvent.Finished f) {
            clearBar();
            out.printf(Locale.ROOT, "Finished %d epochs, %d iterations in %.1f s.%n", f.epochs(), f.iterations(), f.seconds());
        } else if (e instanceof TrainingEvent.Stopped s) {
            clearBar();
            out.printf("Stopped in epoch %d after %d iterations.%n", s.epoch(), s.iteration());
        } else if (e instanceof TrainingEvent.Failed f) {
            clearBar();
            err.println("layerloom train: " + f.reason());
            err.println("  fix: " + f.hint());
            err.flush();
        }
        out.flush();
    }

    private void progress(TrainingEvent.Iteration i) {
        int inEpoch = perEpoch == 0 ? 0 : (i.iteration() - 1) % perEpoch + 1;
        String line = String.format(Locale.ROOT, "epoch %d/%d [%s] %d/%d  loss %.4f  %,.0f ex/s  ETA %s", i.epoch(), epochs,
                bar(perEpoch == 0 ? 0 : (double) inEpoch / perEpoch), inEpoch, perEpoch, i.score(), i.examplesPerSecond(),
                duration(i.secondsRemaining()));
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
            err.flush();
        } else {
            long now = System.nanoTime();
            if (now - lastLine >= LINE_EVERY_NANOS || inEpoch == perEpoch) {
                lastLine = now;
                out.println(line);
            }
        }
    }

    private void clearBar() {
        if (terminal && !json) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }

    private static String bar(double fraction) {
        int filled = (int) Math.round(fraction * BAR);
        return "=".repeat(filled) + (filled < BAR ? ">" + " ".repeat(BAR - filled - 1) : "");
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** The event as one line of JSON: {"event": "iteration", ...}. */
    static String json(TrainingEvent e) {
        if (e instanceof TrainingEvent.Initialised i) {
            return "{\"event\": \"initialised\", \"source\": " + PlainJson.quote(i.source()) + ", \"copied\": " + ids(i.copied())
                    + ", \"fresh\": " + ids(i.fresh()) + ", \"unused\": " + ids(i.unused()) + "}";
        }
        if (e instanceof TrainingEvent.Started s) {
            return "{\"event\": \"started\", \"epochs\": " + s.epochs() + ", \"iterationsPerEpoch\": " + s.iterationsPerEpoch()
                    + ", \"parameters\": " + s.parameters() + ", \"seed\": " + s.seed() + "}";
        }
        if (e instanceof TrainingEvent.Iteration i) {
            return "{\"event\": \"iteration\", \"epoch\": " + i.epoch() + ", \"iteration\": " + i.iteration() + ", \"score\": "
                    + num(i.score()) + ", \"learningRate\": " + num(i.learningRate()) + ", \"examplesPerSecond\": "
                    + num(i.examplesPerSecond()) + ", \"secondsRemaining\": " + num(i.secondsRemaining()) + "}";
        }
        if (e instanceof TrainingEvent.Epoch ep) {
            return "{\"event\": \"epoch\", \"epoch\": " + ep.epoch() + ", \"trainLoss\": " + num(ep.trainLoss())
                    + ", \"trainAccuracy\": " + num(ep.trainAccuracy()) + ", \"validationLoss\": " + num(ep.validationLoss())
                    + ", \"validationAccuracy\": " + num(ep.validationAccuracy()) + "}";
        }
        if (e instanceof TrainingEvent.Evaluated ev) {
            StringBuilder b = new StringBuilder("{\"event\": \"evaluation\", \"set\": ").append(PlainJson.quote(ev.set()))
                    .append(", \"accuracy\": ").append(num(ev.accuracy())).append(", \"classes\": [");
            for (int i = 0; i < ev.classNames().size(); i++) {
                b.append(i == 0 ? "" : ", ").append(PlainJson.quote(ev.classNames().get(i)));
            }
            b.append("], \"confusion\": [");
            for (int i = 0; i < ev.confusion().length; i++) {
                b.append(i == 0 ? "[" : ", [");
                for (int j = 0; j < ev.confusion()[i].length; j++) {
                    b.append(j == 0 ? "" : ", ").append(ev.confusion()[i][j]);
                }
                b.append(']');
            }
            b.append("], \"precision\": ").append(nums(ev.precision())).append(", \"recall\": ").append(nums(ev.recall()))
                    .append(", \"f1\": ").append(nums(ev.f1())).append('}');
            return b.toString();
        }
        if (e instanceof TrainingEvent.Finished f) {
            return "{\"event\": \"finished\", \"epochs\": " + f.epochs() + ", \"iterations\": " + f.iterations()
                    + ", \"seconds\": " + num(f.seconds()) + "}";
        }
        if (e instanceof TrainingEvent.Resumed r) {
            return "{\"event\": \"resumed\", \"source\": " + PlainJson.quote(r.source()) + ", \"completedEpochs\": "
                    + r.completedEpochs() + ", \"updaterState\": " + r.updaterState() + "}";
        }
        if (e instanceof TrainingEvent.Restored r) {
            return "{\"event\": \"restored\", \"epoch\": " + r.epoch() + ", \"validationLoss\": " + num(r.validationLoss())
                    + ", \"lastEpoch\": " + r.lastEpoch() + ", \"patience\": " + r.patience() + "}";
        }
        if (e instanceof TrainingEvent.Stopped s) {
            return "{\"event\": \"stopped\", \"epoch\": " + s.epoch() + ", \"iteration\": " + s.iteration() + "}";
        }
        if (e instanceof TrainingEvent.LayerStatistics ls) {
            StringBuilder b = new StringBuilder("{\"event\": \"layerStatistics\", \"iteration\": ").append(ls.iteration())
                    .append(", \"updateRatios\": {");
            String sep = "";
            for (var r : ls.updateRatios().entrySet()) {
                b.append(sep).append(PlainJson.quote(r.getKey())).append(": ").append(num(r.getValue()));
                sep = ", ";
            }
            b.append("}, \"meanActivations\": {");
            sep = "";
            for (var r : ls.meanActivations().entrySet()) {
                b.append(sep).append(PlainJson.quote(r.getKey())).append(": ").append(num(r.getValue()));
                sep = ", ";
            }
            return b.append("}}").toString();
        }
        TrainingEvent.Failed f = (TrainingEvent.Failed) e;
        return "{\"event\": \"failed\", \"reason\": " + PlainJson.quote(f.reason()) + ", \"hint\": " + PlainJson.quote(f.hint())
                + (f.suggestsLowerLearningRate() ? ", \"lowerLearningRate\": " + num(f.lowerLearningRate()) : "") + "}";
    }

    private static String num(double d) {
        return Double.isFinite(d) ? PlainJson.number(d) : "null";
    }

    private static String nums(double[] values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ", ").append(num(values[i]));
        }
        return b.append(']').toString();
    }

    private static String ids(java.util.List<String> ids) {
        return ids.stream().map(PlainJson::quote).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}
