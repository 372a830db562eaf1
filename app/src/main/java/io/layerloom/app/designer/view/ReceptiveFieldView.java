package io.layerloom.app.designer.view;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.ReceptiveField;
import io.layerloom.model.analysis.SlidingWindow;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerSpec;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.Rectangle;

/**
 * A corner panel for one selected convolution or pooling layer: the network's input (a pixel
 * grid, or a sample image) with the region that one output unit at the centre sees, and for a
 * dilated kernel the sparse taps of the layer's own kernel inside that region.
 *
 * <p>Per axis, with the layer's field (size r, stride S, padding P), its kernel k, stride s and
 * dilation d, the field before the layer has stride S/s and size r - d(k-1)S/s, and tap j of
 * the centre unit i covers input pixels from i*S - P + j*d*S/s on (Distill, "Computing
 * Receptive Fields of Convolutional Neural Networks").
 */
final class ReceptiveFieldView extends VBox {

    private static final double BOX = 168;
    private static final int MAX_TAPS_PER_AXIS = 11;

    private final Label title = new Label();
    private final Pane plot = new Pane();
    private final Label caption = new Label();
    private Image sample;
    private Graph lastGraph;
    private Analysis lastAnalysis;
    private String lastId;

    ReceptiveFieldView() {
        setId("receptive-field-view");
        getStyleClass().add("receptive-field-view");
        title.getStyleClass().add("rf-title");
        caption.getStyleClass().add("rf-caption");
        // Wrapped text needs a fixed width and its preferred height, or the VBox cuts it to one line.
        for (Label l : new Label[] {title, caption}) {
            l.setWrapText(true);
            l.setPrefWidth(BOX);
            l.setMaxWidth(BOX);
            l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        plot.getStyleClass().add("rf-plot");
        Rectangle clip = new Rectangle(BOX, BOX);
        plot.setClip(clip);
        plot.setMinSize(BOX, BOX);
        plot.setPrefSize(BOX, BOX);
        plot.setMaxSize(BOX, BOX);
        getChildren().addAll(title, plot, caption);
        setVisible(false);
    }

    void setSampleImage(Image image) {
        sample = image;
        show(lastGraph, lastAnalysis, lastId);
    }

    /** Shows the panel for node {@code id}, or hides it where there is nothing correct to draw. */
    void show(Graph g, Analysis a, String id) {
        lastGraph = g;
        lastAnalysis = a;
        lastId = id;
        boolean shown = g != null && a != null && id != null && draw(g, a, id);
        setVisible(shown);
    }

    private boolean draw(Graph g, Analysis a, String id) {
        Optional<Node> node = g.node(id);
        if (node.isEmpty()) {
            return false;
        }
        // Only a layer that slides a window has a region and taps of its own to draw (a transposed
        // convolution spreads pixels out instead: the analysis gives it no window).
        Optional<NodeResult> r = a.node(id);
        SlidingWindow w = r.flatMap(NodeResult::window).orElse(null);
        if (w == null || !(r.get().receptiveField().orElse(null) instanceof ReceptiveField.Local field)
                || !(r.get().output().orElse(null) instanceof TensorType.Image out)) {
            return false;
        }
        TensorType.Image in = inputImage(g, a, id);
        if (in == null) {
            return false;
        }
        double scale = BOX / Math.max(in.height(), in.width());
        plot.getChildren().clear();
        double iw = in.width() * scale;
        double ih = in.height() * scale;
        // A sample is drawn only when it is the input's size: a stretched picture would put the
        // field on the wrong pixels.
        if (sample != null && (long) sample.getWidth() == in.width() && (long) sample.getHeight() == in.height()) {
            ImageView image = new ImageView(sample);
            image.setFitWidth(iw);
            image.setFitHeight(ih);
            plot.getChildren().add(image);
        } else {
            Rectangle background = new Rectangle(iw, ih);
            background.getStyleClass().add("rf-input");
            plot.getChildren().addAll(background, pixelGrid(in, scale));
        }
        long[] start = new long[2];
        long[] prevSize = new long[2];
        long[] prevStride = new long[2];
        for (int axis = 0; axis < 2; axis++) {
            ReceptiveField.Axis f = field.axis(axis);
            long centre = (out.size(axis) - 1) / 2;
            start[axis] = centre * f.stride() - f.padding();
            prevStride[axis] = Math.max(1, f.stride() / w.stride().get(axis));
            prevSize[axis] = Math.max(1, f.size() - (long) w.dilation().get(axis) * (w.kernel().get(axis) - 1) * prevStride[axis]);
        }
        boolean dilated = w.dilated();
        java.util.List<Rectangle> taps = new java.util.ArrayList<>();
        if (dilated) {
            int kh = Math.min(w.kernel().h(), MAX_TAPS_PER_AXIS);
            int kw = Math.min(w.kernel().w(), MAX_TAPS_PER_AXIS);
            for (int jh = 0; jh < kh; jh++) {
                for (int jw = 0; jw < kw; jw++) {
                    // Each tap reads one unit of the layer's input; mark the input pixels at that
                    // unit's centre (one stride wide), so the kernel's spacing shows even where
                    // the units' own fields overlap.
                    double cy = start[0] + (long) jh * w.dilation().h() * prevStride[0] + (prevSize[0] - prevStride[0]) / 2.0;
                    double cx = start[1] + (long) jw * w.dilation().w() * prevStride[1] + (prevSize[1] - prevStride[1]) / 2.0;
                    double th = Math.max(3, prevStride[0] * scale);
                    double tw = Math.max(3, prevStride[1] * scale);
                    Rectangle tap = new Rectangle((cx + prevStride[1] / 2.0) * scale - tw / 2,
                            (cy + prevStride[0] / 2.0) * scale - th / 2, tw, th);
                    tap.getStyleClass().add("rf-tap");
                    taps.add(tap);
                }
            }
        }
        Rectangle box = new Rectangle(start[1] * scale, start[0] * scale, Math.max(2, field.width().size() * scale),
                Math.max(2, field.height().size() * scale));
        box.getStyleClass().add("rf-field");
        plot.getChildren().add(box);
        plot.getChildren().addAll(taps); // over the field, so they stay visible

        title.setText("Receptive field \u00B7 " + id);
        String size = field.height().size() + "\u00D7" + field.width().size();
        StringBuilder text = new StringBuilder(size + " input pixels (stride " + field.height().stride()
                + ") for the centre unit, on the " + in.height() + "\u00D7" + in.width() + " input.");
        if (dilated) {
            text.append(" Dilation ").append(w.dilation().h() == w.dilation().w() ? String.valueOf(w.dilation().h()) : w.dilation().toString())
                    .append(": the ").append(w.kernel().h()).append("\u00D7").append(w.kernel().w())
                    .append(" kernel reads the marked points.");
        }
        caption.setText(text.toString());
        return true;
    }

    private static Path pixelGrid(TensorType.Image in, double scale) {
        Path grid = new Path();
        grid.getStyleClass().add("rf-grid");
        long step = (long) Math.ceil(4 / scale); // never closer than 4 screen pixels
        for (long x = step; x < in.width(); x += step) {
            grid.getElements().addAll(new MoveTo(x * scale, 0), new LineTo(x * scale, in.height() * scale));
        }
        for (long y = step; y < in.height(); y += step) {
            grid.getElements().addAll(new MoveTo(0, y * scale), new LineTo(in.width() * scale, y * scale));
        }
        return grid;
    }

    /** The image the network takes in, found by following first inputs back to an Input node. */
    private static TensorType.Image inputImage(Graph g, Analysis a, String id) {
        Set<String> seen = new HashSet<>();
        Optional<Node> n = g.node(id);
        while (n.isPresent() && seen.add(n.get().id())) {
            if (n.get().spec() instanceof LayerSpec.Input) {
                return a.node(n.get().id()).flatMap(NodeResult::output).orElse(null) instanceof TensorType.Image img ? img : null;
            }
            n = n.get().inputs().isEmpty() ? Optional.empty() : g.node(n.get().inputs().get(0));
        }
        return null;
    }
}
