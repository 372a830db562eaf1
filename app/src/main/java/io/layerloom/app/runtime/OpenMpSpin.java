package io.layerloom.app.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Keeps OpenMP's idle threads from spinning through the Java work between ND4J's operations when
 * ND4J computes with more than one thread. Reason: libnd4j and oneDNN run on GNU OpenMP (libgomp,
 * bundled with nd4j-native), whose idle threads busy-wait for the next parallel region up to
 * {@code GOMP_SPINCOUNT} times, 300,000 when neither it nor {@code OMP_WAIT_POLICY} is set: about 5
 * ms on this machine after every parallel operation. With two threads on two cores that spinning
 * thread held the second core while {@link ChannelPasses} shared a batch normalisation's channels
 * over both (the idle thread burned 4.3-5.5 ms of CPU per 4 ms pass), so batch normalisation got
 * slower with two threads (docs/benchmarks.md, session 11), and on a busy machine every operation's
 * end waited for descheduled spinners.
 * <p>
 * libgomp spins only 100 times when it manages more threads than the process may run on CPUs (its
 * documented rule for {@code GOMP_SPINCOUNT}), and it counts every thread it keeps, idle ones too.
 * So a daemon thread here runs one parallel ND4J operation with as many threads as the training's
 * and then waits for good: its idle OpenMP team stays, the count exceeds the CPUs whenever two teams
 * of that size do not fit beside each other, and the training's idle threads sleep (futex) after 100
 * spins. The environment still decides: nothing is done when {@code OMP_WAIT_POLICY} or
 * {@code GOMP_SPINCOUNT} is set. Turned off with {@code -Dlayerloom.ompShortSpin=false}. Removal: when
 * ND4J runs its operations on a thread pool that sleeps when idle, or the launcher sets
 * {@code OMP_WAIT_POLICY} for every way LayerLoom starts.
 */
final class OpenMpSpin {

    /** -D switch: "false" leaves libgomp's idle threads spinning as long as its default says. */
    static final String SWITCH = "layerloom.ompShortSpin";

    /** Elements of the operation the team is formed by: split over every thread by libnd4j's thresholds. */
    private static final int ELEMENTS = 1 << 21;

    private static ExecutorService holder;
    private static int team = 1;

    private OpenMpSpin() {
    }

    /** Whether this process shortens the spinning: not switched off, and the environment does not choose. */
    static boolean on() {
        return !"false".equalsIgnoreCase(System.getProperty(SWITCH)) && System.getenv("OMP_WAIT_POLICY") == null
                && System.getenv("GOMP_SPINCOUNT") == null;
    }

    /**
     * Forms (once for each larger count) an idle OpenMP team of {@code threads} on a thread of its own,
     * when {@code threads} exceeds 1 and {@link #on}. Waits until it is formed. Returns the largest team formed.
     */
    static synchronized int shorten(int threads) {
        if (threads <= team || !on()) {
            return team;
        }
        if (holder == null) {
            holder = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "layerloom-openmp-team");
                t.setDaemon(true);
                return t;
            });
        }
        try {
            holder.submit(() -> {
                // this thread's own OpenMP count (Dl4jThreads.use would also change ND4J's global ones)
                NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
                Nd4j.zeros(DataType.FLOAT, Math.max(ELEMENTS, threads * (1 << 18))).addi(1f);
            }).get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("could not form the idle OpenMP team of " + threads + " threads", e);
        }
        team = threads;
        return team;
    }
}
