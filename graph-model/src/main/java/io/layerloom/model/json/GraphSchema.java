package io.layerloom.model.json;

import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.ParamDef;
import io.layerloom.model.layer.Range;
import io.layerloom.model.training.AugmentOp;
import io.layerloom.model.training.AugmentParam;
import io.layerloom.model.training.TrainingSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft 2020-12) of the graph format, generated from the layer kinds so that
 * it cannot drift from what the reader accepts. docs/layerloom-graph.schema.json is this text;
 * a test keeps the two equal.
 */
public final class GraphSchema {

    private GraphSchema() {
    }

    public static String text() {
        return PlainJson.write(schema());
    }

    static Map<String, Object> schema() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "urn:layerloom:graph:" + GraphJson.VERSION);
        root.put("title", "LayerLoom graph, format versions 1 to " + GraphJson.VERSION);
        root.put("description", "A neural network as a graph of layers. See docs/format.md.");
        root.put("type", "object");
        root.put("required", List.of("format", "version", "nodes"));
        root.put("additionalProperties", false);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("format", Map.of("const", GraphJson.FORMAT));
        props.put("version", ordered("enum", List.of(1, GraphJson.VERSION), "description",
                "1 for a graph without blocks, 2 for one with blocks."));
        props.put("name", described("string", "The network's name; \"untitled\" when absent."));
        props.put("description", described("string", "Free text about the network."));
        props.put("training", training());
        props.put("nodes", ordered("type", "array", "description", "The layers, in order. Ids are unique.",
                "items", Map.of("$ref", "#/$defs/node")));
        props.put("blocks", ordered("type", "array", "description", "Named groups of nodes (version 2). A node belongs to one "
                + "block at most; block ids are unique and differ from node ids.", "items", Map.of("$ref", "#/$defs/block")));
        root.put("properties", props);
        root.put("if", Map.of("required", List.of("blocks")));
        root.put("then", Map.of("properties", Map.of("version", Map.of("const", GraphJson.BLOCKS_VERSION))));
        root.put("$defs", defs());
        return root;
    }

    private static Map<String, Object> training() {
        TrainingSettings d = TrainingSettings.defaults();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("optimizer", ordered("enum", TrainingSettings.jsonNames(TrainingSettings.Optimizer.class),
                "default", TrainingSettings.jsonName(d.optimizer()), "description", "adamw needs weightDecay > 0."));
        p.put("learningRate", ordered("type", "number", "exclusiveMinimum", 0, "default", d.learningRate()));
        p.put("schedule", ordered("enum", TrainingSettings.jsonNames(TrainingSettings.Policy.class),
                "default", TrainingSettings.jsonName(d.schedule()),
                "description", "step: times decay every stepEvery epochs; exponential: times decay each epoch; "
                        + "cosine: down to 0 at the last epoch."));
        p.put("stepEvery", ordered("type", "integer", "minimum", 1, "default", d.stepEvery()));
        p.put("decay", ordered("type", "number", "exclusiveMinimum", 0, "maximum", 1, "default", d.decay()));
        p.put("warmupEpochs", ordered("type", "integer", "minimum", 0, "default", d.warmupEpochs(),
                "description", "Epochs of warm-up: epoch e of w trains at (e + 1) / (w + 1) of its rate; fewer than epochs."));
        p.put("batchSize", ordered("type", "integer", "minimum", 1, "default", d.batchSize()));
        p.put("epochs", ordered("type", "integer", "minimum", 1, "default", d.epochs()));
        p.put("l2", ordered("type", "number", "minimum", 0, "default", d.l2()));
        p.put("weightDecay", ordered("type", "number", "minimum", 0, "default", d.weightDecay(),
                "description", "Decoupled weight decay (AdamW's)."));
        p.put("weightInit", ordered("enum", TrainingSettings.jsonNames(TrainingSettings.Init.class),
                "default", TrainingSettings.jsonName(d.weightInit()), "description", "xavier (Glorot), relu (He) or lecun."));
        p.put("gradientClip", ordered("type", "number", "minimum", 0, "default", d.gradientClip(),
                "description", "Clip each layer's gradient to this L2 norm; 0 is off."));
        p.put("switchToSgdAtEpoch", ordered("type", "integer", "minimum", 0, "default", d.switchToSgdAtEpoch(),
                "description", "From this epoch on, plain SGD at the scheduled rate; 0 never."));
        p.put("seed", ordered("type", "integer", "default", d.seed()));
        p.put("patience", ordered("type", "integer", "minimum", 0, "default", d.patience(),
                "description", "Early stopping: stop after this many epochs without a lower validation loss and restore "
                        + "the best epoch's weights; 0 is off."));
        p.put("fit", ordered("enum", io.layerloom.model.training.DataPreparation.FIT_NAMES, "description",
                "When the data's images differ from the Input (size, or grey and RGB): pad centres them on zeros, resize "
                        + "scales them bilinearly, crop keeps their centre; grey to RGB repeats the channel. Absent: they must match."));
        Map<String, Object> numbers = ordered("type", "array", "items", Map.of("type", "number"), "minItems", 1);
        p.put("normalization", ordered("description", "Per channel (x - mean) / std after the fit: auto computes them on the "
                + "training split (recorded with the trained model), or give them; none (the default) leaves images in [0, 1].",
                "oneOf", List.of(Map.of("enum", List.of("none", "auto")), ordered("type", "object", "properties",
                        ordered("mean", numbers, "std", numbers), "required", List.of("mean", "std"),
                        "additionalProperties", false))));
        p.put("augmentation", augmentation());
        return ordered("type", "object", "description", "How to train the network; every field is optional.",
                "properties", p, "additionalProperties", false);
    }

    /** training.augmentation: one case per op, generated from {@link AugmentOp}'s table. */
    private static Map<String, Object> augmentation() {
        List<Object> cases = new ArrayList<>();
        for (AugmentOp op : AugmentOp.values()) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("op", Map.of("const", op.jsonName()));
            for (AugmentParam a : op.params()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("type", a.type() == AugmentParam.Type.BOOL ? "boolean" : a.type() == AugmentParam.Type.INT ? "integer" : "number");
                s.put("description", a.doc() + (a.type() == AugmentParam.Type.BOOL ? "." : "; " + a.range() + "."));
                s.put("default", a.type() == AugmentParam.Type.BOOL ? (Object) (a.defaultValue() != 0)
                        : a.type() == AugmentParam.Type.INT ? (Object) (long) a.defaultValue() : (Object) a.defaultValue());
                if (a.type() != AugmentParam.Type.BOOL) {
                    s.put(a.minExclusive() ? "exclusiveMinimum" : "minimum", a.type() == AugmentParam.Type.INT
                            ? (Object) (long) a.min() : (Object) a.min());
                    s.put("maximum", a.type() == AugmentParam.Type.INT ? (Object) (long) a.max() : (Object) a.max());
                }
                props.put(a.name(), s);
            }
            cases.add(ordered("if", Map.of("properties", Map.of("op", Map.of("const", op.jsonName()))),
                    "then", ordered("description", op.jsonName() + ": " + op.summary().replace("`", ""),
                            "properties", props, "additionalProperties", false)));
        }
        Map<String, Object> step = ordered("type", "object", "required", List.of("op"),
                "properties", Map.of("op", Map.of("enum", AugmentOp.jsonNames())), "allOf", cases);
        return ordered("type", "array", "description", "Steps applied in order to each training image, on background threads; "
                + "seeded by seed. See docs/format.md.", "items", step);
    }

    private static Map<String, Object> defs() {
        Map<String, Object> defs = new LinkedHashMap<>();
        Map<String, Object> integer = Map.of("type", "integer");
        defs.put("pair", ordered("description", "n (meaning [n, n]) or [h, w].",
                "oneOf", List.of(integer, ordered("type", "array", "items", integer, "minItems", 2, "maxItems", 2))));
        defs.put("padding", ordered("description", "n, [h, w], \"same\" (output ceil(in / stride)) or \"valid\" (0).",
                "oneOf", List.of(Map.of("$ref", "#/$defs/pair"), Map.of("enum", List.of("same", "valid")))));
        defs.put("sides", ordered("description", "n, [h, w] or [top, bottom, left, right].",
                "oneOf", List.of(integer, ordered("type", "array", "items", integer, "minItems", 2, "maxItems", 2),
                        ordered("type", "array", "items", integer, "minItems", 4, "maxItems", 4))));
        defs.put("dims", ordered("description", "[features], [features, timesteps] or [channels, height, width].",
                "type", "array", "items", integer, "minItems", 1, "maxItems", 3));
        defs.put("activation", Map.of("enum", ActivationFunction.jsonNames()));
        defs.put("loss", ordered("description", "mcxent: softmax cross-entropy; xent: sigmoid cross-entropy; mse; mae.",
                "enum", Loss.jsonNames()));
        defs.put("node", node());
        defs.put("block", block());
        return defs;
    }

    private static Map<String, Object> node() {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("type", "object");
        node.put("required", List.of("id", "kind"));
        node.put("properties", Map.of("kind", Map.of("enum", LayerKinds.names())));
        List<Object> cases = new ArrayList<>();
        for (LayerKind<?> kind : LayerKinds.all()) {
            Map<String, Object> props = new LinkedHashMap<>(common());
            for (ParamDef p : kind.params()) {
                props.put(p.name(), param(p));
            }
            cases.add(ordered(
                    "if", Map.of("properties", Map.of("kind", Map.of("const", kind.name()))),
                    "then", ordered("description", kind.name() + ": " + kind.summary(),
                            "properties", props, "additionalProperties", false)));
        }
        node.put("allOf", cases);
        return node;
    }

    private static Map<String, Object> block() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", described("string", "The block's name: unique among blocks, not a node's id."));
        p.put("type", described("string", "What the block is, such as BasicBlock, Bottleneck, Inception, Fire."));
        p.put("members", ordered("type", "array", "items", Map.of("type", "string"), "minItems", 1, "uniqueItems", true,
                "description", "Ids of the block's nodes."));
        p.put("collapsed", ordered("type", "boolean", "default", false,
                "description", "true: the designer shows the block as one card."));
        p.put("position", ordered("type", "array", "items", Map.of("type", "number"), "minItems", 2, "maxItems", 2,
                "description", "[x, y] of the collapsed card on the canvas."));
        return ordered("type", "object", "required", List.of("id", "type", "members"), "properties", p,
                "additionalProperties", false);
    }

    private static Map<String, Object> common() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", described("string", "Unique, non-empty, without control characters, at most 200 characters."));
        c.put("kind", described("string", "The layer kind."));
        c.put("inputs", ordered("type", "array", "items", Map.of("type", "string"),
                "description", "Ids of the nodes feeding this one, in order."));
        c.put("trainable", ordered("type", "boolean", "default", true,
                "description", "false freezes the layer: training leaves its parameters as they are."));
        c.put("position", ordered("type", "array", "items", Map.of("type", "number"), "minItems", 2, "maxItems", 2,
                "description", "[x, y] on the canvas."));
        return c;
    }

    private static Map<String, Object> param(ParamDef p) {
        Map<String, Object> s = new LinkedHashMap<>();
        switch (p.type()) {
            case COUNT, INT -> s.put("type", "integer");
            case REAL -> s.put("type", "number");
            case BOOL -> s.put("type", "boolean");
            case PAIR -> s.put("$ref", "#/$defs/pair");
            case PADDING -> s.put("$ref", "#/$defs/padding");
            case SIDES -> s.put("$ref", "#/$defs/sides");
            case ACTIVATION -> s.put("$ref", "#/$defs/activation");
            case LOSS -> s.put("$ref", "#/$defs/loss");
            case DIMS -> s.put("$ref", "#/$defs/dims");
        }
        s.put("description", p.doc() + (p.type() == io.layerloom.model.layer.ParamType.BOOL
                || p.range().equals(Range.ANY) ? "" : " Each value " + p.range().describe() + ".")
                + (p.defaultFrom() != null ? " Defaults to " + p.defaultFrom() + "." : ""));
        if (p.defaultFrom() == null) {
            s.put("default", defaultJson(p));
        }
        if (p.type() == io.layerloom.model.layer.ParamType.COUNT || p.type() == io.layerloom.model.layer.ParamType.INT
                || p.type() == io.layerloom.model.layer.ParamType.REAL) {
            Range r = p.range();
            r.lowerBound().ifPresent(min -> s.put(r.minInclusive() ? "minimum" : "exclusiveMinimum", bound(min, p)));
            r.upperBound().ifPresent(max -> s.put(r.maxInclusive() ? "maximum" : "exclusiveMaximum", bound(max, p)));
        }
        return s;
    }

    private static Object bound(double v, ParamDef p) {
        return p.type() == io.layerloom.model.layer.ParamType.REAL ? (Object) v : (Object) (long) v;
    }

    private static Object defaultJson(ParamDef p) {
        try {
            return PlainJson.parse(GraphWriter.value(p.defaultValue()), "default");
        } catch (GraphFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> described(String type, String description) {
        return ordered("type", type, "description", description);
    }

    /** A map in the order given, so the schema text is stable. */
    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
