package io.layerloom.model.json;

import io.layerloom.model.json.JsonValue.JObject;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Upgrades a file written in an older format version to the current one, one version at a
 * time, before it is read. Version 2 added the optional "blocks" (docs/design/blocks.md), so a
 * version-1 file is a version-2 file without blocks and its step changes nothing; the reader
 * refuses "blocks" in a file that says version 1 before this runs.
 */
final class Migrations {

    /** STEPS.get(i) upgrades version i + 1 to version i + 2. */
    private static final List<UnaryOperator<JObject>> STEPS = List.of(Migrations::oneToTwo);

    /** Version 2 only adds the optional "blocks": a version-1 file needs no change. */
    private static JObject oneToTwo(JObject v1) {
        return v1;
    }

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
