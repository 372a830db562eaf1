package io.layerloom.model.json;

import io.layerloom.model.json.JsonValue.*;
import io.layerloom.model.training.AugmentOp;
import io.layerloom.model.training.AugmentParam;
import io.layerloom.model.training.AugmentStep;
import io.layerloom.model.util.Suggest;
import io.layerloom.model.util.Text;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code training.augmentation} for {@link GraphReader}, strictly: an unknown op or field,
 * a value of the wrong type or out of its range stops the read naming the field
 * ("training.augmentation[2].degrees") with the rule and a fix.
 */
final class AugmentationReader {

    private static final String EXAMPLE = "[{\"op\": \"flip\", \"horizontal\": true, \"p\": 0.5}, {\"op\": \"crop\", \"padding\": 4}]";

    private final GraphReader r;

    AugmentationReader(GraphReader reader) {
        this.r = reader;
    }

    List<AugmentStep> steps(JsonValue v) throws GraphFormatException {
        r.field = "training.augmentation";
        if (!(v instanceof JArray arr)) {
            throw r.error(v.at(), "must be an array of steps such as " + EXAMPLE + ", got " + v.typeName() + ".");
        }
        List<AugmentStep> out = new ArrayList<>();
        for (JsonValue item : arr.items()) {
            out.add(step(item, out.size()));
        }
        r.field = "training";
        return out;
    }

    private AugmentStep step(JsonValue item, int index) throws GraphFormatException {
        String at = "training.augmentation[" + index + "]";
        r.field = at;
        if (!(item instanceof JObject obj)) {
            throw r.error(item.at(), "each step must be an object such as {\"op\": \"rotate\", \"degrees\": 10}, got "
                    + item.typeName() + GraphReader.describe(item) + ".");
        }
        Member opMember = obj.members().get("op");
        if (opMember == null) {
            throw r.error(obj.at(), "the step has no \"op\". Ops: " + String.join(", ", AugmentOp.jsonNames()) + ".");
        }
        r.field = at + ".op";
        if (!(opMember.value() instanceof JString opName)) {
            throw r.error(opMember.value().at(), "must be the op's name (a string), one of " + String.join(", ", AugmentOp.jsonNames())
                    + "; got " + opMember.value().typeName() + GraphReader.describe(opMember.value()) + ".");
        }
        Optional<AugmentOp> op = AugmentOp.fromJson(opName.value());
        if (op.isEmpty()) {
            throw r.error(opName.at(), "unknown op '" + Text.display(opName.value()) + "'." + Suggest.didYouMean(opName.value(),
                    AugmentOp.jsonNames()) + " Ops: " + String.join(", ", AugmentOp.jsonNames()) + ".");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Member m : obj.members().values()) {
            if (m.key().equals("op")) {
                continue;
            }
            r.field = at + "." + m.key();
            Optional<AugmentParam> param = op.get().param(m.key());
            if (param.isEmpty()) {
                throw r.error(m.keyAt(), op.get().jsonName() + " has no field '" + Text.display(m.key()) + "'."
                        + Suggest.didYouMean(m.key(), op.get().paramNames()) + " Its fields are: op, "
                        + String.join(", ", op.get().paramNames()) + ".");
            }
            values.put(m.key(), value(param.get(), m.value(), op.get()));
        }
        Optional<AugmentStep.Problem> problem = AugmentStep.problem(op.get(), withDefaults(op.get(), values));
        if (problem.isPresent()) {
            Member blamed = obj.members().get(problem.get().field());
            r.field = at + "." + problem.get().field();
            throw r.error(blamed == null ? obj.at() : blamed.value().at(), op.get().jsonName() + ": " + problem.get().message());
        }
        r.field = at;
        return new AugmentStep(op.get(), values);
    }

    private double value(AugmentParam p, JsonValue v, AugmentOp op) throws GraphFormatException {
        if (p.type() == AugmentParam.Type.BOOL) {
            if (!(v instanceof JBool b)) {
                throw r.error(v.at(), op.jsonName() + ": " + p.name() + " must be true or false, got " + v.typeName()
                        + GraphReader.describe(v) + ".");
            }
            return b.value() ? 1 : 0;
        }
        if (!(v instanceof JNumber n)) {
            throw r.error(v.at(), op.jsonName() + ": " + p.name() + " must be a number " + p.range() + ", got " + v.typeName()
                    + GraphReader.describe(v) + ".");
        }
        BigDecimal d = n.value();
        // Out of range is judged on the exact digits, so 1e999999 is refused as out of range, never expanded.
        if (d.compareTo(BigDecimal.valueOf(p.max())) > 0 || d.compareTo(BigDecimal.valueOf(p.min())) < 0) {
            throw r.error(v.at(), op.jsonName() + ": " + p.name() + " must be " + p.range() + ", got "
                    + JsonText.shortNumber(d) + ". Write a value " + p.range() + " (default " + AugmentParam.text(p.defaultValue())
                    + ").");
        }
        double value = n.negativeZero() ? -0.0 : d.doubleValue();
        if (value == 0 && d.signum() != 0) {
            throw r.error(v.at(), "the number " + JsonText.shortNumber(d) + " is too small to hold. Write 0, or a value such as 0.01.");
        }
        if (p.type() == AugmentParam.Type.INT && value != Math.rint(value)) {
            throw r.error(v.at(), op.jsonName() + ": " + p.name() + " must be a whole number " + p.range() + ", got "
                    + JsonText.shortNumber(d) + ".");
        }
        return value == 0 ? 0 : value;
    }

    private static Map<String, Double> withDefaults(AugmentOp op, Map<String, Double> values) {
        Map<String, Double> full = new LinkedHashMap<>();
        for (AugmentParam p : op.params()) {
            full.put(p.name(), values.getOrDefault(p.name(), p.defaultValue()));
        }
        return full;
    }
}
