package io.layerloom.app.runs;

import io.layerloom.app.AppVersion;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.training.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Listens to one run's {@link TrainingEvent}s (on the training thread, beside whoever shows them)
 * and makes its {@link RunRecord} once the run has ended. What to record is fixed when the run
 * starts: the graph's network hash and the settings are taken then, so edits made while it
 * trains do not leak into its record.
 */
public final class RunRecorder implements Consumer<TrainingEvent> {

    /** LayerLoom's version as records hold it ("0.1.0"). */
    public static final String VERSION = AppVersion.NAME_AND_VERSION.substring(AppVersion.NAME_AND_VERSION.indexOf(' ') + 1);

    private final String graphFile;
    private final String graphName;
    private final String hash;
    private final Map<String, Object> settings;
    private final RunRecord.DataRef data;
    private final String origin;
    private final Clock clock;
    private final Instant started;
    private final List<RunRecord.EpochMetrics> epochs = new ArrayList<>();
    private long parameters;
    private boolean trained;
    private Instant lastEpochEnd;
    private RunRecord.Resume resumed;
    private RunRecord.Kept kept;
    private TrainingEvent.Evaluated test;
    private TrainingEvent end;

    /**
     * @param graphFile the graph file's name as the user knows it
     * @param origin    cli, sweep or window
     */
    public RunRecorder(Graph graph, String graphFile, TrainingSettings settings, RunRecord.DataRef data, String origin, Clock clock) {
        this.graphFile = graphFile;
        this.graphName = graph.name();
        this.hash = GraphDigest.of(graph);
        this.settings = RunJson.settings(settings);
        this.data = data;
        this.origin = origin;
        this.clock = clock;
        this.started = clock.instant();
        this.lastEpochEnd = started;
    }

    @Override
    public synchronized void accept(TrainingEvent e) {
        if (e instanceof TrainingEvent.Started s) {
            parameters = s.parameters();
            trained = true;
            lastEpochEnd = clock.instant();
        } else if (e instanceof TrainingEvent.Resumed r) {
            resumed = new RunRecord.Resume(r.source(), r.completedEpochs(), r.updaterState());
        } else if (e instanceof TrainingEvent.Epoch ep) {
            Instant now = clock.instant();
            epochs.add(new RunRecord.EpochMetrics(ep.epoch(), ep.trainLoss(), ep.trainAccuracy(), ep.validationLoss(),
                    ep.validationAccuracy(), java.time.Duration.between(lastEpochEnd, now).toNanos() / 1e9));
            lastEpochEnd = now;
        } else if (e instanceof TrainingEvent.Restored r) {
            kept = new RunRecord.Kept(r.patience(), r.epoch(), r.validationLoss(), r.lastEpoch());
        } else if (e instanceof TrainingEvent.Evaluated ev && ev.set().equals("test")) {
            test = ev;
        } else if (e.isEnd() && end == null) {
            end = e;
        }
    }

    /** Whether the run has ended (a record can be made). */
    public synchronized boolean ended() {
        return end != null;
    }

    /**
     * Whether the ended run is worth a record: it trained (a run that fails while training, a
     * divergence, is a result), or it ended without failing. A run refused before its first batch
     * (a graph that cannot compile, nothing left to resume) trained nothing and is not recorded.
     */
    public synchronized boolean recordable() {
        return end != null && (trained || !(end instanceof TrainingEvent.Failed));
    }

    /** The run's record under {@code id}; the run must have ended. */
    public synchronized RunRecord record(String id) {
        if (end == null) {
            throw new IllegalStateException("the run has not ended");
        }
        RunRecord.Outcome outcome = end instanceof TrainingEvent.Finished ? RunRecord.Outcome.FINISHED
                : end instanceof TrainingEvent.Stopped ? RunRecord.Outcome.STOPPED : RunRecord.Outcome.FAILED;
        String failure = end instanceof TrainingEvent.Failed f ? f.reason() + " " + f.hint() : null;
        List<List<Integer>> confusion = test == null ? List.of()
                : Arrays.stream(test.confusion()).map(row -> Arrays.stream(row).boxed().toList()).toList();
        return new RunRecord(id, started, java.time.Duration.between(started, clock.instant()).toNanos() / 1e9, outcome, failure,
                origin, new RunRecord.GraphRef(graphFile, graphName, hash, parameters), settings, data, resumed, kept,
                epochs, test == null ? Double.NaN : test.accuracy(), test == null ? List.of() : test.classNames(), confusion,
                Machine.current(), VERSION);
    }

    /** Writes the ended run's record into the runs folder of {@code graphFile}; returns the file. */
    public Path save(Path graphFile) throws IOException {
        Path folder = RunFiles.folderFor(graphFile);
        synchronized (RunFiles.class) { // a sweep and the window never race for one id within this process
            return RunFiles.write(folder, record(RunFiles.freshId(folder, started)));
        }
    }

    /** The data part of a record: the source as the user gave it and the examples in each part of {@code split}. */
    public static RunRecord.DataRef dataOf(String source, io.layerloom.app.data.DataSplit split) {
        return new RunRecord.DataRef(source, split.train().count(), split.validation().count(),
                split.test().map(io.layerloom.app.data.LoadedData::count).orElse(0));
    }

    /**
     * Saves the ended run's record beside {@code graphFile} and says where on {@code out} (null: say
     * nothing); a record that cannot be written is a warning on {@code err}, never a failed training.
     */
    public static java.util.Optional<Path> saveAndSay(RunRecorder recorder, Path graphFile, java.io.PrintWriter out,
                                                      java.io.PrintWriter err) {
        if (!recorder.recordable()) {
            return java.util.Optional.empty();
        }
        try {
            Path file = recorder.save(graphFile);
            if (out != null) {
                out.println("Recorded the run as " + RunFiles.folderFor(graphFile).getFileName() + "/" + file.getFileName() + ".");
            }
            return java.util.Optional.of(file);
        } catch (IOException e) {
            err.println("layerloom: warning: the run could not be recorded in " + RunFiles.folderFor(graphFile) + ": "
                    + e.getMessage());
            return java.util.Optional.empty();
        }
    }
}
