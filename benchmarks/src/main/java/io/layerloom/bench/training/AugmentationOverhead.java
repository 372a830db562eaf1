package io.layerloom.bench.training;

import io.layerloom.app.data.Dl4jData;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.data.SyntheticImages;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.app.training.TrainingService;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.training.AugmentOp;
import io.layerloom.model.training.AugmentStep;
import io.layerloom.model.training.TrainingSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The cost of augmentation per training iteration (issue 14 part 2: at most 10% at batch 64 on a
 * CIFAR-shaped network). Trains the graph through {@link TrainingService}, as {@code train} does,
 * on synthetic 3x32x32 images: without augmentation, with the CIFAR recipe (flip, crop with
 * padding 4) and with all ten ops, in alternating order over several rounds, so load from other
 * processes falls on all three. An iteration's time is the wall time between two iteration
 * events of the second epoch: waiting for the batch and fitting it. As the machine is shared, it
 * also reports the training thread's CPU time per iteration, the time the loop waits in
 * {@code next()}, and the augmentation's own CPU time per batch of 64 on one thread.
 * <pre>
 * OMP_NUM_THREADS=1 java -cp benchmarks/target/classes:app/target/layerloom-app.jar \
 *     io.layerloom.bench.training.AugmentationOverhead [--graph FILE] [--rounds N] [--batches N]
 * </pre>
 */
public final class AugmentationOverhead {

    private AugmentationOverhead() {
    }

    public static void main(String[] args) throws Exception {
        Path graphFile = Path.of("benchmarks/training/cifar-small.json");
        int rounds = 3;
        int batches = 30;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--graph" -> graphFile = Path.of(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--batches" -> batches = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Graph graph = GraphJson.read(java.nio.file.Files.readString(graphFile), graphFile.toString());
        List<Long> shape = List.of(3L, 32L, 32L);
        LoadedData data = SyntheticImages.generate(64 * batches, shape, 10, 7);
        Map<String, List<AugmentStep>> cases = new LinkedHashMap<>();
        cases.put("none", List.of());
        cases.put("flip + crop 4", List.of(AugmentStep.of(AugmentOp.FLIP), AugmentStep.of(AugmentOp.CROP, "padding", 4)));
        List<AugmentStep> all = new ArrayList<>();
        for (AugmentOp op : AugmentOp.values()) {
            all.add(AugmentStep.of(op));
        }
        cases.put("all ten ops", all);
        // The augmentation's own CPU time per batch of 64, on this thread: what the background threads spend
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        float[] batch = new float[64 * 3 * 32 * 32];
        System.arraycopy(data.features(), 0, batch, 0, batch.length);
        for (Map.Entry<String, List<AugmentStep>> e : cases.entrySet()) {
            io.layerloom.app.data.augment.Augmenter a = new io.layerloom.app.data.augment.Augmenter(e.getValue(), shape);
            for (int i = 0; i < 20; i++) {
                a.applyToBatch(batch.clone(), 64, 1, 1, i);
            }
            int reps = 100;
            long t0 = clock.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                a.applyToBatch(batch.clone(), 64, 1, 2, i);
            }
            System.out.printf(Locale.ROOT, "augmenting a batch of 64 (%s): %.2f ms CPU%n", e.getKey(),
                    (clock.getCurrentThreadCpuTime() - t0) / 1e6 / reps);
        }
        if (rounds == 0) {
            return;
        }
        Map<String, List<Figures>> perIteration = new LinkedHashMap<>();
        cases.keySet().forEach(k -> perIteration.put(k, new ArrayList<>()));
        System.out.printf(Locale.ROOT, "%s, batch 64, %d batches per epoch, %d cores, OMP_NUM_THREADS=%s%n", graph.name(), batches,
                Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"));
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(cases.keySet());
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (String name : order) {
                Figures f = run(graph, data, shape, cases.get(name));
                perIteration.get(name).add(f);
                System.out.printf(Locale.ROOT, "round %d  %-14s wall %7.1f ms, training CPU %7.1f ms,"
                        + " waiting for the batch %6.2f ms per iteration%n", round + 1, name, f.wallMs(), f.trainCpuMs(), f.waitMs());
            }
        }
        double baseWall = median(perIteration.get("none").stream().map(Figures::wallMs).toList());
        double baseCpu = median(perIteration.get("none").stream().map(Figures::trainCpuMs).toList());
        for (Map.Entry<String, List<Figures>> e : perIteration.entrySet()) {
            double wall = median(e.getValue().stream().map(Figures::wallMs).toList());
            double train = median(e.getValue().stream().map(Figures::trainCpuMs).toList());
            double wait = median(e.getValue().stream().map(Figures::waitMs).toList());
            System.out.printf(Locale.ROOT, "median %-14s wall %7.1f ms (%+.1f%%), training CPU %7.1f ms (%+.1f%%), waiting %6.2f ms"
                    + " per iteration%n", e.getKey(), wall, 100 * (wall / baseWall - 1), train, 100 * (train / baseCpu - 1), wait);
        }
    }

    /** Per iteration of the second epoch: wall time, CPU time of the training thread, time waiting in next(). */
    record Figures(double wallMs, double trainCpuMs, double waitMs) {
    }

    private static Figures run(Graph graph, LoadedData data, List<Long> shape, List<AugmentStep> steps) throws Exception {
        TrainingSettings settings = TrainingSettings.of(2, 64, 1e-3, TrainingSettings.Optimizer.ADAM, 42);
        TrainingService.Data plain = new TrainingService.Data(Dl4jData.shuffled(data, 64, 42, shape), null, null, data.classNames())
                .augmented(steps, shape, 42);
        TimedIterator timed = new TimedIterator(plain.train());
        TrainingService.Data feed = new TrainingService.Data(timed, null, null, data.classNames());
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        List<Long> times = new ArrayList<>();
        long[] trainCpu = new long[2];
        double[] waited = new double[2];
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            TrainingService.Run run = new TrainingService(thread).start(graph, feed, settings, e -> {
                if (e instanceof TrainingEvent.Iteration it && it.epoch() == 2) {
                    long now = System.nanoTime();
                    long mine = cpu.getCurrentThreadCpuTime();
                    if (times.isEmpty()) {
                        trainCpu[0] = mine;
                        waited[0] = timed.waitedNanos;
                    }
                    trainCpu[1] = mine;
                    waited[1] = timed.waitedNanos;
                    times.add(now);
                }
            });
            TrainingEvent end = run.awaitEnd(1, TimeUnit.HOURS);
            if (!(end instanceof TrainingEvent.Finished)) {
                throw new IllegalStateException("training did not finish: " + end);
            }
        } finally {
            thread.shutdownNow();
        }
        int n = times.size() - 1;
        return new Figures((times.get(n) - times.get(0)) / 1e6 / n, (trainCpu[1] - trainCpu[0]) / 1e6 / n,
                (waited[1] - waited[0]) / 1e6 / n);
    }

    /** Counts the time the training loop spends in {@code next()}: waiting for a batch. */
    static final class TimedIterator implements DataSetIterator, Dl4jData.Sized {
        private static final long serialVersionUID = 1L;
        private final transient DataSetIterator inner;
        volatile double waitedNanos;

        TimedIterator(DataSetIterator inner) {
            this.inner = inner;
        }

        @Override
        public DataSet next() {
            long t0 = System.nanoTime();
            DataSet ds = inner.next();
            waitedNanos += System.nanoTime() - t0;
            return ds;
        }

        @Override
        public DataSet next(int num) {
            return next();
        }

        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public int batchesPerEpoch() {
            return ((Dl4jData.Sized) inner).batchesPerEpoch();
        }

        @Override
        public int inputColumns() {
            return inner.inputColumns();
        }

        @Override
        public int totalOutcomes() {
            return inner.totalOutcomes();
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            inner.reset();
        }

        @Override
        public int batch() {
            return inner.batch();
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor p) {
            inner.setPreProcessor(p);
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return inner.getPreProcessor();
        }

        @Override
        public List<String> getLabels() {
            return inner.getLabels();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
