package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.data.DataSplit;
import io.layerloom.app.designer.service.TrainerService;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.training.NetworkContent;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.training.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Training tab: a run's state and controls, progress, evaluation and predictions, with parts
 * of its own: {@link #data()} (chooser, preview, fit with the graph), {@link #charts()} (the live
 * series), {@link #statistics()} (per-layer statistics) and {@link #runs()} (the recorded runs,
 * compared); the hyperparameters are {@link #settings()}.
 *
 * <p>Training events arrive on the training thread and wait in a queue; {@link #flush} (called
 * by the view at most every {@link #FLUSH_INTERVAL_NANOS}, by tests directly) applies them all
 * at once on the UI thread, so a fast network costs one chart update per tenth of a second, not
 * one per batch.
 */
public final class TrainingViewModel {

    /**
     * idle: ready or not, nothing running; loading: data or ND4J being loaded; then a run's states:
     * stopping (asked to stop, finishing its batch), and how it ended: stopped by the user, finished
     * every epoch, or failed.
     */
    public enum State { IDLE, LOADING, RUNNING, PAUSED, STOPPING, STOPPED, FINISHED, FAILED }

    public static final long FLUSH_INTERVAL_NANOS = 100_000_000L;

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Choose the data to train on.");
    private final TrainingFailure failure = new TrainingFailure();
    private final ReadOnlyBooleanWrapper runActive = new ReadOnlyBooleanWrapper(this, "runActive");
    private final ReadOnlyBooleanWrapper stopRequested = new ReadOnlyBooleanWrapper(this, "stopRequested");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyObjectWrapper<TrainingEvent.Evaluated> evaluation = new ReadOnlyObjectWrapper<>(this, "evaluation");
    private final ReadOnlyStringWrapper evaluationTitle = new ReadOnlyStringWrapper(this, "evaluationTitle",
            "The confusion matrix appears after the first epoch.");
    private final ObservableList<SampleImage> predictions = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasTrainedModel = new ReadOnlyBooleanWrapper(this, "hasTrainedModel");
    private final ReadOnlyObjectWrapper<StartBlocker> blocker = new ReadOnlyObjectWrapper<>(this, "blocker");
    private final ReadOnlyIntegerWrapper runEpochs = new ReadOnlyIntegerWrapper(this, "runEpochs", 0);

    private final DocumentViewModel document;
    private final TrainingSettingsViewModel settings;
    private final TrainingDataViewModel data;
    private final TrainingChartsViewModel charts = new TrainingChartsViewModel();
    private final LayerStatisticsViewModel statistics = new LayerStatisticsViewModel();
    private final TrainerService trainer;
    private final RunsViewModel runs;
    private final RunEvents pending = new RunEvents();

    /** ND4J loads once, with the first run: that start says so, later ones do not (one Training tab per window). */
    private boolean nd4jLoaded;
    private TrainerService.Session session;
    private TrainerService.Session trainedSession;
    private io.layerloom.app.data.DataTransform trainedTransform = io.layerloom.app.data.DataTransform.NONE;
    /** What the trained network was built from: it belongs to the open graph only while the graph has this content. */
    private NetworkContent trainedContent;
    private int totalIterations;
    private int epochs;
    /** How many layers the current run starts from held weights (an imported network), 0 for none. */
    private int layersFromWeights;
    private double testAccuracy = Double.NaN;
    private TrainingEvent.Iteration lastIteration;

    /**
     * @param tasks      runs data loading as a background task (tests pass {@link BackgroundTasks#direct()})
     * @param background loads data (a worker thread; tests pass {@code Runnable::run})
     */
    public TrainingViewModel(DocumentViewModel document, TrainerService trainer, BackgroundTasks tasks, Executor background) {
        this.document = document;
        this.settings = new TrainingSettingsViewModel(document);
        this.data = new TrainingDataViewModel(document, settings, trainer, tasks.latest("Loading data", background), runActive,
                tasks.latest("Augmentation preview", background));
        this.runs = new RunsViewModel(document, tasks.latest("Reading runs", background), state.getReadOnlyProperty());
        this.trainer = runs.recording(trainer, data::source);
        data.loadingProperty().addListener((o, was, is) -> dataLoadingChanged(is));
        // a run's results belong to the document it trained: another one starts with an empty tab
        document.openedProperty().addListener((o, was, is) -> documentReplaced());
        for (javafx.beans.Observable o : List.of(runActive, state, data.loadingProperty(), data.dataProperty(),
                data.blockingProperty())) {
            o.addListener(x -> updateBlocker());
        }
        updateBlocker();
    }

    public void start() {
        if (!canStart().get()) {
            return;
        }
        Graph graph = document.graph();
        TrainingSettings s = settings.current();
        clearResults();
        long id = pending.next();
        runActive.set(true);
        state.set(State.LOADING);
        progress.set(-1);
        epochs = s.epochs();
        runEpochs.set(s.epochs());
        status.set(nd4jLoaded ? "Compiling the graph\u2026" : "Loading ND4J\u2026 (the first start takes a few seconds)");
        trainedContent = NetworkContent.of(graph);
        layersFromWeights = 0;
        // An imported network fine-tunes from its weights, but not a layer whose shape changed since:
        // which ones still fit takes an analysis, done on the training thread (Initialised says how many).
        java.util.Optional<HeldWeights> held = document.weights();
        java.util.function.Supplier<Weights> initial = () -> held.map(h -> h.kept(GraphAnalysis.analyze(graph))).orElse(Weights.none());
        try {
            trainedTransform = data.transform();
            session = data.start(trainer, graph, s, initial, new TrainerService.Listener() {
                @Override
                public void event(TrainingEvent event) {
                    pending.add(id, event);
                }

                @Override
                public void predictions(List<TrainerService.Prediction> list) {
                    pending.add(id, List.copyOf(list));
                }
            });
        } catch (RuntimeException e) {
            apply(new TrainingEvent.Failed("Training could not start: " + e.getMessage(),
                    "Check that the data fits the graph's Input."));
        }
    }

    /** Pause when running, resume when paused: the button's one action. */
    public void togglePause() {
        if (session == null || stopRequested.get()) {
            return;
        }
        if (state.get() == State.RUNNING) {
            session.pause();
            state.set(State.PAUSED);
            status.set("Paused after the current batch. Resume to go on, or Stop to keep what it has learned.");
        } else if (state.get() == State.PAUSED) {
            session.resume();
            state.set(State.RUNNING);
            status.set("Training\u2026");
        }
    }

    public void stop() {
        if (session != null && runActive.get() && !stopRequested.get()) {
            stopRequested.set(true);
            session.stop();
            state.set(State.STOPPING);
            status.set("Finishing the current batch; the network keeps what it has learned.");
            progressText.set(""); // an ETA for epochs that will not run
        }
    }

    /**
     * The failure's fix, in one click: the graph's training learning rate becomes the one the
     * failure suggests (a tenth of the rate that diverged), as one undoable edit; the next Start
     * trains with it.
     */
    public void fixFailure() {
        if (!runActive.get()) {
            failure.applyFix(settings).ifPresent(status::set);
        }
    }

    /** The window is closing: end a run that is still going. */
    public void shutdown() {
        if (session != null && runActive.get()) {
            session.stop();
        }
    }

    /**
     * Why the trained network cannot be exported for the open graph, or empty when it can
     * ({@link TrainedModelExport#blocker}).
     */
    public java.util.Optional<String> modelExportBlocker() {
        return TrainedModelExport.blocker(runActive.get(), trainedSession, trainedContent, document.graph());
    }

    /** What explain may look into: the running or last run's network while it belongs to the open graph, with its data. */
    public java.util.Optional<ExplainViewModel.Trained> explainable() {
        TrainerService.Session s = runActive.get() ? session : trainedSession;
        return s == null || !s.hasModel() || trainedContent == null || !trainedContent.equals(NetworkContent.of(document.graph()))
                ? java.util.Optional.empty()
                : java.util.Optional.of(new ExplainViewModel.Trained(s, data.dataProperty().get(), trainedTransform, runActive.get()));
    }

    /** Nothing trained for the open graph. */
    public static final String NOTHING_TRAINED = TrainedModelExport.NOTHING_TRAINED;

    /**
     * The export of the trained model to {@code file}, checked and captured now (on the UI
     * thread), written when the returned task runs (on a file thread: a model file is megabytes).
     */
    public java.util.concurrent.Callable<Void> modelExport(Path file) throws IOException {
        String graphName = document.file().map(p -> p.getFileName().toString()).orElse(document.graph().name() + ".json");
        return TrainedModelExport.task(modelExportBlocker(), trainedSession, file, graphName, data.source(),
                settings.current().seed(), testAccuracy, trainedTransform);
    }

    /** Applies the events that arrived if the last flush is at least {@link #FLUSH_INTERVAL_NANOS} old. */
    public void flushIfDue(long nowNanos) {
        if (pending.due(nowNanos, FLUSH_INTERVAL_NANOS)) {
            flush();
        }
    }

    /** Applies every event that arrived since the last flush, with one update per chart series. */
    public void flush() {
        List<Object> arrived = pending.drain();
        if (arrived.isEmpty()) {
            return;
        }
        for (Object payload : arrived) {
            if (payload instanceof TrainingEvent e) {
                apply(e);
            } else { // the trained network's answers on a few held-out examples
                @SuppressWarnings("unchecked")
                List<TrainerService.Prediction> list = (List<TrainerService.Prediction>) payload;
                predictions.setAll(DataPreview.predictions(TrainerService.predictionSet(data.dataProperty().get()), list));
            }
        }
        charts.publish();
        if (lastIteration != null && runActive.get() && !stopRequested.get()) {
            progress.set(totalIterations == 0 ? 0 : Math.min(1, (double) lastIteration.iteration() / totalIterations));
            progressText.set(TrainingTexts.progressText(lastIteration, epochs, totalIterations, charts.examplesPerSecond()));
        }
    }

    private void apply(TrainingEvent e) {
        if (e instanceof TrainingEvent.Initialised i) {
            layersFromWeights = i.copied().size();
        } else if (e instanceof TrainingEvent.Started s) {
            nd4jLoaded = true;
            totalIterations = s.epochs() * s.iterationsPerEpoch();
            epochs = s.epochs();
            progress.set(0);
            if (!stopRequested.get()) {
                state.set(State.RUNNING);
            }
            status.set(TrainingTexts.started(s, data.trainCount(), layersFromWeights));
        } else if (e instanceof TrainingEvent.Iteration i) {
            lastIteration = i;
            charts.iteration(i);
        } else if (e instanceof TrainingEvent.Epoch ep) {
            charts.epoch(ep);
        } else if (e instanceof TrainingEvent.Evaluated ev) {
            evaluation.set(ev);
            boolean test = ev.set().equals("test");
            if (test) {
                testAccuracy = ev.accuracy();
            }
            evaluationTitle.set((test ? "Test set, after training" : "Validation set, epoch " + charts.trainLoss().size())
                    + ": accuracy " + TrainingTexts.percent(ev.accuracy()));
        } else if (e instanceof TrainingEvent.LayerStatistics ls) {
            statistics.apply(document.graph(), ls);
        } else if (e instanceof TrainingEvent.Finished f) {
            ended(State.FINISHED);
            progress.set(1);
            status.set(TrainingTexts.finished(f, testAccuracy));
        } else if (e instanceof TrainingEvent.Stopped s) {
            ended(State.STOPPED);
            status.set(TrainingTexts.stopped(s));
        } else if (e instanceof TrainingEvent.Failed f) {
            ended(State.FAILED);
            hasTrainedModel.set(false);
            trainedSession = null;
            failure.show(f);
            status.set("Training failed.");
            if (progress.get() < 0) {
                progress.set(0);
            }
        }
    }

    private void ended(State end) {
        runActive.set(false);
        stopRequested.set(false);
        state.set(end);
        trainedSession = session;
        hasTrainedModel.set(session != null && session.hasModel());
        progressText.set(""); // no ETA once nothing runs
    }

    /**
     * Another document was opened: the run (which trains the previous graph) is stopped and its
     * events ignored, and the tab starts empty, as after the window opened; the data stays chosen.
     */
    private void documentReplaced() {
        if (session != null && runActive.get()) {
            session.stop();
        }
        session = null;
        trainedSession = null;
        trainedContent = null;
        pending.discard();
        clearResults();
        runActive.set(false);
        runEpochs.set(0);
        progress.set(0);
        dataLoadingChanged(data.loadingProperty().get());
    }

    /** Loading data makes an idle tab "loading"; a run's own state is left alone. */
    private void dataLoadingChanged(boolean loading) {
        if (runActive.get()) {
            return;
        }
        if (loading) {
            state.set(State.LOADING);
            status.set("Loading " + data.selectedProperty().get().label().replace("\u2026", "") + "\u2026");
        } else {
            state.set(State.IDLE);
            idleStatus();
        }
    }

    /** What an idle tab says: ready, or what was loaded when something else keeps Start off (its line says what). */
    private void idleStatus() {
        DataSplit loaded = data.dataProperty().get();
        status.set(loaded == null ? (data.problemProperty().get().isEmpty() ? "Choose the data to train on." : "The data could not be loaded.")
                : blocker.get() == null ? "Ready to train on " + loaded.train().name() + "." : "Loaded " + loaded.train().name() + ".");
    }

    /** Forgets the last run: its results, failure and trained model (a new run starts, or another document opened). */
    private void clearResults() {
        stopRequested.set(false);
        hasTrainedModel.set(false);
        failure.clear();
        charts.clear();
        predictions.clear();
        statistics.clear();
        evaluation.set(null);
        evaluationTitle.set("The confusion matrix appears after the first epoch.");
        testAccuracy = Double.NaN;
        lastIteration = null;
        totalIterations = 0;
        progressText.set("");
    }

    public BooleanBinding canStart() {
        return canStart;
    }

    private final BooleanBinding canStart = Bindings.createBooleanBinding(() -> blocker.get() == null, blocker);

    /** Why Start is off, or null when it is on. */
    public ReadOnlyObjectProperty<StartBlocker> blockerProperty() {
        return blocker.getReadOnlyProperty();
    }

    /** Runs the blocker's fix (sets the Input shape or the units the data needs, shows the layer in error). */
    public void fixBlocker() {
        TrainingDataViewModel.Problem p = data.blockingProperty().get();
        if (!runActive.get() && p != null && p.hasFix()) {
            p.fix().run();
        }
    }

    private void updateBlocker() {
        blocker.set(StartBlocker.of(runActive.get(), state.get(), data.loadingProperty().get(), data.blockingProperty().get(),
                data.dataProperty().get() != null));
        if (state.get() == State.IDLE) {
            idleStatus();
        }
    }

    public BooleanBinding canPause() {
        return canPause;
    }

    private final BooleanBinding canPause = Bindings.createBooleanBinding(() -> state.get() == State.RUNNING
            || state.get() == State.PAUSED, state);

    public BooleanBinding canStop() {
        return canStop;
    }

    private final BooleanBinding canStop = Bindings.createBooleanBinding(() -> runActive.get() && !stopRequested.get(),
            runActive, stopRequested);

    /** The data chooser and the form are locked while a run uses them. */
    public ReadOnlyBooleanProperty runActiveProperty() {
        return runActive.getReadOnlyProperty();
    }

    /** "Pause" or "Resume". */
    public javafx.beans.binding.StringBinding pauseText() {
        return Bindings.when(state.isEqualTo(State.PAUSED)).then("Resume").otherwise("Pause");
    }

    public TrainingSettingsViewModel settings() {
        return settings;
    }

    /** The chooser, the preview and whether the data fits the graph. */
    public TrainingDataViewModel data() {
        return data;
    }

    public RunsViewModel runs() {
        return runs;
    }

    /** The live charts' series. */
    public TrainingChartsViewModel charts() {
        return charts;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the last run failed, for the user; empty otherwise. */
    public ReadOnlyStringProperty messageProperty() {
        return failure.messageProperty();
    }

    /** What to do about {@link #messageProperty}. */
    public ReadOnlyStringProperty hintProperty() {
        return failure.hintProperty();
    }

    public ReadOnlyStringProperty failureFixProperty() {
        return failure.fixProperty();
    }

    /** 0 to 1; -1 (indeterminate) while ND4J loads and the graph compiles. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** The latest confusion matrix and per-class figures: the validation set's per epoch, the test set's at the end. */
    public ReadOnlyObjectProperty<TrainingEvent.Evaluated> evaluationProperty() {
        return evaluation.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty evaluationTitleProperty() {
        return evaluationTitle.getReadOnlyProperty();
    }

    /** The trained network's answers on a few held-out examples, at the end of a run. */
    public ObservableList<SampleImage> predictions() {
        return predictions;
    }

    /** The live per-layer statistics. */
    public LayerStatisticsViewModel statistics() {
        return statistics;
    }

    /** The epochs of the current or last run (0 before the first): the epoch chart's extent. */
    public ReadOnlyIntegerProperty runEpochsProperty() {
        return runEpochs.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasTrainedModelProperty() {
        return hasTrainedModel.getReadOnlyProperty();
    }

    public boolean hasTrainedModel() {
        return hasTrainedModel.get();
    }
}
