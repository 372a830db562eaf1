package io.layerloom.app.designer.viewmodel;

/**
 * A layer's update-to-parameter ratio at {@code iteration}: how much one step changed its
 * parameters relative to their size. Around 1e-3 is the usual healthy value; far above, the
 * learning rate is too high for that layer; far below, it hardly learns.
 */
public record LayerStatistic(String node, double ratio, String text, int iteration) {

    /** The band a healthy layer's ratio falls in. */
    public static final double LOW = 1e-4;
    public static final double HIGH = 1e-2;

    public boolean healthy() {
        return ratio >= LOW && ratio <= HIGH;
    }
}
