package io.layerloom.app.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenMpSpin}: with two threads, OpenMP's idle thread no longer spins for milliseconds after
 * each operation (measured in a process of its own, started without {@code OMP_NUM_THREADS=1}).
 */
class OpenMpSpinTest {

    @Test
    void theIdleOpenMpThreadSleepsInsteadOfSpinning() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2 && Files.isReadable(Path.of("/proc/thread-self/schedstat")),
                "two cores and Linux's per-thread CPU times");
        long spinning = idleNanos("-D" + OpenMpSpin.SWITCH + "=false");
        long shortened = idleNanos("-D" + OpenMpSpin.SWITCH + "=true");
        // libgomp's default spins about 300,000 times (several ms here); 100 spins and the operation's own half are far less
        assertTrue(spinning > 500_000, "the idle thread spins with libgomp's default: " + spinning + " ns per operation");
        assertTrue(shortened * 4 < spinning, "spinning shortened: " + shortened + " ns per operation against " + spinning);
    }

    private static long idleNanos(String option) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:+UseSerialGC", option, OpenMpSpinChild.class.getName()));
        pb.environment().put("OMP_NUM_THREADS", "2");
        pb.environment().remove("OMP_WAIT_POLICY");
        pb.environment().remove("GOMP_SPINCOUNT");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), out);
        assertEquals(0, p.exitValue(), out);
        String prefix = "nanos per operation ";
        return out.lines().filter(l -> l.startsWith(prefix)).mapToLong(l -> Long.parseLong(l.substring(prefix.length()))).findFirst()
                .orElseThrow(() -> new AssertionError("no \"" + prefix + "\" in\n" + out));
    }
}
