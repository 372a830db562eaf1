package io.layerloom.app.designer.view;

import io.layerloom.icons.LayerIcons;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javafx.scene.Group;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.SVGPath;
import javafx.scene.shape.Shape;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * A layer kind's icon as JavaFX shapes. The icons use only path, rect, circle, line, polyline
 * and polygon with presentation attributes, so each element maps to one shape. The colours are
 * the icon's own (its family colour), read from the SVG, not chosen here.
 */
public final class SvgIcon {

    /** Parsed once per kind; every node view builds fresh shapes from the parsed elements. */
    private static final Map<String, List<Map<String, String>>> PARSED = new ConcurrentHashMap<>();

    private SvgIcon() {
    }

    /** The icon of {@code kind} scaled to {@code size} pixels square, or an empty group if it has none. */
    public static Group of(String kind, double size) {
        Group group = new Group();
        group.getStyleClass().add("kind-icon");
        if (!LayerIcons.has(kind)) {
            return group;
        }
        for (Map<String, String> element : PARSED.computeIfAbsent(kind, SvgIcon::parse)) {
            Shape shape = shape(element);
            if (shape != null) {
                group.getChildren().add(shape);
            }
        }
        double scale = size / 24.0;
        // A transform pivots on the origin, so the 24x24 box maps onto size x size exactly
        // (scaleX/scaleY would pivot on the centre of whatever the shapes cover).
        group.getTransforms().add(new javafx.scene.transform.Scale(scale, scale));
        group.setManaged(false);
        group.setMouseTransparent(true);
        return group;
    }

    private static List<Map<String, String>> parse(String kind) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            org.w3c.dom.Document doc = factory.newDocumentBuilder()
                    .parse(new InputSource(new StringReader(LayerIcons.svg(kind))));
            NodeList all = doc.getDocumentElement().getElementsByTagName("*");
            List<Map<String, String>> out = new ArrayList<>();
            for (int i = 0; i < all.getLength(); i++) {
                Element e = (Element) all.item(i);
                Map<String, String> attributes = new java.util.LinkedHashMap<>();
                attributes.put("#tag", e.getTagName());
                for (int a = 0; a < e.getAttributes().getLength(); a++) {
                    org.w3c.dom.Node attr = e.getAttributes().item(a);
                    attributes.put(attr.getNodeName(), attr.getNodeValue());
                }
                out.add(Map.copyOf(attributes));
            }
            return List.copyOf(out);
        } catch (Exception e) {
            // The icons module tests every icon; a broken one shows as no icon rather than no canvas.
            return List.of();
        }
    }

    private static Shape shape(Map<String, String> a) {
        Shape s = switch (a.get("#tag")) {
            case "path" -> {
                SVGPath p = new SVGPath();
                p.setContent(a.getOrDefault("d", ""));
                yield p;
            }
            case "rect" -> {
                Rectangle r = new Rectangle(num(a, "x"), num(a, "y"), num(a, "width"), num(a, "height"));
                r.setArcWidth(2 * num(a, "rx"));
                r.setArcHeight(2 * num(a, "rx"));
                yield r;
            }
            case "circle" -> new Circle(num(a, "cx"), num(a, "cy"), num(a, "r"));
            case "line" -> new Line(num(a, "x1"), num(a, "y1"), num(a, "x2"), num(a, "y2"));
            case "polyline" -> new Polyline(points(a.get("points")));
            case "polygon" -> new Polygon(points(a.get("points")));
            default -> null;
        };
        if (s == null) {
            return null;
        }
        s.setFill(paint(a.get("fill"), a.get("fill-opacity"), s instanceof Line || s instanceof Polyline ? "none" : "#000"));
        s.setStroke(paint(a.get("stroke"), a.get("stroke-opacity"), "none"));
        s.setStrokeWidth(a.containsKey("stroke-width") ? num(a, "stroke-width") : 1);
        s.setStrokeLineCap(switch (a.getOrDefault("stroke-linecap", "butt")) {
            case "round" -> StrokeLineCap.ROUND;
            case "square" -> StrokeLineCap.SQUARE;
            default -> StrokeLineCap.BUTT;
        });
        s.setStrokeLineJoin(switch (a.getOrDefault("stroke-linejoin", "miter")) {
            case "round" -> StrokeLineJoin.ROUND;
            case "bevel" -> StrokeLineJoin.BEVEL;
            default -> StrokeLineJoin.MITER;
        });
        if (a.containsKey("stroke-dasharray")) {
            for (double d : points(a.get("stroke-dasharray"))) {
                s.getStrokeDashArray().add(d);
            }
        }
        return s;
    }

    private static Paint paint(String value, String opacity, String fallback) {
        String v = value == null ? fallback : value.trim();
        if (v.equals("none") || v.isEmpty()) {
            return null;
        }
        double alpha = opacity == null ? 1 : Double.parseDouble(opacity.trim());
        return Color.web(v, alpha);
    }

    private static double num(Map<String, String> a, String name) {
        String v = a.get(name);
        return v == null ? 0 : Double.parseDouble(v.trim());
    }

    private static double[] points(String text) {
        if (text == null || text.isBlank()) {
            return new double[0];
        }
        String[] parts = text.trim().split("[\\s,]+");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i]);
        }
        return out;
    }
}
