package io.layerloom.app.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which threads a command or run computes with, and why: the order of choice, never a timing. */
class ThreadChoiceTest {

    private static final Map<String, String> NO_ENV = Map.of();
    private static final int FREE = ThreadChoice.FREE_CORES;

    @Test
    void theOptionWinsOverTheSettingAndTheEnvironmentIsTheCeiling() {
        assertEquals(new ThreadChoice(3, "--threads"), ThreadChoice.choose(3, NO_ENV, 2, 8, 0));
        assertEquals(new ThreadChoice(3, "--threads"), ThreadChoice.choose(3, Map.of("OMP_NUM_THREADS", "4"), 2, 8, 0));
        assertEquals(new ThreadChoice(1, "OMP_NUM_THREADS=1, which caps --threads 3"),
                ThreadChoice.choose(3, Map.of("OMP_NUM_THREADS", "1"), 2, 8, 0));
    }

    @Test
    void ompNumThreadsOneMeansOneThreadWhateverTheSettingAndTheCores() {
        assertEquals(new ThreadChoice(1, "OMP_NUM_THREADS=1, which caps the threads setting 4"),
                ThreadChoice.choose(null, Map.of("OMP_NUM_THREADS", "1"), 4, 8, 0));
        assertEquals(new ThreadChoice(6, "OMP_NUM_THREADS=6"), ThreadChoice.choose(null, Map.of("OMP_NUM_THREADS", "6"), FREE, 8, 5));
        assertEquals(new ThreadChoice(1, "OMP_NUM_THREADS=1"), ThreadChoice.choose(null, Map.of("OMP_NUM_THREADS", " 1 "), FREE, 8, 0));
    }

    @Test
    void theEnvironmentIsReadAsOpenMpReadsIt() {
        assertEquals(Optional.of(4), ThreadChoice.fromEnvironment("4,2")); // nested levels: the outer one
        assertEquals(Optional.empty(), ThreadChoice.fromEnvironment(null));
        assertEquals(Optional.empty(), ThreadChoice.fromEnvironment(""));
        assertEquals(Optional.empty(), ThreadChoice.fromEnvironment("0"));
        assertEquals(Optional.empty(), ThreadChoice.fromEnvironment("many"));
        // a value OpenMP ignores is ignored here too: the setting decides
        assertEquals(new ThreadChoice(2, "the threads setting"), ThreadChoice.choose(null, Map.of("OMP_NUM_THREADS", "x"), 2, 8, 0));
    }

    @Test
    void theSettingDecidesWithoutOptionOrEnvironment() {
        assertEquals(new ThreadChoice(2, "the threads setting"), ThreadChoice.choose(null, NO_ENV, 2, 8, 7.5));
    }

    @Test
    void byDefaultEveryCoreOtherWorkLeavesFree() {
        assertEquals(new ThreadChoice(8, "every core"), ThreadChoice.choose(null, NO_ENV, FREE, 8, 0.85));
        assertEquals(new ThreadChoice(8, "every core"), ThreadChoice.choose(null, NO_ENV, FREE, 8, -1)); // load unknown
        ThreadChoice busy = ThreadChoice.choose(null, NO_ENV, FREE, 8, 2.95);
        assertEquals(5, busy.threads());
        assertEquals("5 threads (every free core: 5 of 8 cores, load average 3.0)", busy.describe());
        assertEquals(1, ThreadChoice.choose(null, NO_ENV, FREE, 2, 12.3).threads());
    }

    @Test
    void freeCoresFollowLibgompsDynamicRule() {
        assertEquals(2, ThreadChoice.freeCores(2, 0.89));
        assertEquals(1, ThreadChoice.freeCores(2, 0.9));
        assertEquals(1, ThreadChoice.freeCores(2, 1e300));
        assertEquals(1, ThreadChoice.freeCores(0, 0));
        assertEquals(4, ThreadChoice.freeCores(4, -1));
    }

    @Test
    void aBadOptionIsRefusedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThreadChoice.choose(0, NO_ENV, FREE, 2, 0));
        assertTrue(e.getMessage().startsWith("--threads must be at least 1, got 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ThreadChoice.choose(-3, NO_ENV, FREE, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> ThreadChoice.choose(null, NO_ENV, -1, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new ThreadChoice(0, "nothing"));
    }

    // the network's default: one thread below the threshold, every free core from it on

    private static final NetworkWork LENET5 = new NetworkWork("LeNet-5", 416_520, 64, NetworkWork.Pass.TRAINING);
    private static final NetworkWork RESNET = new NetworkWork("CIFAR ResNet", 105_743_616, 64, NetworkWork.Pass.TRAINING);

    private static NetworkWork training(long macsPerBatch) {
        return new NetworkWork("net", macsPerBatch, 1, NetworkWork.Pass.TRAINING);
    }

    @Test
    void aSmallNetworkComputesOnOneCoreAndSaysWhy() {
        ThreadChoice lenet = ThreadChoice.choose(null, NO_ENV, FREE, 2, 0.2, LENET5);

        assertEquals(1, lenet.threads());
        assertEquals("1 thread (1 of 2 cores: LeNet-5's operations are too small to gain from more (0.4 M multiply-adds "
                + "per example, 27 M a batch of 64; more threads pay from "
                + NetworkWork.millions(ThreadChoice.TRAINING_THRESHOLD) + "))", lenet.describe());
    }

    @Test
    void aLargeNetworkComputesOnEveryFreeCoreAndSaysWhy() {
        assertEquals("2 threads (every core: CIFAR ResNet's operations are large enough to share (106 M multiply-adds per "
                + "example, 6,768 M a batch of 64))", ThreadChoice.choose(null, NO_ENV, FREE, 2, 0.2, RESNET).describe());
        assertEquals(new ThreadChoice(5, "every free core: 5 of 8 cores, load average 3.0: CIFAR ResNet's operations are "
                + "large enough to share (106 M multiply-adds per example, 6,768 M a batch of 64)"),
                ThreadChoice.choose(null, NO_ENV, FREE, 8, 2.95, RESNET));
    }

    @Test
    void theThresholdIsTheFirstBatchThatGetsEveryCore() {
        long t = ThreadChoice.TRAINING_THRESHOLD;
        assertEquals(1, ThreadChoice.choose(null, NO_ENV, FREE, 4, 0, training(t - 1)).threads());
        assertEquals(4, ThreadChoice.choose(null, NO_ENV, FREE, 4, 0, training(t)).threads());
        // the work of a batch, not of an example: LeNet-5's example times a large enough batch gets every core
        long batch = t / LENET5.macsPerExample() + 1;
        assertEquals(4, ThreadChoice.choose(null, NO_ENV, FREE, 4, 0,
                new NetworkWork("LeNet-5", LENET5.macsPerExample(), (int) batch, NetworkWork.Pass.TRAINING)).threads());
    }

    @Test
    void inferenceHasItsOwnThreshold() {
        long t = ThreadChoice.INFERENCE_THRESHOLD;
        assertEquals(1, ThreadChoice.choose(null, NO_ENV, FREE, 2, 0,
                new NetworkWork("net", t - 1, 1, NetworkWork.Pass.INFERENCE)).threads());
        assertEquals(2, ThreadChoice.choose(null, NO_ENV, FREE, 2, 0,
                new NetworkWork("net", t, 1, NetworkWork.Pass.INFERENCE)).threads());
    }

    @Test
    void theOptionTheSettingAndTheEnvironmentStillDecideBeforeTheNetwork() {
        assertEquals(new ThreadChoice(2, "--threads"), ThreadChoice.choose(2, NO_ENV, FREE, 2, 0, LENET5));
        assertEquals(new ThreadChoice(2, "the threads setting"), ThreadChoice.choose(null, NO_ENV, 2, 2, 0, LENET5));
        assertEquals(new ThreadChoice(2, "OMP_NUM_THREADS=2"),
                ThreadChoice.choose(null, Map.of("OMP_NUM_THREADS", "2"), FREE, 2, 0, LENET5));
        // OMP_NUM_THREADS=1 is one core in all, a large network too
        assertEquals(new ThreadChoice(1, "OMP_NUM_THREADS=1"),
                ThreadChoice.choose(null, Map.of("OMP_NUM_THREADS", "1"), FREE, 8, 0, RESNET));
        assertEquals(new ThreadChoice(1, "OMP_NUM_THREADS=1, which caps --threads 2"),
                ThreadChoice.choose(2, Map.of("OMP_NUM_THREADS", "1"), FREE, 8, 0, RESNET));
    }

    @Test
    void aBusyMachineOrAnUnknownNetworkKeepTheFreeCoreRule() {
        // one free core: the load decides, and says so, whatever the network
        assertEquals("1 thread (every free core: 1 of 2 cores, load average 1.5)",
                ThreadChoice.choose(null, NO_ENV, FREE, 2, 1.5, LENET5).describe());
        assertEquals(new ThreadChoice(1, "every core"), ThreadChoice.choose(null, NO_ENV, FREE, 1, 0, LENET5));
        assertEquals(new ThreadChoice(2, "every core"), ThreadChoice.choose(null, NO_ENV, FREE, 2, 0, null));
    }
}
