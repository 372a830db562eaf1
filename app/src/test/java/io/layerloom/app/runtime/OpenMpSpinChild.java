package io.layerloom.app.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link OpenMpSpinTest}'s process: computes with two threads, and prints the CPU time per parallel
 * operation that OpenMP's other thread spends while this thread sleeps between operations.
 */
public final class OpenMpSpinChild {

    private OpenMpSpinChild() {
    }

    public static void main(String[] args) throws Exception {
        Dl4jThreads.use(2);
        INDArray a = Nd4j.rand(DataType.FLOAT, 1 << 21);
        for (int i = 0; i < 20; i++) {
            a.addi(1e-7f);
        }
        int rounds = 40;
        long before = openMpThreadsNanos();
        for (int i = 0; i < rounds; i++) {
            a.addi(1e-7f);
            Thread.sleep(20);
        }
        System.out.println("nanos per operation " + (openMpThreadsNanos() - before) / rounds);
    }

    /**
     * CPU time of the OpenMP threads this thread started: the threads named as this one is (a native
     * thread inherits its creator's name; the JVM names its own), less this one and the launcher's.
     */
    private static long openMpThreadsNanos() throws IOException {
        String self = Path.of("/proc/thread-self").toRealPath().getFileName().toString();
        String name = Files.readString(Path.of("/proc/thread-self/comm")).strip();
        String pid = String.valueOf(ProcessHandle.current().pid());
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                String tid = t.getFileName().toString();
                if (tid.equals(self) || tid.equals(pid) || !Files.readString(t.resolve("comm")).strip().equals(name)) {
                    continue;
                }
                sum += Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]);
            }
        }
        return sum;
    }
}
