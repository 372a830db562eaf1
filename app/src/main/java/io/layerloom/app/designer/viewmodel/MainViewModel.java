package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.service.DialogService;
import io.layerloom.app.designer.service.NetworkFileService;
import io.layerloom.app.designer.service.RecentFilesStore;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.template.Template;
import io.layerloom.model.template.Templates;
import io.layerloom.model.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The window's file commands: New, New from template, Open, Save, Save As, recent files and the
 * question before unsaved changes are lost; what they did goes to the {@link StatusViewModel}. Reading and writing run on {@code io}; results come
 * back through {@code ui}. A file that cannot be read changes nothing and says why. A document that
 * carries parameter values ({@link HeldWeights}: an ONNX import, or a file opened with its
 * {@code NAME.dl4j.zip}) is saved with them beside it, without the layers whose shape changed.
 */
public final class MainViewModel {

    public static final int RECENT_LIMIT = 8;

    // Properties
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
    private final ObservableList<Path> recentFilesView = FXCollections.unmodifiableObservableList(recentFiles);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");

    private final DocumentViewModel document;
    private final StatusViewModel status;
    private final DialogService dialogs;
    private final RecentFilesStore recentStore;
    private final Executor io;
    private final Executor ui;
    private final UnaryOperator<Graph> placeMissing;
    private final NetworkFileService networks;

    /** A window whose documents never carry parameter values (no model files read or written). */
    public MainViewModel(DocumentViewModel document, StatusViewModel status, DialogService dialogs,
                         RecentFilesStore recentStore, Executor io, Executor ui, UnaryOperator<Graph> placeMissing) {
        this(document, status, dialogs, recentStore, io, ui, placeMissing, NetworkFileService.NONE);
    }

    /**
     * @param placeMissing gives positions to nodes that have none (a file written by hand, a
     *                     template); runs on {@code io}
     * @param networks     reads and writes the model files beside graphs, and ONNX
     */
    public MainViewModel(DocumentViewModel document, StatusViewModel status, DialogService dialogs,
                         RecentFilesStore recentStore, Executor io, Executor ui, UnaryOperator<Graph> placeMissing,
                         NetworkFileService networks) {
        this.networks = Objects.requireNonNull(networks, "networks");
        this.document = Objects.requireNonNull(document, "document");
        this.status = Objects.requireNonNull(status, "status");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.recentStore = Objects.requireNonNull(recentStore, "recentStore");
        this.io = Objects.requireNonNull(io, "io");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.placeMissing = Objects.requireNonNull(placeMissing, "placeMissing");
        recentFiles.setAll(recentStore.load().stream().limit(RECENT_LIMIT).toList());
    }

    public DocumentViewModel document() {
        return document;
    }

    // Commands

    /** A blank graph, after asking about unsaved changes. */
    public void newBlank() {
        whenDiscardable(() -> {
            document.replace(Graph.empty("untitled"), null);
            status.show("New graph");
        });
    }

    /** A copy of a template, not yet saved anywhere. */
    public void newFromTemplate(Template template) {
        whenDiscardable(() -> runIo("Opening template " + template.title(),
                () -> placeMissing.apply(Templates.graph(template)),
                g -> {
                    document.replace(g, null);
                    status.show("New graph from the " + template.title() + " template");
                }));
    }

    /** Asks for a file and opens it. */
    public void open() {
        whenDiscardable(() -> dialogs.chooseFileToOpen().ifPresent(this::openWithoutAsking));
    }

    /** Opens {@code file} after asking about unsaved changes (recent files, a dropped file). */
    public void open(Path file) {
        whenDiscardable(() -> openWithoutAsking(file));
    }

    /** Opens a file given on the command line: no question, there is nothing to lose yet. */
    public void openAtStart(Path file) {
        openWithoutAsking(file);
    }

    /** Saves to the document's file, or asks for one. Returns false when nothing was written. */
    public void save() {
        Optional<Path> target = document.file();
        if (target.isPresent()) {
            write(target.get(), () -> { });
        } else {
            saveAs();
        }
    }

    public void saveAs() {
        askSaveTarget().ifPresent(target -> write(target, () -> { }));
    }

    /**
     * Before the window closes: true when it may close now. With unsaved changes the user
     * chooses; "Save" writes first and closes through {@code closeAfterSave} once written.
     */
    public boolean canClose(Runnable closeAfterSave) {
        return settleUnsaved(closeAfterSave);
    }

    // Property accessors

    public ObservableList<Path> recentFiles() {
        return recentFilesView;
    }

    /** Whether a file is being read or written. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /**
     * Writes an export on the file thread ({@code write} must not touch the window: prepare what it
     * needs first); the status bar then says where it went, or a failure is shown.
     */
    public void export(Path target, java.util.concurrent.Callable<?> write) {
        runIo("Export", () -> {
            try {
                write.call();
            } catch (java.io.IOException | RuntimeException e) {
                throw new OpenFailure("Could not write " + target + ": " + e.getMessage());
            }
            return target;
        }, written -> status.show("Exported " + written.toAbsolutePath()));
    }

    /** {@link #export} of a text file, the text made on the file thread too. */
    public void exportText(Path target, java.util.concurrent.Callable<String> text) {
        export(target, () -> {
            AtomicFiles.writeString(target, text.call());
            return null;
        });
    }

    // Internals

    /**
     * The one question before unsaved changes could be lost. True: nothing is unsaved, or the
     * user discards it, so go on now. False: the user cancelled, or chose to save, in which case
     * the file is written in the background and {@code afterSave} runs once it is (not if the
     * save fails).
     */
    private boolean settleUnsaved(Runnable afterSave) {
        if (!document.isDirty()) {
            return true;
        }
        switch (dialogs.askUnsavedChanges(document.displayName())) {
            case DISCARD:
                return true;
            case SAVE:
                document.file().or(this::askSaveTarget).ifPresent(target -> write(target, afterSave));
                return false;
            case CANCEL:
            default:
                return false;
        }
    }

    /** Runs {@code action} now, or after the unsaved changes are saved, or never if the user cancels. */
    void whenDiscardable(Runnable action) {
        if (settleUnsaved(action)) {
            action.run();
        }
    }

    private Optional<Path> askSaveTarget() {
        Path suggested = document.file().orElse(Path.of(safeFileName(document.graph().name()) + ".json"));
        return dialogs.chooseFileToSave("Save graph", suggested, "LayerLoom graph (*.json)", "json")
                .map(p -> p.getFileName().toString().contains(".") ? p : p.resolveSibling(p.getFileName() + ".json"));
    }

    private void openWithoutAsking(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        runIo("Opening " + file.getFileName(), () -> {
            Graph g;
            try {
                g = placeMissing.apply(GraphJson.read(file));
            } catch (NoSuchFileException e) {
                throw new OpenFailure(file + ": there is no such file.");
            } catch (GraphFormatException e) {
                throw new OpenFailure(e.getMessage());
            } catch (IOException e) {
                throw new OpenFailure(file + ": cannot be read (" + e.getMessage() + ").");
            }
            try {
                Optional<Weights> beside = networks.weightsBeside(g, absolute);
                String warning = beside.isEmpty() ? "" : networks.recordWarning(absolute).map(w -> " (warning: " + w + ")").orElse("");
                return new Opened(g, beside.map(w -> HeldWeights.taken(w, GraphAnalysis.analyze(g), absolute)).orElse(null), warning);
            } catch (IOException e) {
                // the graph is still worth opening; saving writes a fresh model only if it gets values
                return new Opened(g, null, " (its model was not read: " + e.getMessage() + ")");
            }
        }, opened -> {
            document.replace(opened.graph(), absolute, opened.weights());
            remember(absolute);
            status.show("Opened " + absolute + (opened.weights() == null ? "" : " with the weights beside it") + opened.note());
        });
    }

    /** What Open read: the graph, the values beside it (null for none), and a note for the status line. */
    private record Opened(Graph graph, HeldWeights weights, String note) {
    }

    /**
     * Writes in the background; the saved mark is set only if the graph did not change meanwhile.
     * Held values are written beside the graph unless the model file there already holds them all.
     */
    private void write(Path target, Runnable afterSave) {
        Graph snapshot = document.graph();
        HeldWeights held = document.weights().orElse(null);
        Path absolute = target.toAbsolutePath().normalize();
        runIo("Saving " + target.getFileName(), () -> {
            try {
                if (held == null) {
                    writeFile(snapshot, target);
                    return new Saved(snapshot, null, "");
                }
                Analysis analysis = GraphAnalysis.analyze(snapshot);
                List<String> stale = held.stale(analysis);
                if (stale.isEmpty() && absolute.equals(held.savedBeside())) {
                    writeFile(snapshot, target);
                    return new Saved(snapshot, held, "");
                }
                checkFolder(target);
                Weights kept = held.kept(analysis);
                Optional<String> lost = networks.save(snapshot, kept, target);
                return lost.map(why -> new Saved(snapshot, null, "; " + why))
                        .orElseGet(() -> new Saved(snapshot, HeldWeights.taken(kept, analysis, absolute),
                                " with its weights in " + ModelFiles.modelFor(absolute, null)));
            } catch (IOException e) {
                throw new OpenFailure("Could not save " + target + ": " + e.getMessage()
                        + ". The graph is still open; choose another place with Save As.");
            }
        }, saved -> {
            if (document.graph() == saved.graph()) {
                document.markSaved(absolute);
                if (saved.weights() != null && document.weights().orElse(null) == held) {
                    document.markWeightsSaved(saved.weights());
                }
            }
            remember(absolute);
            status.show("Saved " + absolute + saved.note());
            afterSave.run();
        });
    }

    /** What Save wrote: the graph, the values now beside it (null when they were not written), a note. */
    private record Saved(Graph graph, HeldWeights weights, String note) {
    }

    private static void writeFile(Graph g, Path target) throws IOException {
        checkFolder(target);
        GraphJson.write(g, target);
    }

    private static void checkFolder(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("the folder " + parent + " does not exist");
        }
    }

    private void remember(Path file) {
        List<Path> list = new ArrayList<>(recentFiles);
        list.remove(file);
        list.add(0, file);
        while (list.size() > RECENT_LIMIT) {
            list.remove(list.size() - 1);
        }
        recentFiles.setAll(list);
        recentStore.store(List.copyOf(list));
    }

    <T> void runIo(String what, java.util.concurrent.Callable<T> work, java.util.function.Consumer<T> done) {
        busy.set(true);
        status.show(what + "\u2026");
        io.execute(() -> {
            T result;
            try {
                result = work.call();
            } catch (Exception | StackOverflowError e) {
                // a failure of our own making is already written for the user
                String message = e instanceof OpenFailure ? e.getMessage() : what + " failed: " + e;
                boolean report = e instanceof OpenFailure f && f.report;
                ui.execute(() -> {
                    busy.set(false);
                    status.show(report ? what + " failed: see the report" : message);
                    if (report) {
                        dialogs.showReport(what + " failed", message);
                    } else {
                        dialogs.showError(what + " failed", message);
                    }
                });
                return;
            }
            ui.execute(() -> {
                busy.set(false);
                done.accept(result);
            });
        });
    }

    static String safeFileName(String name) {
        String cleaned = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return cleaned.isEmpty() ? "graph" : cleaned;
    }

    /**
     * A failure whose message is already written for the user; a {@code report} (a list the user may
     * want to copy, such as every operator an import cannot map) is shown in a dialog with a Copy button.
     */
    static final class OpenFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean report;

        OpenFailure(String message) {
            this(message, false);
        }

        OpenFailure(String message, boolean report) {
            super(message, null, false, false);
            this.report = report;
        }
    }

    // For the ONNX commands (OnnxViewModel), which open and write documents as these commands do.

    StatusViewModel status() {
        return status;
    }

    DialogService dialogs() {
        return dialogs;
    }

    NetworkFileService networks() {
        return networks;
    }

    Executor ui() {
        return ui;
    }
}
