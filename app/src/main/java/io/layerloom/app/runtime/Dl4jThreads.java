package io.layerloom.app.runtime;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads ND4J computes with. At start-up that is {@code OMP_NUM_THREADS} (the launcher
 * sets 1 unless the user chose otherwise; docs/benchmarks.md explains why); {@link #use} changes
 * it for the rest of the process: OpenMP's threads (oneDNN and libnd4j's loops), libnd4j's own
 * thread pool and OpenBLAS's; with more than one, OpenMP's idle threads spin briefly ({@link OpenMpSpin}).
 * Loads ND4J.
 */
public final class Dl4jThreads {

    private Dl4jThreads() {
    }

    /** The threads ND4J uses now (OpenMP's maximum, which its operations follow). */
    public static int current() {
        Nd4j.getEnvironment(); // NativeOpsHolder reads properties only ND4J's start-up sets
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    /** Computes with {@code threads} threads from now on (at least 1). */
    public static void use(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        OpenMpSpin.shorten(threads);
    }
}
