package io.layerloom.app.cli;

import io.layerloom.app.inference.BatchTimer;
import io.layerloom.model.json.PlainJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --progress bar|json} of {@code evaluate} and {@code predict}, as {@code train} has it:
 * bar (the default) keeps the command's text and, on a terminal, redraws a line on standard
 * error with the examples done; json prints one JSON object per event, one a line: each batch
 * ({@code {"event": "batch", "batch": 1, "examples": 256, "seconds": ..., "threadCpuSeconds": ...}},
 * wall time of everything the command did for it and the CPU time of the thread that did it,
 * {@link BatchTimer}), then the command's result, then {@code {"event": "finished", ...}} with the
 * whole pass (its wall time and the process's CPU time). Benchmarks read the batches
 * (benchmarks/threads/inference.sh).
 */
final class InferenceProgress {

    @Option(names = "--progress", paramLabel = "bar|json", defaultValue = "bar",
            description = "bar: the text below (and a progress line on a terminal); json: one JSON object per event, "
                    + "one a line: each batch with its wall and CPU seconds, the result, then the whole pass "
                    + "(for benchmarks; with a .npy input for predict).")
    String progress;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Whether JSON lines were asked for; a value other than bar or json is a usage error naming the option. */
    boolean json() {
        if (!progress.equals("bar") && !progress.equals("json")) {
            throw new ParameterException(spec.commandLine(), "--progress takes bar or json, not '" + progress + "'");
        }
        return progress.equals("json");
    }

    /** What hears of each batch: a JSON line, a progress line on a terminal, or nothing. */
    BatchTimer.Listener listener(PrintWriter out, PrintWriter err, long total) {
        if (json()) {
            return b -> {
                out.println(json(b));
                out.flush();
            };
        }
        if (System.console() == null) {
            return BatchTimer.Listener.NONE;
        }
        long[] done = {0};
        return b -> {
            done[0] += b.examples();
            err.printf(Locale.ROOT, "\r%,d of %,d examples (%.0f%%)\u001b[K", done[0], total, 100.0 * done[0] / total);
            if (done[0] >= total) {
                err.print("\r\u001b[K");
            }
            err.flush();
        };
    }

    static String json(BatchTimer.Batch b) {
        return "{\"event\": \"batch\", \"batch\": " + b.index() + ", \"examples\": " + b.examples() + ", \"seconds\": "
                + num(b.seconds()) + ", \"threadCpuSeconds\": " + num(b.threadCpuSeconds()) + "}";
    }

    /**
     * The whole pass: {@code {"event": "finished", "examples": N, "batches": B, "batch": size, "seconds": s,
     * "cpuSeconds": c, "examplesPerSecond": r, "threads": T}} and, for predict, the file written and its shape.
     */
    static String finished(BatchTimer timer, int batch, int threads, String output, List<Long> shape) {
        double seconds = timer.seconds();
        double cpu = timer.cpuSeconds();
        return "{\"event\": \"finished\", \"examples\": " + timer.examples() + ", \"batches\": " + timer.batches()
                + ", \"batch\": " + batch + ", \"seconds\": " + num(seconds) + ", \"cpuSeconds\": " + num(cpu)
                + ", \"examplesPerSecond\": " + num(timer.examples() / seconds) + ", \"threads\": " + threads
                + (output == null ? "" : ", \"output\": " + PlainJson.quote(output) + ", \"shape\": "
                + shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"))) + "}";
    }

    private static String num(double d) {
        return Double.isFinite(d) ? PlainJson.number(d) : "null";
    }
}
