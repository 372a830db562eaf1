package io.layerloom.app.designer.viewmodel;

/**
 * One example to draw as a thumbnail: {@code values} as [channels, height, width], row-major,
 * scaled to [0, 1] for display. {@code verdict} is null for a data preview, true (right) or false
 * (wrong) for a prediction, whose caption then reads "Bag 97%" and {@code detail} "true: Coat".
 */
public record SampleImage(String caption, String detail, Boolean verdict, float[] values, int channels, int height,
                          int width) {
}
