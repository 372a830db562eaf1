package io.layerloom.app.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Shares {@link ChannelPasses}' channels among as many threads as ND4J computes with: the calling
 * thread and helpers of a small pool of daemon threads, each taking the next channel until none is
 * left. Reason: the common fork-join pool is as large as the machine less one, whatever thread count
 * was chosen, and is shared with everything else in the process; here the count is the training's,
 * and a helper that the system does not schedule (a busy machine) delays nothing, because the caller
 * takes the channels it has not begun. Each channel's result is computed by one thread, in the same
 * order as on one thread: the results do not depend on the thread count. Turned off with
 * {@code -Dlayerloom.channelWorkers=false} (the common fork-join pool, as before).
 */
final class ChannelWorkers {

    /** -D switch: "false" shares the channels on the common fork-join pool. */
    static final String SWITCH = "layerloom.channelWorkers";

    private static ExecutorService helpers;
    private static int helperCount;

    private ChannelWorkers() {
    }

    static boolean on() {
        return !"false".equalsIgnoreCase(System.getProperty(SWITCH));
    }

    /** {@code body} for each of {@code count} items, on {@code threads} threads (the caller one of them). */
    static void forEach(int count, int threads, IntConsumer body) {
        int sharing = Math.min(threads, count);
        if (sharing <= 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        if (!on()) {
            IntStream.range(0, count).parallel().forEach(body);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable take = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    body.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        ExecutorService pool = helpers(sharing - 1);
        for (int h = 1; h < sharing; h++) {
            pool.execute(take);
        }
        take.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while helpers computed channels", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** A pool of at least {@code count} daemon threads (one pool, grown when a larger count is asked). */
    private static synchronized ExecutorService helpers(int count) {
        if (helpers == null || helperCount < count) {
            ExecutorService old = helpers;
            helpers = Executors.newFixedThreadPool(count, r -> {
                Thread t = new Thread(r, "layerloom-channels");
                t.setDaemon(true);
                return t;
            });
            helperCount = count;
            if (old != null) {
                old.shutdown();
            }
        }
        return helpers;
    }
}
