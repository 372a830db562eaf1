package io.layerloom.app.designer;

import io.layerloom.app.designer.service.RecoveryStore;
import io.layerloom.app.designer.service.UserDataFolder;
import io.layerloom.app.designer.view.RecoveryDialog;
import io.layerloom.app.designer.viewmodel.RecoveryViewModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.LoggerFactory;

/**
 * The designer application. Started by {@link io.layerloom.app.Main} (never directly, so that
 * it runs from the classpath); the one argument, if any, is a graph file to open.
 *
 * <p>Unsaved work is journaled to the recovery folder in the {@linkplain UserDataFolder user's data
 * folder}; at start, what sessions that did not end normally left there is offered back
 * ({@link RecoveryDialog}). A restored document opens in the first window if that is still empty,
 * otherwise in a window of its own; the application ends when its last window closes.
 */
public final class DesignerApp extends Application {

    /** System property: a file to write the milliseconds from JVM start to a shown window into (launch benchmark). */
    public static final String READY_FILE_PROPERTY = "layerloom.readyFile";
    /** System property: quit as soon as the window is ready (launch benchmark). */
    public static final String EXIT_WHEN_READY_PROPERTY = "layerloom.exitWhenReady";

    /**
     * Tests of this package that run the designer in a JVM of their own (RecoveryProcessTest) hear
     * of the first window here, to drive it; package-private, so nothing outside can set it.
     */
    static volatile java.util.function.Consumer<DesignerWindow> firstWindowOpened;

    private final List<DesignerWindow> windows = new ArrayList<>();
    private RecoveryStore recovery;

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
        recovery = openRecovery();
        DesignerWindow window = openWindow(stage, args.isEmpty() ? null : Path.of(args.get(0)));
        if (recovery != null) {
            RecoveryViewModel offer = DesignerComposition.recoveryOffer(recovery, window.dialogs(),
                    (snapshot, file) -> windowForRestore(window).restore(snapshot, file));
            offer.load(() -> RecoveryDialog.show(window.stage(), offer));
        }
        if (firstWindowOpened != null) {
            firstWindowOpened.accept(window);
        }
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

    @Override
    public void stop() throws IOException {
        if (recovery != null) {
            recovery.close();
        }
    }

    /** The windows now open (the first is the one the application started with). */
    List<DesignerWindow> windows() {
        return List.copyOf(windows);
    }

    private DesignerWindow openWindow(Stage stage, Path file) {
        DesignerWindow[] made = new DesignerWindow[1];
        made[0] = DesignerWindow.open(stage, file, recovery, () -> {
            windows.remove(made[0]);
            if (windows.isEmpty()) {
                Platform.exit();
            }
        });
        windows.add(made[0]);
        return made[0];
    }

    private DesignerWindow windowForRestore(DesignerWindow first) {
        if (windows.contains(first) && first.isPristine()) {
            return first;
        }
        Stage stage = new Stage();
        stage.setX(first.stage().getX() + 32 * windows.size());
        stage.setY(first.stage().getY() + 32 * windows.size());
        return openWindow(stage, null);
    }

    /** The recovery folder of the user's data folder; without it the designer works, unprotected, and says why on stderr. */
    private static RecoveryStore openRecovery() {
        Path folder = UserDataFolder.resolve().resolve("recovery");
        try {
            return RecoveryStore.open(folder);
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(DesignerApp.class).warn(
                    "Unsaved work will not be kept for recovery after a crash: cannot use {} ({}). "
                            + "Set -D{}=FOLDER or {} to a folder you can write.",
                    folder, e.getMessage(), UserDataFolder.PROPERTY, UserDataFolder.ENV);
            return null;
        }
    }
}
