package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.service.PruneService;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.task.LatestTask;
import io.layerloom.app.prune.PruneNetworks;
import io.layerloom.app.prune.PruneSession;
import io.layerloom.model.graph.Graph;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The designer's Prune dialog: the sensitivity analysis of the model trained beside the open
 * graph's file (a chart per layer), and structured pruning with a ratio and fine-tuning epochs
 * into {@code NAME-pruned.json} beside it, both in the background with progress and cancel
 * ({@link PruneService}); the smaller graph is then offered to open.
 */
public final class PruneViewModel {

    // Properties
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyObjectWrapper<PruneSession.Sensitivity> sensitivity = new ReadOnlyObjectWrapper<>(this, "sensitivity");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper(this, "result", "");
    private final ReadOnlyObjectWrapper<Path> pruned = new ReadOnlyObjectWrapper<>(this, "pruned");
    private final DoubleProperty ratio = new SimpleDoubleProperty(this, "ratio", 0.5);
    private final IntegerProperty fineTuneEpochs = new SimpleIntegerProperty(this, "fineTuneEpochs", 1);
    private final BooleanBinding canStart;
    private final ReadOnlyStringWrapper blocked = new ReadOnlyStringWrapper(this, "blocked", "");

    private final DocumentViewModel document;
    private final MainViewModel files;
    private final PruneService service;
    private final LatestTask<Object> task;
    private final Executor ui;
    private AtomicBoolean cancelled = new AtomicBoolean();

    /**
     * @param background runs the analysis and the pruning (a worker thread of its own in the window)
     * @param ui         delivers progress to the UI thread
     */
    public PruneViewModel(MainViewModel files, PruneService service, BackgroundTasks tasks, Executor background, Executor ui) {
        this.files = Objects.requireNonNull(files, "files");
        this.document = files.document();
        this.service = Objects.requireNonNull(service, "service");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.task = tasks.latest("Pruning", background);
        canStart = Bindings.createBooleanBinding(() -> !task.runningProperty().get() && whyNot().isEmpty(),
                task.runningProperty(), document.analysisProperty(), document.fileProperty(), document.dirtyProperty());
        blocked.bind(Bindings.createStringBinding(this::whyNot, document.analysisProperty(), document.fileProperty(),
                document.dirtyProperty()));
    }

    // Commands

    /** For each convolution, the test accuracy with 10% .. 90% of its filters removed. */
    public void analyse() {
        if (!canStart.get()) {
            return;
        }
        Graph graph = document.graph();
        Path file = document.file().orElseThrow();
        AtomicBoolean stop = start("Sensitivity analysis");
        sensitivity.set(null);
        task.request(() -> service.sensitivity(graph, file, report(stop), stop::get), s -> {
            sensitivity.set((PruneSession.Sensitivity) s);
            progress.set(1);
            message.set(String.format(Locale.ROOT, "Sensitivity of %d layer group%s: unpruned test accuracy %.2f%%.",
                    ((PruneSession.Sensitivity) s).rows().size(), ((PruneSession.Sensitivity) s).rows().size() == 1 ? "" : "s",
                    100 * ((PruneSession.Sensitivity) s).baseline()));
        }, this::failed);
    }

    /** Removes {@link #ratioProperty()} of every convolution's filters, fine-tunes, and writes NAME-pruned.json. */
    public void prune() {
        if (!canStart.get()) {
            return;
        }
        Graph graph = document.graph();
        Path file = document.file().orElseThrow();
        double r = ratio.get();
        int epochs = fineTuneEpochs.get();
        Path out = prunedFile(file);
        AtomicBoolean stop = start("Pruning");
        result.set("");
        pruned.set(null);
        task.request(() -> service.prune(graph, file, r, epochs, out, report(stop), stop::get), o -> {
            PruneService.Outcome outcome = (PruneService.Outcome) o;
            progress.set(1);
            result.set(describe(outcome));
            pruned.set(outcome.graphFile());
            message.set("Wrote " + outcome.graphFile().getFileName() + " and " + outcome.modelFile().getFileName() + ".");
        }, this::failed);
    }

    /** Stops the running task at its next step (a fine-tuning at its next batch). */
    public void cancel() {
        if (task.runningProperty().get()) {
            cancelled.set(true);
            task.cancel();
            progress.set(0);
            message.set("Cancelled.");
        }
    }

    /** Opens the pruned graph in this window (asking first when the open one has unsaved changes). */
    public void openPruned() {
        if (pruned.get() != null) {
            files.open(pruned.get());
        }
    }

    /** Where pruning writes: NAME-pruned.json beside the graph. */
    public static Path prunedFile(Path graphFile) {
        String name = graphFile.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return graphFile.resolveSibling(stem + "-pruned.json");
    }

    // Property accessors

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PruneSession.Sensitivity> sensitivityProperty() {
        return sensitivity.getReadOnlyProperty();
    }

    /** The last pruning's figures as text, empty before. */
    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** The pruned graph's file once written. */
    public ReadOnlyObjectProperty<Path> prunedProperty() {
        return pruned.getReadOnlyProperty();
    }

    /** Fraction of each convolution's filters removed. */
    public DoubleProperty ratioProperty() {
        return ratio;
    }

    public IntegerProperty fineTuneEpochsProperty() {
        return fineTuneEpochs;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return task.runningProperty();
    }

    public BooleanBinding canStartBinding() {
        return canStart;
    }

    /** Why nothing can start, as a sentence with the fix; empty when it can. */
    public ReadOnlyStringProperty blockedProperty() {
        return blocked.getReadOnlyProperty();
    }

    // Internals

    private String whyNot() {
        if (document.file().isEmpty()) {
            return "Save the graph and train it first: pruning reads the model trained beside its file (NAME.dl4j.zip).";
        }
        if (document.isDirty()) {
            return "Save the graph first: the model beside it was trained from the saved graph.";
        }
        if (document.analysis() == null || document.analysis().hasErrors()) {
            return "Fix the graph's errors first (Problems tab).";
        }
        return "";
    }

    private AtomicBoolean start(String what) {
        AtomicBoolean stop = new AtomicBoolean();
        cancelled = stop;
        progress.set(0);
        message.set(what + ": starting\u2026");
        return stop;
    }

    private PruneService.Progress report(AtomicBoolean stop) {
        return new PruneService.Progress() {
            @Override
            public void at(String what, double fraction) {
                ui.execute(() -> {
                    if (!stop.get()) {
                        progress.set(fraction);
                        message.set(what + "\u2026");
                    }
                });
            }

            @Override
            public void sensitivitySoFar(PruneSession.Sensitivity soFar) {
                ui.execute(() -> {
                    if (!stop.get()) {
                        sensitivity.set(soFar); // the chart grows point by point
                    }
                });
            }
        };
    }

    private void failed(Exception e) {
        progress.set(0);
        if (e instanceof CancellationException) {
            message.set("Cancelled.");
        } else {
            message.set(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    static String describe(PruneService.Outcome o) {
        StringBuilder b = new StringBuilder();
        o.filters().forEach((conv, n) -> b.append(String.format(Locale.ROOT, "%s: %d -> %d filters%n", conv, n[0], n[1])));
        PruneNetworks.Figures x = o.before();
        PruneNetworks.Figures y = o.after();
        b.append(String.format(Locale.ROOT, "%-20s %14s %14s %9s%n", "", "before", "after", "change"));
        b.append(String.format(Locale.ROOT, "%-20s %,14d %,14d %+8.1f%%%n", "parameters", x.params(), y.params(),
                100.0 * (y.params() - x.params()) / x.params()));
        b.append(String.format(Locale.ROOT, "%-20s %,14d %,14d %+8.1f%%%n", "MACs per example", x.macs(), y.macs(),
                100.0 * (y.macs() - x.macs()) / x.macs()));
        b.append(String.format(Locale.ROOT, "%-20s %14.0f %14.0f %8s%n", "speed (examples/s)", x.examplesPerSecond(),
                y.examplesPerSecond(), String.format(Locale.ROOT, "x%.2f", y.examplesPerSecond() / x.examplesPerSecond())));
        b.append(String.format(Locale.ROOT, "%-20s %13.2f%% %13.2f%% %+6.2f pt%n", "test accuracy", 100 * x.accuracy(),
                100 * y.accuracy(), 100 * (y.accuracy() - x.accuracy())));
        b.append(String.format(Locale.ROOT, "(pruned, before %d epoch%s of fine-tuning: %.2f%%)", o.fineTuneEpochs(),
                o.fineTuneEpochs() == 1 ? "" : "s", 100 * o.prunedAccuracy()));
        return b.toString();
    }
}
