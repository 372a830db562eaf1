package io.layerloom.model.json;

import io.layerloom.model.json.JsonValue.*;
import io.layerloom.model.training.DataPreparation;
import io.layerloom.model.training.DataPreparation.Normalization;
import io.layerloom.model.util.Suggest;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the training object's "fit" and "normalization" for {@link GraphReader}, with errors naming the field. */
final class PreparationReader {

    static final List<String> NORMALIZATION_NAMES = List.of("none", "auto");
    private static final List<String> GIVEN_FIELDS = List.of("mean", "std");

    private final GraphReader r;

    PreparationReader(GraphReader reader) {
        this.r = reader;
    }

    DataPreparation read(JObject training) throws GraphFormatException {
        DataPreparation p = new DataPreparation(fit(training.members().get("fit")),
                normalization(training.members().get("normalization")));
        r.field = "training";
        return p;
    }

    private Optional<DataPreparation.Fit> fit(Member m) throws GraphFormatException {
        if (m == null) {
            return Optional.empty();
        }
        r.field = "training.fit";
        String choices = String.join(", ", DataPreparation.FIT_NAMES);
        if (!(m.value() instanceof JString s)) {
            throw r.error(m.value().at(), "must be one of " + choices + " (a string), got " + m.value().typeName() + ".");
        }
        Optional<DataPreparation.Fit> fit = DataPreparation.fit(s.value());
        if (fit.isEmpty()) {
            throw r.error(s.at(), "unknown fit '" + Text.display(s.value()) + "'." + Suggest.didYouMean(s.value(),
                    DataPreparation.FIT_NAMES) + " Choices: " + choices + " (pad centres the images on zeros, resize scales"
                    + " them bilinearly, crop keeps their centre).");
        }
        return fit;
    }

    private Normalization normalization(Member m) throws GraphFormatException {
        if (m == null) {
            return Normalization.NONE;
        }
        r.field = "training.normalization";
        JsonValue v = m.value();
        if (v instanceof JString s) {
            return switch (s.value()) {
                case "none" -> Normalization.NONE;
                case "auto" -> Normalization.AUTO;
                default -> throw r.error(s.at(), "unknown normalization '" + Text.display(s.value()) + "'."
                        + Suggest.didYouMean(s.value(), NORMALIZATION_NAMES) + " Use \"auto\" (each channel's mean and"
                        + " standard deviation on the training split), \"none\", or {\"mean\": [...], \"std\": [...]}.");
            };
        }
        if (!(v instanceof JObject obj)) {
            throw r.error(v.at(), "must be \"auto\", \"none\" or {\"mean\": [0.5], \"std\": [0.25]} (one value per channel),"
                    + " got " + v.typeName() + ".");
        }
        for (Member f : obj.members().values()) {
            if (!GIVEN_FIELDS.contains(f.key())) {
                throw r.error(f.keyAt(), "unknown field '" + Text.display(f.key()) + "'." + Suggest.didYouMean(f.key(), GIVEN_FIELDS)
                        + " Give \"mean\" and \"std\", one value per channel.");
            }
        }
        List<Double> mean = numbers(obj, "mean");
        List<Double> std = numbers(obj, "std");
        try {
            return Normalization.given(mean, std);
        } catch (IllegalArgumentException e) {
            throw r.error(obj.at(), e.getMessage());
        }
    }

    private List<Double> numbers(JObject obj, String key) throws GraphFormatException {
        Member m = obj.members().get(key);
        if (m == null) {
            throw r.error(obj.at(), "missing \"" + key + "\": give \"mean\" and \"std\", one value per channel, such as"
                    + " {\"mean\": [0.286], \"std\": [0.353]}.");
        }
        r.field = "training.normalization." + key;
        if (!(m.value() instanceof JArray a) || a.items().isEmpty()) {
            throw r.error(m.value().at(), "must be a non-empty array of numbers, one per channel, got " + m.value().typeName() + ".");
        }
        List<Double> out = new ArrayList<>();
        for (JsonValue item : a.items()) {
            if (!(item instanceof JNumber n) || !Double.isFinite(n.value().doubleValue())) {
                throw r.error(item.at(), "must be a number, got " + item.typeName() + ".");
            }
            out.add(n.value().doubleValue());
        }
        r.field = "training.normalization";
        return out;
    }
}
