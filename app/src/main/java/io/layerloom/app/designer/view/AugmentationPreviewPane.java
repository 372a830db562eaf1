package io.layerloom.app.designer.view;

import io.layerloom.app.data.augment.AugmentPreview;
import io.layerloom.app.designer.viewmodel.AugmentationViewModel;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;

/**
 * The augmentation preview at a size one can read: a tab beside the run's dashboard with the grid
 * as wide as the tab allows (up to twice its drawn size, nearest neighbour, so that pixels stay
 * pixels), a caption over each column, and the note. It follows the steps, the seed and the data
 * as the side panel edits them (the same {@link AugmentationViewModel#previewProperty}).
 */
final class AugmentationPreviewPane extends VBox {

    /** The largest upscale of the drawn grid: beyond it the images are blocks, not pictures. */
    private static final double MAX_SCALE = 2;
    private final ImageView image = new ImageView();
    private final Pane captions = new Pane();
    private AugmentPreview.Grid grid;

    static Tab tab(AugmentationViewModel vm) {
        ScrollPane scroll = new ScrollPane(new AugmentationPreviewPane(vm));
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        Tab tab = new Tab("Augmentation", scroll);
        tab.setId("training-augmentation-tab");
        return tab;
    }

    AugmentationPreviewPane(AugmentationViewModel vm) {
        super(8);
        setId("augmentation-preview-large");
        setPadding(new Insets(10, 12, 12, 12));
        setMinWidth(0);
        Label title = new Label("Augmentation preview");
        title.getStyleClass().add("training-section-title");
        Label how = new Label("Each row is a training image (left of the line), then " + AugmentPreview.VERSIONS
                + " versions of it as training makes them, one per epoch. Edit the steps in the side panel: the grid follows.");
        how.getStyleClass().add("training-muted");
        how.setWrapText(true);
        Label note = new Label();
        note.setId("augmentation-preview-large-note");
        note.getStyleClass().add("training-muted");
        note.setWrapText(true);
        note.textProperty().bind(vm.noteProperty());
        image.setId("augmentation-preview-large-image");
        image.setPreserveRatio(true);
        image.setSmooth(false);
        captions.setMinHeight(18);
        captions.setPrefHeight(18);
        getChildren().addAll(title, how, captions, image, note);
        widthProperty().addListener((o, was, is) -> fit());
        vm.previewProperty().addListener((o, was, is) -> show(is));
        show(vm.previewProperty().get());
    }

    private void show(AugmentPreview.Grid g) {
        grid = g;
        if (g == null) {
            image.setImage(null);
            captions.getChildren().clear();
            return;
        }
        WritableImage img = new WritableImage(g.width(), g.height());
        img.getPixelWriter().setPixels(0, 0, g.width(), g.height(), PixelFormat.getIntArgbInstance(), g.argb(), 0, g.width());
        image.setImage(img);
        fit();
    }

    /** Scales the grid to the pane's width (at most {@link #MAX_SCALE}) and puts each caption over its column. */
    private void fit() {
        if (grid == null) {
            return;
        }
        double room = Math.max(100, getWidth() - getPadding().getLeft() - getPadding().getRight());
        double scale = Math.min(MAX_SCALE, room / grid.width());
        image.setFitWidth(grid.width() * scale);
        captions.getChildren().clear();
        for (int c = 0; c <= AugmentPreview.VERSIONS; c++) {
            int[] column = AugmentPreview.column(grid, AugmentPreview.VERSIONS, c);
            Label caption = new Label(c == 0 ? "image" : "epoch " + c);
            caption.getStyleClass().add("training-muted");
            caption.setId("augmentation-caption-" + c);
            caption.setLayoutX(column[0] * scale);
            caption.setPrefWidth(column[1] * scale);
            caption.setAlignment(javafx.geometry.Pos.CENTER);
            captions.getChildren().add(caption);
        }
    }

    /** The grid's width on screen, in pixels (0 without a grid). */
    double shownWidth() {
        return grid == null ? 0 : image.getFitWidth();
    }
}
