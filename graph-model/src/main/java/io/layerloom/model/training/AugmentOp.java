package io.layerloom.model.training;

import static io.layerloom.model.training.AugmentParam.bool;
import static io.layerloom.model.training.AugmentParam.integer;
import static io.layerloom.model.training.AugmentParam.probability;
import static io.layerloom.model.training.AugmentParam.real;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The augmentation operations a {@code training.augmentation} step may name (imgaug's common
 * ones), each with its fields, defaults and ranges. Images are [channels, height, width] in
 * [0, 1]; geometric steps fill what comes from outside the image with 0.
 */
public enum AugmentOp {

    FLIP("mirrors the image left to right (horizontal) and/or top to bottom (vertical), each with probability p",
            bool("horizontal", true, "mirror the columns"),
            bool("vertical", false, "mirror the rows"),
            probability(0.5)),
    CROP("pads every side with `padding` zeros and crops back to the original size at a random place: a shift of up to"
            + " `padding` pixels each way (the CIFAR recipe)",
            integer("padding", 4, 1, 256, "pixels of zeros added on every side"),
            probability(1)),
    ROTATE("rotates about the centre by an angle drawn uniformly from [-degrees, degrees] (bilinear)",
            real("degrees", 10, 0, true, 180, "largest angle, either way"),
            probability(1)),
    TRANSLATE("shifts by up to `fraction` of the width sideways and of the height up or down, drawn uniformly (bilinear)",
            real("fraction", 0.1, 0, true, 0.5, "largest shift as a fraction of the image's size"),
            probability(1)),
    SCALE("zooms about the centre by a factor drawn uniformly from [min, max] (bilinear; below 1 the border is 0)",
            real("min", 0.9, 0.25, false, 4, "smallest factor"),
            real("max", 1.1, 0.25, false, 4, "largest factor, at least min"),
            probability(1)),
    SHEAR("shears sideways by an angle drawn uniformly from [-degrees, degrees] about the centre row (bilinear)",
            real("degrees", 10, 0, true, 45, "largest shear angle, either way"),
            probability(1)),
    BRIGHTNESS("adds one value drawn uniformly from [-delta, delta] to every pixel, kept in [0, 1]",
            real("delta", 0.1, 0, true, 1, "largest change"),
            probability(1)),
    CONTRAST("scales each pixel's distance from the image's mean by a factor drawn uniformly from [min, max], kept in [0, 1]",
            real("min", 0.8, 0, false, 4, "smallest factor"),
            real("max", 1.2, 0, false, 4, "largest factor, at least min"),
            probability(1)),
    NOISE("adds Gaussian noise of standard deviation sigma to every value, kept in [0, 1]",
            real("sigma", 0.05, 0, true, 1, "standard deviation"),
            probability(1)),
    CUTOUT("sets `count` squares of `size` x `size` pixels (all channels) to 0, centred at uniformly drawn pixels and"
            + " clipped at the border (DeVries and Taylor's cutout)",
            integer("size", 8, 1, 1024, "side of each square in pixels"),
            integer("count", 1, 1, 16, "squares per image"),
            probability(1));

    private final String summary;
    private final List<AugmentParam> params;

    AugmentOp(String summary, AugmentParam... params) {
        this.summary = summary;
        this.params = List.of(params);
    }

    /** The name a file uses: "flip", "crop", ... */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String summary() {
        return summary;
    }

    /** The step's fields in file order, "p" last. */
    public List<AugmentParam> params() {
        return params;
    }

    public Optional<AugmentParam> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public List<String> paramNames() {
        return params.stream().map(AugmentParam::name).toList();
    }

    public static Optional<AugmentOp> fromJson(String name) {
        return Arrays.stream(values()).filter(o -> o.jsonName().equals(name)).findFirst();
    }

    public static List<String> jsonNames() {
        return Arrays.stream(values()).map(AugmentOp::jsonName).toList();
    }
}
