package io.layerloom.app.designer.service;

import io.layerloom.app.data.CsvReader;
import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.runs.RunRecorder;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.training.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link TrainerService} that records every run it starts beside the open graph's file
 * ({@code NAME.runs/}, as the command line does), on the training thread, before the run's end
 * event goes on to the window: when the window hears that a run ended, its record is on disk.
 * A graph never saved has no place for records; its runs are not recorded, and {@code problem}
 * hears why, as it hears a record that could not be written.
 */
public final class RecordingTrainerService implements TrainerService {

    private final TrainerService inner;
    private final Supplier<Optional<Path>> graphFile;
    private final Supplier<String> dataSource;
    private final Consumer<String> problem;

    /**
     * @param graphFile  the open graph's file, asked when a run starts (on the UI thread)
     * @param dataSource the chosen data's name or path as the user gave it
     * @param problem    hears, on the training thread, why a run was not recorded
     */
    public RecordingTrainerService(TrainerService inner, Supplier<Optional<Path>> graphFile, Supplier<String> dataSource,
                                   Consumer<String> problem) {
        this.inner = inner;
        this.graphFile = graphFile;
        this.dataSource = dataSource;
        this.problem = problem;
    }

    @Override
    public boolean fullFashionMnistAvailable() {
        return inner.fullFashionMnistAvailable();
    }

    @Override
    public DataSplit load(String source, List<Long> imageShape, long seed, CsvReader.Options csv) throws DataException {
        return inner.load(source, imageShape, seed, csv);
    }

    @Override
    public DataSplit load(String source, List<Long> imageShape, long seed, CsvReader.Options csv,
                          Optional<io.layerloom.model.training.DataPreparation.Fit> fit) throws DataException {
        return inner.load(source, imageShape, seed, csv, fit);
    }

    @Override
    public Optional<io.layerloom.app.data.StreamedFolder> streamIfLarge(String source, List<Long> inputShape, long seed,
            io.layerloom.model.training.DataPreparation preparation, Consumer<String> progress) throws DataException {
        return inner.streamIfLarge(source, inputShape, seed, preparation, progress);
    }

    @Override
    public Session start(Graph graph, DataSplit data, List<Long> inputShape, TrainingSettings settings,
                         Supplier<Weights> initial, Listener listener) {
        RunRecorder recorder = recorder(graph, settings, RunRecorder.dataOf(dataSource.get(), data));
        return inner.start(graph, data, inputShape, settings, initial, recording(recorder, listener));
    }

    @Override
    public Session startStreamed(Graph graph, io.layerloom.app.data.StreamedFolder folder, DataSplit sample, List<Long> inputShape,
                                 TrainingSettings settings, Supplier<Weights> initial, Listener listener) {
        // the folder's counts, not the decoded sample's
        RunRecorder recorder = recorder(graph, settings, new io.layerloom.app.runs.RunRecord.DataRef(dataSource.get(),
                folder.trainCount(), folder.validationCount(), 0));
        return inner.startStreamed(graph, folder, sample, inputShape, settings, initial, recording(recorder, listener));
    }

    private RunRecorder recorder(Graph graph, TrainingSettings settings, io.layerloom.app.runs.RunRecord.DataRef data) {
        return new RunRecorder(graph, graphFile.get().map(f -> f.getFileName().toString()).orElse(graph.name()), settings, data,
                "window", Clock.systemUTC());
    }

    /** {@code listener}, the run's events recorded first; the record saved when the run ends. */
    private Listener recording(RunRecorder recorder, Listener listener) {
        Optional<Path> file = graphFile.get();
        return new Listener() {
            @Override
            public void event(TrainingEvent event) {
                recorder.accept(event);
                if (event.isEnd() && recorder.recordable()) {
                    save(recorder, file);
                }
                listener.event(event);
            }

            @Override
            public void predictions(List<Prediction> predictions) {
                listener.predictions(predictions);
            }
        };
    }

    private void save(RunRecorder recorder, Optional<Path> file) {
        if (file.isEmpty()) {
            problem.accept("This run was not recorded: the graph has no file yet. Save it to record its runs.");
            return;
        }
        try {
            recorder.save(file.get());
        } catch (IOException | RuntimeException e) {
            problem.accept("This run could not be recorded: " + e.getMessage());
        }
    }
}
