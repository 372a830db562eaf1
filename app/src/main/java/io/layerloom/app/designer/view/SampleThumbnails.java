package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.SampleImage;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/** A row of example images with captions: the data preview, or predictions marked right or wrong. */
final class SampleThumbnails extends FlowPane {

    private static final PseudoClass RIGHT = PseudoClass.getPseudoClass("right");
    private static final PseudoClass WRONG = PseudoClass.getPseudoClass("wrong");

    private final double size;

    SampleThumbnails(ObservableList<SampleImage> samples, double size) {
        this.size = size;
        getStyleClass().add("sample-thumbnails");
        setHgap(6);
        setVgap(6);
        samples.addListener((ListChangeListener<SampleImage>) c -> rebuild(samples));
        rebuild(samples);
    }

    private void rebuild(ObservableList<SampleImage> samples) {
        getChildren().clear();
        for (SampleImage s : samples) {
            VBox tile = new VBox(2);
            tile.getStyleClass().add("sample-tile");
            tile.setPrefWidth(size + (s.verdict() == null ? 28 : 44));
            if (s.height() > 1) {
                ImageView view = new ImageView(image(s));
                view.setFitWidth(size);
                view.setFitHeight(size);
                view.setPreserveRatio(true);
                view.setSmooth(false);
                tile.getChildren().add(view);
            }
            Label caption = new Label(s.caption());
            caption.getStyleClass().add("sample-caption");
            tile.getChildren().add(caption);
            if (s.detail() != null) {
                Label detail = new Label(s.detail());
                detail.getStyleClass().add("sample-detail");
                detail.setWrapText(true);
                detail.setAlignment(javafx.geometry.Pos.CENTER);
                detail.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
                tile.getChildren().add(detail);
            }
            if (s.verdict() != null) {
                tile.pseudoClassStateChanged(RIGHT, s.verdict());
                tile.pseudoClassStateChanged(WRONG, !s.verdict());
            }
            Tooltip.install(tile, new Tooltip(s.caption() + (s.detail() == null ? "" : " (" + s.detail() + ")")));
            getChildren().add(tile);
        }
    }

    /** Grey for one channel, RGB for three (others: the first channel), values already in [0, 1]. */
    static WritableImage image(SampleImage s) {
        WritableImage image = new WritableImage(s.width(), s.height());
        PixelWriter px = image.getPixelWriter();
        int plane = s.width() * s.height();
        boolean rgb = s.channels() == 3;
        for (int y = 0; y < s.height(); y++) {
            for (int x = 0; x < s.width(); x++) {
                int i = y * s.width() + x;
                int r = level(s.values()[i]);
                int g = rgb ? level(s.values()[plane + i]) : r;
                int b = rgb ? level(s.values()[2 * plane + i]) : r;
                px.setArgb(x, y, 0xFF000000 | r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
