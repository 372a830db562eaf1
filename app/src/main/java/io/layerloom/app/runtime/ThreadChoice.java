package io.layerloom.app.runtime;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How many threads ND4J computes with for one command or run, and where that number came from.
 * In order: the command line's {@code --threads N}; the window's stored setting; {@code
 * OMP_NUM_THREADS} in the environment; else the default for the network: one thread when its
 * operations are too small to gain from more ({@link NetworkWork#small}), else every free core:
 * the machine's cores less those the load average says other work keeps busy, at least one.
 * {@code OMP_NUM_THREADS} is a ceiling
 * for the others too, so {@code OMP_NUM_THREADS=1} keeps every command and the window on one core. Pure: choosing loads nothing; {@link #apply}
 * hands the number to ND4J ({@link Dl4jThreads}).
 *
 * <p>Why free cores and not simply all of them: ND4J's OpenMP threads wait for each other at the
 * end of every operation, so one thread that shares its core with another process holds all the
 * others up. On the shared 2-core machine of docs/benchmarks.md ("Threads"), at load averages
 * of 12 to 32, two threads made a training iteration 2 to 7 times slower than one, PyTorch's too.
 * OpenMP's own dynamic mode ({@code OMP_DYNAMIC=true} in libgomp) subtracts the load average the
 * same way. Why one thread for a small network even on free cores: the same wait at every
 * operation's end costs more than the second core saves when the operations are small (LeNet-5
 * trained 38% slower with two threads on a quiet 2-core machine; {@link NetworkWork}).
 *
 * @param threads at least 1
 * @param source  where it came from, as a user reads it ("--threads", "OMP_NUM_THREADS", ...)
 */
public record ThreadChoice(int threads, String source) {

    /** The environment variable OpenMP reads; ND4J's native code follows it at start-up. */
    public static final String ENVIRONMENT = "OMP_NUM_THREADS";

    /** The value of the window's setting (and of a command without a choice) that means the default: every free core, one for a small network. */
    public static final int FREE_CORES = 0;

    /**
     * Training: the forward multiply-adds per batch from which a network trains faster on every
     * free core than on one (docs/benchmarks.md, "Threads (training)", measured with
     * benchmarks/threads/per-network.sh on a quiet 2-core machine, session 11): two threads were
     * slower for the MLP at 64 (6.5 M, 0.72x), LeNet-5 at 64 and 256 (27 M 0.75x, 107 M 0.87x) and the
     * MNIST convnet at 32 and 64 (78 M 0.83x, 156 M 0.82x), faster for MobileNet v1 at 3x64x64
     * (2,967 M, 1.09x), ResNet-18 at 3x64x64 and batch 32 (4,738 M, 1.56x) and the CIFAR ResNet
     * (6,768 M, 1.28x). Between 156 M and 2,967 M, on the side of one thread: a network a little
     * above it gains little, one below it loses up to a quarter. (The MLP at 1,024, 104 M of large
     * matrix products, gained 1.05x: a network of few large operations gains below it.)
     */
    public static final long TRAINING_THRESHOLD = 1_000_000_000L;

    /**
     * Inference ({@code evaluate}, {@code predict}, pruning's evaluations): the same for the forward
     * pass alone. Its own figure, above training's, because on a quiet machine LeNet-5's inference
     * at batch 256 (107 M, above training's threshold) was 12% slower with two threads, while
     * ResNet-18 at 3x64x64, batch 32 (4,738 M) was 1.1-1.5x faster (docs/benchmarks.md, "Inference
     * against PyTorch", session 9; benchmarks/threads/per-network-inference.sh measures it).
     */
    public static final long INFERENCE_THRESHOLD = 300_000_000L;

    public ThreadChoice {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /**
     * The choice for a command or run: {@code option} (the value of {@code --threads}, null when
     * not given), else {@code setting} ({@link #FREE_CORES} or a number of threads), else the
     * environment's {@value #ENVIRONMENT}, else every free core ({@link #freeCores}). A set
     * {@value #ENVIRONMENT} is also a ceiling: ND4J's own thread pool is sized from it at start-up
     * and cannot grow later, and {@code OMP_NUM_THREADS=1} means one core for everything.
     *
     * @param loadAverage the system's load average over the last minute; negative when unknown
     * @throws IllegalArgumentException when {@code option} or {@code setting} is below 1 (and not
     *                                  {@link #FREE_CORES} for the setting); the message names {@code --threads}
     */
    public static ThreadChoice choose(Integer option, Map<String, String> environment, int setting, int cores,
                                      double loadAverage) {
        return choose(option, environment, setting, cores, loadAverage, null);
    }

    /**
     * As {@link #choose(Integer, Map, int, int, double)}, with the network's default: when neither
     * {@code option}, {@code setting} nor the environment decides and {@code work} is small
     * ({@link NetworkWork#small}), one thread, and the reason says so.
     *
     * @param work the network's work per batch; null when unknown (every free core, as before)
     */
    public static ThreadChoice choose(Integer option, Map<String, String> environment, int setting, int cores,
                                      double loadAverage, NetworkWork work) {
        if (option != null && option < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + option
                    + " (this machine has " + cores + (cores == 1 ? " core" : " cores") + ")");
        }
        if (setting < FREE_CORES) {
            throw new IllegalArgumentException("the threads setting must be at least 1 or " + FREE_CORES
                    + " for every free core, got " + setting);
        }
        Optional<Integer> ceiling = fromEnvironment(environment.get(ENVIRONMENT));
        String env = ceiling.map(n -> ENVIRONMENT + "=" + environment.get(ENVIRONMENT).trim()).orElse("");
        ThreadChoice wanted;
        if (option != null) {
            wanted = new ThreadChoice(option, "--threads");
        } else if (setting != FREE_CORES) {
            wanted = new ThreadChoice(setting, "the threads setting");
        } else if (ceiling.isPresent()) {
            return new ThreadChoice(ceiling.get(), env);
        } else {
            return byDefault(cores, loadAverage, work);
        }
        if (ceiling.isPresent() && ceiling.get() < wanted.threads()) {
            return new ThreadChoice(ceiling.get(), env + ", which caps " + wanted.source() + " " + wanted.threads());
        }
        return wanted;
    }

    /** Without a choice: one thread for small work when more would be free, else every free core. */
    private static ThreadChoice byDefault(int cores, double loadAverage, NetworkWork work) {
        int free = freeCores(cores, loadAverage);
        String allOf = cores + (cores == 1 ? " core" : " cores");
        if (work != null && free > 1 && work.small()) {
            return new ThreadChoice(1, String.format(Locale.ROOT, "1 of %s: %s's operations are too small to gain from more "
                    + "(%s; more threads pay from %s)", allOf, work.name(), work.describe(),
                    NetworkWork.millions(work.pass().threshold())));
        }
        String source = free == Math.max(1, cores) ? "every core" : String.format(Locale.ROOT,
                "every free core: %d of %s, load average %.1f", free, allOf, loadAverage);
        if (work != null && free > 1) {
            source += String.format(Locale.ROOT, ": %s's operations are large enough to share (%s)", work.name(), work.describe());
        }
        return new ThreadChoice(free, source);
    }

    /**
     * The cores other work leaves free: {@code cores} less the load average (truncated after
     * adding 0.1, as libgomp's dynamic mode does), at least 1; all of them when the load is unknown.
     */
    public static int freeCores(int cores, double loadAverage) {
        int busy = loadAverage < 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, loadAverage + 0.1);
        return Math.max(1, Math.max(1, cores) - busy);
    }

    /** {@link #choose} with this process's environment, no setting, this machine's cores and load. */
    public static ThreadChoice forCommand(Integer option) {
        return forCommand(option, null);
    }

    /** The same for a network whose work is {@code work} (null: unknown). */
    public static ThreadChoice forCommand(Integer option, NetworkWork work) {
        return forMachine(option, FREE_CORES, work);
    }

    /** {@link #choose} for the window: its stored setting, this process's environment, cores and load. */
    public static ThreadChoice forSetting(int setting) {
        return forMachine(null, setting, null);
    }

    private static ThreadChoice forMachine(Integer option, int setting, NetworkWork work) {
        return choose(option, System.getenv(), setting, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), work);
    }

    /**
     * OpenMP's reading of the variable: its first number (a nested list "4,2" gives 4), empty
     * when unset, blank or not a whole number of at least 1 (OpenMP then uses every core, and so
     * does LayerLoom's default).
     */
    static Optional<Integer> fromEnvironment(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String first = value.split(",", 2)[0].trim();
        try {
            int n = Integer.parseInt(first);
            return n >= 1 ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The variable's value when OpenMP would use it (see {@link #fromEnvironment}), trimmed; else empty. */
    public static Optional<String> fromEnvironmentText(String value) {
        return fromEnvironment(value).map(n -> value.trim());
    }

    /** Hands the number to ND4J (loads it): OpenMP's threads, libnd4j's pool and OpenBLAS's. Returns this. */
    public ThreadChoice apply() {
        Dl4jThreads.use(threads);
        return this;
    }

    /**
     * An executor that runs each task on {@code executor} after setting the threads {@code choice}
     * gives at that moment: OpenMP's thread count belongs to the thread that sets it, so it is set
     * on the thread that computes, for every run (a changed setting counts from the next one).
     */
    public static java.util.concurrent.Executor computingWith(java.util.concurrent.Executor executor,
                                                              java.util.function.Supplier<ThreadChoice> choice) {
        return task -> executor.execute(() -> {
            choice.get().apply();
            task.run();
        });
    }

    /** "2 threads (every core)", as commands and the window say it. */
    public String describe() {
        return String.format(Locale.ROOT, "%d thread%s (%s)", threads, threads == 1 ? "" : "s", source);
    }
}
