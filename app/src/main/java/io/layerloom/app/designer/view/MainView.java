package io.layerloom.app.designer.view;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.layerloom.app.designer.view.Shortcuts.Shortcut;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.ExportViewModel;
import io.layerloom.app.designer.viewmodel.MainViewModel;
import io.layerloom.app.designer.viewmodel.SampleImage;
import io.layerloom.app.designer.viewmodel.WindowViewModels;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.graph.Graph;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.application.Application;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The whole window: menus, palette, canvas, inspector, the bottom tabs and a status bar.
 * It only arranges the parts, binds them to the view models it is given and turns menu items
 * into their commands; each part's logic is in its view model.
 */
public final class MainView extends BorderPane {

    public static final String STYLE_CLASS = "main-view";

    /** The canvas's share of the height while the Training tab is open. */
    private static final double TRAINING_DIVIDER = 0.5;

    private final WindowViewModels models;
    private final MainViewModel main;
    private final DocumentViewModel document;
    private final ExportViewModel export;
    private final CanvasView canvas;
    private final PaletteView palette;
    private final FindBar findBar;
    /** Made when the Training tab is first opened (or a command needs it): the window opens faster. */
    private TrainingView training;
    private final TabPane bottomTabs = new TabPane();
    private final Tab problemsTab;
    private final Tab summaryTab;
    private final Tab advisorTab;
    private final Tab codeTab;
    private final Tab trainingTab;
    private final Tab explainTab;
    private final BooleanProperty darkTheme;
    private final Runnable quit;

    public MainView(WindowViewModels models, BooleanProperty darkTheme, Runnable quit) {
        this.models = models;
        this.main = models.files();
        this.document = models.document();
        this.export = models.export();
        this.darkTheme = darkTheme;
        this.quit = quit;
        getStyleClass().add(STYLE_CLASS);
        // The theme defines the -color-* our style sheets look up: it comes with the view, so that
        // every window showing it (tests included) resolves them.
        applyTheme(darkTheme.get());
        darkTheme.addListener((o, was, is) -> applyTheme(is));

        canvas = new CanvasView(models.canvas());
        palette = new PaletteView(models.palette());
        InspectorView inspector = new InspectorView(models.inspector());
        problemsTab = tab("Problems", new ProblemsView(models.problems()));
        // The other tabs are built when first opened: the window appears sooner (docs/benchmarks.md).
        summaryTab = lazyTab("Summary", this::summaryWithProfile);
        advisorTab = lazyTab("Advisor", this::advisor);
        codeTab = lazyTab("Code", () -> new CodeView(models.code().get(), export::saveJavaSource));
        trainingTab = lazyTab("Training", this::training);
        explainTab = lazyTab("Explain", this::explain);
        bottomTabs.getTabs().setAll(List.of(problemsTab, summaryTab, advisorTab, codeTab, trainingTab, explainTab));
        bottomTabs.setId("bottom-tabs");
        problemsTab.textProperty().bind(models.status().problemsTitleProperty());

        canvas.showTimeShares(models.profile().shareByNode());
        findBar = new FindBar(models.canvas().find(), canvas::requestFocus);
        BorderPane canvasArea = new BorderPane(canvas, findBar, null, null, null);
        SplitPane centre = new SplitPane(canvasArea, bottomTabs);
        centre.setOrientation(Orientation.VERTICAL);
        centre.setDividerPositions(0.68);
        SplitPane.setResizableWithParent(bottomTabs, false);
        // The Training tab needs room for its charts: half the height while it is open (the canvas
        // keeps the other half), and the canvas gets its height back when another tab is chosen.
        double[] canvasShare = {Double.NaN};
        bottomTabs.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> {
            // while it is open, the dashboard keeps its share when the window is resized
            // the Explain tab's pictures need the same room
            boolean roomy = is == trainingTab || is == explainTab;
            SplitPane.setResizableWithParent(bottomTabs, roomy);
            if (roomy && centre.getDividerPositions()[0] > TRAINING_DIVIDER) {
                canvasShare[0] = centre.getDividerPositions()[0];
                centre.setDividerPositions(TRAINING_DIVIDER);
            } else if ((was == trainingTab || was == explainTab) && !roomy && !Double.isNaN(canvasShare[0])) {
                centre.setDividerPositions(canvasShare[0]);
                canvasShare[0] = Double.NaN;
            }
        });
        SplitPane body = new SplitPane(palette, centre, inspector);
        body.setDividerPositions(0.16, 0.80);
        SplitPane.setResizableWithParent(palette, false);
        SplitPane.setResizableWithParent(inspector, false);

        setTop(menuBar());
        setCenter(body);
        setBottom(statusBar());
        acceptDroppedFiles();
    }

    /** The Training tab's view, made on first use; training reaches the canvas from then on. */
    public TrainingView training() {
        if (training == null) {
            training = new TrainingView(models.training().get());
            trainingTab.setContent(training);
            // Live per-layer statistics beside the cards, and the chosen dataset's first image
            // under the receptive-field view.
            canvas.showStatistics(training.layerStatistics());
            ReadOnlyObjectProperty<SampleImage> firstImage = training.viewModel().data().firstImageProperty();
            firstImage.addListener((o, was, is) -> showUnderReceptiveField(is));
            showUnderReceptiveField(firstImage.get());
            training.addEventHandler(ConfusionCellEvent.OPEN, e -> {
                bottomTabs.getSelectionModel().select(explainTab);
                models.explain().get().openCell(e.truth(), e.predicted(), e.set(), e.epoch());
            });
        }
        return training;
    }

    /** The Explain tab, which opens the network when it is first shown. */
    private javafx.scene.Node explain() {
        models.explain().get().activeProperty().bind(explainTab.selectedProperty());
        return new ExplainView(models.explain().get());
    }

    /** The Summary table, whose Time column a profile fills. */
    private javafx.scene.Node summaryWithProfile() {
        SummaryView summary = new SummaryView(models.summary().get());
        summary.showTimes(models.profile().timeByNode());
        summary.showBeforeAfter(models.advisor().get().beforeAfterProperty());
        return summary;
    }

    /** The Advisor tab, which computes its advice only while it is shown. */
    private javafx.scene.Node advisor() {
        models.advisor().get().activeProperty().bind(advisorTab.selectedProperty());
        return new AdvisorView(models.advisor().get());
    }

    /** Run > Profile: shows the Summary, where the times arrive, and profiles. */
    private void profile() {
        bottomTabs.getSelectionModel().select(summaryTab);
        models.profile().profile();
    }

    /** Stops the Training tab's animation, if the tab was ever opened (the window is closing). */
    public void shutdown() {
        if (training != null) {
            training.shutdown();
        }
    }

    private Tab lazyTab(String title, java.util.function.Supplier<javafx.scene.Node> content) {
        Tab tab = tab(title, null);
        tab.selectedProperty().addListener((o, was, is) -> {
            if (is && tab.getContent() == null) {
                tab.setContent(content.get());
            }
        });
        return tab;
    }

    private void showUnderReceptiveField(SampleImage sample) {
        canvas.setSampleImage(sample == null ? null : SampleThumbnails.image(sample));
    }

    /** Sets the AtlantaFX theme (light or dark) for the whole application. */
    public static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    public CanvasView canvas() {
        return canvas;
    }

    public TabPane bottomTabs() {
        return bottomTabs;
    }

    // Menus

    private MenuBar menuBar() {
        Menu recent = new Menu("Open Recent");
        recent.setId("menu-recent");
        main.recentFiles().addListener((ListChangeListener<Path>) c -> fillRecent(recent));
        fillRecent(recent);

        Menu exports = new Menu("Export", null,
                item("Java Source\u2026", null, export::exportJava),
                exportModelItem(),
                new SeparatorMenuItem(),
                item("Picture (PNG)\u2026", null, this::exportPng),
                item("Picture (SVG)\u2026", null, this::exportSvg));
        Menu file = new Menu("File", null,
                item("New", Shortcuts.NEW, main::newBlank),
                item("New from Template\u2026", Shortcuts.NEW_FROM_TEMPLATE, this::showTemplates),
                item("Open\u2026", Shortcuts.OPEN, main::open),
                recent,
                withId(item("Import ONNX\u2026", null, models.onnx()::importOnnx), "menu-import-onnx"),
                new SeparatorMenuItem(),
                item("Save", Shortcuts.SAVE, main::save),
                item("Save As\u2026", Shortcuts.SAVE_AS, main::saveAs),
                exports,
                withId(item("Export ONNX\u2026", null, models.onnx()::exportOnnx), "menu-export-onnx"),
                new SeparatorMenuItem(),
                item("Quit", Shortcuts.QUIT, quit));

        MenuItem undo = item("Undo", Shortcuts.UNDO, document::undo);
        undo.setId("menu-undo");
        undo.textProperty().bind(document.undoTextProperty());
        undo.disableProperty().bind(document.canUndoProperty().not());
        MenuItem redo = item("Redo", Shortcuts.REDO, document::redo);
        redo.setId("menu-redo");
        redo.textProperty().bind(document.redoTextProperty());
        redo.disableProperty().bind(document.canRedoProperty().not());
        MenuItem cut = item("Cut", Shortcuts.CUT, canvas::cut);
        MenuItem copy = item("Copy", Shortcuts.COPY, canvas::copy);
        MenuItem duplicate = item("Duplicate", Shortcuts.DUPLICATE, canvas::duplicate);
        MenuItem delete = item("Delete", Shortcuts.DELETE, canvas::deleteSelection);
        MenuItem freeze = item("Freeze up to Here", null, canvas::freezeUpToHere);
        freeze.setId("menu-freeze");
        for (MenuItem needsSelection : List.of(cut, copy, duplicate, delete, freeze)) {
            needsSelection.disableProperty().bind(document.hasSelection().not());
        }
        var blocks = models.canvas().blocks();
        MenuItem makeBlock = withId(item("Make Block\u2026", Shortcuts.MAKE_BLOCK,
                () -> BlockMenu.makeBlock(blocks, getScene().getWindow())), "menu-make-block");
        makeBlock.disableProperty().bind(blocks.makeBlockedProperty().isNotEmpty());
        Menu edit = new Menu("Edit", null, undo, redo, new SeparatorMenuItem(), cut, copy,
                item("Paste", Shortcuts.PASTE, canvas::paste), duplicate, delete, new SeparatorMenuItem(),
                makeBlock, new SeparatorMenuItem(),
                freeze, item("Unfreeze All", null, canvas::unfreezeAll), new SeparatorMenuItem(),
                item("Select All", Shortcuts.SELECT_ALL, canvas::selectAll),
                item("Arrange Automatically", Shortcuts.LAYOUT, canvas::autoLayout));

        CheckMenuItem snap = new CheckMenuItem("Snap to Grid");
        snap.selectedProperty().bindBidirectional(canvas.snapToGridProperty());
        CheckMenuItem minimap = new CheckMenuItem("Minimap");
        minimap.setId("menu-minimap");
        minimap.selectedProperty().bindBidirectional(canvas.minimapShownProperty());
        CheckMenuItem dark = new CheckMenuItem("Dark Theme");
        dark.setId("menu-dark-theme");
        dark.selectedProperty().bindBidirectional(darkTheme);
        Menu view = new Menu("View", null,
                item("Zoom In", Shortcuts.ZOOM_IN, canvas::zoomIn),
                item("Zoom Out", Shortcuts.ZOOM_OUT, canvas::zoomOut),
                item("Zoom to Fit", Shortcuts.ZOOM_FIT, canvas::zoomToFit),
                withId(item("Find Layer\u2026", Shortcuts.FIND_LAYER, this::find), "menu-find"),
                item("Find Next", Shortcuts.FIND_NEXT, this::findNext),
                item("Find Previous", Shortcuts.FIND_PREVIOUS, () -> findBar.model().previous()),
                snap, minimap, new SeparatorMenuItem(),
                withId(disabledUnless(item("Expand All Blocks", null, () -> blocks.setAllCollapsed(false)),
                        blocks.anyCollapsedProperty()), "menu-expand-all"),
                withId(disabledUnless(item("Collapse All Blocks", null, () -> blocks.setAllCollapsed(true)),
                        blocks.anyExpandedProperty()), "menu-collapse-all"),
                new SeparatorMenuItem(),
                item("Problems", Shortcuts.SHOW_PROBLEMS, () -> bottomTabs.getSelectionModel().select(problemsTab)),
                item("Summary", Shortcuts.SHOW_SUMMARY, () -> bottomTabs.getSelectionModel().select(summaryTab)),
                item("Code", Shortcuts.SHOW_CODE, () -> bottomTabs.getSelectionModel().select(codeTab)),
                item("Training", Shortcuts.SHOW_TRAINING, () -> bottomTabs.getSelectionModel().select(trainingTab)),
                new SeparatorMenuItem(), dark);

        Menu help = new Menu("Help", null,
                item("Keyboard Shortcuts", Shortcuts.HELP, () -> HelpDialogs.showShortcuts(getScene().getWindow())),
                item("About LayerLoom", null, () -> HelpDialogs.showAbout(getScene().getWindow(), models.about())));

        // A disabled item says nothing: why Make Block is off goes to the status line when the
        // menu opens on a selection and when Ctrl+G is pressed.
        edit.setOnShowing(e -> {
            if (!document.selection().isEmpty()) {
                makeBlockOff(blocks.makeBlockedProperty().get());
            }
        });
        addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (Shortcuts.MAKE_BLOCK.keys().match(e) && makeBlock.isDisable()) {
                makeBlockOff(blocks.makeBlockedProperty().get());
                e.consume();
            }
        });

        MenuItem profile = withId(item("Profile Training Iteration", null, this::profile), "menu-profile");
        profile.disableProperty().bind(models.profile().canProfileBinding().not());
        MenuItem cancelProfile = withId(item("Cancel Profiling", null, models.profile()::cancel), "menu-profile-cancel");
        cancelProfile.disableProperty().bind(models.profile().runningProperty().not());
        MenuItem prune = withId(item("Prune Trained Model\u2026", null, this::prune), "menu-prune");
        Menu run = new Menu("Run", null, profile, cancelProfile, new SeparatorMenuItem(), prune, new SeparatorMenuItem(),
                ThreadsMenu.of(models.threads()));

        MenuBar bar = new MenuBar(file, edit, view, run, help);
        bar.setId("menu-bar");
        return bar;
    }

    /** Run > Prune Trained Model: the dialog on the open graph's trained model. */
    private void prune() {
        new PruneDialog(getScene().getWindow(), models.prune().get(), models.document().displayName()).show();
    }

    /** Ctrl+F: searches the palette when the palette has the keyboard, else finds layers in the graph. */
    private void find() {
        javafx.scene.Node focus = getScene() == null ? null : getScene().getFocusOwner();
        for (javafx.scene.Node n = focus; n != null; n = n.getParent()) {
            if (n == palette) {
                palette.focusSearch();
                return;
            }
        }
        findBar.open();
    }

    /** F3: the next match, or the find bar when there is nothing to find yet. */
    private void findNext() {
        if (findBar.model().matches().isEmpty()) {
            findBar.open();
        } else {
            findBar.model().next();
        }
    }

    public FindBar findBar() {
        return findBar;
    }

    /**
     * Export > Trained DL4J Model: off, with the reason as a tooltip, unless the open graph has a
     * network of its own (a plain menu item has no tooltip, so its label carries it).
     */
    private MenuItem exportModelItem() {
        Label label = new Label("Trained DL4J Model\u2026");
        Tooltip why = new Tooltip();
        why.textProperty().bind(export.modelExportBlockedProperty());
        Tooltip.install(label, why);
        CustomMenuItem item = new CustomMenuItem(label);
        item.setId("menu-export-model");
        item.disableProperty().bind(export.modelExportBlockedProperty().isNotEmpty());
        item.setOnAction(e -> export.exportModel());
        return item;
    }

    private void fillRecent(Menu recent) {
        recent.getItems().clear();
        for (Path p : main.recentFiles()) {
            MenuItem open = new MenuItem(p.getFileName() + "  \u2014  " + p.getParent());
            open.setMnemonicParsing(false);
            open.setOnAction(e -> main.open(p));
            recent.getItems().add(open);
        }
        recent.setDisable(recent.getItems().isEmpty());
    }

    private static MenuItem item(String text, Shortcut shortcut, Runnable action) {
        MenuItem item = new MenuItem(text);
        // Undo and Redo show node ids ("Undo Set shape of input_1"): an underscore is text, not a mnemonic.
        item.setMnemonicParsing(false);
        if (shortcut != null) {
            item.setAccelerator(shortcut.keys());
        }
        item.setOnAction(e -> action.run());
        return item;
    }

    private void makeBlockOff(String why) {
        if (!why.isEmpty()) {
            models.status().show("Make Block is off: " + why);
        }
    }

    private static MenuItem disabledUnless(MenuItem item, javafx.beans.value.ObservableBooleanValue on) {
        item.disableProperty().bind(javafx.beans.binding.Bindings.not(on));
        return item;
    }

    private static MenuItem withId(MenuItem item, String id) {
        item.setId(id);
        return item;
    }

    private static Tab tab(String title, javafx.scene.Node content) {
        Tab tab = new Tab(title, content);
        tab.setClosable(false);
        tab.setId("tab-" + title.toLowerCase(java.util.Locale.ROOT));
        return tab;
    }

    // Status bar

    private Region statusBar() {
        Label status = new Label();
        status.setId("status-message");
        status.textProperty().bind(models.status().messageProperty());
        Label totals = new Label();
        totals.setId("status-totals");
        totals.textProperty().bind(models.status().totalsProperty());
        // An import's progress (a 100 MB model reads for seconds); hidden when none runs.
        ProgressBar progress = new ProgressBar();
        progress.setId("status-progress");
        progress.setPrefWidth(160);
        progress.progressProperty().bind(models.onnx().progressProperty());
        progress.visibleProperty().bind(models.onnx().progressProperty().greaterThanOrEqualTo(0));
        progress.managedProperty().bind(progress.visibleProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(12, progress, status, gap, new ProfileStatus(models.profile()), totals);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    // Files

    private void acceptDroppedFiles() {
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && !e.getDragboard().hasContent(DesignerFormats.LAYER_KIND)) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        setOnDragDropped(e -> {
            List<java.io.File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            if (!files.isEmpty()) {
                models.onnx().openDropped(files.get(0).toPath());
                e.setDropCompleted(true);
                e.consume();
            }
        });
    }

    private void showTemplates() {
        TemplateGallery.choose(getScene().getWindow()).ifPresent(main::newFromTemplate);
    }

    /** The canvas as a PNG: the snapshot is taken now, on the UI thread; the file is written on the file thread. */
    private void exportPng() {
        export.exportPng(() -> {
            WritableImage picture = canvas.picture();
            return target -> PngFiles.write(picture, target);
        });
    }

    /** The canvas as SVG, with the canvas's own wire routes; the text is made on the file thread. */
    private void exportSvg() {
        export.exportSvg(() -> {
            Graph graph = document.graph();
            Analysis analysis = document.analysis();
            Map<String, GraphPicture.Route> routes = canvas.svgRoutes();
            return () -> GraphPicture.svg(graph, analysis, routes);
        });
    }
}
