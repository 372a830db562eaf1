package io.layerloom.icons;

/**
 * The colour families of layer icons. Each colour keeps at least 3:1 contrast (WCAG 1.4.11,
 * non-text) against white and against dark surfaces down to #2B2B2B, so one icon set serves
 * the light and the dark theme.
 */
enum Family {
    CORE("core", "#6E7E96"),
    CONVOLUTION("convolution", "#2F7ED8"),
    POOLING("pooling", "#17906F"),
    NORMALISATION("normalisation", "#8B5CF6"),
    RECURRENT("recurrent", "#CF6D0A"),
    MERGE("merge", "#C8449E"),
    OUTPUT("output", "#E0453A");

    final String id;
    final String colour;

    Family(String id, String colour) {
        this.id = id;
        this.colour = colour;
    }
}
