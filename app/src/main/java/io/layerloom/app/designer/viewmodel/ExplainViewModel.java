package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.DataTransform;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.designer.service.TrainerService;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.task.LatestTask;
import io.layerloom.app.explain.Explainer;
import io.layerloom.model.graph.Graph;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Explain tab: what the open graph's trained network learned. It opens the network the
 * Training tab holds for this graph (a snapshot while it is still training) or else the model
 * saved beside the graph's file, and shows the first convolution's filters, the feature maps of
 * the layer selected on the canvas for one image (a test image by index, an image file, or a test
 * or validation image picked from the gallery), Grad-CAM for the predicted or a chosen class, the
 * input patch a clicked unit sees, and the images of one confusion-matrix cell of the set its
 * matrix was made on ({@link ExplainGalleryViewModel}). Every computation runs on
 * the background executor; {@link #busyProperty} and {@link #progressProperty} say what runs.
 */
public final class ExplainViewModel {

    /**
     * What the Training tab holds for the open graph: its run's network, its data as training fed it
     * (fitted and normalised already) and the transform that was applied to it.
     */
    public record Trained(TrainerService.Session session, DataSplit data, DataTransform transform, boolean running) {
    }

    /** A gallery cell: its image's set ("test" or "validation"), its index there and how it is drawn. */
    public record GalleryItem(String set, int index, SampleImage image) {
    }

    private record Shown(Explainer.Picture image, Explainer.Tiles maps, Explainer.Picture gradCam, Explainer.Answer answer,
                         String layer, int cls, boolean camZero) {
    }

    static final String NOTHING = "Nothing trained for this graph yet: train it on the Training tab (or save the graph"
            + " beside its trained NAME.dl4j.zip and open it), then explain.";

    private final DocumentViewModel document;
    private final Supplier<Optional<Trained>> training;
    private final LatestTask<ExplainSource.Opened> opening;
    private final LatestTask<Shown> showing;
    private final ExplainGalleryViewModel cells;

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", NOTHING);
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyStringWrapper layerNote = new ReadOnlyStringWrapper(this, "layerNote", "");
    private final ReadOnlyStringWrapper filtersTitle = new ReadOnlyStringWrapper(this, "filtersTitle", "");
    private final ReadOnlyStringWrapper mapsTitle = new ReadOnlyStringWrapper(this, "mapsTitle", "");
    private final ReadOnlyStringWrapper camTitle = new ReadOnlyStringWrapper(this, "camTitle", "");
    private final ReadOnlyStringWrapper imageTitle = new ReadOnlyStringWrapper(this, "imageTitle", "");
    private final ReadOnlyStringWrapper unitText = new ReadOnlyStringWrapper(this, "unitText", "");
    private final ReadOnlyObjectWrapper<Explainer.Tiles> filters = new ReadOnlyObjectWrapper<>(this, "filters");
    private final ReadOnlyObjectWrapper<Explainer.Tiles> maps = new ReadOnlyObjectWrapper<>(this, "maps");
    private final ReadOnlyObjectWrapper<Explainer.Picture> gradCam = new ReadOnlyObjectWrapper<>(this, "gradCam");
    private final ReadOnlyObjectWrapper<Explainer.Picture> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final ReadOnlyObjectWrapper<Explainer.Patch> patch = new ReadOnlyObjectWrapper<>(this, "patch");
    private final ObservableList<String> layers = FXCollections.observableArrayList();
    private final ObservableList<String> classChoices = FXCollections.observableArrayList();
    private final ObjectProperty<String> layer = new SimpleObjectProperty<>(this, "layer");
    /** 0: the predicted class; k + 1: class k. */
    private final IntegerProperty classChoice = new SimpleIntegerProperty(this, "classChoice", 0);
    private final IntegerProperty testIndex = new SimpleIntegerProperty(this, "testIndex", 0);
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active");
    private final BooleanBinding busy;

    private ExplainSource.Opened opened;
    /** The image file chosen instead of a test image, or null. */
    private Path imageFile;
    /** The validation image picked in the gallery instead of a test image, or -1. */
    private int validationIndex = -1;
    /** A confusion-matrix cell asked for before the network was (re)opened: shown once it is. */
    private ExplainGalleryViewModel.Request pendingCell;
    /**
     * @param training what the Training tab holds for the open graph now (asked on the UI thread)
     * @param worker   one background thread: the explainer is used by one task at a time
     */
    public ExplainViewModel(DocumentViewModel document, Supplier<Optional<Trained>> training, BackgroundTasks tasks,
                            Executor worker) {
        this.document = document;
        this.training = training;
        opening = tasks.latest("Opening the network", worker);
        showing = tasks.latest("Explaining the image", worker);
        cells = new ExplainGalleryViewModel(tasks.latest("Running the network on the images", worker), progress::set);
        busy = opening.runningProperty().or(showing.runningProperty()).or(cells.runningProperty());
        busy.addListener((o, was, is) -> {
            if (!is) {
                progress.set("");
            }
        });
        document.primarySelectionProperty().addListener((o, was, is) -> followSelection(is));
        document.graphProperty().addListener((o, was, is) -> {
            if (opened != null) {
                message.set("The graph has changed since this network was opened: Refresh to explain it as it is now.");
            }
        });
        layer.addListener((o, was, is) -> show());
        classChoice.addListener((o, was, is) -> show());
        testIndex.addListener((o, was, is) -> {
            imageFile = null;
            validationIndex = -1;
            show();
        });
        active.addListener((o, was, is) -> {
            if (is && opened == null) {
                refresh();
            }
        });
    }

    /** Opens the network again: the Training tab's (a new snapshot while it trains), else the saved model. */
    public void refresh() {
        Graph graph = document.graph();
        Optional<Path> file = document.file();
        Optional<Trained> trained = training.get();
        if (trained.isEmpty() && file.isEmpty()) {
            clear(NOTHING);
            return;
        }
        progress.set(trained.map(t -> t.running() ? "Taking a snapshot of the network being trained\u2026"
                : "Opening the trained network\u2026").orElse("Opening the saved model\u2026"));
        opening.request(() -> ExplainSource.open(graph, file, trained), this::opened, e -> clear(e.getMessage()));
    }

    private void opened(ExplainSource.Opened o) {
        opened = o;
        cells.opened(o);
        message.set(o.test() == null ? "No test images (the model has no record of its data): choose an image file." : "");
        source.set(o.source());
        Explainer e = o.explainer();
        filters.set(e.filters());
        long[] k = e.filterShape();
        filtersTitle.set(k[0] + " filters of '" + e.firstConvolution() + "' (" + k[2] + "x" + k[3] + ", " + k[1] + " input channel"
                + (k[1] == 1 ? "" : "s") + ")");
        List<String> names = o.test() != null ? o.test().classNames() : List.of();
        List<String> choices = new java.util.ArrayList<>();
        choices.add("the predicted class");
        for (int c = 0; c < e.classes(); c++) {
            choices.add(className(names, c));
        }
        // unchanged lists stay as they are: a Refresh keeps the choosers' selections
        if (!classChoices.equals(choices)) {
            classChoices.setAll(choices);
        }
        if (!layers.equals(e.featureMapLayers())) {
            layers.setAll(e.featureMapLayers());
        }
        String selected = document.primarySelection();
        String first = selected != null && layers.contains(selected) ? selected : e.lastConvolution();
        if (first.equals(layer.get())) {
            show();
        } else {
            layer.set(first);
        }
        if (selected != null && !layers.contains(selected)) {
            followSelection(selected);
        }
        if (pendingCell != null) {
            ExplainGalleryViewModel.Request cell = pendingCell;
            pendingCell = null;
            cells.show(cell);
        }
    }

    private void clear(String why) {
        opened = null;
        cells.clear();
        message.set(why);
        source.set("");
        filters.set(null);
        maps.set(null);
        gradCam.set(null);
        image.set(null);
        patch.set(null);
        layers.clear();
        for (ReadOnlyStringWrapper s : List.of(filtersTitle, mapsTitle, camTitle, imageTitle, unitText, layerNote)) {
            s.set("");
        }
    }

    /** The canvas selection chose a node: its feature maps when it has some, else a note saying why not. */
    private void followSelection(String id) {
        if (opened == null || id == null) {
            return;
        }
        if (layers.contains(id)) {
            layerNote.set("");
            layer.set(id);
        } else {
            layerNote.set("'" + id + "' has no feature maps (it gives " + opened.explainer().notFeatureMaps(id).orElse("?")
                    + "): select a convolution, pooling or activation layer on the canvas.");
        }
    }

    /** Explains an image file instead of a test image (converted to the Input's shape as predict converts it). */
    public void chooseImageFile(Path file) {
        imageFile = file;
        validationIndex = -1;
        show();
    }

    /** Explains image {@code index} of {@code set} ("test" or "validation"): a gallery image. */
    public void chooseImage(String set, int index) {
        if (ExplainSource.VALIDATION.equals(set)) {
            imageFile = null;
            validationIndex = index;
            show();
        } else {
            chooseTestImage(index);
        }
    }

    /** Explains test image {@code index} (from the gallery, or typed). */
    public void chooseTestImage(int index) {
        validationIndex = -1;
        if (index == testIndex.get()) {
            imageFile = null;
            show();
        } else {
            testIndex.set(index);
        }
    }

    private void show() {
        ExplainSource.Opened o = opened;
        String l = layer.get();
        if (o == null || l == null) {
            return;
        }
        patch.set(null);
        unitText.set("Click a unit of a feature map to see the input patch it sees.");
        Path file = imageFile;
        String set = validationIndex >= 0 ? ExplainSource.VALIDATION : ExplainSource.TEST;
        int index = validationIndex >= 0 ? validationIndex : testIndex.get();
        LoadedData data = o.set(set);
        if (file == null && (data == null || index < 0 || index >= data.count())) {
            message.set(data == null ? "No " + set + " images: choose an image file." : capitalised(set) + " image " + index
                    + " does not exist: the " + set + " set has " + data.count() + " images, 0 to " + (data.count() - 1) + ".");
            return;
        }
        message.set("");
        int chosen = classChoice.get() - 1;
        progress.set("Computing the feature maps of '" + l + "' and Grad-CAM\u2026");
        showing.request(() -> {
            Explainer e = o.explainer();
            float[] pixels = file != null ? e.imageFile(file) : pixels(data, index);
            Explainer.Answer answer = e.answer(pixels);
            int cls = chosen >= 0 ? chosen : answer.predicted();
            double[][] map = e.gradCamMap(pixels, l, cls);
            boolean zero = Arrays.stream(map).flatMapToDouble(Arrays::stream).allMatch(v -> v == 0);
            return new Shown(e.image(pixels), e.featureMaps(pixels, l), e.gradCam(pixels, l, cls), answer, l, cls, zero);
        }, s -> shown(s, file, data, set, index), e -> message.set(e.getMessage() + (file != null
                ? ". Choose a PNG, JPEG, GIF or BMP image." : "")));
    }

    private void shown(Shown s, Path file, LoadedData data, String set, int index) {
        List<String> names = data != null ? data.classNames() : List.of();
        image.set(s.image());
        maps.set(s.maps());
        gradCam.set(s.gradCam());
        String truth = file == null ? ", true class " + className(names, data.labels()[index]) : "";
        imageTitle.set((file != null ? file.getFileName().toString() : capitalised(set) + " image " + index) + truth + ": predicted "
                + className(names, s.answer().predicted()) + String.format(java.util.Locale.ROOT, " (%.0f%%)",
                s.answer().confidence() * 100));
        mapsTitle.set(s.maps().tiles() + " channels of '" + s.layer() + "' (" + s.maps().mapHeight() + "x" + s.maps().mapWidth() + ")");
        camTitle.set("Grad-CAM of " + className(names, s.cls()) + String.format(java.util.Locale.ROOT, " (probability %.2f)",
                s.answer().probabilities()[s.cls()]) + " at '" + s.layer() + "'" + (s.camZero() ? ": zero everywhere (every"
                + " channel, weighed by its mean gradient, lowers this class's score); select an earlier layer" : ""));
    }

    /**
     * A click on unit ({@code row}, {@code column}) of channel {@code channel} of the shown feature
     * maps: the input patch it sees, from the graph analysis's receptive field.
     */
    public void selectUnit(int channel, int row, int column) {
        ExplainSource.Opened o = opened;
        String l = layer.get();
        if (o == null || l == null || maps.get() == null) {
            return;
        }
        Optional<Explainer.Patch> p = o.explainer().patch(l, row, column);
        patch.set(p.orElse(null));
        unitText.set(p.map(x -> "'" + l + "' channel " + channel + ", unit (" + row + ", " + column + ") sees input rows " + x.top()
                + "\u2013" + x.bottom() + ", columns " + x.left() + "\u2013" + x.right() + " (a " + x.height() + "x" + x.width()
                + " field" + (x.bottom() - x.top() + 1 < x.height() || x.right() - x.left() + 1 < x.width()
                ? ", part of it padding" : "") + ")").orElse("'" + l + "' sees the whole input."));
    }

    /** The test set's confusion-matrix cell (true class {@code truth}, predicted {@code predicted}): see {@link #openCell(int, int, String, int)}. */
    public void openCell(int truth, int predicted) {
        openCell(truth, predicted, ExplainSource.TEST, 0);
    }

    /** Set {@code set}'s confusion-matrix cell, its matrix made after training: see {@link #openCell(int, int, String, int)}. */
    public void openCell(int truth, int predicted, String set) {
        openCell(truth, predicted, set, 0);
    }

    /**
     * The cell (true class {@code truth}, predicted {@code predicted}) of the confusion matrix the
     * Training tab made on {@code set} ("test" or "validation") at the end of epoch {@code matrixEpoch}
     * (0: after training): that set's images of the cell, most confident first, in the gallery.
     * While the Training tab trains, a new snapshot of its network is taken first.
     */
    public void openCell(int truth, int predicted, String set, int matrixEpoch) {
        if (!ExplainSource.TEST.equals(set) && !ExplainSource.VALIDATION.equals(set)) {
            throw new IllegalArgumentException("a confusion matrix's set is \"test\" or \"validation\", not \"" + set + "\"");
        }
        ExplainGalleryViewModel.Request cell = new ExplainGalleryViewModel.Request(truth, predicted, set, matrixEpoch);
        Optional<Trained> t = training.get();
        // the network the matrix describes: the run's own, now (a snapshot opened earlier, or another run's, is stale)
        boolean current = opened != null && (t.isEmpty() || t.get().session() == opened.session()
                && !t.get().running() && !opened.running());
        if (current) {
            cells.show(cell);
        } else {
            pendingCell = cell;
            refresh();
        }
    }

    /** Every misclassified test image, most confidently wrong first, in the gallery. */
    public void openMisclassified() {
        ExplainGalleryViewModel.Request all = new ExplainGalleryViewModel.Request(-1, -1, ExplainSource.TEST, 0);
        if (opened == null) {
            pendingCell = all;
            refresh();
        } else {
            cells.show(all);
        }
    }

    private static float[] pixels(LoadedData test, int index) {
        return ExplainGallery.pixels(test, index);
    }

    private static String capitalised(String set) {
        return Character.toUpperCase(set.charAt(0)) + set.substring(1);
    }

    private static String className(List<String> names, int c) {
        return ExplainGallery.className(names, c);
    }

    /** The open network's input width in pixels (0 when none is open): where the patch is drawn. */
    public int imageColumns() {
        return opened == null ? 0 : Math.toIntExact(opened.explainer().inputShape().get(2));
    }

    /** Whether the tab is shown: it opens the network the first time it is. */
    public BooleanProperty activeProperty() {
        return active;
    }

    public BooleanBinding busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty layerNoteProperty() {
        return layerNote.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty filtersTitleProperty() {
        return filtersTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty mapsTitleProperty() {
        return mapsTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty camTitleProperty() {
        return camTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty imageTitleProperty() {
        return imageTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty unitTextProperty() {
        return unitText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty galleryTitleProperty() {
        return cells.titleProperty();
    }

    public ReadOnlyObjectProperty<Explainer.Tiles> filtersProperty() {
        return filters.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Explainer.Tiles> mapsProperty() {
        return maps.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Explainer.Picture> gradCamProperty() {
        return gradCam.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Explainer.Picture> imageProperty() {
        return image.getReadOnlyProperty();
    }

    /** The input patch the clicked unit sees, in input pixels; null before a click. */
    public ReadOnlyObjectProperty<Explainer.Patch> patchProperty() {
        return patch.getReadOnlyProperty();
    }

    /** The layers with feature maps, in graph order. */
    public ObservableList<String> layers() {
        return layers;
    }

    /** The shown layer: follows the canvas selection, or chosen here. */
    public ObjectProperty<String> layerProperty() {
        return layer;
    }

    /** "the predicted class", then every class by name. */
    public ObservableList<String> classChoices() {
        return classChoices;
    }

    public IntegerProperty classChoiceProperty() {
        return classChoice;
    }

    public IntegerProperty testIndexProperty() {
        return testIndex;
    }

    /** The images of the last confusion-matrix cell opened. */
    public ObservableList<GalleryItem> gallery() {
        return cells.items();
    }

    /** Whether a network is open. */
    public BooleanBinding openProperty() {
        return Bindings.isNotNull(filters);
    }
}
