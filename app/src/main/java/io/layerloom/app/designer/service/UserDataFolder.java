package io.layerloom.app.designer.service;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where LayerLoom keeps what belongs to the user but not to one of their files (recovery
 * snapshots of unsaved work), following each platform's convention: {@code $XDG_DATA_HOME/layerloom}
 * or {@code ~/.local/share/layerloom} on Linux, {@code %APPDATA%\LayerLoom} on Windows,
 * {@code ~/Library/Application Support/LayerLoom} on macOS. The system property
 * {@value #PROPERTY} or the environment variable {@value #ENV} puts it elsewhere (tests use a
 * temporary folder; a portable installation its own).
 */
public final class UserDataFolder {

    /** System property naming the folder (takes precedence over {@link #ENV}). */
    public static final String PROPERTY = "layerloom.dataDir";
    /** Environment variable naming the folder. */
    public static final String ENV = "LAYERLOOM_DATA_DIR";

    private UserDataFolder() {
    }

    /** The folder for this user and platform; it may not exist yet. */
    public static Path resolve() {
        return resolve(System.getProperty(PROPERTY), System.getenv(), System.getProperty("os.name", ""),
                System.getProperty("user.home", "."));
    }

    static Path resolve(String property, Map<String, String> env, String osName, String home) {
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        String override = env.get(ENV);
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            return (appData != null && !appData.isBlank() ? Path.of(appData)
                    : Path.of(home, "AppData", "Roaming")).resolve("LayerLoom");
        }
        if (os.startsWith("mac")) {
            return Path.of(home, "Library", "Application Support", "LayerLoom");
        }
        String xdg = env.get("XDG_DATA_HOME");
        // the XDG specification: a relative value is invalid and must be ignored
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "layerloom");
        }
        return Path.of(home, ".local", "share", "layerloom");
    }
}
