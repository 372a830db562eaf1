package io.layerloom.icons;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The subset of SVG that LayerLoom icons may use, so that each element maps to one JavaFX
 * shape: flat, top-level shapes with explicit paint and no CSS, transforms, text, gradients or
 * references, and at least one shape. {@link #violations} lists every breach at once, so a failing
 * test names them all.
 */
final class SvgRules {
    static final String SVG_NS = "http://www.w3.org/2000/svg";

    static final Map<String, Set<String>> GEOMETRY = Map.of(
            "path", Set.of("d"),
            "rect", Set.of("x", "y", "width", "height", "rx", "ry"),
            "circle", Set.of("cx", "cy", "r"),
            "line", Set.of("x1", "y1", "x2", "y2"),
            "polyline", Set.of("points"),
            "polygon", Set.of("points"));

    static final Set<String> PAINT = Set.of("fill", "fill-opacity", "fill-rule", "stroke", "stroke-width",
            "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-dasharray");

    private static final Set<String> ROOT_ATTRIBUTES = Set.of("width", "height", "viewBox");
    private static final Pattern HEX_COLOUR = Pattern.compile("#[0-9A-F]{6}");
    private static final Pattern NUMBER_SEPARATOR = Pattern.compile("[\\s,]+");

    private SvgRules() {
    }

    /**
     * @param size the side of the square viewBox the icon must declare and stay inside
     * @param colours the only colours fill and stroke may use, or empty for any #RRGGBB
     */
    static List<String> violations(Document doc, int size, Set<String> colours) {
        List<String> found = new ArrayList<>();
        Element root = doc.getDocumentElement();
        if (!"svg".equals(root.getLocalName()) || !SVG_NS.equals(root.getNamespaceURI())) {
            found.add("root is <" + root.getNodeName() + "> in namespace " + root.getNamespaceURI()
                    + ", expected <svg> in " + SVG_NS);
        }
        String viewBox = "0 0 " + size + " " + size;
        if (!viewBox.equals(root.getAttribute("viewBox"))) {
            found.add("viewBox is '" + root.getAttribute("viewBox") + "', expected '" + viewBox + "'");
        }
        checkAttributes(root, ROOT_ATTRIBUTES, found);
        int shapes = 0;
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            switch (child.getNodeType()) {
                case Node.ELEMENT_NODE -> {
                    shapes++;
                    checkShape((Element) child, size, colours, found);
                }
                case Node.TEXT_NODE -> {
                    if (!child.getTextContent().isBlank()) {
                        found.add("text content '" + child.getTextContent().strip() + "'");
                    }
                }
                case Node.COMMENT_NODE -> { }
                default -> found.add("unexpected node " + child.getNodeName());
            }
        }
        if (shapes == 0) {
            found.add("<svg> draws nothing: it has no shape element");
        }
        return found;
    }

    private static void checkShape(Element shape, int size, Set<String> colours, List<String> found) {
        String name = shape.getLocalName();
        String where = "<" + shape.getNodeName() + ">";
        Set<String> geometry = GEOMETRY.get(name);
        if (geometry == null || !SVG_NS.equals(shape.getNamespaceURI())) {
            found.add(where + " is not one of " + GEOMETRY.keySet());
            return;
        }
        for (Node child = shape.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() != Node.TEXT_NODE || !child.getTextContent().isBlank()) {
                found.add(where + " has content; shapes must be empty and top-level");
            }
        }
        Set<String> allowed = new HashSet<>(geometry);
        allowed.addAll(PAINT);
        checkAttributes(shape, allowed, found);
        for (String paint : List.of("fill", "stroke")) {
            if (!shape.hasAttribute(paint)) {
                found.add(where + " has no explicit " + paint + " attribute");
                continue;
            }
            String value = shape.getAttribute(paint);
            boolean ok = "none".equals(value)
                    || (colours.isEmpty() ? HEX_COLOUR.matcher(value).matches() : colours.contains(value));
            if (!ok) {
                found.add(where + " " + paint + "=\"" + value + "\" is neither none nor "
                        + (colours.isEmpty() ? "#RRGGBB" : colours));
            }
        }
        checkBounds(shape, size, found);
    }

    private static void checkAttributes(Element element, Set<String> allowed, List<String> found) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())) {
                if (!"xmlns".equals(attribute.getName()) || !SVG_NS.equals(attribute.getValue())) {
                    found.add("namespace declaration " + attribute.getName() + "=\"" + attribute.getValue() + "\"");
                }
            } else if (attribute.getNamespaceURI() != null || !allowed.contains(attribute.getName())) {
                found.add("<" + element.getNodeName() + "> attribute " + attribute.getName() + " is not allowed");
            }
        }
    }

    /** Shapes other than paths must lie inside the viewBox (stroke width aside). */
    private static void checkBounds(Element shape, int size, List<String> found) {
        double[] xs;
        double[] ys;
        try {
            switch (shape.getLocalName()) {
                case "rect" -> {
                    double x = number(shape, "x");
                    double y = number(shape, "y");
                    xs = new double[] {x, x + number(shape, "width")};
                    ys = new double[] {y, y + number(shape, "height")};
                }
                case "circle" -> {
                    double r = number(shape, "r");
                    xs = new double[] {number(shape, "cx") - r, number(shape, "cx") + r};
                    ys = new double[] {number(shape, "cy") - r, number(shape, "cy") + r};
                }
                case "line" -> {
                    xs = new double[] {number(shape, "x1"), number(shape, "x2")};
                    ys = new double[] {number(shape, "y1"), number(shape, "y2")};
                }
                case "polyline", "polygon" -> {
                    double[] points = Arrays.stream(NUMBER_SEPARATOR.split(shape.getAttribute("points").strip()))
                            .mapToDouble(Double::parseDouble).toArray();
                    if (points.length < 4 || points.length % 2 != 0) {
                        found.add("<" + shape.getNodeName() + "> points has " + points.length + " numbers");
                        return;
                    }
                    xs = new double[points.length / 2];
                    ys = new double[points.length / 2];
                    for (int i = 0; i < xs.length; i++) {
                        xs[i] = points[2 * i];
                        ys[i] = points[2 * i + 1];
                    }
                }
                default -> {
                    return;
                }
            }
        } catch (NumberFormatException e) {
            found.add("<" + shape.getNodeName() + "> has a malformed number: " + e.getMessage());
            return;
        }
        for (double v : concat(xs, ys)) {
            if (v < 0 || v > size) {
                found.add("<" + shape.getNodeName() + "> reaches " + v + ", outside 0.." + size);
                return;
            }
        }
    }

    private static double number(Element shape, String attribute) {
        if (!shape.hasAttribute(attribute)) {
            return 0;
        }
        return Double.parseDouble(shape.getAttribute(attribute));
    }

    private static double[] concat(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
