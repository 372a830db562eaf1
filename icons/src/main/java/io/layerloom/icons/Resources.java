package io.layerloom.icons;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** Loads this module's own resources; a missing one means a broken jar, not a user error. */
final class Resources {
    private static final String PACKAGE_PATH = "io/layerloom/icons/";

    private Resources() {
    }

    static URL require(String name) {
        URL url = Resources.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("Icon resource " + PACKAGE_PATH + name
                    + " is missing from the classpath; the icons jar is incomplete");
        }
        return url;
    }

    static String readUtf8(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read icon resource " + url, e);
        }
    }
}
