package io.layerloom.model.json;

import io.layerloom.model.training.DataPreparation;
import io.layerloom.model.training.DataPreparation.Normalization;
import java.util.List;
import java.util.stream.Collectors;

/** Writes the training object's "fit" and "normalization", only when set (files without them stay as they were). */
final class PreparationWriter {

    private PreparationWriter() {
    }

    static String fields(DataPreparation p) {
        StringBuilder b = new StringBuilder();
        p.fit().ifPresent(f -> b.append(", \"fit\": ").append(JsonText.quote(DataPreparation.jsonName(f))));
        Normalization n = p.normalization();
        switch (n.mode()) {
            case NONE -> { }
            case AUTO -> b.append(", \"normalization\": \"auto\"");
            case GIVEN -> b.append(", \"normalization\": {\"mean\": ").append(numbers(n.mean())).append(", \"std\": ")
                    .append(numbers(n.std())).append('}');
        }
        return b.toString();
    }

    private static String numbers(List<Double> values) {
        return values.stream().map(JsonText::number).collect(Collectors.joining(", ", "[", "]"));
    }
}
