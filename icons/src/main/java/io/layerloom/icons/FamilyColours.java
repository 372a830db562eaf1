package io.layerloom.icons;

import java.util.Locale;

/**
 * The colour of each palette family of layer kinds ({@link io.layerloom.model.layer.Family}).
 * Each colour keeps at least 3:1 contrast (WCAG 1.4.11, non-text) against white and against
 * dark surfaces down to #2B2B2B, so one icon set serves the light and the dark theme. The switch
 * is exhaustive, so a new family fails compilation here until it has a colour.
 */
final class FamilyColours {

    private FamilyColours() {
    }

    /** The family's name in this module's API: the model's constant in lower case ("core"). */
    static String id(io.layerloom.model.layer.Family family) {
        return family.name().toLowerCase(Locale.ROOT);
    }

    /** The family's colour as {@code "#RRGGBB"}. */
    static String colour(io.layerloom.model.layer.Family family) {
        return switch (family) {
            case CORE -> "#6E7E96";
            case CONVOLUTION -> "#2F7ED8";
            case POOLING -> "#17906F";
            case NORMALISATION -> "#8B5CF6";
            case RECURRENT -> "#CF6D0A";
            case MERGE -> "#C8449E";
            case OUTPUT -> "#E0453A";
        };
    }
}
