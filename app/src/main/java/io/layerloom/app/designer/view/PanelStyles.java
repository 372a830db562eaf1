package io.layerloom.app.designer.view;

import java.net.URL;
import java.util.Objects;

/** The panels' style sheet (panels.css), which each panel adds to its own root. */
final class PanelStyles {

    private PanelStyles() {
    }

    static String url() {
        URL u = Objects.requireNonNull(PanelStyles.class.getResource("/io/layerloom/app/designer/panels.css"),
                "panels.css is missing from the build");
        return u.toExternalForm();
    }
}
