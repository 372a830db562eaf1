package io.layerloom.model.analysis;

import io.layerloom.model.analysis.ShapeRules.Outcome;
import io.layerloom.model.analysis.TensorType.Image;
import io.layerloom.model.analysis.TensorType.Vector;
import io.layerloom.model.layer.LayerSpec.ChannelShuffle;
import io.layerloom.model.layer.LayerSpec.ChannelSplit;
import java.util.List;

import static io.layerloom.model.analysis.DiagnosticCode.*;

/**
 * The shape rules of the kinds that work on an image's channels as a whole (ShuffleNet's shuffle
 * and split, squeeze-and-excitation's per-channel scale), for {@link ShapeRules}.
 */
final class ChannelShapes {

    private ChannelShapes() {
    }

    static Outcome shuffle(ShapeRules r, ChannelShuffle s) {
        if (!(r.in() instanceof Image img)) {
            return r.needImage();
        }
        if (img.channels() % s.groups() != 0) {
            return r.fail(GROUPS_MISMATCH, "groups", "groups " + s.groups() + " does not divide its " + img.channels()
                            + " channels (" + img.channels() + " / " + s.groups() + " is not a whole number).",
                    "Set groups to a divisor of " + img.channels() + ", such as " + divisorsOf(img.channels()) + ".",
                    "Change the layer before it to give a multiple of " + s.groups() + " channels.");
        }
        return Outcome.ok(img);
    }

    static Outcome split(ShapeRules r, ChannelSplit s) {
        if (!(r.in() instanceof Image img)) {
            return r.needImage();
        }
        if (img.channels() % s.parts() != 0) {
            return r.fail(GROUPS_MISMATCH, "parts", "parts " + s.parts() + " does not divide its " + img.channels()
                            + " channels (" + img.channels() + " / " + s.parts() + " is not a whole number).",
                    "Set parts to a divisor of " + img.channels() + ", such as " + divisorsOf(img.channels()) + ".",
                    "Change the layer before it to give a multiple of " + s.parts() + " channels.");
        }
        if (s.index() >= s.parts()) {
            return r.fail(PARAM_OUT_OF_RANGE, "index", "index " + s.index() + " names no slice: there are " + s.parts()
                            + " (index 0 to " + (s.parts() - 1) + ").",
                    "Set index to a value from 0 to " + (s.parts() - 1) + ", or raise parts.");
        }
        return Outcome.ok(new Image(img.channels() / s.parts(), img.height(), img.width()));
    }

    static Outcome scale(ShapeRules r, List<TensorType> inputs) {
        TensorType image = inputs.get(0);
        TensorType scale = inputs.get(1);
        if (!(image instanceof Image img)) {
            return r.fail(WRONG_INPUT_KIND, "inputs", "scales the channels of an image, its first input, but that input is "
                            + (image instanceof Image ? "an " : "a ") + image.describe() + ".",
                    image instanceof Vector && scale instanceof Image
                            ? "Swap its inputs: the image first, then the per-channel scale."
                            : "Connect an image [channels, height, width] as its first input.");
        }
        if (!(scale instanceof Vector v) || v.features() != img.channels()) {
            return r.fail(MERGE_SHAPE_MISMATCH, "inputs", "needs one scale per channel of its " + img.describe()
                            + " input, a vector [" + img.channels() + "], as its second input, but got "
                            + (scale instanceof Image ? "an " : "a ") + scale.describe() + ".",
                    "Give the scale branch " + img.channels() + " outputs (squeeze-and-excitation: GlobalAvgPool, "
                            + "Dense, Dense with " + img.channels() + " units and sigmoid).",
                    "Use Multiply for two inputs of the same shape.");
        }
        return Outcome.ok(img);
    }

    /** The first few divisors of {@code n} and the largest, for a fix. */
    private static String divisorsOf(long n) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (long d = 1; d <= n && shown < 6; d++) {
            if (n % d == 0) {
                out.append(shown++ == 0 ? "" : ", ").append(d);
            }
        }
        return out.toString();
    }
}
