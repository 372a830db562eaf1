package io.layerloom.bench.training;

import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.Dl4jData;
import io.layerloom.app.data.LoadedData;
import io.layerloom.model.training.TrainingSettings;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.app.training.TrainingService;
import io.layerloom.codegen.dl4j.Construction;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.Dl4jTraining;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Training throughput of LeNet-5 on the shipped Fashion-MNIST subset, in one JVM:
 * <ol>
 *   <li>the network compiled by LayerLoom ({@link Dl4jCompiler}) against the same network written by hand with
 *       DL4J's builder API, same batches, alternating A/B, B/A over several rounds (aim: ratio at least 0.97);</li>
 *   <li>{@link TrainingService} with a listener that does nothing against a plain {@code net.fit} loop over the
 *       same batches (aim: at most 3% overhead), timed from the first to the last iteration;</li>
 *   <li>data preparation ({@link Dl4jData}) timed on its own;</li>
 *   <li>the event stream's own cost, accounted inside one service run (see {@link #streamAccounting});</li>
 *   <li>LayerLoom's training set-up ({@link TrainingSetUp}: pooling on libnd4j's kernels, no input gradient in the
 *       first convolution, the pre-activation cache) against the same configuration as DL4J runs it by itself, same batches,
 *       alternating.</li>
 * </ol>
 * Both sides of the first comparison get LayerLoom's set-up, so that it compares the configurations alone.
 * Run (after {@code mvn -B -q -DskipTests install -pl benchmarks -am}):
 * <pre>
 * OMP_NUM_THREADS=1 java -cp benchmarks/target/classes:app/target/layerloom-app.jar \
 *     io.layerloom.bench.training.TrainingThroughput [--graph FILE] [--rounds N] [--batches N] [--warmup N]
 *     [--stream-batches N] [--set-up-only]
 * </pre>
 * Each round fits {@code --batches} batches (default 20) with each network, in alternating order; short rounds
 * interleave the two closely, so load from other processes falls on both. The event-stream comparison runs
 * {@code --rounds / 3} rounds (at least 2) of {@code 3 * --batches} batches.
 * <pre>
 * </pre>
 * Put another nd4j-native classifier jar (and its {@code -Djavacpp.platform.extension}) first on the class path to
 * measure another native build; see docs/benchmarks-history.md, "Training (DL4J)", "Commands".
 */
public final class TrainingThroughput {

    /** Adam at 1e-3, the optimizer every measured network trains with. */
    private static final Construction ADAM = Dl4jTraining.updater(TrainingSettings.Optimizer.ADAM, 1e-3);

    private TrainingThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path graphFile = Path.of("benchmarks/training/lenet5-fashion.json");
        int rounds = 12;
        int batches = 20;
        int warmup = 30;
        int streamBatches = 150;
        int batchSize = 64;
        long seed = 42;
        boolean setUpOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--graph" -> graphFile = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--batches" -> batches = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--stream-batches" -> streamBatches = Integer.parseInt(args[++i]);
                case "--set-up-only" -> setUpOnly = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        System.out.printf("backend %s, blas %s, OMP_NUM_THREADS=%s, javacpp.platform.extension=%s, "
                        + "org.eclipse.deeplearning4j.helpers.disable=%s, helpersAllowed=%s%n",
                env.getProperty("backend"), env.getProperty("blas.vendor"), System.getenv("OMP_NUM_THREADS"),
                System.getProperty("javacpp.platform.extension", ""),
                System.getProperty("org.eclipse.deeplearning4j.helpers.disable", "(unset: true)"),
                Nd4j.getEnvironment().helpersAllowed());

        Graph graph = GraphJson.read(graphFile);
        DataSplit split = DataSources.standard().resolve(DataSources.FASHION_SUBSET,
                DataSources.Request.defaults().withSeed(seed));
        LoadedData train = split.train();

        // Data preparation on its own: one epoch of shuffled batches, as TrainingService gets them.
        List<DataSet> all = new ArrayList<>();
        DataSetIterator it = Dl4jData.shuffled(train, batchSize, seed, train.exampleShape());
        long t0 = System.nanoTime();
        while (it.hasNext()) {
            all.add((DataSet) it.next());
        }
        double prepSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("data preparation: %d batches of %d in %.3f s, %.3f ms per batch%n", all.size(), batchSize,
                prepSeconds, prepSeconds * 1e3 / all.size());

        if (setUpOnly) {
            setUp(Dl4jCompiler.compile(graph, seed, ADAM).require(), all, rounds, batches, warmup);
            return;
        }
        ComputationGraph compiled = TrainingSetUp.initialise(Dl4jCompiler.compile(graph, seed, ADAM).require());
        ComputationGraph hand = TrainingSetUp.build(() -> {
            ComputationGraph net = new ComputationGraph(handWritten(seed));
            net.init();
            return net;
        });
        System.out.printf("parameters: LayerLoom %,d, hand-written %,d; conv helper: %s%n", compiled.numParams(),
                hand.numParams(), helperOf(compiled, "c1"));

        alternate("LayerLoom", compiled, "hand-written", hand, all, rounds, batches, warmup, " (aim >= 0.97)");

        // Event-stream cost: TrainingService (no-op listener) vs plain fit, same batches, first to last iteration.
        // The service builds a fresh network for each run, so the plain loop does too: a new network's first
        // iterations are slower (ND4J sizes its workspaces), and a warmed network would flatter the plain loop.
        List<DataSet> slice = all.subList(0, Math.min(all.size(), 3 * batches + 1));
        TrainingSettings config = TrainingSettings.of(1, batchSize, 1e-3, TrainingSettings.Optimizer.ADAM, seed);
        int serviceRounds = Math.max(2, rounds / 3);
        double[] svc = new double[serviceRounds];
        double[] plain = new double[serviceRounds];
        for (int r = 0; r < serviceRounds; r++) {
            if (r % 2 == 0) {
                svc[r] = service(graph, slice, config, train.classNames());
                plain[r] = plainFit(fresh(graph, seed), slice);
            } else {
                plain[r] = plainFit(fresh(graph, seed), slice);
                svc[r] = service(graph, slice, config, train.classNames());
            }
            System.out.printf("round %d: TrainingService %.0f examples/s, plain fit %.0f examples/s, overhead %.1f%%%n",
                    r + 1, svc[r], plain[r], 100 * (plain[r] / svc[r] - 1));
        }
        System.out.printf("TrainingService vs plain fit: median %.0f vs %.0f examples/s, overhead %.1f%% (aim <= 3%%)%n",
                median(svc), median(plain), 100 * (median(plain) / median(svc) - 1));

        streamAccounting(graph, all.subList(0, Math.min(all.size(), streamBatches + 1)), config, train.classNames());
        setUp(Dl4jCompiler.compile(graph, seed, ADAM).require(), all, rounds, batches, warmup);
    }

    /**
     * LayerLoom's training set-up against DL4J's own handling of the same configuration (oneDNN wherever ND4J has
     * it, the input's gradient computed), same batches, alternating order; examples per second of wall time.
     */
    private static void setUp(ComputationGraphConfiguration conf, List<DataSet> all, int rounds, int batches,
                              int warmup) {
        ComputationGraph dl4j = new ComputationGraph(conf.clone());
        dl4j.init();
        ComputationGraph layerloom = TrainingSetUp.initialise(conf.clone());
        alternate("LayerLoom set-up", layerloom, "DL4J by itself", dl4j, all, rounds, batches, warmup, "");
    }

    /**
     * Fits both networks over the same batches, {@code batches} at a time, in alternating order (A/B, B/A, ...),
     * after {@code warmup} batches each; prints each round and the medians in examples per second of wall time.
     */
    private static void alternate(String nameA, ComputationGraph a, String nameB, ComputationGraph b, List<DataSet> all,
                                  int rounds, int batches, int warmup, String aim) {
        fit(a, all, 0, warmup);
        fit(b, all, 0, warmup);
        double[] ra = new double[rounds];
        double[] rb = new double[rounds];
        int offset = warmup;
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                ra[r] = fit(a, all, offset, batches);
                rb[r] = fit(b, all, offset, batches);
            } else {
                rb[r] = fit(b, all, offset, batches);
                ra[r] = fit(a, all, offset, batches);
            }
            offset += batches;
            System.out.printf("round %d: %s %.0f examples/s, %s %.0f examples/s, ratio %.3f%n", r + 1, nameA, ra[r],
                    nameB, rb[r], ra[r] / rb[r]);
        }
        System.out.printf("%s vs %s: median %.0f vs %.0f examples/s, ratio %.3f%s%n", nameA, nameB, median(ra),
                median(rb), median(ra) / median(rb), aim);
    }

    /**
     * The event stream's cost measured inside one service run, so that neither other processes nor a fresh
     * network's first iterations can be mistaken for it: each Iteration event carries its own fit time
     * (examples / examples per second), so the wall time between the first and the last event minus the
     * fit times is everything the service does outside {@code net.fit}: taking the batch, the pause check,
     * reading the score, building and publishing the event, and the listener. Twice: with a listener that
     * does nothing ("off") and with one that renders every event as a JSON line like {@code --progress json}
     * ("on").
     */
    private static void streamAccounting(Graph graph, List<DataSet> slice, TrainingSettings config, List<String> classes)
            throws InterruptedException {
        java.io.StringWriter sink = new java.io.StringWriter();
        for (int round = 1; round <= 2; round++) {
            for (String mode : List.of("off", "on")) {
                boolean on = mode.equals("on");
                double[] fitSeconds = {0};
                long[] first = {0};
                long[] last = {0};
                int[] count = {0};
                DataSetIterator iterator = new ExistingDataSetIterator(new ArrayList<>(slice));
                TrainingService.Run run = new TrainingService(Runnable::run).start(graph,
                        new TrainingService.Data(iterator, null, null, classes), config, e -> {
                            if (e instanceof TrainingEvent.Iteration it) {
                                long now = System.nanoTime();
                                if (count[0]++ == 0) {
                                    first[0] = now;
                                } else {
                                    fitSeconds[0] += slice.get(count[0] - 1).numExamples() / it.examplesPerSecond();
                                }
                                last[0] = now;
                            }
                            if (on) {
                                sink.write(String.format(java.util.Locale.ROOT,
                                        "{\"event\": \"%s\", \"data\": \"%s\"}%n", e.getClass().getSimpleName(), e));
                                if (sink.getBuffer().length() > 1 << 20) {
                                    sink.getBuffer().setLength(0);
                                }
                            }
                        });
                TrainingEvent end = run.awaitEnd(1, java.util.concurrent.TimeUnit.HOURS);
                if (!(end instanceof TrainingEvent.Finished)) {
                    throw new IllegalStateException("training did not finish: " + end);
                }
                double wall = (last[0] - first[0]) / 1e9;
                double outside = wall - fitSeconds[0];
                System.out.printf("event stream %s, round %d: %d iterations, fit %.3f s, outside fit %.1f ms "
                                + "(%.0f us per iteration), %.2f%% of fit time (aim <= 3%%)%n", mode, round, count[0] - 1,
                        fitSeconds[0], outside * 1e3, outside * 1e6 / (count[0] - 1), 100 * outside / fitSeconds[0]);
            }
        }
    }

    /** LeNet-5 as a DL4J user would write it by hand. */
    static ComputationGraphConfiguration handWritten(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(1e-3))
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(28, 28, 1))
                .addLayer("c1", new ConvolutionLayer.Builder(5, 5).nOut(6).stride(1, 1).padding(2, 2)
                        .activation(Activation.RELU).build(), "input")
                .addLayer("s2", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "c1")
                .addLayer("c3", new ConvolutionLayer.Builder(5, 5).nOut(16).stride(1, 1)
                        .activation(Activation.RELU).build(), "s2")
                .addLayer("s4", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "c3")
                .addLayer("f5", new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build(), "s4")
                .addLayer("f6", new DenseLayer.Builder().nOut(84).activation(Activation.RELU).build(), "f5")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "f6")
                .setOutputs("output")
                .build();
    }

    /** Fits {@code n} batches from {@code offset} (cycling); examples per second. */
    private static double fit(ComputationGraph net, List<DataSet> batches, int offset, int n) {
        long examples = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            DataSet ds = batches.get((offset + i) % batches.size());
            net.fit(ds);
            examples += ds.numExamples();
        }
        return examples / ((System.nanoTime() - t0) / 1e9);
    }

    private static ComputationGraph fresh(Graph graph, long seed) {
        return TrainingSetUp.initialise(Dl4jCompiler.compile(graph, seed, ADAM).require());
    }

    /** Plain fit over the slice, timed from the end of the first batch to the end of the last. */
    private static double plainFit(ComputationGraph net, List<DataSet> slice) {
        net.fit(slice.get(0));
        long t0 = System.nanoTime();
        long examples = 0;
        for (int i = 1; i < slice.size(); i++) {
            net.fit(slice.get(i));
            examples += slice.get(i).numExamples();
        }
        return examples / ((System.nanoTime() - t0) / 1e9);
    }

    /** TrainingService over the slice (no validation or test), timed between the first and last Iteration event. */
    private static double service(Graph graph, List<DataSet> slice, TrainingSettings config, List<String> classes)
            throws InterruptedException {
        long[] first = {0};
        long[] last = {0};
        long[] examples = {0};
        int[] count = {0};
        // One list element per batch (ListDataSetIterator would merge batchSize elements into one batch).
        DataSetIterator iterator = new ExistingDataSetIterator(new ArrayList<>(slice));
        TrainingService.Run run = new TrainingService(Runnable::run).start(graph,
                new TrainingService.Data(iterator, null, null, classes), config, e -> {
                    if (e instanceof TrainingEvent.Iteration) {
                        long now = System.nanoTime();
                        if (count[0]++ == 0) {
                            first[0] = now;
                        } else {
                            examples[0] += slice.get(count[0] - 1).numExamples();
                        }
                        last[0] = now;
                    }
                });
        TrainingEvent end = run.awaitEnd(1, java.util.concurrent.TimeUnit.HOURS);
        if (!(end instanceof TrainingEvent.Finished)) {
            throw new IllegalStateException("training did not finish: " + end);
        }
        return examples[0] / ((last[0] - first[0]) / 1e9);
    }

    private static String helperOf(ComputationGraph net, String layer) {
        var l = net.getLayer(layer);
        if (l instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer c) {
            return c.getHelper() == null ? "none (built-in im2col + gemm)" : c.getHelper().getClass().getSimpleName();
        }
        return "n/a";
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
