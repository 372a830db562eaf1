package io.layerloom.app.runs;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.json.PlainJson;
import io.layerloom.model.training.TrainingSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A {@link RunRecord} as JSON text and back (the contract of docs/runs.md); plain values through {@link PlainJson}. */
public final class RunJson {

    public static final String FORMAT = "layerloom-run";

    private RunJson() {
    }

    /** The training settings object exactly as a graph file holds it (the graph writer's, parsed back). */
    public static Map<String, Object> settings(TrainingSettings settings) {
        String text = GraphJson.write(Graph.empty("settings").withTraining(Optional.of(settings)));
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> graph = (Map<String, Object>) PlainJson.parse(text, "settings");
            @SuppressWarnings("unchecked")
            Map<String, Object> training = (Map<String, Object>) graph.get("training");
            return training;
        } catch (GraphFormatException e) {
            throw new IllegalStateException("the graph writer wrote JSON it cannot read: " + e.getMessage(), e);
        }
    }

    public static String write(RunRecord r) {
        return PlainJson.write(json(r));
    }

    /** The record as plain values, in the documented order. */
    public static Map<String, Object> json(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", RunRecord.VERSION);
        m.put("id", r.id());
        m.put("started", r.started().toString());
        m.put("durationSeconds", number(r.durationSeconds()));
        m.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
        m.put("failure", r.failure());
        m.put("origin", r.origin());
        m.put("graph", ordered("file", r.graph().file(), "name", r.graph().name(), "contentSha256", r.graph().contentSha256(),
                "parameters", r.graph().parameters()));
        m.put("settings", r.settings());
        m.put("data", ordered("source", r.data().source(), "train", r.data().train(), "validation", r.data().validation(),
                "test", r.data().test()));
        m.put("resumedFrom", r.resumedFrom() == null ? null : ordered("model", r.resumedFrom().model(),
                "completedEpochs", r.resumedFrom().completedEpochs(), "updaterState", r.resumedFrom().updaterState()));
        m.put("earlyStopping", r.earlyStopping() == null ? null : ordered("patience", r.earlyStopping().patience(),
                "keptEpoch", r.earlyStopping().keptEpoch(), "validationLoss", number(r.earlyStopping().validationLoss()),
                "lastEpoch", r.earlyStopping().lastEpoch()));
        List<Object> epochs = new ArrayList<>();
        for (RunRecord.EpochMetrics e : r.epochs()) {
            epochs.add(ordered("epoch", e.epoch(), "trainLoss", number(e.trainLoss()), "trainAccuracy", number(e.trainAccuracy()),
                    "validationLoss", number(e.validationLoss()), "validationAccuracy", number(e.validationAccuracy()),
                    "seconds", number(e.seconds())));
        }
        m.put("epochs", epochs);
        m.put("testAccuracy", number(r.testAccuracy()));
        m.put("classes", r.classes());
        m.put("confusionMatrix", r.confusionMatrix());
        m.put("machine", r.machine().json());
        m.put("layerloom", r.layerloom());
        return m;
    }

    /** Reads a record; {@code source} names the file in messages. */
    public static RunRecord read(String text, String source) throws IOException {
        Object parsed;
        try {
            parsed = PlainJson.parse(text, source);
        } catch (GraphFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
        Fields f = new Fields(parsed, source, "");
        if (!FORMAT.equals(f.text("format"))) {
            throw new IOException(source + ": not a LayerLoom run record (\"format\" is not \"" + FORMAT + "\").");
        }
        long version = f.integer("version");
        if (version > RunRecord.VERSION) {
            throw new IOException(source + ": run record version " + version + " is newer than this LayerLoom reads ("
                    + RunRecord.VERSION + "). Update LayerLoom.");
        }
        Instant started;
        try {
            started = Instant.parse(f.text("started"));
        } catch (DateTimeParseException e) {
            throw new IOException(source + ": \"started\" is not an ISO-8601 instant: " + e.getParsedString());
        }
        RunRecord.Outcome outcome;
        try {
            outcome = RunRecord.Outcome.valueOf(f.text("outcome").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": \"outcome\" must be finished, stopped or failed, got " + f.text("outcome") + ".");
        }
        Fields g = f.object("graph");
        Fields d = f.object("data");
        Fields res = f.optionalObject("resumedFrom");
        Fields early = f.optionalObject("earlyStopping");
        List<RunRecord.EpochMetrics> epochs = new ArrayList<>();
        for (Fields e : f.objects("epochs")) {
            epochs.add(new RunRecord.EpochMetrics((int) e.integer("epoch"), e.real("trainLoss"), e.real("trainAccuracy"),
                    e.real("validationLoss"), e.real("validationAccuracy"), e.real("seconds")));
        }
        List<List<Integer>> confusion = new ArrayList<>();
        for (Object row : f.list("confusionMatrix")) {
            confusion.add(((List<?>) row).stream().map(x -> ((BigDecimal) x).intValueExact()).toList());
        }
        Fields m = f.object("machine");
        return new RunRecord(f.text("id"), started, f.real("durationSeconds"), outcome, f.optionalText("failure"), f.text("origin"),
                new RunRecord.GraphRef(g.text("file"), g.text("name"), g.text("contentSha256"), g.integer("parameters")),
                f.object("settings").values,
                new RunRecord.DataRef(d.text("source"), (int) d.integer("train"), (int) d.integer("validation"), (int) d.integer("test")),
                res == null ? null : new RunRecord.Resume(res.text("model"), (int) res.integer("completedEpochs"),
                        Boolean.TRUE.equals(res.values.get("updaterState"))),
                early == null ? null : new RunRecord.Kept((int) early.integer("patience"), (int) early.integer("keptEpoch"),
                        early.real("validationLoss"), (int) early.integer("lastEpoch")),
                epochs, f.real("testAccuracy"), f.list("classes").stream().map(String::valueOf).toList(), confusion,
                new Machine((int) m.integer("cores"), m.text("os"), m.text("java")), f.text("layerloom"));
    }

    /** A JSON number, or null for NaN and the infinities (JSON has none). */
    static Object number(double d) {
        return Double.isFinite(d) ? (Object) d : null;
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** An unmodifiable, order-keeping copy. */
    static Map<String, Object> frozen(Map<String, Object> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** An object's members, read with messages naming the file and the field. */
    private static final class Fields {
        final Map<String, Object> values;
        final String source;
        final String path;

        @SuppressWarnings("unchecked")
        Fields(Object value, String source, String path) throws IOException {
            if (!(value instanceof Map)) {
                throw new IOException(source + ": " + (path.isEmpty() ? "the file" : "\"" + path + "\"") + " must be an object.");
            }
            this.values = (Map<String, Object>) value;
            this.source = source;
            this.path = path;
        }

        private IOException wrong(String key, String expected) {
            return new IOException(source + ": \"" + path + key + "\" must be " + expected + ", got "
                    + values.get(key) + ".");
        }

        String text(String key) throws IOException {
            if (values.get(key) instanceof String s) {
                return s;
            }
            throw wrong(key, "a string");
        }

        String optionalText(String key) throws IOException {
            return values.get(key) == null ? null : text(key);
        }

        long integer(String key) throws IOException {
            try {
                return ((BigDecimal) values.get(key)).longValueExact();
            } catch (ClassCastException | NullPointerException | ArithmeticException e) {
                throw wrong(key, "a whole number");
            }
        }

        /** A number; null (how NaN is written) reads as NaN. */
        double real(String key) throws IOException {
            Object v = values.get(key);
            if (v == null) {
                return Double.NaN;
            }
            if (v instanceof BigDecimal b) {
                return b.doubleValue();
            }
            throw wrong(key, "a number or null");
        }

        Fields object(String key) throws IOException {
            return new Fields(values.get(key), source, path + key + ".");
        }

        Fields optionalObject(String key) throws IOException {
            return values.get(key) == null ? null : object(key);
        }

        List<?> list(String key) throws IOException {
            if (values.get(key) instanceof List<?> l) {
                return l;
            }
            throw wrong(key, "an array");
        }

        List<Fields> objects(String key) throws IOException {
            List<Fields> out = new ArrayList<>();
            int i = 0;
            for (Object o : list(key)) {
                out.add(new Fields(o, source, path + key + "[" + i++ + "]."));
            }
            return out;
        }
    }
}
