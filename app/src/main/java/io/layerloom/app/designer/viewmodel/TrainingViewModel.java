package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.data.CsvReader;
import io.layerloom.app.data.DataCheck;
import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.designer.service.TrainerService;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.Family;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.report.Formats;
import io.layerloom.model.training.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The Training tab: which data, its preview and fit with the graph, the run's state and
 * controls, live charts, the evaluation and the per-layer statistics.
 *
 * <p>Training events arrive on the training thread and wait in a queue; {@link #flush} (called
 * by the view at most every {@link #FLUSH_INTERVAL_NANOS}, by tests directly) applies them all
 * at once on the UI thread, so a fast network costs one chart update per tenth of a second, not
 * one per batch.
 */
public final class TrainingViewModel {

    /** idle: ready or not, nothing running; loading: data or ND4J being loaded; then a run's states. */
    public enum State { IDLE, LOADING, RUNNING, PAUSED, FINISHED, FAILED }

    /** Most points a per-iteration chart series holds (see {@link DecimatedSeries}). */
    public static final int CHART_CAP = 1_000;
    public static final long FLUSH_INTERVAL_NANOS = 100_000_000L;
    private static final int PREVIEW_SAMPLES = 8;
    private static final int PREVIEW_ROWS = 6;

    /** ND4J loads once per process; the first start says so, later ones do not. */
    private static volatile boolean nd4jLoaded;

    // Properties
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Choose the data to train on.");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper(this, "hint", "");
    private final ReadOnlyBooleanWrapper runActive = new ReadOnlyBooleanWrapper(this, "runActive");
    private final ReadOnlyBooleanWrapper stopRequested = new ReadOnlyBooleanWrapper(this, "stopRequested");
    private final ReadOnlyBooleanWrapper dataLoading = new ReadOnlyBooleanWrapper(this, "dataLoading");
    private final ReadOnlyObjectWrapper<DataSplit> data = new ReadOnlyObjectWrapper<>(this, "data");
    private final ReadOnlyStringWrapper dataSummary = new ReadOnlyStringWrapper(this, "dataSummary", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ObservableList<DataChoice> dataChoices = FXCollections.observableArrayList();
    private final ObjectProperty<DataChoice> selectedData = new SimpleObjectProperty<>(this, "selectedData");
    private final ObservableList<SampleImage> samples = FXCollections.observableArrayList();
    private final ObservableList<String> tableHeader = FXCollections.observableArrayList();
    private final ObservableList<List<String>> tableRows = FXCollections.observableArrayList();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final DoubleProperty smoothing = new SimpleDoubleProperty(this, "smoothing", 0.9);
    private final ReadOnlyObjectWrapper<TrainingEvent.Evaluated> evaluation = new ReadOnlyObjectWrapper<>(this, "evaluation");
    private final ReadOnlyStringWrapper evaluationTitle = new ReadOnlyStringWrapper(this, "evaluationTitle",
            "The confusion matrix appears after the first epoch.");
    private final ObservableList<SampleImage> predictions = FXCollections.observableArrayList();
    private final ObservableMap<String, String> layerStatistics = FXCollections.observableHashMap();
    private final ObservableMap<String, String> layerStatisticsView = FXCollections.unmodifiableObservableMap(layerStatistics);
    private final ObservableList<LayerStatistic> layerRatios = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasTrainedModel = new ReadOnlyBooleanWrapper(this, "hasTrainedModel");
    private final javafx.beans.property.ReadOnlyIntegerWrapper runEpochs = new javafx.beans.property.ReadOnlyIntegerWrapper(
            this, "runEpochs", 0);

    // Charts
    private final DecimatedSeries loss = new DecimatedSeries(CHART_CAP);
    private final DecimatedSeries smoothedLoss = new DecimatedSeries(CHART_CAP);
    private final DecimatedSeries learningRate = new DecimatedSeries(CHART_CAP);
    private final ObservableList<ChartPoint> trainLoss = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> validationLoss = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> trainAccuracy = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> validationAccuracy = FXCollections.observableArrayList();

    private final DocumentViewModel document;
    private final TrainingSettingsViewModel settings;
    private final TrainerService trainer;
    private final Executor background;
    private final Executor ui;
    private final Queue<Tagged> pending = new ConcurrentLinkedQueue<>();

    private long loadTicket;
    private long runId;
    private long lastFlush = Long.MIN_VALUE;
    private TrainerService.Session session;
    private TrainerService.Session trainedSession;
    private Loaded loaded;
    private List<Long> inputShape;
    private double[] scores = new double[1024];
    private int scoreCount;
    private double ema;
    private double examplesPerSecond = Double.NaN;
    private int totalIterations;
    private int epochs;
    private double testAccuracy = Double.NaN;
    private TrainingEvent.Iteration lastIteration;

    /** What was loaded, from which choice, with which seed and image shape. */
    private record Loaded(DataChoice choice, String source, long seed, List<Long> imageShape) {
    }

    /** An event of run {@code run}: a TrainingEvent or a list of predictions. */
    private record Tagged(long run, Object payload) {
    }

    public TrainingViewModel(DocumentViewModel document, TrainerService trainer, Executor background, Executor ui) {
        this.document = document;
        this.settings = new TrainingSettingsViewModel(document);
        this.trainer = trainer;
        this.background = background;
        this.ui = ui;
        dataChoices.add(DataChoice.named("Fashion-MNIST subset (shipped)", DataSources.FASHION_SUBSET));
        if (trainer.fullFashionMnistAvailable()) {
            dataChoices.add(DataChoice.named("Fashion-MNIST (full)", DataSources.FASHION));
        }
        dataChoices.add(DataChoice.named("Digits (8x8 images)", DataSources.DIGITS));
        dataChoices.add(DataChoice.named("Iris (4 measurements)", DataSources.IRIS));
        dataChoices.add(new DataChoice("Synthetic (shaped like the Input)", DataChoice.Kind.SYNTHETIC,
                DataSources.SYNTHETIC, Optional.empty()));
        dataChoices.add(new DataChoice("CSV file\u2026", DataChoice.Kind.ASK_CSV, "", Optional.empty()));
        dataChoices.add(new DataChoice("Image folder\u2026", DataChoice.Kind.ASK_FOLDER, "", Optional.empty()));
        selectedData.set(dataChoices.get(0));
        document.analysisProperty().addListener((o, was, is) -> graphChanged());
        document.graphProperty().addListener((o, was, is) -> graphChanged());
        settings.settingsProperty().addListener((o, was, is) -> {
            if (loaded != null && is.seed() != loaded.seed() && !runActive.get()) {
                load(loaded.choice());
            }
        });
        smoothing.addListener((o, was, is) -> resmooth());
        graphChanged();
    }

    // Commands

    /** Loads the chosen data (off the UI thread); "ask" entries do nothing: the view asks first. */
    public void choose(DataChoice choice) {
        Objects.requireNonNull(choice, "choice");
        if (choice.kind() == DataChoice.Kind.ASK_CSV || choice.kind() == DataChoice.Kind.ASK_FOLDER || runActive.get()) {
            return;
        }
        if (!dataChoices.contains(choice)) {
            dataChoices.add(dataChoices.size() - 2, choice);
        }
        selectedData.set(choice);
        load(choice);
    }

    /** Loads the selected data unless it is loaded or loading (the tab was shown for the first time). */
    public void ensureDataLoaded() {
        if (loaded == null && !dataLoading.get() && selectedData.get() != null) {
            choose(selectedData.get());
        }
    }

    public void start() {
        if (!canStart().get()) {
            return;
        }
        Graph graph = document.graph();
        TrainingSettings s = settings.current();
        clearResults();
        long id = ++runId;
        stopRequested.set(false);
        runActive.set(true);
        hasTrainedModel.set(false);
        state.set(State.LOADING);
        progress.set(-1);
        message.set("");
        hint.set("");
        epochs = s.epochs();
        runEpochs.set(s.epochs());
        status.set(nd4jLoaded ? "Compiling the graph\u2026" : "Loading ND4J\u2026 (the first start takes a few seconds)");
        try {
            session = trainer.start(graph, data.get(), inputShape, s, new TrainerService.Listener() {
                @Override
                public void event(TrainingEvent event) {
                    pending.add(new Tagged(id, event));
                }

                @Override
                public void predictions(List<TrainerService.Prediction> list) {
                    pending.add(new Tagged(id, List.copyOf(list)));
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
            status.set("Stopping after the current batch\u2026");
        }
    }

    /** The window is closing: end a run that is still going. */
    public void shutdown() {
        if (session != null && runActive.get()) {
            session.stop();
        }
    }

    /** Writes the trained network (DL4J model file and its record, as {@code layerloom train} saves them). */
    public void exportModel(Path file) throws IOException {
        if (trainedSession == null || !trainedSession.hasModel()) {
            throw new IOException("Nothing has been trained yet: train on the Training tab first.");
        }
        if (runActive.get()) {
            throw new IOException("Training is still running: stop it or let it finish before exporting the model.");
        }
        String graphName = document.file().map(p -> p.getFileName().toString()).orElse(document.graph().name() + ".json");
        trainedSession.export(file, graphName, loaded == null ? "" : loaded.source(), settings.current().seed(), testAccuracy);
    }

    /** Applies the events that arrived if the last flush is at least {@link #FLUSH_INTERVAL_NANOS} old. */
    public void flushIfDue(long nowNanos) {
        if (lastFlush == Long.MIN_VALUE || nowNanos - lastFlush >= FLUSH_INTERVAL_NANOS) {
            lastFlush = nowNanos;
            flush();
        }
    }

    /** Applies every event that arrived since the last flush, with one update per chart series. */
    public void flush() {
        boolean any = false;
        for (Tagged t; (t = pending.poll()) != null;) {
            if (t.run() == runId) {
                any = true;
                if (t.payload() instanceof TrainingEvent e) {
                    apply(e);
                } else {
                    predicted(t.payload());
                }
            }
        }
        if (!any) {
            return;
        }
        loss.publish();
        smoothedLoss.publish();
        learningRate.publish();
        if (lastIteration != null && runActive.get()) {
            progress.set(totalIterations == 0 ? 0 : Math.min(1, (double) lastIteration.iteration() / totalIterations));
            progressText.set(progressText(lastIteration, epochs, totalIterations, examplesPerSecond));
        }
    }

    // Events

    private void apply(TrainingEvent e) {
        if (e instanceof TrainingEvent.Started s) {
            nd4jLoaded = true;
            totalIterations = s.epochs() * s.iterationsPerEpoch();
            epochs = s.epochs();
            progress.set(0);
            state.set(State.RUNNING);
            status.set("Training " + Formats.grouped(s.parameters()) + " parameters on "
                    + Formats.grouped(data.get().train().count()) + " examples (seed " + s.seed() + ")\u2026");
        } else if (e instanceof TrainingEvent.Iteration i) {
            iteration(i);
        } else if (e instanceof TrainingEvent.Epoch ep) {
            addFinite(trainLoss, ep.epoch(), ep.trainLoss());
            addFinite(validationLoss, ep.epoch(), ep.validationLoss());
            addFinite(trainAccuracy, ep.epoch(), ep.trainAccuracy());
            addFinite(validationAccuracy, ep.epoch(), ep.validationAccuracy());
        } else if (e instanceof TrainingEvent.Evaluated ev) {
            evaluation.set(ev);
            boolean test = ev.set().equals("test");
            if (test) {
                testAccuracy = ev.accuracy();
            }
            evaluationTitle.set((test ? "Test set, after training" : "Validation set, epoch " + trainLoss.size())
                    + ": accuracy " + percent(ev.accuracy()));
        } else if (e instanceof TrainingEvent.LayerStatistics ls) {
            statistics(ls);
        } else if (e instanceof TrainingEvent.Finished f) {
            ended(State.FINISHED);
            progress.set(1);
            status.set("Finished " + f.epochs() + (f.epochs() == 1 ? " epoch" : " epochs") + " (" + Formats.grouped(f.iterations())
                    + " iterations) in " + duration(f.seconds())
                    + (Double.isNaN(testAccuracy) ? "." : "; test accuracy " + percent(testAccuracy) + "."));
        } else if (e instanceof TrainingEvent.Stopped s) {
            ended(State.FINISHED);
            status.set("Stopped in epoch " + s.epoch() + " at iteration " + Formats.grouped(s.iteration())
                    + "; the network keeps what it learned so far.");
        } else if (e instanceof TrainingEvent.Failed f) {
            ended(State.FAILED);
            hasTrainedModel.set(false);
            trainedSession = null;
            message.set(f.reason());
            hint.set(f.hint());
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
    }

    private void iteration(TrainingEvent.Iteration i) {
        lastIteration = i;
        if (scoreCount == scores.length) {
            scores = Arrays.copyOf(scores, scores.length * 2);
        }
        scores[scoreCount++] = i.score();
        loss.offer(i.iteration(), i.score());
        smoothedLoss.offer(i.iteration(), smoothed(i.score(), scoreCount));
        learningRate.offer(i.iteration(), i.learningRate());
        if (Double.isFinite(i.examplesPerSecond())) {
            examplesPerSecond = Double.isNaN(examplesPerSecond) ? i.examplesPerSecond()
                    : 0.9 * examplesPerSecond + 0.1 * i.examplesPerSecond();
        }
    }

    /** Exponential moving average with the start-up bias removed (as TensorBoard's smoothing). */
    private double smoothed(double score, int n) {
        double w = smoothing.get();
        ema = n == 1 ? (1 - w) * score : w * ema + (1 - w) * score;
        double debias = 1 - Math.pow(w, n);
        return debias == 0 ? score : ema / debias;
    }

    private void resmooth() {
        smoothedLoss.clear();
        for (int k = 0; k < scoreCount; k++) {
            smoothedLoss.offer(k + 1, smoothed(scores[k], k + 1));
        }
        smoothedLoss.publish();
    }

    private void statistics(TrainingEvent.LayerStatistics ls) {
        Graph graph = document.graph();
        java.util.Map<String, String> next = new java.util.LinkedHashMap<>();
        List<LayerStatistic> rows = new ArrayList<>();
        ls.updateRatios().forEach((layer, ratio) -> nodeOf(graph, layer).ifPresent(id -> {
            next.put(id, "upd/param " + scientific(ratio));
            rows.add(new LayerStatistic(id, ratio, scientific(ratio), ls.iteration()));
        }));
        layerStatistics.keySet().retainAll(next.keySet());
        layerStatistics.putAll(next);
        layerRatios.setAll(rows);
    }

    /** The node a DL4J layer belongs to: its id, or the node whose helper layer it is ("pool3/pool"). */
    static Optional<String> nodeOf(Graph graph, String layer) {
        if (graph.contains(layer)) {
            return Optional.of(layer);
        }
        return graph.nodes().stream().map(Node::id).filter(id -> layer.startsWith(id + "/"))
                .max(java.util.Comparator.comparingInt(String::length));
    }

    private void predicted(Object payload) {
        @SuppressWarnings("unchecked")
        List<TrainerService.Prediction> list = (List<TrainerService.Prediction>) payload;
        io.layerloom.app.data.LoadedData set = TrainerService.predictionSet(data.get());
        List<SampleImage> images = new ArrayList<>();
        for (TrainerService.Prediction p : list) {
            boolean right = p.predicted() == p.actual();
            String detail = String.format(Locale.ROOT, "%.0f%%", p.confidence() * 100)
                    + (right ? "" : " \u00B7 true: " + set.classNames().get(p.actual()));
            images.add(DataPreview.image(set, p.index(), set.classNames().get(p.predicted()), detail, right));
        }
        predictions.setAll(images);
    }

    // Data

    private void load(DataChoice choice) {
        long ticket = ++loadTicket;
        long seed = settings.current().seed();
        List<Long> shape = inputShape != null && inputShape.size() == 3 ? inputShape : List.of(1L, 28L, 28L);
        String source = choice.kind() == DataChoice.Kind.SYNTHETIC ? syntheticSource() : choice.source();
        CsvReader.Options csv = choice.labelColumn().map(CsvReader.Options::label).orElse(CsvReader.Options.lastColumn());
        dataLoading.set(true);
        if (!runActive.get()) {
            state.set(State.LOADING);
        }
        status.set("Loading " + choice.label().replace("\u2026", "") + "\u2026");
        background.execute(() -> {
            try {
                DataSplit split = trainer.load(source, shape, seed, csv);
                ui.execute(() -> loaded(ticket, new Loaded(choice, source, seed, shape), split));
            } catch (DataException | RuntimeException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                ui.execute(() -> loadFailed(ticket, why));
            }
        });
    }

    private void loaded(long ticket, Loaded what, DataSplit split) {
        if (ticket != loadTicket) {
            return;
        }
        loaded = what;
        data.set(split);
        dataLoading.set(false);
        DataPreview.fill(split, PREVIEW_SAMPLES, PREVIEW_ROWS, samples, tableHeader, tableRows);
        dataSummary.set(DataPreview.summary(split));
        if (!runActive.get()) {
            state.set(State.IDLE);
            status.set("Ready to train on " + split.train().name() + ".");
        }
        recheck();
    }

    private void loadFailed(long ticket, String why) {
        if (ticket != loadTicket) {
            return;
        }
        loaded = null;
        data.set(null);
        dataLoading.set(false);
        samples.clear();
        tableHeader.clear();
        tableRows.clear();
        dataSummary.set("");
        if (!runActive.get()) {
            state.set(State.IDLE);
            status.set("The data could not be loaded.");
        }
        recheck();
        problem.set(why);
    }

    /** "synthetic:CxHxW:K" shaped like the graph, so that it always fits a graph without errors. */
    private String syntheticSource() {
        Optional<Long> units = outputUnits();
        if (inputShape == null || units.isEmpty()) {
            return DataSources.SYNTHETIC;
        }
        List<Long> shape = inputShape.size() == 3 ? inputShape : List.of(1L, 1L, inputShape.get(inputShape.size() - 1));
        return DataSources.SYNTHETIC + ":" + shape.get(0) + "x" + shape.get(1) + "x" + shape.get(2) + ":"
                + Math.max(2, units.get());
    }

    // Checks

    private void graphChanged() {
        recheck();
        // synthetic images and image folders are shaped like the Input: follow it
        if (loaded != null && !runActive.get() && inputShape != null && inputShape.size() == 3
                && !inputShape.equals(loaded.imageShape()) && (loaded.choice().kind() == DataChoice.Kind.SYNTHETIC
                || java.nio.file.Files.isDirectory(Path.of(loaded.source())))) {
            load(loaded.choice());
        }
    }

    private void recheck() {
        problem.set(graphProblem().or(this::dataProblem).orElse(""));
    }

    private Optional<String> graphProblem() {
        Graph g = document.graph();
        Analysis a = document.analysis();
        inputShape = null;
        List<Node> inputs = g.nodes().stream().filter(n -> n.spec() instanceof LayerSpec.Input).toList();
        List<Node> outputs = g.nodes().stream().filter(n -> n.kind().family() == Family.OUTPUT).toList();
        if (inputs.size() != 1 || outputs.size() != 1) {
            return Optional.of("Training needs exactly one Input and one Output layer; this graph has " + inputs.size()
                    + (inputs.size() == 1 ? " Input and " : " Inputs and ") + outputs.size()
                    + (outputs.size() == 1 ? " Output." : " Outputs."));
        }
        if (a == null) {
            return Optional.of("Analysing the graph\u2026");
        }
        List<Diagnostic> errors = a.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) {
            return Optional.of("The graph has " + errors.size() + (errors.size() == 1 ? " error" : " errors")
                    + "; fix " + (errors.size() == 1 ? "it" : "them") + " first (Problems tab). " + errors.get(0).message());
        }
        Optional<List<Long>> shape = a.node(inputs.get(0).id()).flatMap(NodeResult::output).map(TensorType::dims);
        if (shape.isEmpty() || outputUnits().isEmpty()) {
            return Optional.of("Analysing the graph\u2026");
        }
        inputShape = List.copyOf(shape.get());
        return Optional.empty();
    }

    private Optional<Long> outputUnits() {
        Analysis a = document.analysis();
        Optional<Node> out = document.graph().nodes().stream().filter(n -> n.kind().family() == Family.OUTPUT).findFirst();
        if (a == null || out.isEmpty()) {
            return Optional.empty();
        }
        return a.node(out.get().id()).flatMap(NodeResult::output).map(TensorType::dims).filter(d -> !d.isEmpty())
                .map(d -> d.get(0));
    }

    private Optional<String> dataProblem() {
        if (data.get() == null) {
            return Optional.empty();
        }
        return DataCheck.against(inputShape, outputUnits().orElse(0L), data.get().train());
    }

    private void clearResults() {
        loss.clear();
        smoothedLoss.clear();
        learningRate.clear();
        trainLoss.clear();
        validationLoss.clear();
        trainAccuracy.clear();
        validationAccuracy.clear();
        predictions.clear();
        layerStatistics.clear();
        layerRatios.clear();
        evaluation.set(null);
        evaluationTitle.set("The confusion matrix appears after the first epoch.");
        scoreCount = 0;
        examplesPerSecond = Double.NaN;
        testAccuracy = Double.NaN;
        lastIteration = null;
        totalIterations = 0;
        progressText.set("");
    }

    // Text

    /** "Epoch 2/10 · iteration 340/4,690 · 1,250 examples/s · ETA 3 min 20 s" */
    static String progressText(TrainingEvent.Iteration i, int epochs, int total, double examplesPerSecond) {
        return "Epoch " + i.epoch() + "/" + epochs + "  \u00B7  iteration " + Formats.grouped(i.iteration()) + "/"
                + Formats.grouped(total) + "  \u00B7  "
                + (Double.isFinite(examplesPerSecond) ? Formats.grouped(Math.round(examplesPerSecond)) : "?")
                + " examples/s  \u00B7  ETA " + duration(i.secondsRemaining());
    }

    /** "45 s", "3 min 05 s", "2 h 07 min"; "?" for an unknown time. */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s / 60 % 60);
    }

    /** "1.2e-3": two significant figures, the exponent without padding. */
    static String scientific(double v) {
        if (v == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.1e", v).replaceFirst("e([+-])0*(\\d)", "e$1$2").replace("e+", "e");
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static void addFinite(ObservableList<ChartPoint> series, double x, double y) {
        if (Double.isFinite(y)) {
            series.add(new ChartPoint(x, y));
        }
    }

    // Enablement

    public BooleanBinding canStart() {
        return canStart;
    }

    private final BooleanBinding canStart = Bindings.createBooleanBinding(() -> !runActive.get() && !dataLoading.get() && data.get() != null
                        && problem.get().isEmpty() && (state.get() == State.IDLE || state.get() == State.FINISHED
                        || state.get() == State.FAILED),
                runActive, dataLoading, data, problem, state);

    public BooleanBinding canPause() {
        return canPause;
    }

    private final BooleanBinding canPause = Bindings.createBooleanBinding(() -> (state.get() == State.RUNNING
            || state.get() == State.PAUSED) && !stopRequested.get(), state, stopRequested);

    public BooleanBinding canStop() {
        return canStop;
    }

    private final BooleanBinding canStop = runActive.and(stopRequested.not());

    /** The data chooser and the form are locked while a run uses them. */
    public ReadOnlyBooleanProperty runActiveProperty() {
        return runActive.getReadOnlyProperty();
    }

    /** "Pause" or "Resume". */
    public javafx.beans.binding.StringBinding pauseText() {
        return Bindings.when(state.isEqualTo(State.PAUSED)).then("Resume").otherwise("Pause");
    }

    // Property accessors

    public TrainingSettingsViewModel settings() {
        return settings;
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
        return message.getReadOnlyProperty();
    }

    /** What to do about {@link #messageProperty}. */
    public ReadOnlyStringProperty hintProperty() {
        return hint.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty dataLoadingProperty() {
        return dataLoading.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DataSplit> dataProperty() {
        return data.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty dataSummaryProperty() {
        return dataSummary.getReadOnlyProperty();
    }

    /** Why training cannot start (graph errors, data that does not fit); empty when it can. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ObservableList<DataChoice> dataChoices() {
        return dataChoices;
    }

    public ReadOnlyObjectProperty<DataChoice> selectedDataProperty() {
        return selectedData;
    }

    /** Up to eight example images with their class; empty for vector data. */
    public ObservableList<SampleImage> samples() {
        return samples;
    }

    /** Column names of the row preview of vector data (empty for images). */
    public ObservableList<String> tableHeader() {
        return tableHeader;
    }

    public ObservableList<List<String>> tableRows() {
        return tableRows;
    }

    /** 0 to 1; -1 (indeterminate) while ND4J loads and the graph compiles. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** Weight of the past in the smoothed loss, 0 (none) to 0.99. */
    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    public ObservableList<ChartPoint> loss() {
        return loss.points();
    }

    public ObservableList<ChartPoint> smoothedLoss() {
        return smoothedLoss.points();
    }

    public ObservableList<ChartPoint> learningRate() {
        return learningRate.points();
    }

    public ObservableList<ChartPoint> trainLoss() {
        return trainLoss;
    }

    public ObservableList<ChartPoint> validationLoss() {
        return validationLoss;
    }

    public ObservableList<ChartPoint> trainAccuracy() {
        return trainAccuracy;
    }

    public ObservableList<ChartPoint> validationAccuracy() {
        return validationAccuracy;
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

    /**
     * Node id -> a short live statistic ("upd/param 1.2e-3"), refreshed every
     * {@link io.layerloom.app.designer.service.Dl4jTrainerService#STATISTICS_EVERY} iterations during
     * a run; cleared when the next run starts. The canvas may show it under each layer.
     */
    public ObservableMap<String, String> layerStatistics() {
        return layerStatisticsView;
    }

    /** The same statistic as rows in the network's order, with the number, for the tab's own table. */
    public ObservableList<LayerStatistic> layerRatios() {
        return layerRatios;
    }

    /** The epochs of the current or last run (0 before the first): the epoch chart's extent. */
    public javafx.beans.property.ReadOnlyIntegerProperty runEpochsProperty() {
        return runEpochs.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasTrainedModelProperty() {
        return hasTrainedModel.getReadOnlyProperty();
    }

    public boolean hasTrainedModel() {
        return hasTrainedModel.get();
    }
}
