package io.layerloom.app.designer.view;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.layerloom.app.designer.viewmodel.DataChoice;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import io.layerloom.app.designer.viewmodel.TrainingViewModel.State;
import java.net.URL;
import java.util.List;
import java.util.Optional;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableMap;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/**
 * The Training tab: data and hyperparameters on the left; on the right the controls, the
 * progress, the live charts and the evaluation. All logic is in {@link TrainingViewModel}; while a
 * run is active an {@link AnimationTimer} hands it the pulse, and it applies what training
 * published at most ten times a second.
 */
public final class TrainingView extends BorderPane {

    public static final String STYLE_CLASS = "training-view";

    private final TrainingViewModel vm;
    /** Everything the tab shows: here, or in a window of its own ({@link #openInWindow}). */
    private final BorderPane dashboard;
    /** The dashboard's own window while it is open; null when the dashboard is in the tab. */
    private javafx.stage.Stage window;
    private AugmentationView augmentation;
    private final AnimationTimer pulse = new AnimationTimer() {
        @Override
        public void handle(long now) {
            vm.flushIfDue(now);
            if (!vm.runActiveProperty().get()) {
                stop(); // the end event was applied; an idle tab costs no pulses
            }
        }
    };

    /** The tab of {@code vm}, which the window's composition root made (tests pass one with a fake trainer). */
    public TrainingView(TrainingViewModel vm) {
        this.vm = vm;
        getStyleClass().add(STYLE_CLASS);
        setId("training-view");
        URL css = TrainingView.class.getResource("/io/layerloom/app/designer/training.css");
        if (css != null) {
            getStylesheets().add(css.toExternalForm());
        }
        ScrollPane side = new ScrollPane(sidebar());
        side.setFitToWidth(true);
        side.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        side.getStyleClass().addAll("training-sidebar", Tweaks.EDGE_TO_EDGE);
        side.setPrefWidth(300);
        side.setMinWidth(240);

        VBox results = new VBox(14, new TrainingCharts(vm), new Separator(), new TrainingEvaluationView(vm));
        results.getStyleClass().add("training-results");
        results.setMinWidth(0);
        ScrollPane scroll = new ScrollPane(results);
        scroll.setFitToWidth(true);
        // everything in the results wraps or shrinks to the tab's width: it scrolls down, never sideways
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        BorderPane main = new BorderPane(RunsView.besideCurrentRun(scroll, vm.runs(), augmentation.largePreview()));
        main.setTop(controls());
        main.setMinWidth(0);
        dashboard = new BorderPane(main);
        dashboard.setLeft(side);
        dashboard.getStyleClass().addAll("training-dashboard", STYLE_CLASS);
        dashboard.getStylesheets().addAll(getStylesheets()); // it keeps its style in a window of its own
        setCenter(dashboard);

        vm.runActiveProperty().addListener((o, was, is) -> {
            if (is) {
                pulse.start();
            }
        });
        // data is loaded when the tab is first shown, not while the window opens
        visibleProperty().addListener((o, was, is) -> loadWhenShown());
        sceneProperty().addListener((o, was, is) -> loadWhenShown());
    }

    /** Stops the animation that hands the view model the pulse (the window is closing). */
    public void shutdown() {
        pulse.stop();
        if (window != null) {
            window.close();
        }
    }

    /**
     * Node id -> a short live statistic of the running training ("upd/param 1.2e-3"); the canvas
     * may show it under each layer node. Changes on the UI thread.
     */
    public ObservableMap<String, String> layerStatistics() {
        return vm.statistics().byNode();
    }

    public TrainingViewModel viewModel() {
        return vm;
    }

    // Parts

    private void loadWhenShown() {
        if (getScene() != null && isVisible()) {
            vm.data().ensureLoaded();
        }
    }

    private VBox sidebar() {
        Label dataTitle = new Label("Data");
        dataTitle.getStyleClass().add("training-section-title");
        ComboBox<DataChoice> dataset = new ComboBox<>(vm.data().choices());
        dataset.setId("training-dataset");
        dataset.setMaxWidth(Double.MAX_VALUE);
        dataset.setValue(vm.data().selectedProperty().get());
        vm.data().selectedProperty().addListener((o, was, is) -> dataset.setValue(is));
        dataset.setOnAction(e -> chooseData(dataset));
        dataset.disableProperty().bind(vm.runActiveProperty());
        ProgressIndicator loading = new ProgressIndicator();
        loading.setId("training-data-loading");
        loading.setPrefSize(22, 22);
        loading.setMaxSize(22, 22);
        loading.visibleProperty().bind(vm.data().loadingProperty());
        loading.managedProperty().bind(loading.visibleProperty());
        HBox chooser = new HBox(6, dataset, loading);
        chooser.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(dataset, Priority.ALWAYS);

        Label summary = new Label();
        summary.setId("training-data-summary");
        summary.getStyleClass().add("training-muted");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.data().summaryProperty());

        SampleThumbnails samples = new SampleThumbnails(vm.data().samples(), 44);
        samples.setId("training-samples");
        GridPane rows = rowsPreview();

        Label problem = new Label();
        problem.setId("training-problem");
        problem.getStyleClass().add("training-problem");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.data().problemProperty());
        problem.visibleProperty().bind(vm.data().problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        Label formTitle = new Label("Hyperparameters");
        formTitle.getStyleClass().add("training-section-title");
        Label formNote = new Label("Saved with the graph; every change can be undone.");
        formNote.getStyleClass().add("training-muted");
        formNote.setWrapText(true);
        TrainingSettingsForm form = new TrainingSettingsForm(vm.settings());
        form.disableProperty().bind(vm.runActiveProperty());

        augmentation = new AugmentationView(vm.data().augmentation());
        augmentation.disableProperty().bind(vm.runActiveProperty());
        VBox box = new VBox(8, dataTitle, chooser, summary, samples, rows, problem, new Separator(), formTitle, formNote, form,
                new Separator(), augmentation);
        box.getStyleClass().add("training-side");
        box.setPadding(new Insets(10, 12, 12, 12));
        return box;
    }

    /** The first rows of vector data (iris, CSV files). */
    private GridPane rowsPreview() {
        GridPane grid = new GridPane();
        grid.setId("training-rows");
        grid.getStyleClass().add("training-rows");
        grid.setHgap(10);
        Runnable fill = () -> {
            grid.getChildren().clear();
            List<String> header = vm.data().tableHeader();
            for (int c = 0; c < header.size(); c++) {
                Label h = new Label(header.get(c));
                h.getStyleClass().add("metrics-head");
                grid.add(h, c, 0);
            }
            for (int r = 0; r < vm.data().tableRows().size(); r++) {
                List<String> row = vm.data().tableRows().get(r);
                for (int c = 0; c < row.size(); c++) {
                    Label v = new Label(row.get(c));
                    v.getStyleClass().add(c == row.size() - 1 ? "metrics-class" : "metrics-value");
                    grid.add(v, c, r + 1);
                }
            }
        };
        vm.data().tableRows().addListener((ListChangeListener<List<String>>) c -> fill.run());
        vm.data().tableHeader().addListener((ListChangeListener<String>) c -> fill.run());
        grid.visibleProperty().bind(Bindings.isNotEmpty(vm.data().tableRows()));
        grid.managedProperty().bind(grid.visibleProperty());
        fill.run();
        return grid;
    }

    private VBox controls() {
        Button start = new Button("Start");
        start.setId("training-start");
        start.getStyleClass().add(Styles.ACCENT);
        start.setDefaultButton(false);
        start.disableProperty().bind(vm.canStart().not());
        start.setOnAction(e -> vm.start());
        // a disabled button shows no tooltip: the one saying why Start is off sits on its holder
        javafx.scene.layout.StackPane startHolder = new javafx.scene.layout.StackPane(start);
        startHolder.setId("training-start-holder");
        Tooltip why = new Tooltip();
        why.textProperty().bind(Bindings.createStringBinding(() -> vm.blockerProperty().get() == null ? ""
                : vm.blockerProperty().get().reason(), vm.blockerProperty()));
        vm.blockerProperty().addListener((o, was, is) -> installOrNot(startHolder, why, is != null));
        installOrNot(startHolder, why, vm.blockerProperty().get() != null);
        Button pause = new Button();
        pause.setId("training-pause");
        pause.textProperty().bind(vm.pauseText());
        pause.disableProperty().bind(vm.canPause().not());
        pause.setOnAction(e -> vm.togglePause());
        Button stop = new Button("Stop");
        stop.setId("training-stop");
        stop.getStyleClass().add(Styles.DANGER);
        stop.disableProperty().bind(vm.canStop().not());
        stop.setOnAction(e -> vm.stop());
        for (Button b : List.of(start, pause, stop)) {
            b.setMinWidth(78);
        }
        // short, so that the row fits a narrow tab; the tooltip says what it does
        Button detach = new Button("Pop Out");
        detach.setId("training-open-window");
        detach.getStyleClass().add(Styles.FLAT);
        detach.setMinWidth(Region.USE_PREF_SIZE);
        detach.setOnAction(e -> toggleWindow());
        detach.textProperty().bind(Bindings.createStringBinding(() -> windowOpen.get() ? "Dock" : "Pop Out", windowOpen));
        Tooltip detachTip = new Tooltip();
        detachTip.textProperty().bind(Bindings.createStringBinding(() -> windowOpen.get()
                ? "Put the training dashboard back into the Training tab"
                : "Show the training dashboard in a resizable window of its own", windowOpen));
        detach.setTooltip(detachTip);

        ProgressBar bar = new ProgressBar();
        bar.setId("training-progress");
        bar.progressProperty().bind(vm.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        Label progress = new Label();
        progress.setId("training-progress-text");
        progress.getStyleClass().add("training-progress-text");
        progress.textProperty().bind(vm.progressTextProperty());

        HBox buttons = new HBox(8, startHolder, pause, stop, new Separator(javafx.geometry.Orientation.VERTICAL), bar, detach);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.setMinWidth(0);

        Label state = new Label();
        state.setId("training-state");
        state.getStyleClass().add("training-state");
        state.setMinWidth(Region.USE_PREF_SIZE);
        state.textProperty().bind(Bindings.createStringBinding(() -> stateText(vm.state()), vm.stateProperty()));
        vm.stateProperty().addListener((o, was, is) -> stateClass(state, is));
        stateClass(state, vm.state());
        Label status = new Label();
        status.setId("training-status");
        status.getStyleClass().add("training-status");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        status.setMinWidth(0);
        HBox statusRow = new HBox(8, state, status);
        statusRow.setAlignment(Pos.CENTER_LEFT);
        statusRow.setMinWidth(0);
        HBox.setHgrow(status, Priority.ALWAYS);

        // what keeps Start off, with the fix as a button where one exists (a run says so by its state)
        Label blocked = new Label();
        blocked.setId("training-blocker");
        blocked.getStyleClass().add("training-blocker");
        blocked.setWrapText(true);
        blocked.setMinWidth(0);
        blocked.textProperty().bind(why.textProperty());
        Button fix = new Button();
        fix.setId("training-blocker-fix");
        fix.getStyleClass().add(Styles.SMALL);
        fix.setMinWidth(Region.USE_PREF_SIZE);
        fix.textProperty().bind(Bindings.createStringBinding(() -> vm.blockerProperty().get() == null
                || !vm.blockerProperty().get().hasFix() ? "" : vm.blockerProperty().get().fixLabel(), vm.blockerProperty()));
        fix.visibleProperty().bind(fix.textProperty().isNotEmpty());
        fix.managedProperty().bind(fix.visibleProperty());
        fix.setOnAction(e -> vm.fixBlocker());
        // the message, then its fixes on a line of their own (the fit buttons would squeeze it to a column)
        VBox blockerRow = new VBox(4, blocked, new HBox(8, new FitButtons(vm.data().blockingProperty(), vm.data().loadingProperty()), fix));
        blockerRow.setAlignment(Pos.CENTER_LEFT);
        blockerRow.setMinWidth(0);
        blocked.setMaxWidth(Double.MAX_VALUE);
        blockerRow.visibleProperty().bind(Bindings.createBooleanBinding(() -> vm.blockerProperty().get() != null
                && !vm.blockerProperty().get().duringRun(), vm.blockerProperty()));
        blockerRow.managedProperty().bind(blockerRow.visibleProperty());
        blocked.visibleProperty().bind(blockerRow.visibleProperty());
        // whole beside the bar; on a line of its own in a narrow tab, wrapped rather than cut
        progress.setWrapText(true);
        progress.visibleProperty().bind(vm.progressTextProperty().isNotEmpty());
        progress.managedProperty().bind(progress.visibleProperty());

        Label message = new Label();
        message.setId("training-message");
        message.getStyleClass().add("training-message");
        message.setWrapText(true);
        message.textProperty().bind(Bindings.createStringBinding(() -> vm.messageProperty().get()
                + (vm.hintProperty().get().isEmpty() ? "" : "\n" + vm.hintProperty().get()), vm.messageProperty(), vm.hintProperty()));
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.setMaxWidth(Double.MAX_VALUE);
        message.setMinWidth(0);
        Button failureFix = new Button();
        failureFix.setId("training-failure-fix");
        failureFix.getStyleClass().add(Styles.SMALL);
        failureFix.setMinWidth(Region.USE_PREF_SIZE);
        failureFix.textProperty().bind(vm.failureFixProperty());
        failureFix.visibleProperty().bind(vm.failureFixProperty().isNotEmpty());
        failureFix.managedProperty().bind(failureFix.visibleProperty());
        failureFix.setOnAction(e -> vm.fixFailure());
        HBox messageRow = new HBox(8, message, failureFix);
        messageRow.setAlignment(Pos.CENTER_LEFT);
        messageRow.setMinWidth(0);
        HBox.setHgrow(message, Priority.ALWAYS);
        messageRow.visibleProperty().bind(message.visibleProperty());
        messageRow.managedProperty().bind(messageRow.visibleProperty());

        VBox box = new VBox(6, buttons, statusRow, blockerRow, messageRow);
        box.getStyleClass().add("training-controls");
        box.setMinWidth(0);
        // A button that turns off while it has the focus (Start once clicked, Stop once asked) would
        // hand the focus to the next field in the window, the inspector's name with its text
        // selected, where the next keys rename the graph. The focus stays in the controls instead.
        for (Button b : List.of(start, pause, stop)) {
            b.disabledProperty().addListener((o, was, is) -> {
                if (is && b.isFocused()) {
                    box.requestFocus();
                }
            });
        }
        // beside the bar when the tab is wide, on a line of its own in a narrow dock
        box.widthProperty().addListener((o, was, is) -> {
            boolean wide = is.doubleValue() >= 980;
            progress.setMinWidth(wide ? Region.USE_PREF_SIZE : 0);
            if (wide && progress.getParent() != buttons) {
                box.getChildren().remove(progress);
                buttons.getChildren().add(buttons.getChildren().size() - 1, progress);
            } else if (!wide && progress.getParent() != box) {
                buttons.getChildren().remove(progress);
                box.getChildren().add(2, progress);
            }
        });
        box.setPadding(new Insets(10, 12, 8, 12));
        return box;
    }

    private static String stateText(State s) {
        return switch (s) {
            case IDLE -> "Idle";
            case LOADING -> "Loading";
            case RUNNING -> "Running";
            case PAUSED -> "Paused";
            case STOPPING -> "Stopping";
            case STOPPED -> "Stopped";
            case FINISHED -> "Finished";
            case FAILED -> "Failed";
        };
    }

    private static void installOrNot(javafx.scene.Node node, Tooltip tip, boolean install) {
        if (install) {
            Tooltip.install(node, tip);
        } else {
            Tooltip.uninstall(node, tip);
        }
    }

    // The dashboard's own window

    private final javafx.beans.property.BooleanProperty windowOpen = new javafx.beans.property.SimpleBooleanProperty(this, "windowOpen");

    /** Whether the dashboard is in a window of its own. */
    public javafx.beans.property.ReadOnlyBooleanProperty windowOpenProperty() {
        return windowOpen;
    }

    /** Moves the dashboard into a resizable window of its own, or back into the tab. */
    public void toggleWindow() {
        if (window == null) {
            openInWindow();
        } else {
            window.close();
        }
    }

    private void openInWindow() {
        if (getScene() == null) {
            return;
        }
        Label note = new Label("The training dashboard is open in its own window.");
        note.getStyleClass().add("training-muted");
        Button back = new Button("Dock");
        back.setId("training-back-to-tab");
        back.setOnAction(e -> toggleWindow());
        VBox placeholder = new VBox(8, note, back);
        placeholder.setAlignment(Pos.CENTER);
        setCenter(placeholder);
        // room for the three charts side by side, within the screen
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        javafx.scene.Scene scene = new javafx.scene.Scene(dashboard, Math.min(1360, screen.getWidth() * 0.92),
                Math.min(860, screen.getHeight() * 0.92));
        scene.getStylesheets().setAll(getScene().getStylesheets());
        window = new javafx.stage.Stage();
        window.initOwner(getScene().getWindow());
        window.setTitle("Training \u2014 LayerLoom");
        if (getScene().getWindow() instanceof javafx.stage.Stage owner) {
            window.getIcons().setAll(owner.getIcons());
        }
        window.setScene(scene);
        window.setOnHidden(e -> {
            window.setScene(null);
            scene.setRoot(new javafx.scene.layout.Pane());
            window = null;
            setCenter(dashboard);
            windowOpen.set(false);
        });
        windowOpen.set(true);
        window.show();
    }

    private static void stateClass(Label label, State s) {
        label.getStyleClass().removeIf(c -> c.startsWith("state-"));
        label.getStyleClass().add("state-" + s.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The chooser's action: named data loads; "CSV file..." and "Image folder..." ask first. */
    private void chooseData(ComboBox<DataChoice> box) {
        DataChoice choice = box.getValue();
        if (choice == null || choice.equals(vm.data().selectedProperty().get()) && vm.data().dataProperty().get() != null) {
            return;
        }
        Optional<DataChoice> chosen = switch (choice.kind()) {
            case ASK_CSV -> askCsv();
            case ASK_FOLDER -> askFolder();
            default -> Optional.of(choice);
        };
        if (chosen.isPresent()) {
            vm.data().choose(chosen.get());
        }
        // a cancelled question leaves the chooser where it was
        box.setValue(vm.data().selectedProperty().get());
    }

    private Optional<DataChoice> askCsv() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Train on a CSV file");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
        java.io.File file = chooser.showOpenDialog(getScene().getWindow());
        if (file == null) {
            return Optional.empty();
        }
        List<String> columns = CsvColumns.read(file.toPath());
        if (columns.isEmpty()) {
            return Optional.of(DataChoice.csv(file.toPath(), Optional.empty()));
        }
        javafx.scene.control.ChoiceDialog<String> ask = new javafx.scene.control.ChoiceDialog<>(columns.get(columns.size() - 1),
                columns);
        ask.initOwner(getScene().getWindow());
        ask.setTitle("Label column");
        ask.setHeaderText("Which column holds the class of each row?");
        ask.setContentText("Label column:");
        return ask.showAndWait().map(c -> DataChoice.csv(file.toPath(), Optional.of(c)));
    }

    private Optional<DataChoice> askFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Train on an image folder (one sub-folder per class)");
        java.io.File dir = chooser.showDialog(getScene().getWindow());
        return dir == null ? Optional.empty() : Optional.of(DataChoice.folder(dir.toPath()));
    }
}
