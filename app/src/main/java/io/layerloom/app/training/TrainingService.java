package io.layerloom.app.training;

import io.layerloom.app.data.Dl4jData;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.Dl4jTraining;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.report.Formats;
import io.layerloom.model.training.TrainingSettings;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Trains a graph on its own thread and publishes {@link TrainingEvent}s. No JavaFX: the
 * designer and the command line drive the same code. Pause, resume and stop take effect between
 * two batches. Whatever goes wrong inside DL4J or the data ends the run with a
 * {@link TrainingEvent.Failed}, never a hang or a silent thread death.
 */
public final class TrainingService {

    /**
     * Training accuracy is measured at each epoch's end on at most this many training examples:
     * enough for a progress figure (about 1.5 points of standard error), and a forward pass over
     * them costs about 3% of an epoch of Fashion-MNIST.
     */
    public static final int TRAIN_ACCURACY_SAMPLE = 1_000;

    /** What a run trains on; validation and test may be null. */
    public record Data(DataSetIterator train, DataSetIterator validation, DataSetIterator test, List<String> classNames) {
        public Data {
            Objects.requireNonNull(train, "train");
            classNames = List.copyOf(classNames);
        }

        /**
         * Seeded mini-batches of a split, each example shaped as the graph's Input wants
         * ({@code inputShape}, e.g. [784] for a flat Input fed images); no validation iterator when
         * the validation part is empty.
         */
        public static Data of(io.layerloom.app.data.DataSplit split, int batch, long seed, List<Long> inputShape) {
            io.layerloom.app.data.LoadedData train = split.train();
            return new Data(Dl4jData.shuffled(train, batch, seed, inputShape),
                    split.validation().count() == 0 ? null : Dl4jData.shuffled(split.validation(), batch, seed, inputShape),
                    split.test().map(t -> Dl4jData.shuffled(t, batch, seed, inputShape)).orElse(null),
                    train.classNames());
        }

        /**
         * The same data with its training batches augmented by {@code steps} ahead of the loop
         * ({@link io.layerloom.app.data.augment.AugmentingIterator}); itself when there are none.
         * Refuses examples that are not images [c, h, w] with an {@link IllegalArgumentException} saying so.
         */
        public Data augmented(List<io.layerloom.model.training.AugmentStep> steps, List<Long> imageShape, long seed) {
            if (steps.isEmpty()) {
                return this;
            }
            return new Data(io.layerloom.app.data.augment.AugmentingIterator.of(train, steps, imageShape, seed), validation, test,
                    classNames);
        }
    }

    /**
     * What a run measures beyond the loss, for the designer: the validation set's confusion
     * matrix after every epoch (an {@link TrainingEvent.Evaluated} "validation" event, which also
     * gives the epoch's validation accuracy, so no extra pass), and every {@code statisticsEvery}
     * iterations each layer's update-to-parameter ratio (0: never). The command line measures neither.
     */
    public record Monitoring(boolean evaluateEachEpoch, int statisticsEvery) {

        public static Monitoring none() {
            return new Monitoring(false, 0);
        }
    }

    private final Executor executor;

    /** @param executor runs each training on one of its threads (tests may pass a direct executor) */
    public TrainingService(Executor executor) {
        this.executor = executor;
    }

    /** Starts training; events go to {@code listener} on the training thread. */
    public Run start(Graph graph, Data data, TrainingSettings config, java.util.function.Consumer<TrainingEvent> listener) {
        return start(graph, data, config, Monitoring.none(), listener);
    }

    /** Starts training with extra measurements ({@link Monitoring}). */
    public Run start(Graph graph, Data data, TrainingSettings config, Monitoring monitoring,
                     java.util.function.Consumer<TrainingEvent> listener) {
        return start(graph, data, config, monitoring, null, listener);
    }

    /**
     * A saved model to continue: the parameters of each node whose id and shapes are unchanged
     * ({@link StartingWeights}), with the name the user knows it by. The values are asked for on the
     * run's thread (the window works out which of its held values still fit there, not on the UI
     * thread); none at all means a fresh initialisation.
     */
    public record StartFrom(String source, java.util.function.Supplier<Weights> weights, java.nio.file.Path resume) {
        public StartFrom(String source, java.util.function.Supplier<Weights> weights) {
            this(source, weights, null);
        }

        public StartFrom(String source, Weights weights) {
            this(source, () -> weights);
        }

        /** Continues the run saved in {@code model} for the epochs it has not trained ({@link ResumedModel}). */
        public static StartFrom resume(java.nio.file.Path model) {
            return new StartFrom(model.toString(), Weights::none, model);
        }
    }

    /**
     * Starts training from a saved model's parameters where they fit ({@code from} may be null:
     * a fresh initialisation, as the other overloads do).
     */
    public Run start(Graph graph, Data data, TrainingSettings config, Monitoring monitoring, StartFrom from,
                     java.util.function.Consumer<TrainingEvent> listener) {
        Run run = new Run(graph, data, config, monitoring, from, listener);
        executor.execute(run::execute);
        return run;
    }

    /** One training run: its controls, and the network once it exists. */
    public static final class Run {
        private final Graph graph;
        private final Data data;
        private final TrainingSettings config;
        private final Monitoring monitoring;
        private final StartFrom from;
        private final java.util.function.Consumer<TrainingEvent> listener;
        private final Object lock = new Object();
        private final CountDownLatch ended = new CountDownLatch(1);
        private boolean paused;
        private volatile boolean stopRequested;
        private volatile ComputationGraph network;
        private volatile TrainingEvent end;
        private final IterationSnapshots snapshots = new IterationSnapshots(lock);

        private Run(Graph graph, Data data, TrainingSettings config, Monitoring monitoring, StartFrom from,
                    java.util.function.Consumer<TrainingEvent> listener) {
            this.from = from;
            this.graph = graph;
            this.data = data;
            this.config = config;
            this.monitoring = monitoring;
            this.listener = listener;
        }

        public void pause() {
            synchronized (lock) {
                paused = true;
            }
        }

        public void resume() {
            synchronized (lock) {
                paused = false;
                lock.notifyAll();
            }
        }

        public void stop() {
            stopRequested = true;
            resume();
        }

        public boolean isPaused() {
            synchronized (lock) {
                return paused;
            }
        }

        /** The network being trained, once compiled (null before). */
        public ComputationGraph network() {
            return network;
        }

        /** Copies of the network at iteration boundaries, asked for without waiting ({@link IterationSnapshots}). */
        public IterationSnapshots snapshots() {
            return snapshots;
        }

        /** Waits for the run's last event; returns it, or null on timeout. */
        public TrainingEvent awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
            return ended.await(timeout, unit) ? end : null;
        }

        private void publish(TrainingEvent e) {
            if (e.isEnd()) {
                end = e;
                // Before anyone hears of the end (awaitEnd, the window's listener): from then on a
                // snapshot is copied at once by whoever asks, never left waiting for a training thread.
                snapshots.close(network);
            }
            try {
                listener.accept(e);
            } finally {
                if (e.isEnd()) {
                    ended.countDown();
                }
            }
        }

        private void execute() {
            try {
                train();
            } catch (OutOfMemoryError e) {
                publish(new TrainingEvent.Failed("Training ran out of memory: " + e.getMessage() + ".",
                        "Use a smaller batch size, or a smaller network."));
            } catch (Throwable e) {
                String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                publish(new TrainingEvent.Failed("Training failed: " + what, hintFor(e)));
            } finally {
                if (ended.getCount() > 0) {
                    publish(new TrainingEvent.Failed("Training ended without a result.", "Report this, with the graph file."));
                }
                snapshots.close(network);
            }
        }

        private static String hintFor(Throwable e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("shape") || m.contains("Shape")) {
                return "Check that the Input shape matches the data and the Output units match its classes.";
            }
            return "Check the data and the graph; the details are in the log.";
        }

        private void train() throws InterruptedException {
            int perEpoch = countBatches(data.train());
            ResumedModel resumed = RunStart.resumed(from);
            int firstEpoch = resumed == null ? 1 : resumed.completedEpochs() + 1;
            java.util.Optional<TrainingEvent.Failed> refused = RunStart.refusal(config, data.validation() != null, firstEpoch);
            if (refused.isPresent()) {
                publish(refused.get());
                return;
            }
            boolean sgd = config.switchToSgdAtEpoch() > 0 && config.switchToSgdAtEpoch() <= firstEpoch;
            Dl4jCompiler.Compilation c = Dl4jCompiler.compile(graph, Dl4jTraining.options(config, sgd));
            if (c.configuration().isEmpty()) {
                Diagnostic first = c.problems().get(0);
                publish(new TrainingEvent.Failed("The graph cannot be trained: " + first.message(),
                        first.fixes().isEmpty() ? "Fix the errors listed by 'layerloom validate'." : first.fixes().get(0)));
                return;
            }
            if (c.inputs().size() != 1 || c.outputs().size() != 1) {
                publish(new TrainingEvent.Failed("Training needs exactly one Input and one output layer; this graph has "
                        + c.inputs().size() + " inputs and " + c.outputs().size() + " outputs.",
                        "Remove the extra inputs or outputs, or train it from your own Java code."));
                return;
            }
            java.util.Optional<TrainingEvent.Failed> memory = memoryProblem(c.analysis(), config.batchSize());
            if (memory.isPresent()) {
                publish(memory.get());
                return;
            }
            ComputationGraph net = TrainingSetUp.initialise(c.require());
            Weights initial = from == null ? null : from.weights().get();
            if (resumed != null) {
                java.util.Optional<TrainingEvent> r = RunStart.resume(resumed, net, c.parameterVertices());
                publish(r.orElseThrow());
                if (r.get() instanceof TrainingEvent.Failed) {
                    return;
                }
            } else if (initial != null && !initial.nodes().isEmpty()) {
                StartingWeights start = StartingWeights.match(net, c.parameterVertices(), initial);
                start.applyTo(net);
                publish(new TrainingEvent.Initialised(from.source(), start.copied(), start.fresh(), start.unused()));
            }
            LayerStatistics.ActivationMeans activations =
                    monitoring.statisticsEvery() > 0 ? new LayerStatistics.ActivationMeans(net) : null;
            if (activations != null) {
                net.addListeners(activations);
            }
            DivergenceCheck divergence = new DivergenceCheck(c.parameterVertices(), config.learningRate());
            divergence.watch(net);
            network = net;
            int total = perEpoch * (config.epochs() - firstEpoch + 1);
            EarlyStopping early = new EarlyStopping(config.patience());
            int lastEpoch = config.epochs();
            publish(new TrainingEvent.Started(config.epochs(), perEpoch, net.numParams(), config.seed()));
            Map<Integer, Double> rates = Dl4jTraining.rates(config);
            int iteration = 0;
            double secondsPerIteration = Double.NaN;
            long start = System.nanoTime();
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                if (epoch == config.switchToSgdAtEpoch() && epoch > firstEpoch) {
                    net = switchToSgd(net, epoch);
                    if (activations != null) {
                        net.addListeners(activations);
                    }
                    divergence.watch(net);
                    network = net;
                }
                DataSetIterator train = data.train();
                train.reset();
                double lossSum = 0;
                int batches = 0;
                while (train.hasNext()) {
                    if (waitWhilePaused()) {
                        publish(new TrainingEvent.Stopped(epoch, iteration));
                        return;
                    }
                    DataSet batch = train.next();
                    boolean measure = monitoring.statisticsEvery() > 0 && (iteration + 1) % monitoring.statisticsEvery() == 0;
                    Map<String, INDArray> before = measure ? LayerStatistics.snapshot(net) : null;
                    if (measure) {
                        activations.arm();
                    }
                    long t0 = System.nanoTime();
                    net.fit(batch);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    double score = net.score();
                    iteration++;
                    java.util.Optional<DivergenceCheck.Finding> diverged = Double.isFinite(score)
                            ? divergence.after(net, batch.getFeatures(), iteration, epoch)
                            : java.util.Optional.of(divergence.lossBecame(score, batch.getFeatures(), iteration, epoch));
                    if (diverged.isPresent()) {
                        DivergenceCheck.Finding f = diverged.get();
                        publish(new TrainingEvent.Failed(f.reason(), f.hint(), f.lowerLearningRate()));
                        return;
                    }
                    secondsPerIteration = Double.isNaN(secondsPerIteration) ? seconds : 0.9 * secondsPerIteration + 0.1 * seconds;
                    lossSum += score;
                    batches++;
                    long examples = batch.getFeatures().size(0);
                    double rate = rates.get(epoch - 1);
                    publish(new TrainingEvent.Iteration(epoch, iteration, score, rate, examples / seconds,
                            secondsPerIteration * (total - iteration)));
                    if (measure) {
                        publish(new TrainingEvent.LayerStatistics(iteration, LayerStatistics.updateRatios(net, before, c.parameterVertices()),
                                activations.take()));
                    }
                }
                // A stop during the epoch's last batch ends the run here, not after the epoch's evaluations
                // (seconds on a big network, while the window says it is stopping).
                if (stopRequested) {
                    publish(new TrainingEvent.Stopped(epoch, iteration));
                    return;
                }
                // Fitting batch by batch does not advance DL4J's epoch count, which epoch schedules read.
                net.getConfiguration().setEpochCount(epoch);
                double trainAccuracy = accuracy(net, train, TRAIN_ACCURACY_SAMPLE);
                double valLoss = Double.NaN;
                double valAccuracy = Double.NaN;
                TrainingEvent.Evaluated validation = null;
                if (data.validation() != null) {
                    valLoss = meanLoss(net, data.validation());
                    if (monitoring.evaluateEachEpoch()) {
                        validation = evaluate(net, data.validation(), "validation", data.classNames());
                        valAccuracy = validation.accuracy();
                    } else {
                        valAccuracy = accuracy(net, data.validation(), Integer.MAX_VALUE);
                    }
                }
                publish(new TrainingEvent.Epoch(epoch, batches == 0 ? Double.NaN : lossSum / batches, trainAccuracy,
                        valLoss, valAccuracy));
                if (validation != null) {
                    publish(validation);
                }
                if (early.afterEpoch(net, epoch, valLoss)) {
                    lastEpoch = epoch;
                    break;
                }
            }
            TrainingEvent.Restored restored = early.restore(net, lastEpoch);
            if (restored != null) {
                publish(restored);
            }
            if (data.test() != null) {
                publish(evaluate(net, data.test(), "test", data.classNames()));
            }
            publish(new TrainingEvent.Finished(lastEpoch, iteration, (System.nanoTime() - start) / 1e9));
        }

        /**
         * "Adam first, then SGD": the same network, parameters (and batch-norm statistics)
         * copied, with a plain SGD optimizer following the same learning-rate schedule. DL4J
         * keeps the epoch count in the configuration, so the schedule continues where it was.
         */
        private ComputationGraph switchToSgd(ComputationGraph net, int epoch) {
            Dl4jCompiler.Compilation sgd = Dl4jCompiler.compile(graph, Dl4jTraining.options(config, true));
            ComputationGraph next = TrainingSetUp.initialise(sgd.require(), net.params());
            next.getConfiguration().setEpochCount(epoch - 1);
            next.getConfiguration().setIterationCount(net.getConfiguration().getIterationCount());
            return next;
        }

        /** Blocks while paused, making the snapshots asked for before and meanwhile; true when the run should stop. */
        private boolean waitWhilePaused() throws InterruptedException {
            snapshots.serveWhile(network, () -> paused && !stopRequested);
            return stopRequested;
        }
    }

    /**
     * Why training {@code analysis}'s graph at {@code batch} would not fit in the memory ND4J may
     * use, or empty when it fits: a question of the graph alone, so the command line asks it before
     * loading or generating data (minutes and gigabytes for a large set), and a run asks it again.
     */
    public static java.util.Optional<TrainingEvent.Failed> memoryProblem(io.layerloom.model.analysis.Analysis analysis, int batch) {
        // Saturating: a figure beyond 64 bits is Long.MAX_VALUE and refused, never a wrapped number that passes.
        long needed = analysis.totals().trainingBytes(batch); // saturated beyond 64 bits
        long available = Pointer.maxBytes() - Pointer.totalBytes();
        if (needed <= available) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new TrainingEvent.Failed("Training would need about " + Formats.bytes(needed) + " (batch "
                + batch + ") but only " + Formats.bytes(available) + " is available to ND4J.",
                "Use a smaller batch size, or start Java with more memory (-Xmx, -Dorg.bytedeco.javacpp.maxbytes)."));
    }

    private static int countBatches(DataSetIterator it) {
        if (it instanceof Dl4jData.Sized sized) {
            return sized.batchesPerEpoch();
        }
        it.reset();
        int n = 0;
        while (it.hasNext()) {
            it.next();
            n++;
        }
        it.reset();
        return n;
    }

    private static double meanLoss(ComputationGraph net, DataSetIterator it) {
        it.reset();
        double sum = 0;
        long count = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            long n = ds.getFeatures().size(0);
            sum += net.score((org.nd4j.linalg.dataset.DataSet) ds, false) * n;
            count += n;
        }
        it.reset();
        return count == 0 ? Double.NaN : sum / count;
    }

    private static double accuracy(ComputationGraph net, DataSetIterator it, int limit) {
        it.reset();
        Evaluation eval = new Evaluation();
        int seen = 0;
        while (it.hasNext() && seen < limit) {
            DataSet ds = it.next();
            INDArray out = net.outputSingle(false, ds.getFeatures());
            eval.eval(ds.getLabels(), out);
            seen += ds.getFeatures().size(0);
        }
        it.reset();
        return seen == 0 ? Double.NaN : eval.accuracy();
    }

    public static TrainingEvent.Evaluated evaluate(ComputationGraph net, DataSetIterator it, String set, List<String> classNames) {
        it.reset();
        Evaluation eval = new Evaluation(classNames.size());
        while (it.hasNext()) {
            DataSet ds = it.next();
            eval.eval(ds.getLabels(), net.outputSingle(false, ds.getFeatures()));
        }
        it.reset();
        return evaluated(set, eval, classNames);
    }

    /** DL4J's evaluation of {@code classNames.size()} classes as the event the views and the run records read. */
    public static TrainingEvent.Evaluated evaluated(String set, Evaluation eval, List<String> classNames) {
        int k = classNames.size();
        int[][] confusion = new int[k][k];
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                confusion[i][j] = eval.getConfusionMatrix().getCount(i, j);
            }
            precision[i] = eval.precision(i);
            recall[i] = eval.recall(i);
            f1[i] = eval.f1(i);
        }
        return new TrainingEvent.Evaluated(set, eval.accuracy(), classNames, confusion, precision, recall, f1);
    }
}
