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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The cost of augmentation per training iteration (issue 14 part 2: at most 10% at batch 64 on a
 * CIFAR-shaped network). Trains the graph through {@link TrainingService}, as {@code train} does,
 * on synthetic 3x32x32 images: without augmentation, with the CIFAR recipe (flip, crop with
 * padding 4) and with all ten ops, in alternating order over several rounds, so load from other
 * processes falls on all three. An iteration's time is the wall time between two iteration
 * events of the second epoch: waiting for the batch and fitting it.
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
        Map<String, List<Double>> perIteration = new LinkedHashMap<>();
        cases.keySet().forEach(k -> perIteration.put(k, new ArrayList<>()));
        System.out.printf(Locale.ROOT, "%s, batch 64, %d batches per epoch, %d cores, OMP_NUM_THREADS=%s%n", graph.name(), batches,
                Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"));
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(cases.keySet());
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (String name : order) {
                double ms = run(graph, data, shape, cases.get(name));
                perIteration.get(name).add(ms);
                System.out.printf(Locale.ROOT, "round %d  %-14s %7.1f ms per iteration%n", round + 1, name, ms);
            }
        }
        double base = median(perIteration.get("none"));
        for (Map.Entry<String, List<Double>> e : perIteration.entrySet()) {
            double m = median(e.getValue());
            System.out.printf(Locale.ROOT, "median %-14s %7.1f ms per iteration  %+.1f%%%n", e.getKey(), m, 100 * (m / base - 1));
        }
    }

    /** Milliseconds per iteration of the second epoch. */
    private static double run(Graph graph, LoadedData data, List<Long> shape, List<AugmentStep> steps) throws Exception {
        TrainingSettings settings = TrainingSettings.of(2, 64, 1e-3, TrainingSettings.Optimizer.ADAM, 42);
        TrainingService.Data feed = new TrainingService.Data(Dl4jData.shuffled(data, 64, 42, shape), null, null, data.classNames())
                .augmented(steps, shape, 42);
        List<Long> times = new ArrayList<>();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            TrainingService.Run run = new TrainingService(thread).start(graph, feed, settings, e -> {
                if (e instanceof TrainingEvent.Iteration it && it.epoch() == 2) {
                    times.add(System.nanoTime());
                }
            });
            TrainingEvent end = run.awaitEnd(1, TimeUnit.HOURS);
            if (!(end instanceof TrainingEvent.Finished)) {
                throw new IllegalStateException("training did not finish: " + end);
            }
        } finally {
            thread.shutdownNow();
        }
        return (times.get(times.size() - 1) - times.get(0)) / 1e6 / (times.size() - 1);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
