package io.layerloom.app.designer.view;

import io.layerloom.icons.LayerIcons;
import io.layerloom.model.layer.Family;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * What keeps the zoomed-out canvas readable: over the cards (which are then boxes in their
 * family's colour), at a fixed screen size, a frame and a name for each stage of the graph
 * ({@link OverviewGroups}: "layer1", "layer2", ... of a ResNet), the blocks inside a stage when
 * their frame is tall enough, a name and kind beside as many cards as there is room for without
 * two labels overlapping or covering a card, and a legend of the family colours in the graph.
 *
 * <p>One canvas in screen space, redrawn when the view pans or zooms or the graph changes: the
 * labels cost one pass over the cards, and the scene graph gains no node per card.
 */
final class OverviewLayer extends Region {

    private static final double CELL = 4;
    private static final double PAD = 6;
    /** The narrowest a card is drawn, in pixels. */
    private static final double MIN_CARD = 10;

    private final Canvas canvas = new Canvas();
    /** Never seen: CSS gives them the theme's colours, which the canvas paints with. */
    private final Label textProbe = probeLabel("overview-label");
    private final Label mutedProbe = probeLabel("overview-label-muted");
    private final Rectangle frameProbe = probe("overview-frame");
    private final Rectangle haloProbe = probe("overview-halo");
    private final Text measure = new Text();
    private final Map<String, Double> widths = new HashMap<>();
    private final List<String> drawn = new ArrayList<>();
    private final Map<String, double[]> blockBoxes = new HashMap<>();
    /** Whether the canvas is clear (nothing drawn since the last clearing). */
    private boolean blank = true;

    private List<NodeView> nodes = List.of();
    private Map<String, NodeView> byId = Map.of();
    private List<OverviewGroups.Group> groups = List.of();
    private Set<Family> families = EnumSet.noneOf(Family.class);
    private Collection<String> selection = List.of();

    /** Screen cells already covered by a card or a label: 4x4 pixels each. */
    private boolean[] taken = new boolean[0];
    private int columns;
    private int rows;

    OverviewLayer() {
        getStyleClass().add("overview-layer");
        setMouseTransparent(true);
        setManaged(false);
        canvas.setMouseTransparent(true);
        getChildren().addAll(textProbe, mutedProbe, frameProbe, haloProbe, canvas);
    }

    /** The cards to label: after each reconciliation of the canvas. */
    void setContent(Collection<NodeView> views, Collection<String> selected) {
        nodes = List.copyOf(views);
        Map<String, NodeView> ids = new HashMap<>();
        List<String> order = new ArrayList<>();
        Set<Family> present = EnumSet.noneOf(Family.class);
        for (NodeView v : nodes) {
            ids.put(v.nodeId(), v);
            // A collapsed block's card belongs to its stage by the block's name ("layer2.0" in "layer2").
            String key = v.block() != null ? v.block().blockId() : v.nodeId();
            ids.put(key, v);
            order.add(key);
            present.add(v.family());
        }
        byId = ids;
        groups = OverviewGroups.of(order);
        families = present;
        selection = List.copyOf(selected);
    }

    void setSelection(Collection<String> selected) {
        selection = List.copyOf(selected);
    }

    /** The labels of the stages and cards shown (for tests): what the last {@link #draw} wrote. */
    List<String> drawnLabels() {
        return List.copyOf(drawn);
    }

    /**
     * Draws the overview for a world at {@code scale} whose origin is at (panX, panY) on screen,
     * or clears it when {@code on} is false.
     */
    void draw(boolean on, double scale, double panX, double panY) {
        double w = getWidth();
        double h = getHeight();
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
        }
        boolean nothing = !on || nodes.isEmpty() || w <= 0 || h <= 0;
        if (nothing && blank) {
            return; // zoomed in: leave the canvas alone, or every pan and edit would repaint its whole area
        }
        GraphicsContext gc = canvas.getGraphicsContext2D();
        gc.clearRect(0, 0, w, h);
        drawn.clear();
        blank = nothing;
        if (nothing) {
            return;
        }
        columns = (int) Math.ceil(w / CELL);
        rows = (int) Math.ceil(h / CELL);
        if (taken.length < columns * rows) {
            taken = new boolean[columns * rows];
        } else {
            java.util.Arrays.fill(taken, 0, columns * rows, false);
        }
        // Cards are obstacles: a label never covers one. Cards narrower than MIN_CARD pixels (a
        // fitted DenseNet's are 2) are drawn again here at that width, so their colours still show.
        GraphicsContext cards = gc;
        double cardW = NodeView.WIDTH * scale;
        boolean widen = cardW < MIN_CARD;
        double shownW = Math.max(cardW, MIN_CARD);
        Map<Family, Color> colours = new java.util.EnumMap<>(Family.class);
        for (NodeView v : nodes) {
            double shownH = Math.max(v.height() * scale, 1);
            double x = v.getLayoutX() * scale + panX + (cardW - shownW) / 2;
            double y = v.getLayoutY() * scale + panY;
            if (x < w && y < h && x + shownW > 0 && y + shownH > 0) {
                take(x, y, shownW, shownH);
                if (widen) {
                    cards.setFill(selection.contains(v.nodeId()) ? textProbe.getTextFill()
                            : colours.computeIfAbsent(v.family(), f -> Color.web(colour(f))));
                    cards.fillRect(x, y, shownW, shownH);
                }
            }
        }
        Paint text = textProbe.getTextFill();
        Paint muted = mutedProbe.getTextFill();
        Paint frame = frameProbe.getFill();
        Paint halo = haloProbe.getFill();
        Font stageFont = Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, 13);
        Font blockFont = Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, 11);
        Font nodeFont = Font.font(Font.getDefault().getFamily(), 11);
        Font selectedFont = Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, 11);
        gc.setTextBaseline(VPos.TOP);
        gc.setTextAlign(TextAlignment.LEFT);

        // Frames first (under the labels), then names: stages, the selection, blocks, cards.
        List<double[]> frames = new ArrayList<>();
        blockBoxes.clear();
        for (OverviewGroups.Group g : groups) {
            double[] box = screenBox(g, scale, panX, panY);
            frames.add(box);
            if (g.depth() == 2 && box != null) {
                blockBoxes.put(g.name(), box);
            }
            if (box == null || box[0] > w || box[1] > h || box[0] + box[2] < 0 || box[1] + box[3] < 0) {
                continue;
            }
            if (g.depth() == 1) {
                gc.setGlobalAlpha(0.07);
                gc.setFill(frame);
                gc.fillRoundRect(box[0], box[1], box[2], box[3], 10, 10);
                gc.setGlobalAlpha(0.7);
                gc.setStroke(frame);
                gc.setLineWidth(1.5);
                gc.strokeRoundRect(box[0], box[1], box[2], box[3], 10, 10);
            } else if (box[3] >= 28) {
                gc.setGlobalAlpha(0.45);
                gc.setStroke(frame);
                gc.setLineWidth(1);
                gc.setLineDashes(4, 3);
                gc.strokeRoundRect(box[0], box[1], box[2], box[3], 6, 6);
                gc.setLineDashes((double[]) null);
            }
        }
        gc.setGlobalAlpha(1);
        for (int i = 0; i < groups.size(); i++) {
            OverviewGroups.Group g = groups.get(i);
            double[] box = frames.get(i);
            if (g.depth() == 1 && box != null) {
                placeBeside(gc, g.name(), null, box, stageFont, text, halo, w, h, true);
            }
        }
        for (String id : selection) {
            NodeView v = byId.get(id);
            if (v != null) {
                labelCard(gc, v, scale, panX, panY, selectedFont, text, muted, halo, w, h);
            }
        }
        for (int i = 0; i < groups.size(); i++) {
            OverviewGroups.Group g = groups.get(i);
            double[] box = frames.get(i);
            if (g.depth() == 2 && box != null && box[3] >= 28) {
                placeBeside(gc, g.name(), null, box, blockFont, muted, halo, w, h, true);
            }
        }
        for (NodeView v : nodes) {
            if (!selection.contains(v.nodeId())) {
                labelCard(gc, v, scale, panX, panY, nodeFont, text, muted, halo, w, h);
            }
        }
        drawLegend(gc, nodeFont, text, halo, h);
    }

    /** The box around a group's cards on screen, with a margin, or null when none of them is drawn. */
    private double[] screenBox(OverviewGroups.Group g, double scale, double panX, double panY) {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (String id : g.members()) {
            NodeView v = byId.get(id);
            if (v == null) {
                continue;
            }
            minX = Math.min(minX, v.getLayoutX());
            minY = Math.min(minY, v.getLayoutY());
            maxX = Math.max(maxX, v.getLayoutX() + NodeView.WIDTH);
            maxY = Math.max(maxY, v.getLayoutY() + v.height());
        }
        if (minX > maxX) {
            return null;
        }
        double margin = g.depth() == 1 ? PAD : PAD / 2;
        return new double[] {minX * scale + panX - margin, minY * scale + panY - margin,
                (maxX - minX) * scale + 2 * margin, (maxY - minY) * scale + 2 * margin};
    }

    private void labelCard(GraphicsContext gc, NodeView v, double scale, double panX, double panY, Font font,
                           Paint text, Paint muted, Paint halo, double w, double h) {
        // A collapsed block's card is named by its block: "layer2.0 BasicBlock", not by the layer it stands on.
        String id = v.block() != null ? v.block().blockId() : v.nodeId();
        String stage = OverviewGroups.prefix(id, 1);
        String block = OverviewGroups.prefix(id, 2);
        String name = block != null ? OverviewGroups.within(id, block) : stage != null ? OverviewGroups.within(id, stage) : id;
        double[] blockBox = block == null ? null : blockBoxes.get(block);
        if (v.block() != null) {
            name = id;
        } else if (block != null && (blockBox == null || blockBox[3] < 28)) {
            name = stage != null ? OverviewGroups.within(id, stage) : id; // its block is not named: say which
        }
        double cardW = NodeView.WIDTH * scale;
        double shownW = Math.max(cardW, MIN_CARD);
        double[] card = {v.getLayoutX() * scale + panX + (cardW - shownW) / 2, v.getLayoutY() * scale + panY,
                shownW + 1, Math.max(v.height() * scale, 1)};
        placeBeside(gc, name, v.block() != null ? v.block().type() : v.kindName(), card, font, text, halo, w, h, false, muted);
    }

    private void placeBeside(GraphicsContext gc, String label, String kind, double[] box, Font font, Paint fill,
                             Paint halo, double w, double h, boolean leftFirst) {
        placeBeside(gc, label, kind, box, font, fill, halo, w, h, leftFirst, fill);
    }

    /**
     * Writes {@code label} (and {@code kind} after it, in {@code kindFill}) beside the box: on its
     * left or right, at its top for a frame, at its middle for a card; where neither side is free,
     * not at all.
     */
    private void placeBeside(GraphicsContext gc, String label, String kind, double[] box, Font font, Paint fill,
                             Paint halo, double w, double h, boolean leftFirst, Paint kindFill) {
        double labelW = width(label, font);
        double kindW = kind == null ? 0 : width(kind, font) + 5;
        double tw = labelW + kindW;
        double th = font.getSize() + 3;
        double y = leftFirst ? box[1] : box[1] + box[3] / 2 - th / 2;
        double left = box[0] - 6 - tw;
        double right = box[0] + box[2] + 6;
        double[] order = leftFirst ? new double[] {left, right} : new double[] {right, left};
        for (double x : order) {
            if (x < 2 || x + tw > w - 2 || y < 2 || y + th > h - 2 || isTaken(x - 2, y, tw + 4, th)) {
                continue;
            }
            take(x - 2, y, tw + 4, th);
            gc.setGlobalAlpha(0.85);
            gc.setFill(halo);
            gc.fillRoundRect(x - 2, y, tw + 4, th, 4, 4);
            gc.setGlobalAlpha(1);
            gc.setFont(font);
            gc.setFill(fill);
            gc.fillText(label, x, y + 1);
            if (kind != null) {
                gc.setFill(kindFill);
                gc.fillText(kind, x + labelW + 5, y + 1);
            }
            drawn.add(kind == null ? label : label + " " + kind);
            return;
        }
    }

    /** The family colours of the graph's kinds, bottom left: what a coloured box means. */
    private void drawLegend(GraphicsContext gc, Font font, Paint text, Paint halo, double h) {
        if (families.isEmpty()) {
            return;
        }
        double x = 10;
        double y = h - 10 - (font.getSize() + 6) * families.size();
        double wide = 0;
        for (Family f : families) {
            wide = Math.max(wide, width(f.title(), font));
        }
        gc.setGlobalAlpha(0.9);
        gc.setFill(halo);
        gc.fillRoundRect(x - 6, y - 6, wide + 32, (font.getSize() + 6) * families.size() + 8, 8, 8);
        gc.setGlobalAlpha(1);
        gc.setFont(font);
        for (Family f : families) {
            gc.setFill(Color.web(colour(f)));
            gc.fillRoundRect(x, y + 1, 14, font.getSize() + 1, 3, 3);
            gc.setFill(text);
            gc.fillText(f.title(), x + 20, y);
            y += font.getSize() + 6;
        }
    }

    /** A family's colour, the icons' ({@link LayerIcons#familyColour}), as {@code "#RRGGBB"}. */
    static String colour(Family f) {
        return LayerIcons.familyColour(f.name().toLowerCase(java.util.Locale.ROOT));
    }

    private double width(String s, Font font) {
        String key = font.getSize() + (font.getStyle().contains("Bold") ? "b" : "") + s;
        Double known = widths.get(key);
        if (known == null) {
            if (widths.size() > 4000) {
                widths.clear();
            }
            measure.setFont(font);
            measure.setText(s);
            known = measure.getLayoutBounds().getWidth();
            widths.put(key, known);
        }
        return known;
    }

    private void take(double x, double y, double w, double h) {
        cells(x, y, w, h, true);
    }

    private boolean isTaken(double x, double y, double w, double h) {
        return cells(x, y, w, h, false);
    }

    /** The grid cells under the rectangle: marks them taken ({@code mark}) or says whether any is. */
    private boolean cells(double x, double y, double w, double h, boolean mark) {
        int c0 = Math.max(0, (int) (x / CELL));
        int r0 = Math.max(0, (int) (y / CELL));
        int c1 = Math.min(columns - 1, (int) ((x + w) / CELL));
        int r1 = Math.min(rows - 1, (int) ((y + h) / CELL));
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                if (mark) {
                    taken[r * columns + c] = true;
                } else if (taken[r * columns + c]) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    protected void layoutChildren() {
        // The canvas is sized in draw(); the probes are never shown.
    }

    private static Label probeLabel(String styleClass) {
        Label l = new Label();
        l.getStyleClass().add(styleClass);
        l.setOpacity(0);
        l.setManaged(false);
        return l;
    }

    private static Rectangle probe(String styleClass) {
        Rectangle r = new Rectangle(1, 1);
        r.getStyleClass().add(styleClass);
        r.setOpacity(0);
        r.setManaged(false);
        return r;
    }
}
