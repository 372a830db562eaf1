import io.layerloom.app.data.*;
import io.layerloom.app.runtime.*;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.json.GraphJson;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.datasets.iterator.EarlyTerminationDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * LeNet-5 training (benchmarks/training/lenet5-fashion.json, batch 64, the shipped Fashion-MNIST subset), set up as
 * `train` sets it up (TrainingSetUp), after 20 warm-up iterations: MODE intraT computes with T intra-op threads
 * (what `--threads T` does), MODE pwW trains through DL4J's ParallelWrapper with W workers (data parallel:
 * W copies of the network, parameters averaged every 5 iterations, so it does not compute what one network
 * computes). Prints one JSON line: wall and process CPU seconds of ITERATIONS iterations, the load average.
 * Run by parallel-wrapper.sh; needs deeplearning4j-parallel-wrapper 1.0.0-M2.1 in ~/.m2 (not an app dependency).
 */
public class ParallelWrapperVsThreads {
  public static void main(String[] a) throws Exception {
    Dl4jRuntime.useOneDnn();
    String mode = a[1]; int iterations = Integer.parseInt(a[2]);
    int threads = mode.startsWith("intra") ? Integer.parseInt(mode.substring(5)) : 1;
    Dl4jThreads.use(threads);
    ComputationGraph net = TrainingSetUp.initialise(Dl4jCompiler.compile(GraphJson.read(Path.of(a[0])), 42).require());
    LoadedData train = DataSources.standard().resolve("fashion-mnist-subset", DataSources.Request.defaults().withImageShape(List.of(1L, 28L, 28L))).train();
    DataSetIterator it = new EarlyTerminationDataSetIterator(Dl4jData.shuffled(train, 64, 42, List.of(1L, 28L, 28L)), iterations);
    // warm-up: 20 iterations the same way, not timed
    DataSetIterator warm = new EarlyTerminationDataSetIterator(Dl4jData.shuffled(train, 64, 7, List.of(1L, 28L, 28L)), 20);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ParallelWrapper pw = null;
    if (mode.startsWith("pw")) {
      pw = new ParallelWrapper.Builder<>(net).workers(Integer.parseInt(mode.substring(2))).prefetchBuffer(8)
          .averagingFrequency(5).reportScoreAfterAveraging(false).trainingMode(ParallelWrapper.TrainingMode.AVERAGING).build();
      pw.fit(warm);
    } else {
      net.fit(warm);
    }
    String load0 = new String(java.nio.file.Files.readAllBytes(Path.of("/proc/loadavg"))).split(" ")[0];
    long w0 = System.nanoTime(), c0 = os.getProcessCpuTime();
    if (pw != null) pw.fit(it); else net.fit(it);
    double wall = (System.nanoTime() - w0) / 1e9, cpu = (os.getProcessCpuTime() - c0) / 1e9;
    System.out.printf("{\"mode\": \"%s\", \"iterations\": %d, \"wallSeconds\": %.3f, \"cpuSeconds\": %.3f, \"examplesPerSecond\": %.1f, \"examplesPerCpuSecond\": %.1f, \"load\": %s, \"score\": %.4f}%n",
        mode, iterations, wall, cpu, iterations * 64 / wall, iterations * 64 / cpu, load0, net.score());
    if (pw != null) pw.shutdown();
    System.exit(0);
  }
}
