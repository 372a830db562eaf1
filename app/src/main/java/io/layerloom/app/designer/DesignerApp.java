package io.layerloom.app.designer;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.layerloom.app.designer.service.FxDialogService;
import io.layerloom.app.designer.service.FxExecutors;
import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.app.designer.service.RecentFilesStore;
import io.layerloom.app.designer.view.MainView;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.MainViewModel;
import io.layerloom.icons.AppIcon;
import io.layerloom.model.graph.Graph;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * The designer window. Started by {@link io.layerloom.app.Main} (never directly, so that it
 * runs from the classpath); the one argument, if any, is a graph file to open.
 */
public final class DesignerApp extends Application {

    /** System property naming a file of the given startup time, for the launch benchmark. */
    public static final String READY_FILE_PROPERTY = "layerloom.readyFile";

    private final ExecutorService analysisThread = FxExecutors.worker("layerloom-analysis");
    private final ExecutorService ioThread = FxExecutors.worker("layerloom-files");
    private MainView view;

    @Override
    public void start(Stage stage) {
        Preferences prefs = Preferences.userRoot().node("io/layerloom/designer");
        BooleanProperty dark = new SimpleBooleanProperty(prefs.getBoolean("darkTheme", false));
        applyTheme(dark.get());
        dark.addListener((o, was, is) -> {
            applyTheme(is);
            prefs.putBoolean("darkTheme", is);
        });

        DocumentViewModel document = new DocumentViewModel(Graph.empty("untitled"), analysisThread, FxExecutors.ui());
        FxDialogService dialogs = new FxDialogService(stage);
        MainViewModel main = new MainViewModel(document, dialogs, RecentFilesStore.preferences(), ioThread,
                FxExecutors.ui(), GraphLayoutService::placeMissing);
        view = new MainView(main, dialogs, dark, () -> requestClose(stage, main));

        Scene scene = new Scene(view, 1440, 900);
        URL css = DesignerApp.class.getResource("designer.css");
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
            requestClose(stage, main);
        });
        stage.show();

        List<String> args = getParameters().getRaw();
        if (!args.isEmpty()) {
            main.openAtStart(Path.of(args.get(0)));
        }
        String readyFile = System.getProperty(READY_FILE_PROPERTY);
        if (readyFile != null) {
            Platform.runLater(() -> LaunchTiming.recordReady(Path.of(readyFile)));
        }
    }

    private void requestClose(Stage stage, MainViewModel main) {
        if (main.canClose(() -> closeNow(stage))) {
            closeNow(stage);
        }
    }

    private void closeNow(Stage stage) {
        view.training().shutdown();
        stage.close();
        Platform.exit();
    }

    @Override
    public void stop() {
        analysisThread.shutdownNow();
        ioThread.shutdownNow();
    }

    static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }
}
