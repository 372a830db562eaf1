package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.data.CsvReader;
import io.layerloom.app.data.DataCheck;
import io.layerloom.app.data.DataSources;
import io.layerloom.app.data.DataPreparer;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.DataTransform;
import io.layerloom.app.data.ImageFit;
import io.layerloom.app.data.StreamedFolder;
import io.layerloom.model.report.Formats;
import io.layerloom.model.training.DataPreparation;
import io.layerloom.app.designer.service.TrainerService;
import io.layerloom.app.designer.task.LatestTask;
import io.layerloom.app.training.TrainingSignature;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.layer.Dims;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The Training tab's data: the chooser's entries, loading off the UI thread (a {@link LatestTask}:
 * the newest choice wins), the preview, and whether the data fits the graph (with DataCheck's
 * message when it does not).
 */
public final class TrainingDataViewModel {

    private static final int PREVIEW_SAMPLES = 8;
    private static final int PREVIEW_ROWS = 6;
    private static final java.util.Map<DataPreparation.Fit, String> FIT_LABELS = java.util.Map.of(
            DataPreparation.Fit.PAD, "Pad", DataPreparation.Fit.RESIZE, "Resize", DataPreparation.Fit.CROP, "Crop");

    // Properties
    private final ReadOnlyObjectWrapper<DataSplit> data = new ReadOnlyObjectWrapper<>(this, "data");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyObjectWrapper<Problem> blocking = new ReadOnlyObjectWrapper<>(this, "blocking");
    private final ObservableList<DataChoice> choices = FXCollections.observableArrayList();
    private final ObjectProperty<DataChoice> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<SampleImage> samples = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<SampleImage> firstImage = new ReadOnlyObjectWrapper<>(this, "firstImage");
    private final ObservableList<String> tableHeader = FXCollections.observableArrayList();
    private final ObservableList<List<String>> tableRows = FXCollections.observableArrayList();

    private final DocumentViewModel document;
    private final TrainingSettingsViewModel settings;
    private final TrainerService trainer;
    private final LatestTask<DataSplit> loadTask;
    private final ObservableBooleanValue locked;
    private final AugmentationViewModel augmentation;
    private Loaded loaded;
    /** The newest load's choice, seed and preparation (what {@link #loaded} will be when it arrives). */
    private Loaded requested;
    /** Counts load requests: progress of an older one is not shown. */
    private long loads;
    /** Why the last load failed, shown while no data is loaded; null after a load that worked. */
    private String loadFailure;
    /** The graph's Input shape and classes once the analysis knows them and the graph has no errors, else null. */
    private TrainingSignature signature;

    /**
     * Why training cannot start: {@code message} as the data's line says it (with the fix in words),
     * {@code reason} as one sentence without it, and the one action that removes it when there is one
     * ({@code fixLabel} for its button, {@code fix} to run it), else null.
     */
    public record Problem(String message, String reason, String fixLabel, Runnable fix, List<Alternative> fits) {
        public Problem {
            fits = List.copyOf(fits);
        }

        Problem(String message, String reason, String fixLabel, Runnable fix) {
            this(message, reason, fixLabel, fix, List.of());
        }

        static Problem of(String reason) {
            return new Problem(reason, reason, null, null);
        }

        public boolean hasFix() {
            return fix != null;
        }
    }

    /**
     * Another fix of the same problem, as a button ("Pad to 1x32x32"): the data's images fitted to
     * the Input (the training settings' "fit", one undoable edit). {@code unavailable} says why this
     * fit cannot make these images fit (crop of smaller images), else null: the button is then off.
     */
    public record Alternative(String label, Runnable action, String unavailable) {
        public Alternative(String label, Runnable action) {
            this(label, action, null);
        }

        public boolean available() {
            return unavailable == null;
        }
    }

    /** What was loaded, from which choice, with which seed, image shape and preparation, and what that did to it. */
    private record Loaded(DataChoice choice, String source, long seed, List<Long> imageShape, DataPreparation preparation,
                          DataTransform transform, StreamedFolder streamed) {
    }

    /** @param locked true while a run uses the data: choosing is refused and nothing reloads */
    TrainingDataViewModel(DocumentViewModel document, TrainingSettingsViewModel settings, TrainerService trainer,
                          LatestTask<DataSplit> loadTask, ObservableBooleanValue locked,
                          LatestTask<io.layerloom.app.data.augment.AugmentPreview.Grid> augmentationPreview) {
        this.document = document;
        this.settings = settings;
        this.trainer = trainer;
        this.loadTask = loadTask;
        this.locked = locked;
        this.augmentation = new AugmentationViewModel(document, settings, data.getReadOnlyProperty(), augmentationPreview);
        choices.add(DataChoice.named("Fashion-MNIST subset (shipped)", DataSources.FASHION_SUBSET));
        if (trainer.fullFashionMnistAvailable()) {
            choices.add(DataChoice.named("Fashion-MNIST (full)", DataSources.FASHION));
        }
        choices.add(DataChoice.named("Digits (8x8 images)", DataSources.DIGITS));
        choices.add(DataChoice.named("Iris (4 measurements)", DataSources.IRIS));
        choices.add(new DataChoice("Synthetic (shaped like the Input)", DataChoice.Kind.SYNTHETIC, DataSources.SYNTHETIC,
                Optional.empty()));
        choices.add(new DataChoice("CSV file\u2026", DataChoice.Kind.ASK_CSV, "", Optional.empty()));
        choices.add(new DataChoice("Image folder\u2026", DataChoice.Kind.ASK_FOLDER, "", Optional.empty()));
        selected.set(choices.get(0));
        samples.addListener((ListChangeListener<SampleImage>) c -> firstImage.set(
                samples.stream().filter(i -> i.height() > 1 && i.width() > 1).findFirst().orElse(null)));
        document.analysisProperty().addListener((o, was, is) -> graphChanged());
        document.graphProperty().addListener((o, was, is) -> graphChanged());
        // the split depends on the seed: keep it the one training will record
        settings.settingsProperty().addListener((o, was, is) -> {
            // the newest request's, not the last loaded: a change while another choice loads reloads that choice
            if (requested != null && (is.seed() != requested.seed() || !is.preparation().equals(requested.preparation()))
                    && !locked.get()) {
                load(requested.choice());
            }
        });
        graphChanged();
    }

    // Commands

    /** Loads the chosen data (off the UI thread); "ask" entries do nothing: the view asks first. */
    public void choose(DataChoice choice) {
        Objects.requireNonNull(choice, "choice");
        if (choice.kind() == DataChoice.Kind.ASK_CSV || choice.kind() == DataChoice.Kind.ASK_FOLDER || locked.get()) {
            return;
        }
        if (!choices.contains(choice)) {
            choices.add(choices.size() - 2, choice);
        }
        selected.set(choice);
        load(choice);
    }

    /** Loads the selected data unless it is loaded or loading (the tab was shown for the first time). */
    public void ensureLoaded() {
        if (loaded == null && !loadTask.runningProperty().get() && selected.get() != null) {
            choose(selected.get());
        }
    }

    // Property accessors

    /** The augmentation steps of the graph's training settings and their preview on this data. */
    public AugmentationViewModel augmentation() {
        return augmentation;
    }

    public ObservableList<DataChoice> choices() {
        return choices;
    }

    public ReadOnlyObjectProperty<DataChoice> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loadTask.runningProperty();
    }

    /** The loaded split, or null. */
    public ReadOnlyObjectProperty<DataSplit> dataProperty() {
        return data.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why training cannot start (graph errors, data that does not fit or cannot be read); empty when it can. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** {@link #problemProperty}'s problem with its fix, or null when there is none. */
    public ReadOnlyObjectProperty<Problem> blockingProperty() {
        return blocking.getReadOnlyProperty();
    }

    /** Up to eight example images with their class; empty for vector data. */
    public ObservableList<SampleImage> samples() {
        return samples;
    }

    /** The first example that is an image (not a row of numbers), shown under the receptive-field view; or null. */
    public ReadOnlyObjectProperty<SampleImage> firstImageProperty() {
        return firstImage.getReadOnlyProperty();
    }

    /** Column names of the row preview of vector data (empty for images). */
    public ObservableList<String> tableHeader() {
        return tableHeader;
    }

    public ObservableList<List<String>> tableRows() {
        return tableRows;
    }

    /** The graph's Input shape once the analysis knows it, else null. */
    List<Long> inputShape() {
        return signature == null ? null : signature.inputShape();
    }

    /** What was done to the loaded data (the fit, the normalisation), for the exported model's record. */
    public DataTransform transform() {
        return loaded == null ? DataTransform.NONE : loaded.transform();
    }

    /** Training examples of the loaded data: all of a streamed folder's, not only its decoded sample's. */
    int trainCount() {
        return loaded != null && loaded.streamed() != null ? loaded.streamed().trainCount()
                : data.get() == null ? 0 : data.get().train().count();
    }

    /** The loaded image folder that is streamed from disk, if it is. */
    public Optional<StreamedFolder> streamed() {
        return Optional.ofNullable(loaded).map(Loaded::streamed);
    }

    /** Starts a run of {@code trainer} on the loaded data: in memory, or streamed from disk. */
    TrainerService.Session start(TrainerService trainer, Graph graph, io.layerloom.model.training.TrainingSettings s,
                                 java.util.function.Supplier<io.layerloom.codegen.dl4j.Weights> initial,
                                 TrainerService.Listener listener) {
        return streamed().map(f -> trainer.startStreamed(graph, f, data.get(), inputShape(), s, initial, listener))
                .orElseGet(() -> trainer.start(graph, data.get(), inputShape(), s, initial, listener));
    }

    /** What the loaded data was resolved from (for the exported model's record). */
    String source() {
        return loaded == null ? "" : loaded.source();
    }

    // Loading

    private void load(DataChoice choice) {
        long seed = settings.current().seed();
        List<Long> in = inputShape();
        List<Long> shape = in != null && in.size() == 3 ? in : List.of(1L, 28L, 28L);
        String source = choice.kind() == DataChoice.Kind.SYNTHETIC ? syntheticSource() : choice.source();
        CsvReader.Options csv = choice.labelColumn().map(CsvReader.Options::label).orElse(CsvReader.Options.lastColumn());
        DataPreparation preparation = settings.current().preparation();
        requested = new Loaded(choice, source, seed, shape, preparation, DataTransform.NONE, null);
        // one holder per request: the result callback runs after its own work, never another's
        DataTransform[] made = {DataTransform.NONE};
        StreamedFolder[] streamed = {null};
        long request = ++loads;
        java.util.function.Consumer<String> progress = text -> loadTask.onUi(() -> {
            if (loads == request && loadTask.runningProperty().get()) {
                summary.set(text);
            }
        });
        loadTask.request(() -> {
            // an image folder too large for memory is streamed from disk as train streams it: listed here, decoded as it trains
            Optional<StreamedFolder> large = in != null && in.size() == 3
                    ? trainer.streamIfLarge(source, in, seed, preparation, progress) : Optional.empty();
            if (large.isPresent()) {
                streamed[0] = large.get();
                made[0] = large.get().transform();
                return large.get().sample();
            }
            // an image folder is fitted as it is read (pad, crop or resize to the Input), as train reads it
            DataSplit raw = trainer.load(source, shape, seed, csv, preparation.fit());
            if (in == null || preparation.isNone()) {
                return raw;
            }
            DataPreparer.Prepared p = DataPreparer.prepare(raw, in, preparation);
            made[0] = p.transform();
            return p.split();
        }, split -> loaded(new Loaded(choice, source, seed, shape, preparation, made[0], streamed[0]), split),
                e -> failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    private void loaded(Loaded what, DataSplit split) {
        loaded = what;
        loadFailure = null;
        DataPreview.fill(split, PREVIEW_SAMPLES, PREVIEW_ROWS, samples, tableHeader, tableRows);
        summary.set((what.streamed() == null ? DataPreview.summary(split) : streamedSummary(what.streamed())) + what.transform().fit().filter(f -> inputShape() != null)
                .map(f -> "; fitted to the Input by " + f.name().toLowerCase(java.util.Locale.ROOT) + " (the file's \"fit\")")
                .orElse(""));
        data.set(split);
        recheck();
    }

    private static String streamedSummary(StreamedFolder f) {
        List<Long> s = f.shape();
        return f.name() + ": " + Formats.grouped(f.trainCount()) + " training, " + Formats.grouped(f.validationCount())
                + " validation images, streamed from disk (too many to hold in memory; decoded batch by batch as training reads"
                + " them); " + f.files().classNames().size() + " classes; images " + s.get(0) + "x" + s.get(1) + "x" + s.get(2);
    }

    private void failed(String why) {
        loaded = null;
        loadFailure = why;
        samples.clear();
        tableHeader.clear();
        tableRows.clear();
        summary.set("");
        data.set(null);
        recheck();
    }

    /** "synthetic:CxHxW:K" shaped like the graph, so that it always fits a graph without errors. */
    private String syntheticSource() {
        if (signature == null) {
            return DataSources.SYNTHETIC;
        }
        List<Long> in = signature.inputShape();
        List<Long> shape = in.size() == 3 ? in : List.of(1L, 1L, in.get(in.size() - 1));
        return DataSources.SYNTHETIC + ":" + shape.get(0) + "x" + shape.get(1) + "x" + shape.get(2) + ":"
                + Math.max(2, signature.outputUnits());
    }

    // Checks

    private void graphChanged() {
        recheck();
        // synthetic images and image folders are shaped like the Input: follow it
        List<Long> in = inputShape();
        if (requested != null && !locked.get() && in != null && in.size() == 3 && !in.equals(requested.imageShape())
                && (requested.choice().kind() == DataChoice.Kind.SYNTHETIC || Files.isDirectory(Path.of(requested.source()))
                || requested.preparation().fit().isPresent())) {
            load(requested.choice());
        }
    }

    private void recheck() {
        show(graphProblem().or(this::dataProblem).orElse(null));
    }

    private void show(Problem p) {
        problem.set(p == null ? "" : p.message());
        blocking.set(p);
    }

    private Optional<Problem> graphProblem() {
        Graph g = document.graph();
        Analysis a = document.analysis();
        signature = null;
        int inputs = TrainingSignature.inputs(g).size();
        int outputs = TrainingSignature.outputs(g).size();
        if (inputs != 1 || outputs != 1) {
            return Optional.of(Problem.of("Training needs exactly one Input and one Output layer; this graph has " + inputs
                    + (inputs == 1 ? " Input and " : " Inputs and ") + outputs + (outputs == 1 ? " Output." : " Outputs.")));
        }
        if (a == null) {
            return Optional.of(Problem.of("Analysing the graph\u2026"));
        }
        List<Diagnostic> errors = a.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) {
            String reason = "The graph has " + errors.size() + (errors.size() == 1 ? " error" : " errors")
                    + "; fix " + (errors.size() == 1 ? "it" : "them") + " first (Problems tab). " + errors.get(0).message();
            Optional<String> node = errors.get(0).node().filter(g::contains);
            return Optional.of(node.map(id -> new Problem(reason, reason, "Show " + id, () -> document.reveal(id)))
                    .orElse(Problem.of(reason)));
        }
        // the analysis may lag the graph by an edit: a node it does not know yet is "not yet", not an error
        signature = TrainingSignature.of(g, a).orElse(null);
        return signature == null ? Optional.of(Problem.of("Analysing the graph\u2026")) : Optional.empty();
    }

    private Optional<Problem> dataProblem() {
        if (data.get() == null) {
            // kept until the next load: an edit rechecking the graph must not hide why the data failed
            return Optional.ofNullable(loadFailure).map(Problem::of);
        }
        Graph g = document.graph();
        return DataCheck.mismatch(signature.inputShape(), signature.outputUnits(), data.get().train()).map(m -> {
            String label = Character.toUpperCase(m.fix().charAt(0)) + m.fix().substring(1);
            Edit edit = m instanceof DataCheck.Mismatch.InputShape in
                    ? new Edit.SetParam(TrainingSignature.inputs(g).get(0).id(), "shape", new Dims(in.shape()))
                    : new Edit.SetParam(TrainingSignature.outputs(g).get(0).id(), "units",
                    ((DataCheck.Mismatch.OutputUnits) m).units());
            if (m instanceof DataCheck.Mismatch.InputShape in && !in.fits().isEmpty()) {
                String target = String.join("x", signature.inputShape().stream().map(String::valueOf).toList());
                // every fit is offered; one that cannot fit these images (crop of smaller ones) says why it is off
                List<Alternative> fits = java.util.Arrays.stream(DataPreparation.Fit.values()).map(f -> new Alternative(
                        FIT_LABELS.get(f) + " to " + target, () -> settings.setFit(Optional.of(f)),
                        ImageFit.problem(f, data.get().train().name(), in.shape(), signature.inputShape()).orElse(null))).toList();
                return new Problem(m.problem() + "; fit the images to the Input, or " + m.fix(), m.problem() + ".", label,
                        () -> document.apply(edit), fits);
            }
            return new Problem(m.message(), m.problem() + ".", label, () -> document.apply(edit));
        });
    }
}
