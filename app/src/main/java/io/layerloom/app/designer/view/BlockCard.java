package io.layerloom.app.designer.view;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.BlockAnalysis;
import io.layerloom.model.analysis.Cost;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.Severity;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Block;
import io.layerloom.model.graph.BlockGeometry;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.layer.Family;
import io.layerloom.model.report.Formats;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;

/**
 * What the card of a collapsed block shows (docs/design/blocks.md): its name and type, its input
 * and output shapes, its parameters and multiply-accumulates, and how much it grows the
 * receptive field, from {@link BlockAnalysis}. The card is the {@link NodeView} of the block's
 * member whose output leaves it (its {@link #representative}), so wires, selection and dragging
 * work on it as on any card.
 */
record BlockCard(String blockId, String name, String type, String shapes, String cost, String field, String details,
                 Family family, Severity worst) {

    static final double HEIGHT = BlockGeometry.CARD_HEIGHT;
    static final PseudoClass COLLAPSED = PseudoClass.getPseudoClass("collapsed-block");

    /** The member whose card stands for the collapsed block: its (first) output, else its last member. */
    static String representative(Graph g, Block b) {
        return io.layerloom.model.graph.BlockEdits.cardMember(g, b);
    }

    static BlockCard of(Graph g, Analysis a, Block b) {
        Optional<BlockAnalysis> r = Optional.ofNullable(a).map(x -> BlockAnalysis.of(g, x, b));
        String in = r.map(x -> shapes(x.inputShapes())).orElse("?");
        String out = r.map(x -> shapes(x.outputShapes())).orElse("?");
        String params = r.flatMap(BlockAnalysis::cost).map(c -> c.params() == 0 ? "no params" : Formats.si(c.params()) + " params")
                .orElse("params ?");
        String macs = r.flatMap(BlockAnalysis::cost).map(c -> Formats.si(c.macs()) + " MACs").orElse("MACs ?");
        String growth = r.flatMap(BlockAnalysis::growth).map(f -> "RF +" + Formats.receptiveField(Optional.of(f))).orElse("");
        // The problems of its layers show on the card (its colour, and the tooltip), not only when expanded.
        List<Diagnostic> problems = a == null ? List.of() : b.members().stream().flatMap(m -> a.diagnosticsFor(m).stream())
                .filter(d -> d.severity() != Severity.INFO).toList();
        Severity worst = problems.stream().map(Diagnostic::severity).min(java.util.Comparator.naturalOrder()).orElse(null);
        String details = b.id() + " (" + b.type() + "), " + b.members().size() + " layers, collapsed\n"
                + "in: " + in + "  out: " + out + "\n" + params + ", " + macs
                + (growth.isEmpty() ? "" : "\nreceptive field growth: " + growth.substring(3))
                + problems.stream().map(d -> "\n\n" + d.message()).collect(Collectors.joining())
                + "\nDouble-click to expand it in place.";
        return new BlockCard(b.id(), b.id() + "  \u25B8 " + b.members().size(), b.type(), in + " \u2192 " + out,
                params + " \u00B7 " + macs, growth, details, family(g, a, b), worst);
    }

    /** The family whose colour the card takes zoomed out: its layer with the most parameters' (a convolution's, mostly). */
    private static Family family(Graph g, Analysis a, Block b) {
        String heaviest = representative(g, b);
        long most = 0;
        for (String m : b.members()) {
            long p = a == null ? 0 : a.node(m).flatMap(NodeResult::cost).map(Cost::params).orElse(0L);
            if (p > most) {
                most = p;
                heaviest = m;
            }
        }
        if (most == 0) {
            // Parameters unknown (an error above it) or none: its first convolution's, recurrent or pooling layer's.
            for (String m : b.members()) {
                Family f = g.require(m).kind().family();
                if (f == Family.CONVOLUTION || f == Family.RECURRENT || f == Family.POOLING) {
                    return f;
                }
            }
        }
        return g.require(heaviest).kind().family();
    }

    private static String shapes(List<Optional<TensorType>> shapes) {
        return shapes.isEmpty() ? "-" : shapes.stream().map(s -> s.map(TensorType::text).orElse("?"))
                .collect(Collectors.joining(", "));
    }

    /** Lays out a block card's labels: name, then type and field growth, then shapes, then cost. */
    static void layout(Region card, Region icon, Label name, Label kind, Label shape, Label params, Label field,
                       Circle in, Circle out) {
        double w = NodeView.WIDTH;
        double pad = 10;
        if (icon != null) {
            icon.setVisible(false);
        }
        NodeView.layout(name, pad, 7, w - 2 * pad, 22);
        NodeView.layout(kind, pad, 31, 100, 18);
        NodeView.layout(field, w - pad - 100, 31, 100, 18);
        NodeView.layout(shape, pad, 51, w - 2 * pad, 18);
        NodeView.layout(params, pad, 71, w - 2 * pad, 18);
        shape.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        in.setCenterX(w / 2);
        in.setCenterY(0);
        out.setCenterX(w / 2);
        out.setCenterY(HEIGHT);
    }
}
