package io.layerloom.app.designer.service;

import io.layerloom.app.data.CsvReader;
import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.training.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the Training tab asks of the training machinery: load data, start a run, control it,
 * export its network. The real one ({@link Dl4jTrainerService}) drives
 * {@link io.layerloom.app.training.TrainingService}; tests pass a fake that emits scripted events.
 */
public interface TrainerService {

    /** Iterations between two per-layer update-to-parameter measurements. */
    int STATISTICS_EVERY = 20;

    /** How many test samples get a prediction at the end of a run. */
    int PREDICTIONS = 8;

    /** Whether the full Fashion-MNIST is installed (the chooser offers it only then). */
    boolean fullFashionMnistAvailable();

    /**
     * Reads and splits a data source (a {@link io.layerloom.app.data.DataSources} name or path);
     * blocking, called off the UI thread. {@code imageShape} shapes image folders and synthetic images.
     */
    DataSplit load(String source, List<Long> imageShape, long seed, CsvReader.Options csv) throws DataException;

    /**
     * The same, an image folder's images fitted to {@code imageShape} as the training object's
     * "fit" says (pad, crop; resize and none resize them), as {@code train} reads them.
     */
    default DataSplit load(String source, List<Long> imageShape, long seed, CsvReader.Options csv,
                           java.util.Optional<io.layerloom.model.training.DataPreparation.Fit> fit) throws DataException {
        return load(source, imageShape, seed, csv);
    }

    /**
     * Starts training on a thread of its own; events reach {@code listener} on that thread. The layers
     * {@code initial} has values for start from them (an imported network), the others from the seed;
     * it is asked on the training thread (working out which held values still fit takes an analysis),
     * and an {@link TrainingEvent.Initialised} event says which layers it gave values to.
     */
    Session start(Graph graph, DataSplit data, List<Long> inputShape, TrainingSettings settings,
                  java.util.function.Supplier<Weights> initial, Listener listener);

    /**
     * When {@code source} is an image folder whose decoded images would not fit in memory: its file
     * lists and normalisation ({@link io.layerloom.app.data.StreamedFolder#scan}, {@code progress}
     * hearing how far it got), for {@link #startStreamed}; empty for data that is loaded whole.
     * Blocking, called off the UI thread.
     */
    default java.util.Optional<io.layerloom.app.data.StreamedFolder> streamIfLarge(String source, List<Long> inputShape, long seed,
            io.layerloom.model.training.DataPreparation preparation, java.util.function.Consumer<String> progress)
            throws DataException {
        return java.util.Optional.empty();
    }

    /**
     * {@link #start}, the training and validation batches decoded from {@code folder}'s files as the
     * run goes ({@link io.layerloom.app.training.DataLoading#feed}); {@code sample} (a few decoded
     * images) gives the predictions at the end.
     */
    default Session startStreamed(Graph graph, io.layerloom.app.data.StreamedFolder folder, DataSplit sample, List<Long> inputShape,
                                  TrainingSettings settings, java.util.function.Supplier<Weights> initial, Listener listener) {
        throw new UnsupportedOperationException("this trainer does not stream image folders");
    }

    /** Receives a run's events on the training thread. */
    interface Listener {
        void event(TrainingEvent event);

        /** Predictions on {@link #predictionSamples} of the data, sent just before the run's end event. */
        void predictions(List<Prediction> predictions);
    }

    /** The network's answer for one example of {@link #predictionSet}: class indices and its probability. */
    record Prediction(int index, int predicted, int actual, double confidence) {
    }

    /** One run's controls. */
    interface Session {
        void pause();

        void resume();

        void stop();

        /** Whether a network exists (it does once training has begun, even if stopped). */
        boolean hasModel();

        /**
         * A copy of the network for explaining it, empty when there is none: while training runs, as
         * it is at the next iteration boundary (it may wait for the current batch). Called off the UI thread.
         */
        default java.util.Optional<io.layerloom.app.training.TrainedNetwork> snapshot(List<Long> inputShape) {
            return java.util.Optional.empty();
        }

        /** Writes the network as the command line does (NAME.dl4j.zip and its NAME.dl4j.json record). */
        void export(Path file, String graphName, String dataSource, long seed, double testAccuracy) throws IOException;

        /** The same, recording the fit and normalisation the data had ({@code transform}), for evaluate and predict. */
        default void export(Path file, String graphName, String dataSource, long seed, double testAccuracy,
                            io.layerloom.app.data.DataTransform transform) throws IOException {
            export(file, graphName, dataSource, seed, testAccuracy);
        }
    }

    /** Where predictions are made: the test set, else the validation set. */
    static LoadedData predictionSet(DataSplit split) {
        return split.test().orElse(split.validation());
    }

    /** {@link #PREDICTIONS} indices spread evenly over {@code count} examples (fewer when there are fewer). */
    static int[] predictionSamples(int count) {
        int n = Math.min(PREDICTIONS, count);
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = (int) ((long) i * count / n);
        }
        return indices;
    }
}
