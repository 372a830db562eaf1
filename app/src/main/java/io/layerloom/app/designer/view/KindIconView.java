package io.layerloom.app.designer.view;

import io.layerloom.icons.LayerIcons;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javafx.scene.Group;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.SVGPath;
import javafx.scene.shape.Shape;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.transform.Scale;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A layer kind's icon ({@link LayerIcons#svg}) drawn as JavaFX shapes at a given size. The SVG
 * is parsed once per kind; each view builds its own shapes from the cached description, since a
 * shape can sit in only one place of a scene.
 */
public final class KindIconView extends Region {

    public static final String STYLE_CLASS = "kind-icon";

    /** The icons' coordinate system: viewBox="0 0 24 24". */
    private static final double VIEW_BOX = 24;
    private static final Map<String, List<Supplier<Shape>>> CACHE = new ConcurrentHashMap<>();

    private final String kind;

    public KindIconView(String kind, double size) {
        this.kind = kind;
        getStyleClass().add(STYLE_CLASS);
        Group shapes = new Group();
        for (Supplier<Shape> s : parsed(kind)) {
            shapes.getChildren().add(s.get());
        }
        shapes.getTransforms().add(new Scale(size / VIEW_BOX, size / VIEW_BOX, 0, 0));
        // The group's bounds follow the strokes; a fixed box keeps every icon aligned in a column.
        shapes.setManaged(false);
        getChildren().add(shapes);
        setMinSize(size, size);
        setPrefSize(size, size);
        setMaxSize(size, size);
        setMouseTransparent(true);
    }

    public String kind() {
        return kind;
    }

    private static List<Supplier<Shape>> parsed(String kind) {
        if (!LayerIcons.has(kind)) {
            return List.of();
        }
        return CACHE.computeIfAbsent(kind, k -> parse(LayerIcons.svg(k)));
    }

    /** The shape factories of an SVG document; an element of another type is skipped. */
    static List<Supplier<Shape>> parse(String svg) {
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            root = b.parse(new InputSource(new StringReader(svg))).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("a bundled icon is not valid SVG: " + e.getMessage(), e);
        }
        List<Supplier<Shape>> out = new ArrayList<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e) {
                Supplier<Shape> shape = shape(e);
                if (shape != null) {
                    out.add(() -> styled(shape.get(), e));
                }
            }
        }
        return List.copyOf(out);
    }

    private static Supplier<Shape> shape(Element e) {
        return switch (e.getTagName()) {
            case "line" -> () -> new Line(num(e, "x1"), num(e, "y1"), num(e, "x2"), num(e, "y2"));
            case "rect" -> () -> {
                Rectangle r = new Rectangle(num(e, "x"), num(e, "y"), num(e, "width"), num(e, "height"));
                double rx = e.hasAttribute("rx") ? num(e, "rx") : e.hasAttribute("ry") ? num(e, "ry") : 0;
                r.setArcWidth(2 * rx);
                r.setArcHeight(2 * rx);
                return r;
            };
            case "circle" -> () -> new Circle(num(e, "cx"), num(e, "cy"), num(e, "r"));
            case "polyline" -> () -> new Polyline(points(e));
            case "polygon" -> () -> new Polygon(points(e));
            case "path" -> () -> {
                SVGPath p = new SVGPath();
                p.setContent(e.getAttribute("d"));
                return p;
            };
            default -> null;
        };
    }

    /** SVG presentation attributes: SVG's defaults are a black fill and no stroke. */
    private static Shape styled(Shape s, Element e) {
        String fill = e.hasAttribute("fill") ? e.getAttribute("fill") : "#000000";
        s.setFill(paint(fill, e.getAttribute("fill-opacity")));
        String stroke = e.hasAttribute("stroke") ? e.getAttribute("stroke") : "none";
        s.setStroke(paint(stroke, e.getAttribute("stroke-opacity")));
        if (e.hasAttribute("stroke-width")) {
            s.setStrokeWidth(num(e, "stroke-width"));
        }
        s.setStrokeLineCap(switch (e.getAttribute("stroke-linecap")) {
            case "round" -> StrokeLineCap.ROUND;
            case "square" -> StrokeLineCap.SQUARE;
            default -> StrokeLineCap.BUTT;
        });
        s.setStrokeLineJoin(switch (e.getAttribute("stroke-linejoin")) {
            case "round" -> StrokeLineJoin.ROUND;
            case "bevel" -> StrokeLineJoin.BEVEL;
            default -> StrokeLineJoin.MITER;
        });
        String dash = e.getAttribute("stroke-dasharray");
        if (!dash.isBlank() && !dash.equals("none")) {
            for (String d : dash.trim().split("[\\s,]+")) {
                s.getStrokeDashArray().add(Double.parseDouble(d));
            }
        }
        return s;
    }

    private static Color paint(String colour, String opacity) {
        if (colour.isBlank() || colour.equals("none") || colour.equals("transparent")) {
            return null;
        }
        Color c = Color.web(colour.toLowerCase(Locale.ROOT));
        double o = opacity == null || opacity.isBlank() ? 1 : Double.parseDouble(opacity);
        return o >= 1 ? c : Color.color(c.getRed(), c.getGreen(), c.getBlue(), c.getOpacity() * o);
    }

    private static double num(Element e, String attribute) {
        String v = e.getAttribute(attribute);
        return v.isBlank() ? 0 : Double.parseDouble(v);
    }

    private static double[] points(Element e) {
        String[] parts = e.getAttribute("points").trim().split("[\\s,]+");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i]);
        }
        return out;
    }
}
