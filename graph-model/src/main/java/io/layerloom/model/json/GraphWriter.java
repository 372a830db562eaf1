package io.layerloom.model.json;

import io.layerloom.model.graph.Block;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.Sides;
import io.layerloom.model.training.TrainingSettings;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a graph as canonical text: fixed field order, every parameter written explicitly,
 * one node per line so that a change to one layer is a one-line diff. The same graph always
 * gives the same bytes.
 */
final class GraphWriter {

    private GraphWriter() {
    }

    static String write(Graph g) {
        StringBuilder b = new StringBuilder(64 + 160 * g.size());
        b.append("{\n");
        b.append("  \"format\": ").append(JsonText.quote(GraphJson.FORMAT)).append(",\n");
        b.append("  \"version\": ").append(GraphJson.versionFor(g)).append(",\n");
        b.append("  \"name\": ").append(JsonText.quote(g.name())).append(",\n");
        if (!g.description().isEmpty()) {
            b.append("  \"description\": ").append(JsonText.quote(g.description())).append(",\n");
        }
        g.training().ifPresent(t -> b.append("  \"training\": ").append(training(t)).append(",\n"));
        b.append("  \"nodes\": [");
        for (int i = 0; i < g.size(); i++) {
            b.append(i == 0 ? "\n    " : ",\n    ");
            node(g.nodes().get(i), b);
        }
        b.append(g.size() == 0 ? "]" : "\n  ]");
        if (!g.blocks().isEmpty()) {
            b.append(",\n  \"blocks\": [");
            for (int i = 0; i < g.blocks().size(); i++) {
                b.append(i == 0 ? "\n    " : ",\n    ");
                block(g.blocks().get(i), b);
            }
            b.append("\n  ]");
        }
        b.append("\n}\n");
        return b.toString();
    }

    private static void node(Node n, StringBuilder b) {
        b.append("{\"id\": ").append(JsonText.quote(n.id()));
        b.append(", \"kind\": ").append(JsonText.quote(n.kind().name()));
        if (!n.inputs().isEmpty()) {
            b.append(", \"inputs\": ").append(n.inputs().stream().map(JsonText::quote)
                    .collect(Collectors.joining(", ", "[", "]")));
        }
        for (Map.Entry<String, Object> e : n.kind().values(n.spec()).entrySet()) {
            b.append(", ").append(JsonText.quote(e.getKey())).append(": ").append(value(e.getValue()));
        }
        for (Map.Entry<String, String> e : n.unknownFields().entrySet()) {
            b.append(", ").append(JsonText.quote(e.getKey())).append(": ").append(e.getValue());
        }
        if (!n.trainable()) {
            // Written only when false, so that every file without frozen layers keeps its bytes.
            b.append(", \"trainable\": false");
        }
        n.position().ifPresent(p -> b.append(", \"position\": [").append(JsonText.number(p.x())).append(", ")
                .append(JsonText.number(p.y())).append(']'));
        b.append('}');
    }

    private static void block(Block k, StringBuilder b) {
        b.append("{\"id\": ").append(JsonText.quote(k.id()));
        b.append(", \"type\": ").append(JsonText.quote(k.type()));
        b.append(", \"members\": ").append(k.members().stream().map(JsonText::quote).collect(Collectors.joining(", ", "[", "]")));
        b.append(", \"collapsed\": ").append(k.collapsed());
        k.position().ifPresent(p -> b.append(", \"position\": [").append(JsonText.number(p.x())).append(", ")
                .append(JsonText.number(p.y())).append(']'));
        b.append('}');
    }

    private static String training(TrainingSettings t) {
        return "{\"optimizer\": " + JsonText.quote(TrainingSettings.jsonName(t.optimizer()))
                + ", \"learningRate\": " + JsonText.number(t.learningRate())
                + ", \"schedule\": " + JsonText.quote(TrainingSettings.jsonName(t.schedule()))
                + ", \"stepEvery\": " + t.stepEvery()
                + ", \"decay\": " + JsonText.number(t.decay())
                + ", \"warmupEpochs\": " + t.warmupEpochs()
                + ", \"batchSize\": " + t.batchSize()
                + ", \"epochs\": " + t.epochs()
                + ", \"l2\": " + JsonText.number(t.l2())
                + ", \"weightDecay\": " + JsonText.number(t.weightDecay())
                + ", \"weightInit\": " + JsonText.quote(TrainingSettings.jsonName(t.weightInit()))
                + ", \"gradientClip\": " + JsonText.number(t.gradientClip())
                + ", \"switchToSgdAtEpoch\": " + t.switchToSgdAtEpoch()
                + ", \"seed\": " + t.seed()
                // written only when on, so that every file without early stopping keeps its bytes
                + (t.patience() > 0 ? ", \"patience\": " + t.patience() : "") + PreparationWriter.fields(t.preparation())
                + augmentation(t.augmentation()) + "}";
    }

    /** Written only when there are steps, so every file without augmentation keeps its bytes. */
    private static String augmentation(java.util.List<io.layerloom.model.training.AugmentStep> steps) {
        if (steps.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(", \"augmentation\": [");
        for (int i = 0; i < steps.size(); i++) {
            io.layerloom.model.training.AugmentStep s = steps.get(i);
            b.append(i == 0 ? "" : ", ").append("{\"op\": ").append(JsonText.quote(s.op().jsonName()));
            for (io.layerloom.model.training.AugmentParam p : s.op().params()) {
                double v = s.value(p.name());
                b.append(", ").append(JsonText.quote(p.name())).append(": ")
                        .append(p.type() == io.layerloom.model.training.AugmentParam.Type.BOOL ? Boolean.toString(v != 0)
                                : p.type() == io.layerloom.model.training.AugmentParam.Type.INT ? Long.toString((long) v)
                                : JsonText.number(v));
            }
            b.append('}');
        }
        return b.append(']').toString();
    }

    static String value(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Double d) {
            return JsonText.number(d);
        }
        if (v instanceof IntPair p) {
            return p.isSquare() ? Integer.toString(p.h()) : "[" + p.h() + ", " + p.w() + "]";
        }
        if (v instanceof Padding.Explicit e) {
            return value(e.amount());
        }
        if (v instanceof Padding.Same) {
            return "\"same\"";
        }
        if (v instanceof Sides s) {
            if (s.isUniform()) {
                return Integer.toString(s.top());
            }
            return s.isSymmetric() ? "[" + s.top() + ", " + s.left() + "]"
                    : "[" + s.top() + ", " + s.bottom() + ", " + s.left() + ", " + s.right() + "]";
        }
        if (v instanceof ActivationFunction a) {
            return JsonText.quote(a.jsonName());
        }
        if (v instanceof Loss l) {
            return JsonText.quote(l.jsonName());
        }
        if (v instanceof Dims d) {
            return d.values().stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
        }
        throw new IllegalArgumentException("no JSON form for " + v.getClass());
    }
}
