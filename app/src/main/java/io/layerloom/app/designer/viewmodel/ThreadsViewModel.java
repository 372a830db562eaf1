package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.runtime.NetworkWork;
import io.layerloom.app.runtime.ThreadChoice;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.prefs.Preferences;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The window's Run > Threads setting: how many threads ND4J trains and profiles with, {@link
 * ThreadChoice#FREE_CORES} (the default: every core that other work leaves free, one for a network
 * whose operations are too small to gain from more) or a number.
 * Kept in the user's preferences beside the theme; {@code OMP_NUM_THREADS} in the environment
 * caps it, as on the command line. Read by the training and profiling services when a run
 * starts ({@link #choice}), on their own threads: the setting is a plain value, not a JavaFX one
 * for them.
 */
public final class ThreadsViewModel {

    /** The preference key, in the designer's preferences node. */
    public static final String KEY = "threads";

    /** Where the setting lives between runs. */
    public interface Store {
        int load();

        void store(int setting);

        /** In the user's Java preferences; a broken store only loses the setting. */
        static Store preferences(Preferences node) {
            return new Store() {
                @Override
                public int load() {
                    return node.getInt(KEY, ThreadChoice.FREE_CORES);
                }

                @Override
                public void store(int setting) {
                    node.putInt(KEY, setting);
                }
            };
        }

        /** Forgets it when the application ends: for tests. */
        static Store inMemory() {
            int[] held = {ThreadChoice.FREE_CORES};
            return new Store() {
                @Override
                public int load() {
                    return held[0];
                }

                @Override
                public void store(int setting) {
                    held[0] = setting;
                }
            };
        }
    }

    private final IntegerProperty setting = new SimpleIntegerProperty(this, "setting");
    private volatile int current;
    private final Map<String, String> environment;
    private final int cores;
    private final DoubleSupplier loadAverage;
    private volatile Supplier<Optional<NetworkWork>> openGraph = Optional::empty;

    public ThreadsViewModel(Store store, Map<String, String> environment, int cores, DoubleSupplier loadAverage) {
        Objects.requireNonNull(store, "store");
        this.environment = Map.copyOf(environment);
        this.cores = Math.max(1, cores);
        this.loadAverage = Objects.requireNonNull(loadAverage, "loadAverage");
        int stored = store.load();
        current = stored >= ThreadChoice.FREE_CORES && stored <= this.cores ? stored : ThreadChoice.FREE_CORES;
        setting.set(current);
        setting.addListener((o, was, is) -> {
            int value = is.intValue();
            if (value < ThreadChoice.FREE_CORES || value > this.cores) {
                setting.set(was.intValue());
                return;
            }
            current = value;
            store.store(value);
        });
    }

    /** This process's environment, cores and load average. */
    public static ThreadsViewModel forMachine(Store store) {
        return new ThreadsViewModel(store, System.getenv(), Runtime.getRuntime().availableProcessors(),
                () -> java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** {@link ThreadChoice#FREE_CORES} or 1 to the machine's cores; other values are refused (left as they were). */
    public IntegerProperty settingProperty() {
        return setting;
    }

    public int cores() {
        return cores;
    }

    /** {@code OMP_NUM_THREADS=...} when the environment sets it: the most threads any setting gets. */
    public Optional<String> environmentOverride() {
        return ThreadChoice.fromEnvironmentText(environment.get(ThreadChoice.ENVIRONMENT))
                .map(v -> ThreadChoice.ENVIRONMENT + "=" + v);
    }

    /** The threads a run starting now computes with, its network unknown; callable from any thread. */
    public ThreadChoice choice() {
        return choice(null);
    }

    /**
     * The threads a run of a network whose work is {@code work} (null: unknown) computes with if it
     * starts now: with the default setting one thread for a small network ({@link NetworkWork#small});
     * callable from any thread.
     */
    public ThreadChoice choice(NetworkWork work) {
        return ThreadChoice.choose(null, environment, current, cores, loadAverage.getAsDouble(), work);
    }

    /** Where {@link #forOpenGraph} finds the open graph's work (the composition root sets it). */
    public void follow(Supplier<Optional<NetworkWork>> openGraph) {
        this.openGraph = Objects.requireNonNull(openGraph, "openGraph");
    }

    /**
     * What the open graph's training would compute with now and why, as Run > Threads shows it
     * ("1 thread (1 of 2 cores: LeNet-5's operations are too small ...)"); empty without a graph
     * whose cost is known.
     */
    public Optional<ThreadChoice> forOpenGraph() {
        return openGraph.get().map(this::choice);
    }
}
