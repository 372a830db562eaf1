package io.layerloom.app.designer.view;

import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.Severity;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.report.Formats;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Background;
import javafx.scene.paint.Color;
import javafx.scene.transform.Scale;

/** Pictures of the whole graph for File > Export: a PNG of the canvas content and a standalone SVG. */
final class GraphPicture {

    private static final double MARGIN = 24;
    /** Beyond this many pixels the PNG is written at scale 1 instead of 2. */
    private static final double MAX_PIXELS_AT_2X = 40_000_000;
    /**
     * The longest side of a PNG: image viewers and browsers refuse or shrink pictures beyond 8,192
     * to 16,384 pixels (ResNet-18's column was 16,616 pixels tall at scale 2). A taller graph is
     * drawn smaller to fit; its cards stay readable down to about half size.
     */
    static final double MAX_SIDE = 8192;

    // The SVG's look, as presentation attributes (not CSS) so that every SVG renderer shows it.
    // A light palette on purpose: an exported picture goes into documents, whatever the app's theme.
    private static final String WIRE = " fill=\"none\" stroke=\"#8c959f\" stroke-width=\"1.5\"";
    private static final String WIRE_LABEL = " font-family=\"monospace\" font-size=\"10\" fill=\"#57606a\" text-anchor=\"middle\"";
    private static final String NODE = " fill=\"#ffffff\" stroke=\"#d0d7de\" stroke-width=\"1\"";
    private static final String NODE_ERROR = " fill=\"#ffffff\" stroke=\"#cf222e\" stroke-width=\"2\"";
    private static final String NODE_WARNING = " fill=\"#ffffff\" stroke=\"#bf8700\" stroke-width=\"2\"";
    private static final String NAME = " font-family=\"sans-serif\" font-size=\"13\" font-weight=\"bold\" fill=\"#1f2328\"";
    private static final String KIND = " font-family=\"sans-serif\" font-size=\"11\" fill=\"#57606a\"";
    private static final String SHAPE = " font-family=\"monospace\" font-size=\"11\" fill=\"#1f2328\" text-anchor=\"end\"";

    private GraphPicture() {
    }

    /** The picture of {@code bounds} of the content (on the JavaFX thread); write it with {@link PngFiles}. */
    static WritableImage snapshot(javafx.scene.Node content, Bounds bounds, Background background) throws IOException {
        if (bounds == null) {
            throw new IOException("The graph is empty: there is nothing to draw.");
        }
        double w = bounds.getWidth() + 2 * MARGIN;
        double h = bounds.getHeight() + 2 * MARGIN;
        double scale = scale(w, h);
        SnapshotParameters params = new SnapshotParameters();
        params.setTransform(new Scale(scale, scale));
        params.setViewport(new Rectangle2D((bounds.getMinX() - MARGIN) * scale, (bounds.getMinY() - MARGIN) * scale,
                w * scale, h * scale));
        params.setFill(background != null && !background.getFills().isEmpty() ? background.getFills().get(0).getFill()
                : Color.TRANSPARENT);
        return content.snapshot(params, null);
    }

    /** Pixels per canvas unit for a picture of {@code w} x {@code h} units: 2 when small enough, never a side over {@link #MAX_SIDE}. */
    static double scale(double w, double h) {
        double scale = w * h * 4 <= MAX_PIXELS_AT_2X ? 2 : 1;
        return Math.min(scale, (MAX_SIDE - 1) / Math.max(w, h)); // 1 spare: the snapshot rounds its size up
    }

    /** A wire as the canvas draws it, in SVG's terms ({@link WireGeometry#svg}): path data and where its shape label sits. */
    record Route(String pathData, double labelX, double labelY) {
    }

    /** The key of the wire from {@code from} into {@code to} in a map of routes. */
    static String key(String from, String to) {
        return from + '\u0000' + to;
    }

    /**
     * A standalone SVG: cards with id, kind and output shape, wires with their shapes. Wires
     * follow {@code routes} where given (the canvas's routes, side lanes included), else a curve.
     */
    static String svg(Graph graph, Analysis a, Map<String, Route> canvasRoutes) {
        // The picture shows every layer: collapsed blocks are drawn expanded (bottom first, so each
        // expands in place), with plain curves, since the canvas's routes join the blocks' cards.
        Graph g = graph.withBlocksExpanded();
        Map<String, Route> routes = graph.blocks().stream().anyMatch(b -> b.collapsed()) ? Map.of() : canvasRoutes;
        double w = GraphLayoutService.NODE_WIDTH;
        double h = GraphLayoutService.NODE_HEIGHT;
        Map<String, Position> at = new HashMap<>();
        int i = 0;
        for (Node n : g.nodes()) {
            at.putIfAbsent(n.id(), n.position().orElse(NodeView.unplaced(i)));
            i++;
        }
        double minX = 0;
        double minY = 0;
        double maxX = 1;
        double maxY = 1;
        if (!at.isEmpty()) {
            minX = at.values().stream().mapToDouble(Position::x).min().orElse(0) - MARGIN;
            minY = at.values().stream().mapToDouble(Position::y).min().orElse(0) - MARGIN;
            maxX = at.values().stream().mapToDouble(Position::x).max().orElse(0) + w + MARGIN;
            maxY = at.values().stream().mapToDouble(Position::y).max().orElse(0) + h + MARGIN;
        }
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"%s %s %s %s\">%n",
                maxX - minX, maxY - minY, n(minX), n(minY), n(maxX - minX), n(maxY - minY)));
        s.append("  <title>").append(xml(g.name())).append("</title>\n");
        s.append(String.format(Locale.ROOT, "  <rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"#f6f8fa\"/>%n",
                n(minX), n(minY), n(maxX - minX), n(maxY - minY)));
        Set<String> drawn = new HashSet<>();
        for (Node node : g.nodes()) {
            if (!drawn.add(node.id())) {
                continue;
            }
            Position to = at.get(node.id());
            for (String in : new java.util.LinkedHashSet<>(node.inputs())) {
                Position from = at.get(in);
                if (from == null || in.equals(node.id())) {
                    continue;
                }
                Route route = routes.get(key(in, node.id()));
                if (route == null) {
                    route = WireGeometry.between(from.x() + w / 2, from.y() + h, to.x() + w / 2, to.y(), null).svg();
                }
                s.append("  <path d=\"").append(route.pathData()).append('"').append(WIRE).append("/>\n");
                String shape = a == null ? "" : a.node(in).map(r -> Formats.shape(r.output())).orElse("");
                if (!shape.isEmpty() && !shape.equals("?")) {
                    double lw = shape.length() * 6.2 + 6;
                    s.append(String.format(Locale.ROOT, "  <rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"13\" rx=\"3\" fill=\"#f6f8fa\" stroke=\"none\"/>%n",
                            n(route.labelX() - lw / 2), n(route.labelY() - 7), n(lw)));
                    s.append(String.format(Locale.ROOT, "  <text x=\"%s\" y=\"%s\"" + WIRE_LABEL + ">%s</text>%n",
                            n(route.labelX()), n(route.labelY() + 3.5), xml(shape)));
                }
            }
        }
        drawn.clear();
        for (Node node : g.nodes()) {
            if (!drawn.add(node.id())) {
                continue;
            }
            Position p = at.get(node.id());
            Optional<NodeResult> r = a == null ? Optional.empty() : a.node(node.id());
            String state = a == null ? NODE : a.diagnosticsFor(node.id()).stream().anyMatch(d -> d.severity() == Severity.ERROR)
                    ? NODE_ERROR : a.diagnosticsFor(node.id()).stream().anyMatch(d -> d.severity() == Severity.WARNING) ? NODE_WARNING : NODE;
            s.append(String.format(Locale.ROOT, "  <g id=\"%s\">%n", xml("node-" + node.id())));
            s.append(String.format(Locale.ROOT, "    <rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"8\" ry=\"8\"%s/>%n", n(p.x()), n(p.y()), n(w), n(h), state));
            s.append(String.format(Locale.ROOT, "    <text x=\"%s\" y=\"%s\"" + NAME + ">%s</text>%n",
                    n(p.x() + 12), n(p.y() + 24), xml(node.id())));
            s.append(String.format(Locale.ROOT, "    <text x=\"%s\" y=\"%s\"" + KIND + ">%s</text>%n",
                    n(p.x() + 12), n(p.y() + 46), xml(node.kind().name())));
            s.append(String.format(Locale.ROOT, "    <text x=\"%s\" y=\"%s\"" + SHAPE + ">%s</text>%n",
                    n(p.x() + w - 12), n(p.y() + 46), xml(r.map(x -> Formats.shape(x.output())).orElse("?"))));
            long params = r.flatMap(NodeResult::cost).map(c -> c.params()).orElse(0L);
            if (params > 0) {
                s.append(String.format(Locale.ROOT, "    <text x=\"%s\" y=\"%s\"" + KIND + ">%s params</text>%n",
                        n(p.x() + 12), n(p.y() + 64), xml(Formats.si(params))));
            }
            s.append("  </g>\n");
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** Text for XML content and attribute values: the five reserved characters escaped, control characters dropped. */
    static String xml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String n(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
