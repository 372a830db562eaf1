package io.layerloom.app.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** A choice of threads reaches ND4J: OpenMP's count, libnd4j's pool and OpenBLAS's, on the thread that computes. */
class ThreadsReachNd4jTest {

    @AfterEach
    void backToOne() {
        Dl4jThreads.use(1); // surefire runs every test with OMP_NUM_THREADS=1
    }

    @Test
    void applyingAChoiceSetsEveryPoolOfNd4j() {
        new ThreadChoice(2, "--threads").apply();

        assertEquals(2, Dl4jThreads.current(), "OpenMP");
        assertEquals(2, Nd4j.factory().blas().getMaxThreads(), "OpenBLAS");
        // libnd4j sizes its own pool at start-up from OMP_NUM_THREADS (1 under surefire) and never
        // grows it: why ThreadChoice treats a set OMP_NUM_THREADS as a ceiling
        assertEquals(1, Nd4j.getEnvironment().maxThreads(), "libnd4j's pool, as large as it started");

        new ThreadChoice(1, "--threads").apply();
        assertEquals(1, Dl4jThreads.current());
        assertEquals(1, Nd4j.factory().blas().getMaxThreads());
        assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
    }

    @Test
    void theChoiceIsSetOnTheThreadThatRunsTheWork() throws Exception {
        Dl4jThreads.use(1);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            AtomicInteger seen = new AtomicInteger();
            AtomicInteger asked = new AtomicInteger();
            ThreadChoice.computingWith(worker, () -> {
                asked.incrementAndGet();
                return new ThreadChoice(2, "the threads setting");
            }).execute(() -> seen.set(Dl4jThreads.current()));
            worker.submit(() -> { }).get(30, TimeUnit.SECONDS);

            assertEquals(2, seen.get(), "OpenMP's count on the worker");
            assertEquals(1, asked.get(), "asked once per task, when it starts");
            assertEquals(1, Dl4jThreads.current(), "OpenMP's count belongs to each thread: the caller's is unchanged");
        } finally {
            worker.shutdownNow();
        }
    }
}
