package io.layerloom.icons;

import java.net.URL;
import java.util.List;

/**
 * The LayerLoom application icon: a square SVG and PNG renderings of it
 * ({@code app/layerloom-<size>.png}), for window and launcher icons.
 */
public final class AppIcon {
    private static final List<Integer> SIZES = List.of(16, 32, 48, 64, 128, 256);

    private AppIcon() {
    }

    /** The pixel sizes rendered as PNG, smallest first; unmodifiable. */
    public static List<Integer> sizes() {
        return SIZES;
    }

    /** The PNG renderings, one per {@link #sizes()} entry, smallest first; unmodifiable. */
    public static List<URL> pngs() {
        return SIZES.stream().map(AppIcon::png).toList();
    }

    /**
     * The PNG rendering of {@code size} x {@code size} pixels.
     *
     * @throws IllegalArgumentException if no PNG was rendered at that size
     */
    public static URL png(int size) {
        if (!SIZES.contains(size)) {
            throw new IllegalArgumentException("No " + size + " px application icon; rendered sizes are "
                    + SIZES + " px. Use the nearest size, or scale svg().");
        }
        return Resources.require("app/layerloom-" + size + ".png");
    }

    /** The scalable source of the application icon. */
    public static URL svg() {
        return Resources.require("app/layerloom.svg");
    }
}
