package io.layerloom.app;

/**
 * LayerLoom's own name and version, as the command line's {@code --version} and the window's
 * Help > About show it: one constant, so the two never disagree.
 */
public final class AppVersion {

    /** The first line of {@code layerloom --version} and the About window's title. */
    public static final String NAME_AND_VERSION = "LayerLoom 0.1.0";

    private AppVersion() {
    }
}
