package io.layerloom.bench.fuzz;

import io.layerloom.model.fuzz.FuzzCheck;
import io.layerloom.model.fuzz.GraphMutator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The long fuzzing run (issue 12 section 4): mutants of the templates, one after another, for a
 * number of seconds, each checked by {@link FuzzCheck} within a per-file time cap. Prints files
 * per second and what came out, and writes every failure as a reproducer: the file's bytes
 * (FOLDER/seed-N.json) and what broke (FOLDER/seed-N.txt). Exit 1 when anything failed.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.layerloom.bench.fuzz.FuzzRun SECONDS FOLDER [FIRST_SEED] [CAP_MS]</pre>
 */
public final class FuzzRun {

    private FuzzRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("replay")) {
            System.exit(replay(args));
        }
        if (args.length < 2) {
            System.err.println("usage: FuzzRun SECONDS FOLDER [FIRST_SEED] [CAP_MS]  |  FuzzRun replay FILE...");
            System.exit(2);
        }
        long seconds = Long.parseLong(args[0]);
        Path folder = Files.createDirectories(Path.of(args[1]));
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        long capMs = args.length > 3 ? Long.parseLong(args[3]) : 2000;
        System.exit(run(seconds, folder, seed, capMs));
    }

    /** Checks kept reproducers (or any graph files) again, with the time each took: exit 1 while one still fails. */
    static int replay(String[] args) throws IOException {
        int failed = 0;
        for (int i = 1; i < args.length; i++) {
            Path file = Path.of(args[i]);
            long t0 = System.nanoTime();
            Optional<String> failure = FuzzCheck.failure(Files.readAllBytes(file), file.getFileName().toString());
            System.out.printf("%s: %s (%.1f ms)%n", file, failure.map(f -> "FAIL " + f).orElse("ok"),
                    (System.nanoTime() - t0) / 1e6);
            failed += failure.isPresent() ? 1 : 0;
        }
        return failed == 0 ? 0 : 1;
    }

    /** Compiles the reader, the analysis and the writer first (untimed seeds), so the cap judges the code, not the JIT. */
    private static void warmUp() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        for (long seed = -1; System.nanoTime() < end; seed--) {
            FuzzCheck.failure(GraphMutator.mutant(seed).bytes(), "warm-up.json");
        }
    }

    private static final int WARM_UP_SECONDS = 10;

    static int run(long seconds, Path folder, long firstSeed, long capMs) throws IOException, InterruptedException {
        System.out.println("warming up for " + WARM_UP_SECONDS + " s (seeds below 0, not counted)");
        warmUp();
        ExecutorService worker = newWorker();
        Map<FuzzCheck.Outcome, Long> outcomes = new EnumMap<>(FuzzCheck.Outcome.class);
        long failures = 0;
        long files = 0;
        long bytes = 0;
        long slowestNanos = 0;
        String slowest = "";
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long nextReport = start + TimeUnit.SECONDS.toNanos(30);
        long seed = firstSeed;
        for (; System.nanoTime() < end; seed++) {
            GraphMutator.Mutant m = GraphMutator.mutant(seed);
            long t0 = System.nanoTime();
            Future<FuzzCheck.Outcome> f = worker.submit(() -> FuzzCheck.check(m.bytes(), "fuzz.json"));
            Optional<String> failure;
            try {
                outcomes.merge(f.get(capMs, TimeUnit.MILLISECONDS), 1L, Long::sum);
                failure = Optional.empty();
            } catch (TimeoutException e) {
                f.cancel(true);
                worker.shutdownNow();
                worker = newWorker();  // the stuck thread is a daemon; a fresh one goes on
                failure = Optional.of("took more than " + capMs + " ms (the per-file cap)");
            } catch (ExecutionException e) {
                failure = Optional.of(e.getCause().getMessage());
            }
            long took = System.nanoTime() - t0;
            if (took > slowestNanos) {
                slowestNanos = took;
                slowest = m.describe();
            }
            files++;
            bytes += m.bytes().length;
            if (failure.isPresent()) {
                failures++;
                Files.write(folder.resolve("seed-" + seed + ".json"), m.bytes());
                Files.writeString(folder.resolve("seed-" + seed + ".txt"), m.describe() + "\n" + failure.get() + "\n",
                        StandardCharsets.UTF_8);
                System.out.println("FAIL " + m.describe() + ": " + failure.get().lines().findFirst().orElse(""));
            }
            if (System.nanoTime() > nextReport) {
                report(files, bytes, failures, outcomes, System.nanoTime() - start);
                nextReport += TimeUnit.SECONDS.toNanos(30);
            }
        }
        worker.shutdownNow();
        System.out.println("== done: seeds " + firstSeed + " to " + (seed - 1) + ", cap " + capMs + " ms per file");
        report(files, bytes, failures, outcomes, System.nanoTime() - start);
        System.out.printf("slowest file: %.1f ms (%s)%n", slowestNanos / 1e6, slowest);
        System.out.println(failures == 0 ? "no failures" : failures + " failures; reproducers in " + folder.toAbsolutePath());
        return failures == 0 ? 0 : 1;
    }

    private static void report(long files, long bytes, long failures, Map<FuzzCheck.Outcome, Long> outcomes, long nanos) {
        double s = nanos / 1e9;
        System.out.printf("%,d files in %.0f s: %.0f files/s, %.1f MB/s; read %,d, refused %,d, failed %,d%n", files, s,
                files / s, bytes / s / 1e6, outcomes.getOrDefault(FuzzCheck.Outcome.READ, 0L),
                outcomes.getOrDefault(FuzzCheck.Outcome.REFUSED, 0L), failures);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz");
            t.setDaemon(true);
            return t;
        });
    }
}
