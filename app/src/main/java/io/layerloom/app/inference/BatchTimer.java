package io.layerloom.app.inference;

import java.lang.management.ManagementFactory;

/**
 * Times the batches of an inference pass ({@code evaluate}, {@code predict}) so that a figure
 * taken on a shared machine can be read by its CPU cost too: each batch's wall time and the CPU
 * time of the thread that ran it (to the nanosecond; ND4J computes on that thread when it has
 * one thread, with more its other threads are not counted), and for the whole pass the process's
 * CPU time (every thread: ND4J's, the JIT compiler's, the collector's; counted by the system in
 * steps of 10 ms). Not thread-safe: one pass, one timer, on the thread that runs the batches.
 */
public final class BatchTimer {

    /** One batch's figures, as {@code --progress json} prints them. */
    public record Batch(int index, int examples, double seconds, double threadCpuSeconds) {
    }

    /** Receives each batch as it ends. */
    public interface Listener {
        void batch(Batch batch);

        Listener NONE = b -> { };
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os ? os : null;

    private final Listener listener;
    private final long started;
    private final long startedCpu;
    private long batchStart;
    private long batchStartCpu;
    private int batches;
    private long examples;

    /** Starts the pass's clock now. */
    public BatchTimer(Listener listener) {
        this.listener = listener;
        started = System.nanoTime();
        startedCpu = cpuNanos();
        batchStart = started;
        batchStartCpu = threadCpuNanos();
    }

    /** Ends the batch that began when the previous one ended (or when the pass began) and reports it. */
    public void batchDone(int size) {
        long now = System.nanoTime();
        long cpu = threadCpuNanos();
        batches++;
        examples += size;
        listener.batch(new Batch(batches, size, (now - batchStart) / 1e9, (cpu - batchStartCpu) / 1e9));
        batchStart = now;
        batchStartCpu = cpu;
    }

    public int batches() {
        return batches;
    }

    public long examples() {
        return examples;
    }

    /** Wall seconds since the pass began. */
    public double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** The process's CPU seconds since the pass began (NaN where the JVM cannot tell). */
    public double cpuSeconds() {
        return OS == null ? Double.NaN : (cpuNanos() - startedCpu) / 1e9;
    }

    private static long threadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    private static long cpuNanos() {
        return OS == null ? 0 : OS.getProcessCpuTime();
    }
}
