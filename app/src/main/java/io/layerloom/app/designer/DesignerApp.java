package io.layerloom.app.designer;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The designer application. Started by {@link io.layerloom.app.Main} (never directly, so that
 * it runs from the classpath); the one argument, if any, is a graph file to open.
 */
public final class DesignerApp extends Application {

    /** System property: a file to write the milliseconds from JVM start to a shown window into (launch benchmark). */
    public static final String READY_FILE_PROPERTY = "layerloom.readyFile";
    /** System property: quit as soon as the window is ready (launch benchmark). */
    public static final String EXIT_WHEN_READY_PROPERTY = "layerloom.exitWhenReady";

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
        DesignerWindow window = DesignerWindow.open(stage, args.isEmpty() ? null : Path.of(args.get(0)));
        String readyFile = System.getProperty(READY_FILE_PROPERTY);
        boolean exitWhenReady = Boolean.getBoolean(EXIT_WHEN_READY_PROPERTY);
        if (readyFile != null || exitWhenReady) {
            // The first pulse after show() lays the window out and paints it: that is "usable".
            Scene scene = window.stage().getScene();
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                scene.removePostLayoutPulseListener(once[0]);
                if (readyFile != null) {
                    LaunchTiming.recordReady(Path.of(readyFile));
                }
                if (exitWhenReady) {
                    Platform.runLater(Platform::exit);
                }
            };
            scene.addPostLayoutPulseListener(once[0]);
        }
    }
}
