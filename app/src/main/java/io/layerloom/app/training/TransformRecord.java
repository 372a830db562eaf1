package io.layerloom.app.training;

import io.layerloom.app.data.DataTransform;
import io.layerloom.model.training.DataPreparation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model record's {@code "fit"} and {@code "normalization": {"mean": [...], "std": [...]}}: the
 * transform training applied, written only when there was one (older records read as none).
 */
final class TransformRecord {

    private TransformRecord() {
    }

    static void put(Map<String, Object> json, DataTransform t) {
        t.fit().ifPresent(f -> json.put("fit", DataPreparation.jsonName(f)));
        if (t.normalizes()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("mean", t.mean());
            n.put("std", t.std());
            json.put("normalization", n);
        }
    }

    @SuppressWarnings("unchecked")
    static DataTransform read(Map<String, Object> m) {
        Optional<DataPreparation.Fit> fit = Optional.empty();
        if (m.get("fit") != null) {
            String name = (String) m.get("fit");
            fit = Optional.of(DataPreparation.fit(name).orElseThrow(() -> new IllegalArgumentException(
                    "\"fit\": unknown fit '" + name + "', expected pad, resize or crop")));
        }
        if (!(m.get("normalization") instanceof Map<?, ?> n)) {
            return new DataTransform(fit, List.of(), List.of());
        }
        List<Double> mean = numbers((List<Object>) n.get("mean"));
        List<Double> std = numbers((List<Object>) n.get("std"));
        if (mean.isEmpty() || mean.size() != std.size() || std.stream().anyMatch(s -> !(s > 0))) {
            throw new IllegalArgumentException("\"normalization\" needs as many mean as std values, std greater than 0");
        }
        return new DataTransform(fit, mean, std);
    }

    private static List<Double> numbers(List<Object> values) {
        List<Double> out = new ArrayList<>();
        for (Object v : values) {
            out.add(((BigDecimal) v).doubleValue());
        }
        return out;
    }
}
