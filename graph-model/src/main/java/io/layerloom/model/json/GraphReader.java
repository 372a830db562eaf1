package io.layerloom.model.json;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.json.JsonValue.*;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.ParamDef;
import io.layerloom.model.layer.Sides;
import io.layerloom.model.training.TrainingSettings;
import io.layerloom.model.util.Suggest;
import io.layerloom.model.util.Text;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a parsed file into a {@link Graph}. Anything that stops the file from being a graph
 * (wrong JSON types, an unknown kind, a missing id) throws with its line and column; anything
 * the graph can hold (values out of range, unknown parameters, broken wires) is kept for the
 * analysis to report on its node.
 */
final class GraphReader {

    static final Set<String> TOP_LEVEL = Set.of("format", "version", "name", "description", "training", "nodes", "blocks");
    private static final List<String> TOP_LEVEL_ORDER = List.of("format", "version", "name", "description", "training", "nodes",
            "blocks");
    private static final Set<String> NODE_FIELDS = Set.of("id", "kind", "inputs", "position", "trainable");

    private final String source;
    private String node;
    String field;

    private GraphReader(String source) {
        this.source = source;
    }

    static Graph read(JsonValue root, String source) throws GraphFormatException {
        return new GraphReader(source).graph(root);
    }

    GraphFormatException error(Location at, String problem) {
        return new GraphFormatException(source, at.line(), at.column(), node, field, problem);
    }

    private Graph graph(JsonValue root) throws GraphFormatException {
        if (!(root instanceof JObject obj)) {
            throw error(root.at(), "a LayerLoom graph file is a JSON object, but this file holds " + root.typeName() + ".");
        }
        Member format = obj.members().get("format");
        if (format == null) {
            throw error(obj.at(), "missing \"format\": \"" + GraphJson.FORMAT + "\"; is this a LayerLoom graph file?");
        }
        if (!(format.value() instanceof JString s) || !s.value().equals(GraphJson.FORMAT)) {
            throw error(format.value().at(), "\"format\" must be \"" + GraphJson.FORMAT + "\"; this file is not a LayerLoom graph.");
        }
        Member version = obj.members().get("version");
        if (version == null) {
            throw error(obj.at(), "missing \"version\"; this LayerLoom writes version " + GraphJson.VERSION + ".");
        }
        field = "version";
        int v = (int) integer(version.value(), "the version", 1, Integer.MAX_VALUE);
        field = null;
        if (v > GraphJson.VERSION) {
            throw new GraphFormatException(source, version.value().at().line(), version.value().at().column(), null,
                    "version", "the file is format version " + v + ", written by a newer LayerLoom; this one "
                    + "reads versions up to " + GraphJson.VERSION + ". Update LayerLoom to open it.");

        }
        // After the version: a newer file's new fields must be refused by its version, with the hint to update
        // (the first readers checked the fields first, so they refuse a version-2 file by its "blocks" field).
        for (Member m : obj.members().values()) {
            if (!TOP_LEVEL.contains(m.key())) {
                throw error(m.keyAt(), "unknown top-level field '" + Text.display(m.key()) + "'." + Suggest.didYouMean(m.key(), TOP_LEVEL_ORDER)
                        + " The fields are: " + String.join(", ", TOP_LEVEL_ORDER) + ".");
            }
        }
        Member blocks = obj.members().get("blocks");
        if (blocks != null && v < GraphJson.BLOCKS_VERSION) {
            throw error(blocks.keyAt(), "\"blocks\" needs format version " + GraphJson.BLOCKS_VERSION + ", but this file says "
                    + "version " + v + ". Write \"version\": " + GraphJson.BLOCKS_VERSION + " (LayerLoom does when it saves a "
                    + "graph with blocks), or remove \"blocks\".");
        }
        obj = Migrations.upgrade(obj, v);

        String name = optionalString(obj, "name").orElse("untitled");
        String description = optionalString(obj, "description").orElse("");
        Member nodes = obj.members().get("nodes");
        if (nodes == null) {
            throw error(obj.at(), "missing \"nodes\": [...], the list of layers.");
        }
        if (!(nodes.value() instanceof JArray arr)) {
            throw error(nodes.value().at(), "\"nodes\" must be an array of layer objects, got " + nodes.value().typeName() + ".");
        }
        Optional<TrainingSettings> training = obj.members().containsKey("training")
                ? Optional.of(training(obj.members().get("training").value())) : Optional.empty();
        List<Node> out = new ArrayList<>();
        for (JsonValue item : arr.items()) {
            out.add(node(item, out.size()));
        }
        node = null;
        Member blockList = obj.members().get("blocks");
        if (blockList == null) {
            return new Graph(name, description, out, training);
        }
        return new Graph(name, description, out, training, new BlockListReader(this).blocks(blockList.value(), out));
    }

    /** The optional "training" object: every field optional, none unknown, values consistent. */
    private TrainingSettings training(JsonValue v) throws GraphFormatException {
        field = "training";
        if (!(v instanceof JObject obj)) {
            throw error(v.at(), "must be an object such as {\"optimizer\": \"adam\", \"learningRate\": 0.001}, got "
                    + v.typeName() + ".");
        }
        for (Member m : obj.members().values()) {
            if (!TrainingSettings.FIELDS.contains(m.key())) {
                throw error(m.keyAt(), "unknown training setting '" + Text.display(m.key()) + "'." + Suggest.didYouMean(m.key(),
                        TrainingSettings.FIELDS) + " Settings: " + String.join(", ", TrainingSettings.FIELDS) + ".");
            }
        }
        TrainingSettings d = TrainingSettings.defaults();
        try {
            TrainingSettings t = new TrainingSettings(
                choice(obj, "optimizer", TrainingSettings.Optimizer.class, d.optimizer()),
                realSetting(obj, "learningRate", d.learningRate()),
                choice(obj, "schedule", TrainingSettings.Policy.class, d.schedule()),
                (int) intSetting(obj, "stepEvery", d.stepEvery()),
                realSetting(obj, "decay", d.decay()),
                (int) intSetting(obj, "warmupEpochs", d.warmupEpochs()),
                (int) intSetting(obj, "batchSize", d.batchSize()),
                (int) intSetting(obj, "epochs", d.epochs()),
                realSetting(obj, "l2", d.l2()),
                realSetting(obj, "weightDecay", d.weightDecay()),
                choice(obj, "weightInit", TrainingSettings.Init.class, d.weightInit()),
                realSetting(obj, "gradientClip", d.gradientClip()),
                (int) intSetting(obj, "switchToSgdAtEpoch", d.switchToSgdAtEpoch()),
                intSettingLong(obj, "seed", d.seed()),
                (int) intSetting(obj, "patience", d.patience()),
                new PreparationReader(this).read(obj),
                obj.members().containsKey("augmentation")
                        ? new AugmentationReader(this).steps(obj.members().get("augmentation").value()) : java.util.List.of());
            field = null;
            return t;
        } catch (IllegalArgumentException e) {
            throw error(obj.at(), e.getMessage());
        }
    }

    private double realSetting(JObject obj, String key, double def) throws GraphFormatException {
        Member m = obj.members().get(key);
        if (m == null) {
            return def;
        }
        field = "training." + key;
        double d = real(m.value());
        field = "training";
        return d;
    }

    private long intSetting(JObject obj, String key, int def) throws GraphFormatException {
        return intSettingLong(obj, key, def, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private long intSettingLong(JObject obj, String key, long def) throws GraphFormatException {
        return intSettingLong(obj, key, def, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private long intSettingLong(JObject obj, String key, long def, long min, long max) throws GraphFormatException {
        Member m = obj.members().get(key);
        if (m == null) {
            return def;
        }
        field = "training." + key;
        long n = integer(m.value(), key, min, max);
        field = "training";
        return n;
    }

    private <E extends Enum<E>> E choice(JObject obj, String key, Class<E> type, E def) throws GraphFormatException {
        Member m = obj.members().get(key);
        if (m == null) {
            return def;
        }
        String name = string(m.value(), "one of " + String.join(", ", TrainingSettings.jsonNames(type)));
        return TrainingSettings.fromJson(type, name).orElseThrow(() -> error(m.value().at(), "unknown " + key + " '" + Text.display(name)
                + "'." + Suggest.didYouMean(name, TrainingSettings.jsonNames(type)) + " Choices: "
                + String.join(", ", TrainingSettings.jsonNames(type)) + "."));
    }

    private Optional<String> optionalString(JObject obj, String key) throws GraphFormatException {
        Member m = obj.members().get(key);
        if (m == null) {
            return Optional.empty();
        }
        if (!(m.value() instanceof JString s)) {
            throw error(m.value().at(), "\"" + key + "\" must be a string, got " + m.value().typeName() + ".");
        }
        return Optional.of(s.value());
    }

    private Node node(JsonValue item, int position) throws GraphFormatException {
        node = null;
        field = null;
        if (!(item instanceof JObject obj)) {
            throw error(item.at(), "node #" + (position + 1) + " must be an object {\"id\": ..., \"kind\": ...}, got "
                    + item.typeName() + ".");
        }
        Member idMember = obj.members().get("id");
        if (idMember == null) {
            throw error(obj.at(), "node #" + (position + 1) + " has no \"id\". Give every node a unique id, such as \"conv1\".");
        }
        if (!(idMember.value() instanceof JString idValue)) {
            throw error(idMember.value().at(), "node #" + (position + 1) + ": \"id\" must be a string, got "
                    + idMember.value().typeName() + ".");
        }
        String id = idValue.value();
        node = id;
        Member kindMember = obj.members().get("kind");
        if (kindMember == null) {
            throw error(obj.at(), "no \"kind\". Kinds: " + String.join(", ", LayerKinds.names()) + ".");
        }
        if (!(kindMember.value() instanceof JString kindValue)) {
            throw error(kindMember.value().at(), "\"kind\" must be a string, got " + kindMember.value().typeName() + ".");
        }
        Optional<LayerKind<?>> kind = LayerKinds.byName(kindValue.value());
        if (kind.isEmpty()) {
            throw error(kindValue.at(), "unknown kind '" + Text.display(kindValue.value()) + "'."
                    + Suggest.didYouMean(kindValue.value(), LayerKinds.names())
                    + " Kinds: " + String.join(", ", LayerKinds.names()) + ".");
        }
        List<String> inputs = inputs(obj);
        Optional<Position> pos = position(obj);
        boolean trainable = trainable(obj);

        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> unknown = new LinkedHashMap<>();
        for (Member m : obj.members().values()) {
            if (NODE_FIELDS.contains(m.key())) {
                continue;
            }
            Optional<ParamDef> def = kind.get().param(m.key());
            if (def.isEmpty()) {
                unknown.put(m.key(), JsonText.write(m.value()));
                continue;
            }
            field = m.key();
            values.put(m.key(), value(def.get(), m.value()));
            field = null;
        }
        return new Node(id, kind.get().create(values), inputs, pos, unknown, trainable);
    }

    private List<String> inputs(JObject obj) throws GraphFormatException {
        Member m = obj.members().get("inputs");
        if (m == null) {
            return List.of();
        }
        field = "inputs";
        if (!(m.value() instanceof JArray arr)) {
            throw error(m.value().at(), "must be an array of node ids, such as [\"conv1\"], got " + m.value().typeName() + ".");
        }
        List<String> ids = new ArrayList<>();
        for (JsonValue v : arr.items()) {
            if (!(v instanceof JString s)) {
                throw error(v.at(), "each input must be a node id string, got " + v.typeName() + ".");
            }
            ids.add(s.value());
        }
        field = null;
        return ids;
    }

    private boolean trainable(JObject obj) throws GraphFormatException {
        Member m = obj.members().get("trainable");
        if (m == null) {
            return true;
        }
        field = "trainable";
        if (!(m.value() instanceof JBool)) {
            throw error(m.value().at(), "must be true or false (false freezes the layer), got " + m.value().typeName()
                    + describe(m.value()) + ". Write \"trainable\": false, without quotes, or leave the field out.");
        }
        boolean value = bool(m.value());
        field = null;
        return value;
    }

    Optional<Position> position(JObject obj) throws GraphFormatException {
        Member m = obj.members().get("position");
        if (m == null) {
            return Optional.empty();
        }
        field = "position";
        if (!(m.value() instanceof JArray arr) || arr.items().size() != 2
                || !(arr.items().get(0) instanceof JNumber x) || !(arr.items().get(1) instanceof JNumber y)) {
            throw error(m.value().at(), "must be [x, y], two numbers.");
        }
        double dx = toDouble(x);
        double dy = toDouble(y);
        if (!Double.isFinite(dx) || !Double.isFinite(dy)) {
            throw error(m.value().at(), "coordinates must be finite numbers.");
        }
        field = null;
        return Optional.of(new Position(dx, dy));
    }

    // ---- parameter values ----

    private Object value(ParamDef def, JsonValue v) throws GraphFormatException {
        return switch (def.type()) {
            case COUNT -> integer(v, def.name(), Long.MIN_VALUE, Long.MAX_VALUE);
            case INT -> smallInt(v);
            case REAL -> real(v);
            case BOOL -> bool(v);
            case PAIR -> pair(v);
            case PADDING -> padding(v);
            case SIDES -> sides(v);
            case ACTIVATION -> activation(v);
            case LOSS -> loss(v);
            case DIMS -> dims(v);
        };
    }

    private long integer(JsonValue v, String what, long min, long max) throws GraphFormatException {
        if (!(v instanceof JNumber n)) {
            throw error(v.at(), "must be a whole number, got " + v.typeName() + describe(v) + ".");
        }
        BigDecimal d = n.value();
        // Judge the magnitude from the digits and exponent first: 1e999999999 must not be expanded.
        if (d.signum() != 0 && d.precision() - d.scale() > 19) {
            throw error(v.at(), "the number " + JsonText.shortNumber(d) + " is too large for " + what + ".");
        }
        BigInteger whole;
        try {
            whole = d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw error(v.at(), "must be a whole number, got " + JsonText.shortNumber(d) + ".");
        }
        if (whole.compareTo(BigInteger.valueOf(min)) < 0) {
            throw error(v.at(), what + " must be at least " + min + ", got " + whole + ".");
        }
        if (whole.compareTo(BigInteger.valueOf(max)) > 0) {
            throw error(v.at(), "the number " + whole + " is too large for " + what + ".");
        }
        return whole.longValueExact();
    }

    private int smallInt(JsonValue v) throws GraphFormatException {
        return (int) integer(v, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private double real(JsonValue v) throws GraphFormatException {
        if (!(v instanceof JNumber n)) {
            throw error(v.at(), "must be a number, got " + v.typeName() + describe(v) + ".");
        }
        double d = toDouble(n);
        if (!Double.isFinite(d)) {
            throw error(v.at(), "the number " + JsonText.shortNumber(n.value()) + " is too large.");
        }
        return d;
    }

    /**
     * The double a number stands for. A nonzero number too small for a double is refused, not
     * read as 0 (or -0.0, which the writer would then write as a different file); a written -0
     * stays -0.0, so every double reads back as it was written.
     */
    private double toDouble(JNumber n) throws GraphFormatException {
        if (n.negativeZero()) {
            return -0.0;
        }
        double d = n.value().doubleValue();
        if (d == 0 && n.value().signum() != 0) {
            throw error(n.at(), "the number " + JsonText.shortNumber(n.value()) + " is too small to hold: it would read "
                    + "as 0 (the smallest double is about 4.9e-324). Write 0, or a value such as 1e-30.");
        }
        return d;
    }

    private boolean bool(JsonValue v) throws GraphFormatException {
        if (!(v instanceof JBool b)) {
            throw error(v.at(), "must be true or false, got " + v.typeName() + describe(v) + ".");
        }
        return b.value();
    }

    private IntPair pair(JsonValue v) throws GraphFormatException {
        if (v instanceof JNumber) {
            return IntPair.of(smallInt(v));
        }
        if (v instanceof JArray a && a.items().size() == 2) {
            return new IntPair(smallInt(a.items().get(0)), smallInt(a.items().get(1)));
        }
        throw error(v.at(), "must be n or [h, w], got " + v.typeName() + describe(v) + ".");
    }

    private Padding padding(JsonValue v) throws GraphFormatException {
        if (v instanceof JString s) {
            switch (s.value()) {
                case "same":
                    return Padding.same();
                case "valid":
                    return Padding.of(0);
                default:
                    throw error(v.at(), "must be n, [h, w], \"same\" or \"valid\", got \"" + Text.display(s.value()) + "\"."
                            + Suggest.didYouMean(s.value(), List.of("same", "valid")));
            }
        }
        if (v instanceof JNumber || v instanceof JArray a && a.items().size() == 2) {
            return new Padding.Explicit(pair(v));
        }
        throw error(v.at(), "must be n, [h, w], \"same\" or \"valid\", got " + v.typeName() + describe(v) + ".");
    }

    private Sides sides(JsonValue v) throws GraphFormatException {
        if (v instanceof JNumber) {
            return Sides.of(smallInt(v));
        }
        if (v instanceof JArray a && a.items().size() == 2) {
            return Sides.of(smallInt(a.items().get(0)), smallInt(a.items().get(1)));
        }
        if (v instanceof JArray a && a.items().size() == 4) {
            return new Sides(smallInt(a.items().get(0)), smallInt(a.items().get(1)), smallInt(a.items().get(2)),
                    smallInt(a.items().get(3)));
        }
        throw error(v.at(), "must be n, [h, w] or [top, bottom, left, right], got " + v.typeName() + describe(v) + ".");
    }

    private ActivationFunction activation(JsonValue v) throws GraphFormatException {
        String name = string(v, "an activation name");
        return ActivationFunction.fromJson(name).orElseThrow(() -> error(v.at(), "unknown activation '" + Text.display(name) + "'."
                + Suggest.didYouMean(name, ActivationFunction.jsonNames())
                + " Activations: " + String.join(", ", ActivationFunction.jsonNames()) + "."));
    }

    private Loss loss(JsonValue v) throws GraphFormatException {
        String name = string(v, "a loss name");
        return Loss.fromJson(name).orElseThrow(() -> error(v.at(), "unknown loss '" + Text.display(name) + "'."
                + Suggest.didYouMean(name, Loss.jsonNames()) + " Losses: mcxent (softmax cross-entropy), "
                + "xent (sigmoid cross-entropy), mse, mae."));
    }

    private String string(JsonValue v, String what) throws GraphFormatException {
        if (!(v instanceof JString s)) {
            throw error(v.at(), "must be " + what + " (a string), got " + v.typeName() + describe(v) + ".");
        }
        return s.value();
    }

    private Dims dims(JsonValue v) throws GraphFormatException {
        if (!(v instanceof JArray a)) {
            throw error(v.at(), "must be an array of dimensions such as [1, 28, 28], got " + v.typeName() + describe(v) + ".");
        }
        List<Long> dims = new ArrayList<>();
        for (JsonValue item : a.items()) {
            dims.add(integer(item, field, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        return new Dims(dims);
    }

    static String describe(JsonValue v) {
        if (v instanceof JNull) {
            return "";
        }
        String text = JsonText.write(v);
        return " " + (text.length() > 40 ? text.substring(0, 37) + "..." : text);
    }
}
