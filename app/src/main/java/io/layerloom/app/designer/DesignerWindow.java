package io.layerloom.app.designer;

import io.layerloom.app.designer.service.DialogService;
import io.layerloom.app.designer.service.FxDialogService;
import io.layerloom.app.designer.service.RecentFilesStore;
import io.layerloom.app.designer.service.RecoveryStore;
import io.layerloom.app.designer.view.MainView;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.MainViewModel;
import io.layerloom.app.designer.viewmodel.OnnxViewModel;
import io.layerloom.icons.AppIcon;
import io.layerloom.model.graph.Graph;
import java.net.URL;
import java.nio.file.Path;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * The designer as one piece: the stage with its scene, and the view models and services that
 * {@link DesignerComposition} made for it. The application, the end-to-end tests and the
 * screenshot tour all open it the same way.
 */
public final class DesignerWindow {

    private final Stage stage;
    private final MainView view;
    private final MainViewModel main;
    private final DocumentViewModel document;
    private final DesignerComposition composition;
    private final Runnable onClosed;

    private final DialogService dialogs;

    private DesignerWindow(Stage stage, Preferences prefs, RecentFilesStore recent, DialogService dialogs,
                           RecoveryStore recovery, Runnable onClosed) {
        this.dialogs = dialogs;
        this.stage = stage;
        this.onClosed = onClosed;
        BooleanProperty dark = new SimpleBooleanProperty(prefs.getBoolean("darkTheme", false));
        dark.addListener((o, was, is) -> prefs.putBoolean("darkTheme", is));

        composition = DesignerComposition.create(Graph.empty("untitled"), dialogs, recent, recovery,
                io.layerloom.app.designer.viewmodel.ThreadsViewModel.Store.preferences(prefs));
        document = composition.models().document();
        main = composition.models().files();
        view = new MainView(composition.models(), dark, this::requestClose);

        // 1440x900, or the screen when it is smaller (a 1280x800 laptop): the window never starts cut off.
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(view, Math.min(1440, screen.getWidth()), Math.min(900, screen.getHeight()));
        URL css = DesignerWindow.class.getResource("designer.css");
        if (css != null) {
            scene.getStylesheets().add(css.toExternalForm());
        }
        stage.setScene(scene);
        stage.titleProperty().bind(document.titleProperty());
        for (URL icon : AppIcon.pngs()) {
            stage.getIcons().add(new Image(icon.toExternalForm()));
        }
        stage.setOnCloseRequest(e -> {
            e.consume();
            requestClose();
        });
    }

    /** The window of the running application: the user's preferences and recent files. */
    public static DesignerWindow open(Stage stage, Path file) {
        return open(stage, file, null, Platform::exit);
    }

    /**
     * The same, journaling unsaved work to {@code recovery} (null: none); {@code onClosed} runs
     * after the window closed normally.
     */
    public static DesignerWindow open(Stage stage, Path file, RecoveryStore recovery, Runnable onClosed) {
        DesignerWindow w = new DesignerWindow(stage, Preferences.userRoot().node("io/layerloom/designer"),
                RecentFilesStore.preferences(), new FxDialogService(stage), recovery, onClosed);
        w.show(file);
        return w;
    }

    /** A window that keeps nothing between runs: for tests and the screenshot tour. */
    public static DesignerWindow openForTest(Stage stage, Path file) {
        return openForTest(stage, file, new FxDialogService(stage));
    }

    /** The same, with the dialogs answered by {@code dialogs} (end-to-end tests). */
    public static DesignerWindow openForTest(Stage stage, Path file, DialogService dialogs) {
        return openForTest(stage, file, dialogs, null);
    }

    /** The same, journaling unsaved work to {@code recovery} (a temporary folder's store: recovery tests). */
    public static DesignerWindow openForTest(Stage stage, Path file, DialogService dialogs, RecoveryStore recovery) {
        Preferences scratch = Preferences.userRoot().node("io/layerloom/designer-test");
        scratch.putBoolean("darkTheme", false);
        DesignerWindow w = new DesignerWindow(stage, scratch, RecentFilesStore.inMemory(), dialogs, recovery, () -> { });
        w.show(file);
        return w;
    }

    private void show(Path file) {
        stage.show();
        if (file != null) {
            main.openAtStart(file);
        }
    }

    public Stage stage() {
        return stage;
    }

    public MainView view() {
        return view;
    }

    public MainViewModel main() {
        return main;
    }

    public DocumentViewModel document() {
        return document;
    }

    /** File > Import ONNX and Export ONNX (the screenshot tour imports through it). */
    public OnnxViewModel onnx() {
        return composition.models().onnx();
    }

    /** The questions this window asks (the recovery offer asks where to save through them). */
    public DialogService dialogs() {
        return dialogs;
    }

    /** Whether the window shows nothing worth keeping yet: an empty graph, never saved, unchanged. */
    public boolean isPristine() {
        return !document.isDirty() && document.file().isEmpty() && document.graph().size() == 0;
    }

    /** Opens work restored after a crash as this window's unsaved document (see {@link DesignerComposition#restore}). */
    public void restore(RecoveryStore.Snapshot snapshot, Path recoveryFile) {
        composition.restore(snapshot, recoveryFile);
    }

    /** Close as the window's close button does: asks about unsaved changes first. */
    public void requestClose() {
        if (main.canClose(this::closeNow)) {
            closeNow();
        }
    }

    private void closeNow() {
        view.shutdown();
        stage.close();
        composition.shutdown();
        onClosed.run();
    }

    /** Stops a running training and the window's threads (closing does; tests call it when done). */
    public void shutdown() {
        view.shutdown();
        composition.shutdown();
    }
}
