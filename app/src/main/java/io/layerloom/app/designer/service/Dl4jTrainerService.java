package io.layerloom.app.designer.service;

import io.layerloom.app.data.CsvReader;
import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.Dl4jData;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.data.StreamedFolder;
import io.layerloom.app.training.DataLoading;
import io.layerloom.model.training.DataPreparation;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.app.training.TrainingService;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.training.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import io.layerloom.app.runtime.NetworkWork;
import io.layerloom.app.runtime.ThreadChoice;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link TrainerService} on LayerLoom's headless {@link TrainingService} and data sources, as the command line uses them. */
public final class Dl4jTrainerService implements TrainerService {

    private final DataSources sources;
    private final Executor trainingThreads;
    /** The threads for a network's work; null: each run computes with the threads its executor gives. */
    private final Function<NetworkWork, ThreadChoice> threads;
    private final long memoryLimit;

    /** @param trainingThreads runs each training (a daemon worker: the window must not wait for it) */
    public Dl4jTrainerService(DataSources sources, Executor trainingThreads) {
        this(sources, trainingThreads, null, DataLoading.memoryLimit());
    }

    /**
     * @param threads the threads for a run of a network with this work (null: unknown), asked on the
     *                training thread as each run starts and set there ({@link ThreadChoice#computingWith}):
     *                the window trains different networks in one process, each with its own default
     */
    public Dl4jTrainerService(DataSources sources, Executor trainingThreads, Function<NetworkWork, ThreadChoice> threads) {
        this(sources, trainingThreads, threads, DataLoading.memoryLimit());
    }

    /** @param memoryLimit bytes of decoded images above which an image folder is streamed (as {@code train} decides) */
    public Dl4jTrainerService(DataSources sources, Executor trainingThreads, long memoryLimit) {
        this(sources, trainingThreads, null, memoryLimit);
    }

    private Dl4jTrainerService(DataSources sources, Executor trainingThreads, Function<NetworkWork, ThreadChoice> threads,
                               long memoryLimit) {
        this.sources = sources;
        this.trainingThreads = trainingThreads;
        this.threads = threads;
        this.memoryLimit = memoryLimit;
    }

    /** The service that runs a training of {@code graph} at {@code batch}: on the training thread, with its threads set. */
    TrainingService serviceFor(Graph graph, int batch) {
        if (threads == null) {
            return new TrainingService(trainingThreads);
        }
        // analysed on the training thread, not the caller's (the UI thread in the window)
        return new TrainingService(ThreadChoice.computingWith(trainingThreads,
                () -> threads.apply(NetworkWork.of(graph, batch, NetworkWork.Pass.TRAINING).orElse(null))));
    }

    @Override
    public Optional<StreamedFolder> streamIfLarge(String source, List<Long> inputShape, long seed, DataPreparation preparation,
                                                  Consumer<String> progress) throws DataException {
        if (java.nio.file.Files.isDirectory(Path.of(source.trim()))) {
            progress.accept("Counting the images in " + source.trim() + "\u2026"); // a large folder takes a while to list
        }
        if (!DataLoading.streams(source, inputShape, memoryLimit)) {
            return Optional.empty();
        }
        return Optional.of(StreamedFolder.scan(Path.of(source.trim()), inputShape, preparation,
                DataSources.Request.defaults().validationFraction(), seed, progress));
    }

    @Override
    public Session startStreamed(Graph graph, StreamedFolder folder, DataSplit sample, List<Long> inputShape,
                                 TrainingSettings settings, Supplier<Weights> initial, Listener listener) {
        return start(graph, DataLoading.feed(folder, settings.batchSize(), settings.seed())
                .augmented(settings.augmentation(), inputShape, settings.seed()), sample, inputShape, settings, initial, listener);
    }

    @Override
    public boolean fullFashionMnistAvailable() {
        return sources.fullFashionMnistAvailable();
    }

    @Override
    public DataSplit load(String source, List<Long> imageShape, long seed, CsvReader.Options csv) throws DataException {
        return load(source, imageShape, seed, csv, java.util.Optional.empty());
    }

    @Override
    public DataSplit load(String source, List<Long> imageShape, long seed, CsvReader.Options csv,
                          java.util.Optional<io.layerloom.model.training.DataPreparation.Fit> fit) throws DataException {
        DataSources.Request request = DataSources.Request.defaults().withSeed(seed).withCsv(csv).withFit(fit);
        if (imageShape.size() == 3) {
            request = request.withImageShape(imageShape);
        }
        return sources.resolve(source, request);
    }

    @Override
    public Session start(Graph graph, DataSplit data, List<Long> inputShape, TrainingSettings settings,
                         java.util.function.Supplier<Weights> initial, Listener listener) {
        return start(graph, TrainingService.Data.of(data, settings.batchSize(), settings.seed(), inputShape)
                .augmented(settings.augmentation(), inputShape, settings.seed()), data, inputShape, settings, initial, listener);
    }

    /** Trains on {@code feed}; the predictions at the end are made on {@code data}'s test (else validation) examples. */
    private Session start(Graph graph, TrainingService.Data feed, DataSplit data, List<Long> inputShape, TrainingSettings settings,
                          Supplier<Weights> initial, Listener listener) {
        TrainingService.Run[] holder = new TrainingService.Run[1];
        Object started = new Object();
        TrainingService.Run run;
        synchronized (started) {
            run = serviceFor(graph, settings.batchSize()).start(graph, feed, settings, new TrainingService.Monitoring(true, STATISTICS_EVERY),
                    new TrainingService.StartFrom("the weights held with the graph", initial), e -> {
                if (e instanceof TrainingEvent.Finished || e instanceof TrainingEvent.Stopped) {
                    synchronized (started) {
                        // the run may end before start() returned its handle
                    }
                    predict(holder[0], data, inputShape, listener);
                }
                listener.event(e);
            });
            holder[0] = run;
        }
        return new RunSession(run);
    }

    /** Predictions on a few held-out examples; a failure here must not turn a finished run into a failed one. */
    private static void predict(TrainingService.Run run, DataSplit data, List<Long> inputShape, Listener listener) {
        ComputationGraph net = run == null ? null : run.network();
        LoadedData set = TrainerService.predictionSet(data);
        int[] indices = TrainerService.predictionSamples(set.count());
        if (net == null || indices.length == 0) {
            return;
        }
        try {
            INDArray out = net.outputSingle(false, Dl4jData.batch(set, indices, inputShape).getFeatures());
            List<Prediction> predictions = new ArrayList<>();
            for (int i = 0; i < indices.length; i++) {
                INDArray row = out.getRow(i);
                int predicted = row.argMax().getInt(0);
                predictions.add(new Prediction(indices[i], predicted, set.labels()[indices[i]], row.getDouble(predicted)));
            }
            listener.predictions(predictions);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Dl4jTrainerService.class).warn("No predictions after training", e);
        }
    }

    private record RunSession(TrainingService.Run run) implements Session {

        @Override
        public void pause() {
            run.pause();
        }

        @Override
        public void resume() {
            run.resume();
        }

        @Override
        public void stop() {
            run.stop();
        }

        @Override
        public boolean hasModel() {
            return run.network() != null;
        }

        @Override
        public java.util.Optional<io.layerloom.app.training.TrainedNetwork> snapshot(List<Long> inputShape) {
            try {
                // made by the training thread at its next iteration boundary (at once after the run)
                return run.snapshots().request().get().map(copy -> copy.network(inputShape));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return java.util.Optional.empty();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("The network could not be copied: " + e.getCause().getMessage(), e.getCause());
            }
        }

        @Override
        public void export(Path file, String graphName, String dataSource, long seed, double testAccuracy) throws IOException {
            export(file, graphName, dataSource, seed, testAccuracy, io.layerloom.app.data.DataTransform.NONE);
        }

        @Override
        public void export(Path file, String graphName, String dataSource, long seed, double testAccuracy,
                           io.layerloom.app.data.DataTransform transform) throws IOException {
            ComputationGraph net = run.network();
            if (net == null) {
                throw new IOException("Nothing has been trained yet: train on the Training tab first.");
            }
            ModelFiles.save(net, file, new ModelFiles.Provenance(graphName, dataSource, seed,
                    DataSources.Request.defaults().validationFraction(), testAccuracy, transform));
        }
    }
}
