package io.layerloom.app.designer;

import javafx.application.Application;

/** Starts the JavaFX designer from a plain class, as JavaFX on the classpath requires. */
public final class DesignerLauncher {

    private DesignerLauncher() {
    }

    /** Opens the window and returns when it closes; 2 when there is no display to open it on. */
    public static int launch(String[] args) {
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && !"Monocle".equals(System.getProperty("glass.platform"))) {
            System.err.println("layerloom: there is no display to open the designer window on (DISPLAY is not set).\n"
                    + "  On a desktop, run it from a graphical session; on a server, use the command line:\n"
                    + "  ./layerloom --help");
            return 2;
        }
        Application.launch(DesignerApp.class, args);
        return 0;
    }
}
