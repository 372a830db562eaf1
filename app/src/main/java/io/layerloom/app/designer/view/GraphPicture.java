package io.layerloom.app.designer.view;

import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.Severity;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.report.Formats;
import io.layerloom.model.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Background;
import javafx.scene.paint.Color;
import javafx.scene.transform.Scale;
import javax.imageio.ImageIO;

/** Pictures of the whole graph for File > Export: a PNG of the canvas content and a standalone SVG. */
final class GraphPicture {

    private static final double MARGIN = 24;
    /** Beyond this many pixels the PNG is written at scale 1 instead of 2. */
    private static final double MAX_PIXELS_AT_2X = 40_000_000;

    private GraphPicture() {
    }

    /** Snapshots {@code content} (wires and nodes, in canvas units) over {@code bounds}, with the canvas background. */
    static void writePng(javafx.scene.Node content, Bounds bounds, Background background, Path file) throws IOException {
        if (bounds == null) {
            throw new IOException("The graph is empty: there is nothing to draw.");
        }
        double w = bounds.getWidth() + 2 * MARGIN;
        double h = bounds.getHeight() + 2 * MARGIN;
        double scale = w * h * 4 <= MAX_PIXELS_AT_2X ? 2 : 1;
        SnapshotParameters params = new SnapshotParameters();
        params.setTransform(new Scale(scale, scale));
        params.setViewport(new Rectangle2D((bounds.getMinX() - MARGIN) * scale, (bounds.getMinY() - MARGIN) * scale,
                w * scale, h * scale));
        params.setFill(background != null && !background.getFills().isEmpty() ? background.getFills().get(0).getFill()
                : Color.TRANSPARENT);
        WritableImage image = content.snapshot(params, null);
        int iw = (int) image.getWidth();
        int ih = (int) image.getHeight();
        int[] argb = new int[iw * ih];
        PixelReader reader = image.getPixelReader();
        reader.getPixels(0, 0, iw, ih, PixelFormat.getIntArgbInstance(), argb, 0, iw);
        BufferedImage out = new BufferedImage(iw, ih, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, iw, ih, argb, 0, iw);
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".export", ".png");
        try {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                if (!ImageIO.write(out, "png", os)) {
                    throw new IOException("No PNG writer is available.");
                }
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void writeSvg(Graph g, Analysis a, Path file) throws IOException {
        AtomicFiles.writeString(file, svg(g, a));
    }

    /** A standalone SVG: cards with id, kind and output shape, wires as curves with their shapes. */
    static String svg(Graph g, Analysis a) {
        double w = GraphLayoutService.NODE_WIDTH;
        double h = GraphLayoutService.NODE_HEIGHT;
        Map<String, Position> at = new HashMap<>();
        int i = 0;
        for (Node n : g.nodes()) {
            at.putIfAbsent(n.id(), n.position().orElse(new Position(40, 40 + i * (h + 56))));
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
        s.append("  <style>\n"
                + "    .wire { fill: none; stroke: #8c959f; stroke-width: 1.5; }\n"
                + "    .wire-label { font: 10px sans-serif; fill: #57606a; text-anchor: middle; }\n"
                + "    .node { fill: #ffffff; stroke: #d0d7de; stroke-width: 1; }\n"
                + "    .node.error { stroke: #cf222e; stroke-width: 2; }\n"
                + "    .node.warning { stroke: #bf8700; stroke-width: 2; }\n"
                + "    .name { font: bold 13px sans-serif; fill: #1f2328; }\n"
                + "    .kind { font: 11px sans-serif; fill: #57606a; }\n"
                + "    .shape { font: 11px monospace; fill: #1f2328; text-anchor: end; }\n"
                + "  </style>\n");
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
                double sx = from.x() + w / 2;
                double sy = from.y() + h;
                double tx = to.x() + w / 2;
                double ty = to.y();
                double pull = ty >= sy ? Math.max(30, (ty - sy) / 2) : Math.max(80, (sy - ty) / 3);
                s.append(String.format(Locale.ROOT, "  <path class=\"wire\" d=\"M%s %s C%s %s %s %s %s %s\"/>%n",
                        n(sx), n(sy), n(sx), n(sy + pull), n(tx), n(ty - pull), n(tx), n(ty)));
                String shape = a == null ? "" : a.node(in).map(r -> Formats.shape(r.output())).orElse("");
                if (!shape.isEmpty() && !shape.equals("?")) {
                    s.append(String.format(Locale.ROOT, "  <text class=\"wire-label\" x=\"%s\" y=\"%s\">%s</text>%n",
                            n((sx + tx) / 2 + 0), n((sy + ty) / 2 + 3), xml(shape)));
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
            String state = a == null ? "" : a.diagnosticsFor(node.id()).stream().anyMatch(d -> d.severity() == Severity.ERROR)
                    ? " error" : a.diagnosticsFor(node.id()).stream().anyMatch(d -> d.severity() == Severity.WARNING) ? " warning" : "";
            s.append(String.format(Locale.ROOT, "  <g id=\"%s\">%n", xml("node-" + node.id())));
            s.append(String.format(Locale.ROOT, "    <rect class=\"node%s\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"8\" ry=\"8\"/>%n",
                    state, n(p.x()), n(p.y()), n(w), n(h)));
            s.append(String.format(Locale.ROOT, "    <text class=\"name\" x=\"%s\" y=\"%s\">%s</text>%n",
                    n(p.x() + 12), n(p.y() + 24), xml(node.id())));
            s.append(String.format(Locale.ROOT, "    <text class=\"kind\" x=\"%s\" y=\"%s\">%s</text>%n",
                    n(p.x() + 12), n(p.y() + 46), xml(node.kind().name())));
            s.append(String.format(Locale.ROOT, "    <text class=\"shape\" x=\"%s\" y=\"%s\">%s</text>%n",
                    n(p.x() + w - 12), n(p.y() + 46), xml(r.map(x -> Formats.shape(x.output())).orElse("?"))));
            long params = r.flatMap(NodeResult::cost).map(c -> c.params()).orElse(0L);
            if (params > 0) {
                s.append(String.format(Locale.ROOT, "    <text class=\"kind\" x=\"%s\" y=\"%s\">%s params</text>%n",
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
