package io.layerloom.model.report;

import io.layerloom.model.training.AugmentOp;
import io.layerloom.model.training.AugmentParam;

/** docs/format.md's table of augmentation ops, fields, defaults and ranges, from {@link AugmentOp}. */
final class AugmentationDoc {

    private AugmentationDoc() {
    }

    static String section() {
        StringBuilder b = new StringBuilder("| op | field | default | range | meaning |\n|---|---|---|---|---|\n");
        for (AugmentOp op : AugmentOp.values()) {
            b.append("| `").append(op.jsonName()).append("` | | | | ").append(op.summary()).append(" |\n");
            for (AugmentParam p : op.params()) {
                String def = p.type() == AugmentParam.Type.BOOL ? Boolean.toString(p.defaultValue() != 0)
                        : AugmentParam.text(p.defaultValue());
                b.append("| | `").append(p.name()).append("` | `").append(def).append("` | ")
                        .append(p.type() == AugmentParam.Type.INT ? "whole, " : "").append(p.range()).append(" | ")
                        .append(p.doc()).append(" |\n");
            }
        }
        return b.append('\n').toString();
    }
}
