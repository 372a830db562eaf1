package io.layerloom.app.designer.view;

import io.layerloom.app.designer.service.DialogService;
import io.layerloom.app.designer.view.Shortcuts.Shortcut;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.MainViewModel;
import io.layerloom.app.designer.viewmodel.SampleImage;
import io.layerloom.codegen.java.JavaSourceGenerator;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.report.Formats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The whole window: menus, palette, canvas, inspector, the bottom tabs and a status bar.
 * It only arranges the parts and turns menu items into commands; each part owns its logic.
 */
public final class MainView extends BorderPane {

    public static final String STYLE_CLASS = "main-view";

    private final MainViewModel main;
    private final DocumentViewModel document;
    private final DialogService dialogs;
    private final CanvasView canvas;
    private final PaletteView palette;
    /** Made when the Training tab is first opened (or a command needs it): the window opens faster. */
    private TrainingView training;
    private final TabPane bottomTabs = new TabPane();
    private final Tab problemsTab;
    private final Tab summaryTab;
    private final Tab codeTab;
    private final Tab trainingTab;
    private final BooleanProperty darkTheme;
    /** Held so that its listener lives as long as the window. */
    private javafx.collections.ObservableList<SampleImage> trainingSamples;
    private final Runnable quit;

    public MainView(MainViewModel main, DialogService dialogs, BooleanProperty darkTheme, Runnable quit) {
        this.main = main;
        this.document = main.document();
        this.dialogs = dialogs;
        this.darkTheme = darkTheme;
        this.quit = quit;
        getStyleClass().add(STYLE_CLASS);

        canvas = new CanvasView(document);
        palette = new PaletteView(document);
        InspectorView inspector = new InspectorView(document);
        problemsTab = tab("Problems", new ProblemsView(document));
        // The other tabs are built when first opened: the window appears sooner (docs/benchmarks.md).
        summaryTab = lazyTab("Summary", () -> new SummaryView(document));
        codeTab = lazyTab("Code", () -> new CodeView(document, this::saveJavaSource));
        trainingTab = lazyTab("Training", this::training);
        bottomTabs.getTabs().setAll(List.of(problemsTab, summaryTab, codeTab, trainingTab));
        bottomTabs.setId("bottom-tabs");
        problemsTab.textProperty().bind(Bindings.createStringBinding(() -> problemsTitle(document.analysis()),
                document.analysisProperty()));

        SplitPane centre = new SplitPane(canvas, bottomTabs);
        centre.setOrientation(Orientation.VERTICAL);
        centre.setDividerPositions(0.68);
        SplitPane.setResizableWithParent(bottomTabs, false);
        // The Training tab needs room for its charts: give it more of the height when it is opened.
        bottomTabs.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> {
            if (is == trainingTab && centre.getDividerPositions()[0] > 0.45) {
                centre.setDividerPositions(0.36);
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
            training = new TrainingView(document);
            trainingTab.setContent(training);
            // Live per-layer statistics beside the cards, and the chosen dataset's first image
            // under the receptive-field view.
            canvas.showStatistics(training.layerStatistics());
            trainingSamples = training.viewModel().data().samples();
            trainingSamples.addListener((ListChangeListener<SampleImage>) c -> showSampleUnderReceptiveField());
            showSampleUnderReceptiveField();
        }
        return training;
    }

    /** Stops a running training, if the tab was ever opened (the window is closing). */
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

    private void showSampleUnderReceptiveField() {
        SampleImage first = trainingSamples.stream().filter(s -> s.height() > 1 && s.width() > 1).findFirst().orElse(null);
        canvas.setSampleImage(first == null ? null : SampleThumbnails.image(first));
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

        Menu export = new Menu("Export", null,
                item("Graph JSON\u2026", null, this::exportJson),
                item("Java Source\u2026", null, this::exportJava),
                item("Trained DL4J Model\u2026", null, this::exportModel),
                new SeparatorMenuItem(),
                item("Picture (PNG)\u2026", null, this::exportPng),
                item("Picture (SVG)\u2026", null, this::exportSvg));
        Menu file = new Menu("File", null,
                item("New", Shortcuts.NEW, main::newBlank),
                item("New from Template\u2026", Shortcuts.NEW_FROM_TEMPLATE, this::showTemplates),
                item("Open\u2026", Shortcuts.OPEN, main::open),
                recent,
                new SeparatorMenuItem(),
                item("Save", Shortcuts.SAVE, main::save),
                item("Save As\u2026", Shortcuts.SAVE_AS, main::saveAs),
                export,
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
        for (MenuItem needsSelection : List.of(cut, copy, duplicate, delete)) {
            needsSelection.disableProperty().bind(document.hasSelection().not());
        }
        Menu edit = new Menu("Edit", null, undo, redo, new SeparatorMenuItem(), cut, copy,
                item("Paste", Shortcuts.PASTE, canvas::paste), duplicate, delete, new SeparatorMenuItem(),
                item("Select All", Shortcuts.SELECT_ALL, canvas::selectAll),
                item("Arrange Automatically", Shortcuts.LAYOUT, canvas::autoLayout));

        CheckMenuItem snap = new CheckMenuItem("Snap to Grid");
        snap.selectedProperty().bindBidirectional(canvas.snapToGridProperty());
        CheckMenuItem dark = new CheckMenuItem("Dark Theme");
        dark.setId("menu-dark-theme");
        dark.selectedProperty().bindBidirectional(darkTheme);
        Menu view = new Menu("View", null,
                item("Zoom In", Shortcuts.ZOOM_IN, canvas::zoomIn),
                item("Zoom Out", Shortcuts.ZOOM_OUT, canvas::zoomOut),
                item("Zoom to Fit", Shortcuts.ZOOM_FIT, canvas::zoomToFit),
                item("Find Layer", Shortcuts.FIND_LAYER, palette::focusSearch),
                snap, new SeparatorMenuItem(),
                item("Problems", Shortcuts.SHOW_PROBLEMS, () -> bottomTabs.getSelectionModel().select(problemsTab)),
                item("Summary", Shortcuts.SHOW_SUMMARY, () -> bottomTabs.getSelectionModel().select(summaryTab)),
                item("Code", Shortcuts.SHOW_CODE, () -> bottomTabs.getSelectionModel().select(codeTab)),
                item("Training", Shortcuts.SHOW_TRAINING, () -> bottomTabs.getSelectionModel().select(trainingTab)),
                new SeparatorMenuItem(), dark);

        Menu help = new Menu("Help", null,
                item("Keyboard Shortcuts", Shortcuts.HELP, () -> HelpDialogs.showShortcuts(getScene().getWindow())),
                item("About LayerLoom", null, () -> HelpDialogs.showAbout(getScene().getWindow())));

        MenuBar bar = new MenuBar(file, edit, view, help);
        bar.setId("menu-bar");
        return bar;
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
        if (shortcut != null) {
            item.setAccelerator(shortcut.keys());
        }
        item.setOnAction(e -> action.run());
        return item;
    }

    private static Tab tab(String title, javafx.scene.Node content) {
        Tab tab = new Tab(title, content);
        tab.setClosable(false);
        tab.setId("tab-" + title.toLowerCase(java.util.Locale.ROOT));
        return tab;
    }

    private static String problemsTitle(Analysis analysis) {
        if (analysis == null || analysis.diagnostics().isEmpty()) {
            return "Problems";
        }
        return "Problems (" + analysis.diagnostics().size() + ")";
    }

    // Status bar

    private Region statusBar() {
        Label status = new Label();
        status.setId("status-message");
        status.textProperty().bind(main.statusProperty());
        Label totals = new Label();
        totals.setId("status-totals");
        totals.textProperty().bind(Bindings.createStringBinding(() -> totalsText(document.analysis()),
                document.analysisProperty()));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(12, status, gap, totals);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private static String totalsText(Analysis a) {
        if (a == null) {
            return "";
        }
        long errors = a.count(io.layerloom.model.analysis.Severity.ERROR);
        long warnings = a.count(io.layerloom.model.analysis.Severity.WARNING);
        StringBuilder s = new StringBuilder();
        s.append(a.nodes().size()).append(a.nodes().size() == 1 ? " layer" : " layers");
        s.append(" \u00B7 ").append(Formats.grouped(a.totals().params())).append(" params");
        s.append(" \u00B7 ").append(errors).append(errors == 1 ? " error" : " errors");
        s.append(" \u00B7 ").append(warnings).append(warnings == 1 ? " warning" : " warnings");
        return s.toString();
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
                main.open(files.get(0).toPath());
                e.setDropCompleted(true);
                e.consume();
            }
        });
    }

    private void showTemplates() {
        TemplateGallery.choose(getScene().getWindow()).ifPresent(main::newFromTemplate);
    }

    private Path suggested(String extension) {
        String base = document.file().map(f -> f.getFileName().toString().replaceFirst("\\.json$", ""))
                .orElse(document.graph().name().isBlank() ? "graph" : document.graph().name());
        Path folder = document.file().map(Path::getParent).orElse(Path.of("."));
        return folder.resolve(base + "." + extension);
    }

    private void exportJson() {
        dialogs.chooseFileToSave("Export graph JSON", suggested("json"), "Graph JSON (*.json)", "json")
                .ifPresent(p -> {
                    io.layerloom.model.graph.Graph graph = document.graph(); // an immutable value: safe to read elsewhere
                    main.exportText(p, () -> GraphJson.write(graph));
                });
    }

    /** The Code tab's Save As: the source as shown (its package and class), written on the file thread. */
    private void saveJavaSource(String suggestedName, String source) {
        dialogs.chooseFileToSave("Save Java source", suggested("java").resolveSibling(suggestedName),
                        "Java source (*.java)", "java")
                .ifPresent(p -> main.exportText(p, () -> source));
    }

    private void exportJava() {
        String className = io.layerloom.codegen.java.JavaNames.classNameFor(document.graph().name());
        dialogs.chooseFileToSave("Export Java source", suggested("java").resolveSibling(className + ".java"),
                        "Java source (*.java)", "java")
                .ifPresent(p -> {
                    io.layerloom.model.graph.Graph graph = document.graph(); // an immutable value: safe to read elsewhere
                    main.exportText(p, () -> {
                        String cls = p.getFileName().toString().replaceFirst("\\.java$", "");
                        try {
                            return JavaSourceGenerator.generate(graph, "", cls);
                        } catch (JavaSourceGenerator.NotCompilable e) {
                            throw new IOException(e.getMessage());
                        }
                    });
                });
    }

    private void exportModel() {
        if (training == null || !training.hasTrainedModel()) {
            dialogs.showError("Nothing to export", "Nothing has been trained yet: train the network on the Training tab first.");
            return;
        }
        dialogs.chooseFileToSave("Export trained model", suggested("dl4j.zip"), "DL4J model (*.zip)", "zip")
                .ifPresent(p -> {
                    try {
                        main.export(p, training.modelExport(p));
                    } catch (IOException e) {
                        dialogs.showError("Export failed", e.getMessage());
                    }
                });
    }

    private void exportPng() {
        dialogs.chooseFileToSave("Export picture", suggested("png"), "PNG picture (*.png)", "png")
                .ifPresent(p -> {
                    try {
                        javafx.scene.image.WritableImage picture = canvas.picture();
                        main.export(p, () -> {
                            PngFiles.write(picture, p);
                            return null;
                        });
                    } catch (IOException e) {
                        dialogs.showError("Export failed", e.getMessage());
                    }
                });
    }

    private void exportSvg() {
        dialogs.chooseFileToSave("Export picture", suggested("svg"), "SVG picture (*.svg)", "svg")
                .ifPresent(p -> {
                    io.layerloom.model.graph.Graph graph = document.graph();
                    io.layerloom.model.analysis.Analysis analysis = document.analysis();
                    java.util.Map<String, GraphPicture.Route> routes = canvas.svgRoutes(); // the canvas's own wires
                    main.exportText(p, () -> GraphPicture.svg(graph, analysis, routes));
                });
    }
}
