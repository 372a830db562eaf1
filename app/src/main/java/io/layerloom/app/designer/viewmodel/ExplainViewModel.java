package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.DataTransform;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.designer.service.TrainerService;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.task.LatestTask;
import io.layerloom.app.explain.Explainer;
import io.layerloom.app.explain.Misclassified;
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
 * the layer selected on the canvas for one image (a test image by index, an image file, or one
 * picked from the gallery), Grad-CAM for the predicted or a chosen class, the input patch a
 * clicked unit sees, and the test images of one confusion-matrix cell. Every computation runs on
 * the background executor; {@link #busyProperty} and {@link #progressProperty} say what runs.
 */
public final class ExplainViewModel {

    /**
     * What the Training tab holds for the open graph: its run's network, its data as training fed it
     * (fitted and normalised already) and the transform that was applied to it.
     */
    public record Trained(TrainerService.Session session, DataSplit data, DataTransform transform, boolean running) {
    }

    /** A gallery cell: the test image's index and how it is drawn. */
    public record GalleryItem(int index, SampleImage image) {
    }

    private record Shown(Explainer.Picture image, Explainer.Tiles maps, Explainer.Picture gradCam, Explainer.Answer answer,
                         String layer, int cls, boolean camZero) {
    }

    static final String NOTHING = "Nothing trained for this graph yet: train it on the Training tab (or save the graph"
            + " beside its trained NAME.dl4j.zip and open it), then explain.";

    /** The most images a confusion-matrix cell shows in the gallery. */
    static final int GALLERY_LIMIT = 48;

    private final DocumentViewModel document;
    private final Supplier<Optional<Trained>> training;
    private final LatestTask<ExplainSource.Opened> opening;
    private final LatestTask<Shown> showing;
    private final LatestTask<List<Misclassified.Miss>> answering;

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", NOTHING);
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyStringWrapper layerNote = new ReadOnlyStringWrapper(this, "layerNote", "");
    private final ReadOnlyStringWrapper filtersTitle = new ReadOnlyStringWrapper(this, "filtersTitle", "");
    private final ReadOnlyStringWrapper mapsTitle = new ReadOnlyStringWrapper(this, "mapsTitle", "");
    private final ReadOnlyStringWrapper camTitle = new ReadOnlyStringWrapper(this, "camTitle", "");
    private final ReadOnlyStringWrapper imageTitle = new ReadOnlyStringWrapper(this, "imageTitle", "");
    private final ReadOnlyStringWrapper unitText = new ReadOnlyStringWrapper(this, "unitText", "");
    private final ReadOnlyStringWrapper galleryTitle = new ReadOnlyStringWrapper(this, "galleryTitle", "");
    private final ReadOnlyObjectWrapper<Explainer.Tiles> filters = new ReadOnlyObjectWrapper<>(this, "filters");
    private final ReadOnlyObjectWrapper<Explainer.Tiles> maps = new ReadOnlyObjectWrapper<>(this, "maps");
    private final ReadOnlyObjectWrapper<Explainer.Picture> gradCam = new ReadOnlyObjectWrapper<>(this, "gradCam");
    private final ReadOnlyObjectWrapper<Explainer.Picture> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final ReadOnlyObjectWrapper<Explainer.Patch> patch = new ReadOnlyObjectWrapper<>(this, "patch");
    private final ObservableList<String> layers = FXCollections.observableArrayList();
    private final ObservableList<String> classChoices = FXCollections.observableArrayList();
    private final ObservableList<GalleryItem> gallery = FXCollections.observableArrayList();
    private final ObjectProperty<String> layer = new SimpleObjectProperty<>(this, "layer");
    /** 0: the predicted class; k + 1: class k. */
    private final IntegerProperty classChoice = new SimpleIntegerProperty(this, "classChoice", 0);
    private final IntegerProperty testIndex = new SimpleIntegerProperty(this, "testIndex", 0);
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active");
    private final BooleanBinding busy;

    private ExplainSource.Opened opened;
    private List<Misclassified.Miss> answers;
    /** The image file chosen instead of a test image, or null. */
    private Path imageFile;
    /** A confusion-matrix cell asked for before the network was open: opened once it is. */
    private int[] pendingCell;
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
        answering = tasks.latest("Running the test images", worker);
        busy = opening.runningProperty().or(showing.runningProperty()).or(answering.runningProperty());
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
        answers = null;
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
        gallery.clear();
        galleryTitle.set("Click Misclassified, or a cell of the Training tab's confusion matrix, to see those test images here.");
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
            int[] cell = pendingCell;
            pendingCell = null;
            gallery(cell);
        }
    }

    private void clear(String why) {
        opened = null;
        answers = null;
        message.set(why);
        source.set("");
        filters.set(null);
        maps.set(null);
        gradCam.set(null);
        image.set(null);
        patch.set(null);
        layers.clear();
        gallery.clear();
        galleryTitle.set("");
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
        show();
    }

    /** Explains test image {@code index} (from the gallery, or typed). */
    public void chooseTestImage(int index) {
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
        int index = testIndex.get();
        if (file == null && (o.test() == null || index < 0 || index >= o.test().count())) {
            message.set(o.test() == null ? "No test images: choose an image file." : "Test image " + index
                    + " does not exist: the test set has " + o.test().count() + " images, 0 to " + (o.test().count() - 1) + ".");
            return;
        }
        message.set("");
        int chosen = classChoice.get() - 1;
        progress.set("Computing the feature maps of '" + l + "' and Grad-CAM\u2026");
        showing.request(() -> {
            Explainer e = o.explainer();
            float[] pixels = file != null ? e.imageFile(file) : pixels(o.test(), index);
            Explainer.Answer answer = e.answer(pixels);
            int cls = chosen >= 0 ? chosen : answer.predicted();
            double[][] map = e.gradCamMap(pixels, l, cls);
            boolean zero = Arrays.stream(map).flatMapToDouble(Arrays::stream).allMatch(v -> v == 0);
            return new Shown(e.image(pixels), e.featureMaps(pixels, l), e.gradCam(pixels, l, cls), answer, l, cls, zero);
        }, s -> shown(s, file, index), e -> message.set(e.getMessage() + (file != null
                ? ". Choose a PNG, JPEG, GIF or BMP image." : "")));
    }

    private void shown(Shown s, Path file, int index) {
        List<String> names = opened.test() != null ? opened.test().classNames() : List.of();
        image.set(s.image());
        maps.set(s.maps());
        gradCam.set(s.gradCam());
        String truth = file == null ? ", true class " + className(names, opened.test().labels()[index]) : "";
        imageTitle.set((file != null ? file.getFileName().toString() : "Test image " + index) + truth + ": predicted "
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

    /**
     * The confusion matrix's cell (true class {@code truth}, predicted {@code predicted}): its test
     * images, most confident first, in the gallery.
     */
    public void openCell(int truth, int predicted) {
        gallery(new int[] {truth, predicted});
    }

    /** Every misclassified test image, most confidently wrong first, in the gallery. */
    public void openMisclassified() {
        gallery(MISCLASSIFIED);
    }

    private static final int[] MISCLASSIFIED = {-1, -1};

    private void gallery(int[] cellAsked) {
        int truth = cellAsked[0];
        int predicted = cellAsked[1];
        if (opened == null) {
            pendingCell = cellAsked;
            refresh();
            return;
        }
        ExplainSource.Opened o = opened;
        if (o.test() == null) {
            galleryTitle.set("No test images to show: the model has no record of its data.");
            return;
        }
        List<String> names = o.test().classNames();
        String title = truth < 0 ? "Misclassified" : "True " + className(names, truth) + ", predicted " + className(names, predicted);
        if (answers != null) {
            fillGallery(title, truth, predicted);
            return;
        }
        progress.set("Running the network on " + o.test().count() + " test images\u2026");
        answering.request(() -> o.explainer().answers(o.test()), a -> {
            if (opened == o) {
                answers = a;
                fillGallery(title, truth, predicted);
            }
        }, e -> galleryTitle.set(e.getMessage()));
    }

    private void fillGallery(String title, int truth, int predicted) {
        ExplainGallery.Cell cell = ExplainGallery.cell(answers, opened.test(), truth, predicted, GALLERY_LIMIT,
                opened.explainer()::shown);
        gallery.setAll(cell.items());
        galleryTitle.set(title + ": " + cell.total() + " test image" + (cell.total() == 1 ? "" : "s")
                + (cell.total() > GALLERY_LIMIT ? " (the " + GALLERY_LIMIT + " most confident shown)" : "")
                + (cell.total() == 0 ? "" : "; click one to explain it."));
    }

    private static float[] pixels(LoadedData test, int index) {
        return ExplainGallery.pixels(test, index);
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
        return galleryTitle.getReadOnlyProperty();
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

    /** The test images of the last confusion-matrix cell opened. */
    public ObservableList<GalleryItem> gallery() {
        return gallery;
    }

    /** Whether a network is open. */
    public BooleanBinding openProperty() {
        return Bindings.isNotNull(filters);
    }
}
