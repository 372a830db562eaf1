package io.layerloom.app.designer.view;

import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.Severity;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.report.Formats;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.util.Duration;

/**
 * One layer on the canvas: a card of fixed size showing its icon, id, kind, output shape,
 * parameter count and receptive field, with an error or warning badge. It is updated in place
 * when its node or its analysis changes, and moved by setting its layout position.
 */
final class NodeView extends Region {

    static final double WIDTH = GraphLayoutService.NODE_WIDTH;
    static final double HEIGHT = GraphLayoutService.NODE_HEIGHT;
    static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    static final PseudoClass DROP_OK = PseudoClass.getPseudoClass("drop-ok");
    static final PseudoClass DROP_REFUSED = PseudoClass.getPseudoClass("drop-refused");
    static final PseudoClass FROZEN = PseudoClass.getPseudoClass("frozen");

    private static final double PAD = 10;
    private static final double ICON = 20;
    private static final double TIME_BAR = 4;

    private final String id;
    private final Label name = label("node-name");
    private final Label kind = label("node-kind");
    private final Label shape = label("node-shape");
    private final Label params = label("node-params");
    private final Label field = label("node-rf");
    private final Label badge = label("node-badge");
    /** The activation, for kinds that have one: "identity" on a Dense is worth seeing, not only in the inspector. */
    private final Label activation = label("node-activation");
    /** A padlock on a frozen layer ("trainable": false), drawn as a shape so that no font needs the glyph. */
    private final javafx.scene.shape.SVGPath lock = new javafx.scene.shape.SVGPath();
    /** A live training statistic beside the card ("upd/param 1.2e-3"), hidden when there is none. */
    private final Label stat = label("node-stat");
    /** The layer's share of a profiled training iteration, a thin bar along the card's foot (Profile). */
    private final javafx.scene.layout.Region timeBar = new javafx.scene.layout.Region();
    /** Made on first need: a Tooltip is a popup window, far dearer than the rest of a card. */
    private Tooltip badgeTip;
    private String badgeMessages = "";
    private final PortView in;
    private final PortView out;
    private KindIconView icon;

    private final List<javafx.scene.Node> detail = new java.util.ArrayList<>();
    /** Set while this card stands for a collapsed block (BlockCard), whose texts it shows instead. */
    private BlockCard block;
    private Node node;
    private NodeResult result;
    private List<Diagnostic> diagnostics = List.of();

    NodeView(Node node) {
        this.id = node.id();
        getStyleClass().add("layer-node");
        setId("node-" + id);
        setMinSize(WIDTH, HEIGHT);
        setPrefSize(WIDTH, HEIGHT);
        setMaxSize(WIDTH, HEIGHT);
        in = new PortView(id, false);
        out = new PortView(id, true);
        shape.setAlignment(Pos.CENTER_RIGHT);
        field.setAlignment(Pos.CENTER_RIGHT);
        name.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        badge.setVisible(false);
        // The tooltip is made when the pointer first reaches the badge; its next move shows it.
        badge.setOnMouseEntered(e -> {
            if (badgeTip == null) {
                badgeTip = new Tooltip(badgeMessages);
                badgeTip.setShowDelay(Duration.millis(200));
                badgeTip.setShowDuration(Duration.seconds(30));
                badgeTip.setWrapText(true);
                badgeTip.setMaxWidth(420);
                Tooltip.install(badge, badgeTip);
            }
        });
        stat.setVisible(false);
        stat.setManaged(false);
        lock.setContent("M2 6V4a4 4 0 0 1 8 0v2h1v8H1V6h1zm2 0h4V4a2 2 0 0 0-4 0v2z");
        lock.getStyleClass().add("node-lock");
        lock.setVisible(false);
        lock.setManaged(false);
        activation.setVisible(false);
        timeBar.getStyleClass().add("node-time-bar");
        timeBar.setManaged(false);
        timeBar.setVisible(false);
        getChildren().addAll(name, activation, kind, shape, params, field, badge, lock, stat, timeBar, in, out);
        update(node, null, List.of());
    }

    /** Where the {@code index}th node without a position of its own is drawn: down the left edge, in graph order. */
    static Position unplaced(int index) {
        return new Position(40, 40 + index * (HEIGHT + 56));
    }

    String nodeId() {
        return id;
    }

    String kindName() {
        return node.kind().name();
    }

    io.layerloom.model.layer.Family family() {
        return block != null ? block.family() : node.kind().family();
    }

    /**
     * In the zoomed-out overview a card is a bare coloured box: its text, icon and ports leave the
     * scene graph (hidden nodes would still be walked on every pulse), and come back on the way in.
     */
    void setOverview(boolean on) {
        if (on == !detail.isEmpty()) {
            return;
        }
        if (on) {
            detail.addAll(getChildren());
            getChildren().clear();
        } else {
            getChildren().setAll(detail);
            detail.clear();
        }
    }

    /** The card's children, wherever they are now: on the card, or set aside in the overview. */
    private List<javafx.scene.Node> parts() {
        return detail.isEmpty() ? getChildren() : detail;
    }

    /** Where wires into this node end, in canvas units. */
    double inX() {
        return getLayoutX() + WIDTH / 2;
    }

    double inY() {
        return getLayoutY();
    }

    double outX() {
        return getLayoutX() + WIDTH / 2;
    }

    double outY() {
        return getLayoutY() + height();
    }

    /** The card's height: a layer's, or a collapsed block's (taller, for its two more lines). */
    double height() {
        return block == null ? HEIGHT : BlockCard.HEIGHT;
    }

    /** The block this card stands for while it is collapsed, or null. */
    BlockCard block() {
        return block;
    }

    /**
     * Shows a collapsed block on this card (its member whose output leaves the block), or the
     * layer again ({@code null}).
     */
    void showBlock(BlockCard card) {
        if (java.util.Objects.equals(card, block)) {
            return;
        }
        boolean was = block != null;
        block = card;
        double h = height();
        setMinSize(WIDTH, h);
        setPrefSize(WIDTH, h);
        setMaxSize(WIDTH, h);
        pseudoClassStateChanged(BlockCard.COLLAPSED, card != null);
        if (card != null) {
            name.setText(card.name());
            kind.setText(card.type());
            shape.setText(card.shapes());
            params.setText(card.cost());
            field.setText(card.field());
            Tooltip.install(this, new Tooltip(card.details()));
            pseudoClassStateChanged(ERROR, card.worst() == Severity.ERROR);
            pseudoClassStateChanged(WARNING, card.worst() == Severity.WARNING);
            setStyle("-family-colour: " + OverviewLayer.colour(card.family()) + ";");
        } else if (was) {
            shape.setAlignment(Pos.CENTER_RIGHT);
            Node n = node;
            node = null;
            Tooltip.uninstall(this, null);
            update(n, result, diagnostics);
        }
        requestLayout();
    }

    /** Brings the card up to date; does nothing visible when neither the node nor its analysis changed. */
    void update(Node newNode, NodeResult newResult, List<Diagnostic> newDiagnostics) {
        if (block != null) {
            node = newNode;
            result = newResult;
            diagnostics = newDiagnostics;
            return;
        }
        boolean specChanged = node == null || !node.spec().equals(newNode.spec());
        boolean resultChanged = node == null || !Objects.equals(result, newResult) || !diagnostics.equals(newDiagnostics);
        node = newNode;
        result = newResult;
        diagnostics = newDiagnostics;
        if (specChanged) {
            String kindName = newNode.kind().name();
            if (icon != null) {
                parts().remove(icon);
            }
            icon = new KindIconView(kindName, ICON);
            parts().add(0, icon);
            kind.setText(kindName);
            Object act = newNode.kind().values(newNode.spec()).get("activation");
            activation.setText(act instanceof ActivationFunction f ? f.jsonName() : "");
            activation.setVisible(act instanceof ActivationFunction);
            requestLayout();
            in.setVisible(newNode.kind().maxInputs() > 0);
            getStyleClass().removeIf(c -> c.startsWith("kind-"));
            getStyleClass().add(newNode.kind().isMerge() ? "kind-merge" : "kind-" + newNode.kind().family().name().toLowerCase(java.util.Locale.ROOT));
            // The zoomed-out fill (canvas.css): the family's colour, from the icons, not a second table of colours.
            setStyle("-family-colour: " + OverviewLayer.colour(newNode.kind().family()) + ";");
            name.setText(id);
        }
        if (lock.isVisible() == newNode.trainable()) {
            lock.setVisible(!newNode.trainable());
            pseudoClassStateChanged(FROZEN, !newNode.trainable());
            requestLayout();
        }
        if (resultChanged || specChanged) {
            Optional<NodeResult> r = Optional.ofNullable(newResult);
            shape.setText(r.map(x -> Formats.shape(x.output())).orElse("?"));
            long count = r.flatMap(NodeResult::cost).map(c -> c.params()).orElse(-1L);
            params.setText(count < 0 ? "params ?" : count == 0 ? "no params" : Formats.si(count) + " params");
            String rf = r.map(x -> Formats.receptiveField(x.receptiveField())).orElse("-");
            field.setText(rf.equals("-") ? "" : "RF " + rf);
            boolean error = newDiagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
            boolean warning = !error && newDiagnostics.stream().anyMatch(d -> d.severity() == Severity.WARNING);
            pseudoClassStateChanged(ERROR, error);
            pseudoClassStateChanged(WARNING, warning);
            List<Diagnostic> shown = newDiagnostics.stream().filter(d -> d.severity() != Severity.INFO).toList();
            badge.setVisible(!shown.isEmpty());
            badge.setText(error ? "!" : warning ? "\u26A0" : "");
            badge.pseudoClassStateChanged(ERROR, error);
            badge.pseudoClassStateChanged(WARNING, warning);
            badgeMessages = shown.stream().map(d -> d.message() + (d.fixes().isEmpty() ? ""
                    : "\n  Fix: " + String.join(" / ", d.fixes()))).collect(Collectors.joining("\n\n"));
            if (badgeTip != null) {
                badgeTip.setText(badgeMessages);
            }
        }
    }

    void setSelected(boolean selected) {
        pseudoClassStateChanged(SELECTED, selected);
    }

    /** The state of a drag that would wire into this node: green, red, or none (null). */
    void setDropState(Boolean allowed) {
        pseudoClassStateChanged(DROP_OK, Boolean.TRUE.equals(allowed));
        pseudoClassStateChanged(DROP_REFUSED, Boolean.FALSE.equals(allowed));
    }

    /** Shows a live statistic beside the card, or hides it ({@code null} or blank). */
    void setStatistic(String text) {
        boolean show = text != null && !text.isBlank();
        stat.setText(show ? text : "");
        stat.setVisible(show);
        if (show) {
            stat.autosize();
            stat.relocate(WIDTH + 6, (HEIGHT - stat.getHeight()) / 2);
        }
    }

    /** Shows the layer's share of a profiled iteration (0 to 1) as a bar along the card's foot, or hides it (null). */
    void setTimeShare(Double share) {
        boolean show = share != null && share > 0;
        timeBar.setVisible(show);
        if (show) {
            // at least a sliver, so that a layer that took any time at all shows it
            timeBar.resizeRelocate(0, HEIGHT - TIME_BAR, Math.max(2, Math.min(1, share) * WIDTH), TIME_BAR);
        }
    }

    /** The bar's width in card widths, 0 when hidden: for tests. */
    double timeBarShare() {
        return timeBar.isVisible() ? timeBar.getWidth() / WIDTH : 0;
    }

    String badgeText() {
        return badge.isVisible() ? badgeMessages : "";
    }

    @Override
    protected void layoutChildren() {
        if (block != null) {
            BlockCard.layout(this, icon, name, kind, shape, params, field, in, out);
            badge.setVisible(false);
            lock.setVisible(false);
            return;
        }
        double badgeW = (badge.isVisible() ? 18 : 0) + (lock.isVisible() ? 16 : 0);
        if (icon != null) {
            icon.resizeRelocate(PAD, 8, ICON, ICON);
        }
        double actW = 0;
        if (activation.isVisible()) {
            actW = Math.min(Math.ceil(activation.prefWidth(-1)), 80);
            layout(activation, WIDTH - PAD - badgeW - actW, 9, actW, 18);
            actW += 6;
        }
        layout(name, PAD + ICON + 6, 7, WIDTH - (PAD + ICON + 6) - PAD - badgeW - 2 - actW, 22);
        layout(badge, WIDTH - PAD - 16, 9, 16, 16);
        lock.relocate(WIDTH - PAD - 12 - (badge.isVisible() ? 18 : 0), 9);
        // The left column holds kind names ("DepthwiseConv2D") and counts; the right one the
        // longer monospace values ("512x14x14", "RF 147x147 /16").
        double left = 92;
        double right = WIDTH - 2 * PAD - left - 4;
        layout(kind, PAD, 32, left, 18);
        layout(shape, WIDTH - PAD - right, 32, right, 18);
        layout(params, PAD, 52, left, 18);
        layout(field, WIDTH - PAD - right, 52, right, 18);
        in.setCenterX(WIDTH / 2);
        in.setCenterY(0);
        out.setCenterX(WIDTH / 2);
        out.setCenterY(HEIGHT);
    }

    static void layout(Label l, double x, double y, double w, double h) {
        l.resizeRelocate(x, y, w, h);
    }

    private static Label label(String styleClass) {
        Label l = new Label();
        l.getStyleClass().add(styleClass);
        l.setMinWidth(0);
        return l;
    }
}
