package io.layerloom.app.profile;

import io.layerloom.app.data.DataCheck;
import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.Dl4jData;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.runtime.Dl4jRuntime;
import io.layerloom.app.runtime.Dl4jThreads;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.app.runtime.VertexTiming;
import io.layerloom.app.training.TrainingSignature;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.Dl4jTraining;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Cost;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.report.Formats;
import io.layerloom.model.training.TrainingSettings;
import io.layerloom.model.util.Text;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Measures where a training iteration of a graph spends its time: the network is compiled and set
 * up exactly as {@code layerloom train} and the Training tab build it ({@link Dl4jCompiler},
 * {@link TrainingSetUp}, the graph file's optimizer), trained on batches of the graph's input
 * shape with DL4J's own {@code fit}, and timed inside it ({@link VertexTiming} for each vertex, a
 * listener for the loss and the optimizer's step, the data iterator and the garbage collector
 * around it). Medians over the measured iterations, after warm-up iterations (DL4J sizes its
 * workspaces during the first ones). Runs on the caller's thread; no JavaFX.
 */
public final class Profiler {

    /** Iterations measured when none are asked for, fewer for a slow network (see {@link #iterationsFor}). */
    public static final int DEFAULT_ITERATIONS = 20;
    public static final int DEFAULT_WARMUP = 3;
    /** With the default number of iterations, measuring takes about this long at most (but at least 5 iterations). */
    static final double MEASURE_BUDGET_SECONDS = 10;
    static final int MIN_ITERATIONS = 5;
    /** Batches of random data generated, so that consecutive batches differ. */
    private static final int RANDOM_BATCHES = 4;

    /**
     * What to run.
     *
     * @param batch      examples per iteration; null: the graph file's training batch size
     * @param warmup     iterations before measuring
     * @param iterations iterations measured; null: {@link #DEFAULT_ITERATIONS}, fewer for a slow network
     * @param threads    threads for ND4J; null: as the process has them ({@code OMP_NUM_THREADS})
     * @param data       a data set as {@code train --data} takes it; null: random values of the Input's shape
     */
    public record Options(Integer batch, int warmup, Integer iterations, Integer threads, String data) {
        public Options {
            if (batch != null && batch < 1) {
                throw new IllegalArgumentException("the batch size must be at least 1, got " + batch);
            }
            if (warmup < 0) {
                throw new IllegalArgumentException("warm-up iterations cannot be negative, got " + warmup);
            }
            if (iterations != null && iterations < 1) {
                throw new IllegalArgumentException("at least 1 iteration must be measured, got " + iterations);
            }
            if (threads != null && threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
        }

        public static Options defaults() {
            return new Options(null, DEFAULT_WARMUP, null, null, null);
        }

        /** These options with {@code threads} (null: as the process has them). */
        public Options withThreads(Integer threads) {
            return new Options(batch, warmup, iterations, threads, data);
        }

        /** The batch profiled for {@code graph}: {@link #batch}, else the graph file's training batch size. */
        public int batchFor(Graph graph) {
            return batch != null ? batch : graph.training().orElse(TrainingSettings.defaults()).batchSize();
        }
    }

    /** Reports progress: what is being done, and how far (0 to 1). */
    public interface Progress {
        void update(String what, double fraction);

        static Progress none() {
            return (what, fraction) -> { };
        }
    }

    /** The graph cannot be profiled: the message names why, the fix how to change that. */
    public static final class ProfileException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String fix;
        private final boolean unreadableData;

        ProfileException(String message, String fix) {
            this(message, fix, false);
        }

        ProfileException(String message, String fix, boolean unreadableData) {
            super(message);
            this.fix = fix;
            this.unreadableData = unreadableData;
        }

        public String fix() {
            return fix;
        }

        /** True when the data given could not be read (rather than the graph not running). */
        public boolean unreadableData() {
            return unreadableData;
        }
    }

    private Profiler() {
    }

    /**
     * Profiles {@code graph}. {@code cancelled} is asked between iterations; when it says true the
     * run ends with a {@link CancellationException}.
     */
    public static Profile run(Graph graph, Options options, Progress progress, BooleanSupplier cancelled)
            throws ProfileException {
        progress.update("Compiling the network", 0);
        TrainingSettings settings = graph.training().orElse(TrainingSettings.defaults());
        int batch = options.batchFor(graph);
        Dl4jCompiler.Compilation c = Dl4jCompiler.compile(graph, Dl4jTraining.options(settings, settings.switchToSgdAtEpoch() == 1));
        if (c.configuration().isEmpty()) {
            Diagnostic first = c.problems().get(0);
            throw new ProfileException("The graph cannot be built: " + first.message() + (c.problems().size() > 1
                    ? " (and " + (c.problems().size() - 1) + " more)" : ""),
                    first.fixes().isEmpty() ? "Fix the errors 'layerloom validate' lists." : first.fixes().get(0));
        }
        long needed = c.analysis().totals().trainingBytes(batch);
        long available = Pointer.maxBytes() - Pointer.totalBytes();
        if (needed > available) {
            throw new ProfileException("Training at batch " + batch + " would need about " + Formats.bytes(needed)
                    + " but only " + Formats.bytes(available) + " is available to ND4J.",
                    "Profile a smaller batch (--batch), or start Java with more memory (-Xmx, -Dorg.bytedeco.javacpp.maxbytes).");
        }
        if (options.threads() != null) {
            Dl4jThreads.use(options.threads());
        }
        Batches batches = batches(graph, c, batch, settings.seed(), options.data());
        ComputationGraph net = TrainingSetUp.initialise(c.require());
        VertexTiming timing = VertexTiming.install(net);
        PhaseListener phases = new PhaseListener();
        net.setListeners(phases);

        int measured = options.iterations() != null ? options.iterations() : DEFAULT_ITERATIONS;
        List<Sample> samples = new ArrayList<>();
        int total = options.warmup() + measured;
        for (int i = 0; i < total; i++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("profiling cancelled");
            }
            boolean warm = i < options.warmup();
            progress.update(warm ? "Warm-up iteration " + (i + 1) + " of " + options.warmup()
                    : "Iteration " + (i + 1 - options.warmup()) + " of " + measured, (double) i / total);
            Sample s = iteration(net, batches, timing, phases);
            if (!warm) {
                samples.add(s);
            } else if (options.iterations() == null && i == options.warmup() - 1) {
                measured = iterationsFor(s.wholeNanos / 1e9);
                total = options.warmup() + measured;
            }
        }
        progress.update("Done", 1);
        return summarise(graph, c, batch, options, batches.name(), timing, samples);
    }

    /** How many iterations to measure by default when one takes {@code seconds}. */
    static int iterationsFor(double seconds) {
        int fit = (int) Math.floor(MEASURE_BUDGET_SECONDS / Math.max(seconds, 1e-9));
        return Math.max(MIN_ITERATIONS, Math.min(DEFAULT_ITERATIONS, fit));
    }

    /** One iteration's measurements, in nanoseconds. */
    private record Sample(long wholeNanos, long dataNanos, long lossNanos, long updaterNanos, Map<String, Long> forward,
                          Map<String, Long> backward, long gcMillis) {
    }

    private static Sample iteration(ComputationGraph net, Batches batches, VertexTiming timing, PhaseListener phases) {
        timing.reset();
        phases.reset();
        long gc = gcMillis();
        long t0 = System.nanoTime();
        Object batch = batches.next();
        long t1 = System.nanoTime();
        if (batch instanceof org.nd4j.linalg.dataset.DataSet ds) {
            net.fit(ds);
        } else {
            net.fit((org.nd4j.linalg.dataset.api.MultiDataSet) batch);
        }
        long t2 = System.nanoTime();
        long loss = phases.backwardPass > 0 && timing.lastEnd() != Long.MIN_VALUE ? Math.max(0, phases.backwardPass - timing.lastEnd()) : 0;
        long updater = phases.gradients > 0 && phases.done > 0 ? Math.max(0, phases.done - phases.gradients) : 0;
        return new Sample(t2 - t0, t1 - t0, loss, updater, timing.forwardNanos(), timing.backwardNanos(), gcMillis() - gc);
    }

    private static Profile summarise(Graph graph, Dl4jCompiler.Compilation c, int batch, Options options, String data,
                                     VertexTiming timing, List<Sample> samples) {
        NodeSteps steps = NodeSteps.of(graph, c);
        List<Profile.NodeTime> nodes = new ArrayList<>();
        double layers = 0;
        for (Node n : graph.nodes()) {
            Optional<NodeResult> result = c.analysis().node(n.id());
            long macs = result.flatMap(NodeResult::cost).map(Cost::macs).orElse(0L) * batch;
            List<String> vertices = steps.vertices().get(n.id());
            if (vertices == null) {
                nodes.add(new Profile.NodeTime(n.id(), n.kind().name(), 0, 0, macs, 0, false));
                continue;
            }
            double fwd = median(samples.stream().mapToLong(s -> sum(s.forward, vertices)).toArray());
            double bwd = median(samples.stream().mapToLong(s -> sum(s.backward, vertices)).toArray());
            boolean skipsInput = vertices.stream().anyMatch(timing::skipsInputGradient);
            long flops = 2 * macs + (skipsInput ? 2 : 4) * macs;
            nodes.add(new Profile.NodeTime(n.id(), n.kind().name(), fwd / 1e6, bwd / 1e6, macs, flops, true));
            layers += fwd + bwd;
        }
        double dataMs = median(samples.stream().mapToLong(Sample::dataNanos).toArray()) / 1e6;
        double lossMs = median(samples.stream().mapToLong(Sample::lossNanos).toArray()) / 1e6;
        double updaterMs = median(samples.stream().mapToLong(Sample::updaterNanos).toArray()) / 1e6;
        // the rest of each iteration, never negative there: its median is the typical bookkeeping
        double otherMs = median(samples.stream().mapToLong(s -> Math.max(0, s.wholeNanos - s.dataNanos - s.lossNanos
                - s.updaterNanos - s.forward.values().stream().mapToLong(Long::longValue).sum()
                - s.backward.values().stream().mapToLong(Long::longValue).sum())).toArray()) / 1e6;
        double whole = median(samples.stream().mapToLong(Sample::wholeNanos).toArray()) / 1e6;
        double gc = samples.stream().mapToLong(Sample::gcMillis).average().orElse(0);
        return new Profile(Text.display(graph.name()), batch, options.warmup(), samples.size(), data, nodes,
                new Profile.Outside(dataMs, lossMs, updaterMs, otherMs), whole, gc, machine());
    }

    private static long sum(Map<String, Long> nanos, List<String> vertices) {
        long s = 0;
        for (String v : vertices) {
            s += nanos.getOrDefault(v, 0L);
        }
        return s;
    }

    static double median(long[] values) {
        if (values.length == 0) {
            return 0;
        }
        long[] v = values.clone();
        java.util.Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static Profile.Machine machine() {
        String cpu = "unknown";
        try {
            cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(cpu);
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: the model stays unknown
        }
        return new Profile.Machine(cpu, Runtime.getRuntime().availableProcessors(), Dl4jThreads.current(),
                Dl4jRuntime.report().nativeBuild().build());
    }

    /** Training's batches, one after another, starting over at the end of the data. */
    private interface Batches {
        Object next();

        String name();
    }

    private static Batches batches(Graph graph, Dl4jCompiler.Compilation c, int batch, long seed, String data)
            throws ProfileException {
        Optional<TrainingSignature> signature = TrainingSignature.of(graph, c.analysis());
        boolean trainable = c.inputs().size() == 1 && c.outputs().size() == 1 && signature.isPresent()
                && outputRank(c) == 1;
        if (data != null) {
            if (!trainable) {
                throw new ProfileException("--data needs a graph that 'layerloom train' can train (one Input, one output "
                        + "layer of classes); this one is profiled on random values only.", "Leave out --data.");
            }
            List<Long> shape = signature.get().inputShape();
            DataSplit split;
            try {
                List<Long> imageShape = shape.size() == 3 ? shape : DataSources.Request.defaults().imageShape();
                split = DataSources.standard().resolve(data, DataSources.Request.defaults().withSeed(seed).withImageShape(imageShape));
            } catch (DataException e) {
                throw new ProfileException(e.getMessage(), "Give a data set 'layerloom train --data' takes.", true);
            }
            Optional<String> mismatch = DataCheck.against(shape, signature.get().outputUnits(), split.train());
            if (mismatch.isPresent()) {
                throw new ProfileException(mismatch.get(), "Give data of the graph's Input shape and classes.");
            }
            return iterating(Dl4jData.shuffled(split.train(), batch, seed, shape), data);
        }
        if (trainable) {
            // random values through training's own iterator: the data time is what training pays
            List<Long> shape = signature.get().inputShape();
            int classes = Math.toIntExact(signature.get().outputUnits());
            int count = RANDOM_BATCHES * batch;
            long size = shape.stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
            float[] features = new float[Math.toIntExact(size * count)];
            int[] labels = new int[count];
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < features.length; i++) {
                features[i] = (float) random.nextDouble();
            }
            for (int i = 0; i < count; i++) {
                labels[i] = random.nextInt(classes);
            }
            List<String> names = new ArrayList<>();
            for (int k = 0; k < classes; k++) {
                names.add("class " + k);
            }
            LoadedData randomData = new LoadedData("random", shape, names, features, labels);
            return iterating(Dl4jData.shuffled(randomData, batch, seed, shape), "random");
        }
        return RandomArrays.of(c, batch, seed);
    }

    private static int outputRank(Dl4jCompiler.Compilation c) {
        return c.analysis().node(c.outputs().get(0)).flatMap(NodeResult::output).map(t -> t.dims().size()).orElse(0);
    }

    private static Batches iterating(org.nd4j.linalg.dataset.api.iterator.DataSetIterator it, String name) {
        return new Batches() {
            @Override
            public Object next() {
                if (!it.hasNext()) {
                    it.reset();
                }
                return it.next();
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** Random batches for a network {@code train} does not take (several inputs or outputs, sequence outputs). */
    private static final class RandomArrays {
        static Batches of(Dl4jCompiler.Compilation c, int batch, long seed) {
            org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(seed);
            List<org.nd4j.linalg.dataset.api.MultiDataSet> pool = new ArrayList<>();
            for (int b = 0; b < 2; b++) {
                org.nd4j.linalg.api.ndarray.INDArray[] in = c.inputs().stream()
                        .map(id -> org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape(c, id, batch)))
                        .toArray(org.nd4j.linalg.api.ndarray.INDArray[]::new);
                org.nd4j.linalg.api.ndarray.INDArray[] out = c.outputs().stream()
                        .map(id -> oneHot(shape(c, id, batch)))
                        .toArray(org.nd4j.linalg.api.ndarray.INDArray[]::new);
                pool.add(new org.nd4j.linalg.dataset.MultiDataSet(in, out));
            }
            int[] next = {0};
            return new Batches() {
                @Override
                public Object next() {
                    return pool.get(next[0]++ % pool.size());
                }

                @Override
                public String name() {
                    return "random";
                }
            };
        }

        private static long[] shape(Dl4jCompiler.Compilation c, String id, int batch) {
            List<Long> dims = c.analysis().node(id).flatMap(NodeResult::output).orElseThrow().dims();
            long[] s = new long[dims.size() + 1];
            s[0] = batch;
            for (int i = 0; i < dims.size(); i++) {
                s[i + 1] = dims.get(i);
            }
            return s;
        }

        /** One-hot along the second axis (classes), at every other position. */
        private static org.nd4j.linalg.api.ndarray.INDArray oneHot(long[] shape) {
            org.nd4j.linalg.api.ndarray.INDArray a = org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape);
            if (shape.length >= 2) {
                a.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0)).assign(1);
            }
            return a;
        }
    }

    /** Notes when DL4J's fit reaches the end of the backward pass, the gradients and the end of the step. */
    private static final class PhaseListener extends org.deeplearning4j.optimize.api.BaseTrainingListener {
        long backwardPass;
        long gradients;
        long done;

        void reset() {
            backwardPass = 0;
            gradients = 0;
            done = 0;
        }

        @Override
        public void onBackwardPass(org.deeplearning4j.nn.api.Model model) {
            backwardPass = System.nanoTime();
        }

        @Override
        public void onGradientCalculation(org.deeplearning4j.nn.api.Model model) {
            gradients = System.nanoTime();
        }

        @Override
        public void iterationDone(org.deeplearning4j.nn.api.Model model, int iteration, int epoch) {
            done = System.nanoTime();
        }
    }
}
