package io.layerloom.model.json;

import io.layerloom.model.json.JsonValue.JObject;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Upgrades a file written in an older format version to the current one, one version at a
 * time, before it is read. Version 1 is the first, so the chain is empty; version 2 will add
 * the step from 1 to 2 here (and its test), and the reader will stay unchanged.
 */
final class Migrations {

    /** STEPS.get(i) upgrades version i + 1 to version i + 2. */
    private static final List<UnaryOperator<JObject>> STEPS = List.of();

    private Migrations() {
    }

    static JObject upgrade(JObject root, int fromVersion) {
        if (STEPS.size() != GraphJson.VERSION - 1) {
            throw new IllegalStateException("format version " + GraphJson.VERSION + " needs " + (GraphJson.VERSION - 1)
                    + " migration steps, found " + STEPS.size());
        }
        JObject out = root;
        for (int v = fromVersion; v < GraphJson.VERSION; v++) {
            out = STEPS.get(v - 1).apply(out);
        }
        return out;
    }
}
