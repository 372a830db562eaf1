package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.task.LatestTask;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.BlockEdits;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.History;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One open graph: its undo history, the file it belongs to, its analysis, and the selection.
 * Every view of the window reads the graph from here and changes it only through {@link #apply}.
 *
 * <p>The analysis is a {@link LatestTask}: it runs in the background and a newer graph
 * supersedes an analysis still running, so a burst of edits costs one analysis that is shown.
 * Tests pass {@code Runnable::run} for both executors and get everything synchronously.
 */
public final class DocumentViewModel {

    // Properties
    private final ReadOnlyObjectWrapper<Graph> graph = new ReadOnlyObjectWrapper<>(this, "graph");
    private final ReadOnlyObjectWrapper<Analysis> analysis = new ReadOnlyObjectWrapper<>(this, "analysis");
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    /** The parameter values the document carries (imported, or read beside its file); null for none. */
    private final ReadOnlyObjectWrapper<HeldWeights> weights = new ReadOnlyObjectWrapper<>(this, "weights");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper(this, "undoText", "Undo");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper(this, "redoText", "Redo");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title");
    private final LongProperty revision = new SimpleLongProperty(this, "revision");
    /** Counts the documents opened in this window (New, a template, Open, an import): what belongs to one is not the next's. */
    private final javafx.beans.property.ReadOnlyLongWrapper opened = new javafx.beans.property.ReadOnlyLongWrapper(this, "opened");
    /** Selected node ids in selection order; the last one is the primary selection. */
    private final ObservableList<String> selection = FXCollections.observableArrayList();
    /**
     * One wrapper, kept: an unmodifiable view listens to its list weakly, so a fresh one per call
     * would lose listeners. Made after the primary-selection listener, so that whoever listens to
     * the view already sees the new primary selection.
     */
    private final ObservableList<String> selectionView;
    private final ReadOnlyObjectWrapper<String> primary = new ReadOnlyObjectWrapper<>(this, "primary");
    /** The node a view asked to bring into sight (Problems, palette double-click); views scroll to it. */
    private final ObjectProperty<RevealRequest> reveal = new SimpleObjectProperty<>(this, "reveal");

    private final History history;
    private final LatestTask<Analysis> analysisTask;
    private long revealSerial;
    /** The document came back from a recovery file: unsaved until it is saved, whatever undo does. */
    private boolean recovered;

    /** A request to scroll a node into view; the serial makes two requests for one id distinct. */
    public record RevealRequest(String id, long serial) {
    }

    /** The window's document: the analysis runs on {@code background}, its failures reach {@code tasks}' status line. */
    public DocumentViewModel(Graph initial, BackgroundTasks tasks, Executor background) {
        this.history = new History(Objects.requireNonNull(initial, "initial"));
        this.analysisTask = tasks.latest("Analysis", background);
        history.addListener(this::historyChanged);
        selection.addListener((javafx.collections.ListChangeListener<String>) c ->
                primary.set(selection.isEmpty() ? null : selection.get(selection.size() - 1)));
        selectionView = FXCollections.unmodifiableObservableList(selection);
        title.bind(titleBinding());
        historyChanged();
    }

    /** A document whose analysis runs on {@code background} and arrives through {@code ui} (tests, tools). */
    public DocumentViewModel(Graph initial, Executor background, Executor ui) {
        this(initial, new BackgroundTasks(ui), background);
    }

    /** A document whose analysis runs synchronously: for tests and tools. */
    public static DocumentViewModel direct(Graph initial) {
        return new DocumentViewModel(initial, Runnable::run, Runnable::run);
    }

    // Commands

    /** Applies one undoable edit. An edit that changes nothing adds no step. */
    public void apply(Edit edit) {
        history.apply(edit);
    }

    public void undo() {
        if (history.canUndo()) {
            history.undo();
        }
    }

    public void redo() {
        if (history.canRedo()) {
            history.redo();
        }
    }

    /** Replaces the document (New, Open): a fresh history, nothing selected, no parameter values. */
    public void replace(Graph newGraph, Path newFile) {
        replace(newGraph, newFile, null);
    }

    /** Replaces the document with a graph that carries parameter values (an import, a file with its model). */
    public void replace(Graph newGraph, Path newFile, HeldWeights newWeights) {
        recovered = false;
        selection.clear();
        file.set(newFile);
        weights.set(newWeights);
        history.reset(Objects.requireNonNull(newGraph, "newGraph"));
        opened.set(opened.get() + 1);
    }

    /**
     * Replaces the document with work restored after a crash: {@code original} is the file it was
     * an edit of (null if never saved); it has unsaved changes until it is saved, so Save writes
     * it back to {@code original} and Save As anywhere.
     */
    public void replaceRecovered(Graph restored, Path original) {
        selection.clear();
        file.set(original);
        weights.set(null);
        recovered = true;
        history.reset(Objects.requireNonNull(restored, "restored"));
        opened.set(opened.get() + 1);
    }

    /** Records that the model file beside the graph's file now holds {@code saved}. */
    public void markWeightsSaved(HeldWeights saved) {
        weights.set(Objects.requireNonNull(saved, "saved"));
    }

    /** Records that the current graph is what {@code savedTo} holds. */
    public void markSaved(Path savedTo) {
        recovered = false;
        file.set(Objects.requireNonNull(savedTo, "savedTo"));
        history.markSaved();
    }

    public void select(Collection<String> ids) {
        Set<String> unique = new LinkedHashSet<>();
        for (String id : ids) {
            if (graph.get().contains(id)) {
                unique.add(id);
            }
        }
        if (!List.copyOf(unique).equals(selection)) {
            selection.setAll(unique);
        }
    }

    public void select(String id) {
        select(id == null ? List.of() : List.of(id));
    }

    public void clearSelection() {
        selection.clear();
    }

    /**
     * Selects a node and asks the canvas to bring it into view; a layer hidden in a collapsed
     * block is shown by expanding the block (an edit of its own, undoable). The member that shows
     * the collapsed block's card selects that card, as a click on it does.
     */
    public void reveal(String id) {
        if (id != null && graph.get().contains(id)) {
            Graph g = graph.get();
            // the member that shows a collapsed block's card is on the canvas already: that card is selected
            g.blockOf(id).filter(b -> b.collapsed() && !BlockEdits.cardMember(g, b).equals(id))
                    .ifPresent(b -> apply(new Edit.SetBlockCollapsed(b.id(), false)));
            select(id);
            reveal.set(new RevealRequest(id, ++revealSerial));
        }
    }

    // Property accessors

    public Graph graph() {
        return graph.get();
    }

    public ReadOnlyObjectProperty<Graph> graphProperty() {
        return graph.getReadOnlyProperty();
    }

    /** The analysis of the current graph, or of a recent one while a newer analysis runs. */
    public Analysis analysis() {
        return analysis.get();
    }

    public ReadOnlyObjectProperty<Analysis> analysisProperty() {
        return analysis.getReadOnlyProperty();
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file.get());
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    /** The parameter values the document carries, if any. */
    public Optional<HeldWeights> weights() {
        return Optional.ofNullable(weights.get());
    }

    public ReadOnlyObjectProperty<HeldWeights> weightsProperty() {
        return weights.getReadOnlyProperty();
    }

    public boolean isDirty() {
        return dirty.get();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    /** "Undo Add Conv2D", or "Undo" when there is nothing to undo. */
    public ReadOnlyStringProperty undoTextProperty() {
        return undoText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty redoTextProperty() {
        return redoText.getReadOnlyProperty();
    }

    /** "* resnet18.json - LayerLoom" with the mark while there are unsaved changes. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Changes on every edit, undo, redo, open and save. */
    public ReadOnlyLongProperty revisionProperty() {
        return revision;
    }

    /** Changes when another document replaces this one (after its graph has): a run's results stay with their document. */
    public ReadOnlyLongProperty openedProperty() {
        return opened.getReadOnlyProperty();
    }

    public ObservableList<String> selection() {
        return selectionView;
    }

    public String primarySelection() {
        return primary.get();
    }

    public ReadOnlyObjectProperty<String> primarySelectionProperty() {
        return primary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RevealRequest> revealProperty() {
        return reveal;
    }

    /** Whether there is anything selected: enablement for Delete, Copy, Duplicate. */
    public BooleanBinding hasSelection() {
        return Bindings.isNotEmpty(selection);
    }

    // Internals

    private void historyChanged() {
        Graph current = history.current();
        graph.set(current);
        dirty.set(recovered || history.isDirty());
        canUndo.set(history.canUndo());
        canRedo.set(history.canRedo());
        undoText.set(history.undoDescription().map(d -> "Undo " + d).orElse("Undo"));
        redoText.set(history.redoDescription().map(d -> "Redo " + d).orElse("Redo"));
        revision.set(history.revision());
        List<String> kept = new ArrayList<>();
        for (String id : selection) {
            if (current.contains(id)) {
                kept.add(id);
            }
        }
        if (kept.size() != selection.size()) {
            selection.setAll(kept);
        }
        analyse(current);
    }

    private void analyse(Graph g) {
        analysisTask.request(() -> GraphAnalysis.analyze(g), analysis::set);
    }

    /** What the window calls this document: its file's name, else the graph's name, else "Untitled". */
    public String displayName() {
        if (file.get() != null) {
            return String.valueOf(file.get().getFileName());
        }
        Graph g = graph.get();
        return g == null || g.name().isBlank() ? "Untitled" : g.name();
    }

    private StringBinding titleBinding() {
        return Bindings.createStringBinding(() -> (dirty.get() ? "\u25CF " : "") + displayName() + " \u2014 LayerLoom",
                file, dirty, graph);
    }
}
