package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.ExplainViewModel;
import io.layerloom.app.explain.Explainer;
import java.io.File;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.FileChooser;

/**
 * The Explain tab: the image with the patch a clicked unit sees, Grad-CAM over it, the selected
 * layer's feature maps (click a unit), the first convolution's filters, and the gallery of one
 * confusion-matrix cell's test or validation images (click one to explain it). Binds to {@link ExplainViewModel}.
 */
public final class ExplainView extends ScrollPane {

    private static final double IMAGE = 196;
    private static final double MAPS = 380;
    private static final double FILTERS = 220;
    private static final double GALLERY = 600;

    private final ExplainViewModel vm;
    private final ImageView input = new ImageView();
    private final Rectangle patch = new Rectangle();
    private final ImageView cam = new ImageView();
    private final ImageView maps = new ImageView();
    private final ImageView filters = new ImageView();
    private final FlowPane gallery = new FlowPane(6, 6);

    public ExplainView(ExplainViewModel vm) {
        this.vm = vm;
        setId("explain-view");
        getStyleClass().add("explain-view");
        setFitToWidth(true);

        Button refresh = new Button("Refresh");
        refresh.setId("explain-refresh");
        refresh.setTooltip(new Tooltip("Open the network again: the Training tab's (a new snapshot while it trains), else the"
                + " model saved beside the graph"));
        refresh.setOnAction(e -> vm.refresh());
        ComboBox<String> layer = new ComboBox<>(vm.layers());
        layer.setId("explain-layer");
        layer.valueProperty().bindBidirectional(vm.layerProperty());
        layer.setTooltip(new Tooltip("The layer whose feature maps and Grad-CAM are shown (or select it on the canvas)"));
        Spinner<Integer> index = new Spinner<>(0, Integer.MAX_VALUE, vm.testIndexProperty().get());
        index.setId("explain-index");
        index.setEditable(true);
        index.setPrefWidth(90);
        index.valueProperty().addListener((o, was, is) -> vm.testIndexProperty().set(is));
        vm.testIndexProperty().addListener((o, was, is) -> index.getValueFactory().setValue(is.intValue()));
        Button file = new Button("Image file\u2026");
        file.setId("explain-file");
        file.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Explain an image");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg", "*.gif", "*.bmp"));
            File chosen = chooser.showOpenDialog(getScene().getWindow());
            if (chosen != null) {
                vm.chooseImageFile(chosen.toPath());
            }
        });
        ComboBox<String> cls = new ComboBox<>(vm.classChoices());
        cls.setId("explain-class");
        vm.classChoices().addListener((ListChangeListener<String>) c -> cls.getSelectionModel().select(vm.classChoiceProperty().get()));
        cls.getSelectionModel().selectedIndexProperty().addListener((o, was, is) -> {
            if (is.intValue() >= 0) {
                vm.classChoiceProperty().set(is.intValue());
            }
        });
        Button wrong = new Button("Misclassified");
        wrong.setId("explain-misclassified");
        wrong.setTooltip(new Tooltip("The test images the network gets wrong, most confidently wrong first (or click a cell"
                + " of the Training tab's confusion matrix)"));
        wrong.setOnAction(e -> vm.openMisclassified());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.busyProperty());
        Label progress = muted(vm.progressProperty());
        FlowPane bar = new FlowPane(8, 6, refresh, new Label("Layer"), layer, new Label("Test image"), index, file,
                new Label("Grad-CAM for"), cls, wrong, busy, progress);
        bar.setAlignment(Pos.CENTER_LEFT);
        // every control keeps its full text; the bar wraps instead
        bar.getChildren().forEach(n -> ((Region) n).setMinWidth(Region.USE_PREF_SIZE));

        Label source = muted(vm.sourceProperty());
        source.setId("explain-source");
        Label message = new Label();
        message.setId("explain-message");
        message.getStyleClass().add("explain-message");
        message.textProperty().bind(vm.messageProperty());
        message.setWrapText(true);
        hideWhenEmpty(message, vm.messageProperty());
        Label note = muted(vm.layerNoteProperty());
        note.setId("explain-layer-note");
        hideWhenEmpty(note, vm.layerNoteProperty());

        input.setId("explain-input");
        Pane inputPane = new Pane(input, patch);
        patch.setFill(Color.TRANSPARENT);
        patch.setStroke(Color.web("#ffd400"));
        patch.setStrokeWidth(2);
        patch.setId("explain-patch");
        patch.visibleProperty().bind(vm.patchProperty().isNotNull());
        cam.setId("explain-gradcam");
        maps.setId("explain-maps");
        maps.setOnMouseClicked(e -> clickMaps(e.getX(), e.getY()));
        maps.setCursor(javafx.scene.Cursor.CROSSHAIR);
        filters.setId("explain-filters");
        for (ImageView v : new ImageView[] {input, cam, maps, filters}) {
            v.setPreserveRatio(true);
            v.setSmooth(false);
        }
        Label unit = muted(vm.unitTextProperty());
        unit.setMaxWidth(IMAGE);
        VBox imageBox = section(vm.imageTitleProperty(), IMAGE, inputPane, unit);
        VBox camBox = section(vm.camTitleProperty(), IMAGE, cam);
        VBox mapsBox = section(vm.mapsTitleProperty(), MAPS, maps);
        VBox filtersBox = section(vm.filtersTitleProperty(), FILTERS, filters);
        Label galleryTitle = new Label();
        galleryTitle.getStyleClass().add("training-section-title");
        galleryTitle.textProperty().bind(vm.galleryTitleProperty());
        galleryTitle.setId("explain-gallery-title");
        galleryTitle.setWrapText(true);
        galleryTitle.setMaxWidth(GALLERY);
        galleryTitle.setMinHeight(Region.USE_PREF_SIZE);
        gallery.setId("explain-gallery");
        gallery.setPrefWrapLength(GALLERY);
        vm.gallery().addListener((ListChangeListener<ExplainViewModel.GalleryItem>) c -> rebuildGallery());
        VBox galleryBox = new VBox(6, galleryTitle, gallery);

        // the image and what the layer makes of it first, then what the network learned and got wrong
        FlowPane pictures = new FlowPane(18, 12, imageBox, camBox, mapsBox);
        pictures.setAlignment(Pos.TOP_LEFT);
        FlowPane learned = new FlowPane(18, 12, filtersBox, galleryBox);
        learned.setAlignment(Pos.TOP_LEFT);

        VBox content = new VBox(10, bar, source, message, note, pictures, learned);
        content.setPadding(new Insets(10));
        setContent(content);

        vm.imageProperty().addListener((o, was, is) -> show(input, is, IMAGE));
        vm.gradCamProperty().addListener((o, was, is) -> show(cam, is, IMAGE));
        vm.mapsProperty().addListener((o, was, is) -> show(maps, is == null ? null : is.picture(), MAPS));
        vm.filtersProperty().addListener((o, was, is) -> show(filters, is == null ? null : is.picture(), FILTERS));
        vm.patchProperty().addListener((o, was, is) -> placePatch(is));
        show(input, vm.imageProperty().get(), IMAGE);
        show(cam, vm.gradCamProperty().get(), IMAGE);
        show(maps, vm.mapsProperty().get() == null ? null : vm.mapsProperty().get().picture(), MAPS);
        show(filters, vm.filtersProperty().get() == null ? null : vm.filtersProperty().get().picture(), FILTERS);
        rebuildGallery();
    }

    /** A click on the feature maps, in the picture's own pixels: the unit under it. */
    private void clickMaps(double x, double y) {
        Explainer.Tiles t = vm.mapsProperty().get();
        if (t == null || maps.getImage() == null) {
            return;
        }
        double scale = t.picture().width() / maps.getBoundsInLocal().getWidth();
        t.unitAt(x * scale, y * scale).ifPresent(u -> vm.selectUnit(u[0], u[1], u[2]));
    }

    private void placePatch(Explainer.Patch p) {
        if (p == null || input.getImage() == null) {
            return;
        }
        double perPixel = input.getBoundsInLocal().getWidth() / vm.imageColumns();
        patch.setX(p.left() * perPixel);
        patch.setY(p.top() * perPixel);
        patch.setWidth((p.right() - p.left() + 1) * perPixel);
        patch.setHeight((p.bottom() - p.top() + 1) * perPixel);
    }

    private void rebuildGallery() {
        gallery.getChildren().clear();
        for (ExplainViewModel.GalleryItem item : vm.gallery()) {
            ImageView view = new ImageView(SampleThumbnails.image(item.image()));
            view.setFitWidth(56);
            view.setFitHeight(56);
            view.setPreserveRatio(true);
            view.setSmooth(false);
            Label caption = new Label(item.image().caption());
            caption.getStyleClass().add("sample-caption");
            Label detail = new Label(item.image().detail());
            detail.getStyleClass().add("sample-detail");
            detail.setWrapText(true);
            detail.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
            detail.setMinHeight(Region.USE_PREF_SIZE);
            VBox tile = new VBox(2, view, caption, detail);
            tile.getStyleClass().add("sample-tile");
            tile.setAlignment(Pos.TOP_CENTER);
            tile.setPrefWidth(108);
            tile.setMaxWidth(108);
            tile.setCursor(javafx.scene.Cursor.HAND);
            tile.setOnMouseClicked(e -> vm.chooseImage(item.set(), item.index()));
            Tooltip.install(tile, new Tooltip(Character.toUpperCase(item.set().charAt(0)) + item.set().substring(1) + " image "
                    + item.index() + ": click to explain it"));
            gallery.getChildren().add(tile);
        }
    }

    private static void show(ImageView view, Explainer.Picture p, double max) {
        if (p == null) {
            view.setImage(null);
            return;
        }
        WritableImage image = new WritableImage(p.width(), p.height());
        image.getPixelWriter().setPixels(0, 0, p.width(), p.height(), PixelFormat.getIntArgbInstance(), p.argb(), 0, p.width());
        view.setImage(image);
        view.setFitWidth(Math.min(max, p.width()));
    }

    private static VBox section(ObservableValue<String> title, double width, javafx.scene.Node... content) {
        Label label = new Label();
        label.getStyleClass().add("training-section-title");
        label.textProperty().bind(title);
        label.setWrapText(true);
        label.setMaxWidth(width);
        label.setMinHeight(Region.USE_PREF_SIZE);
        VBox box = new VBox(6, label);
        box.getChildren().addAll(content);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private static Label muted(ObservableValue<String> text) {
        Label l = new Label();
        l.getStyleClass().add("training-muted");
        l.textProperty().bind(text);
        l.setWrapText(true);
        return l;
    }

    private static void hideWhenEmpty(Label l, ObservableValue<String> text) {
        l.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> !text.getValue().isEmpty(), text));
        l.managedProperty().bind(l.visibleProperty());
    }
}
