package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.service.ProfileService;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.task.LatestTask;
import io.layerloom.app.profile.Profile;
import io.layerloom.app.profile.Profiler;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.util.Text;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

/**
 * The designer's Profile action: profiles a training iteration of the open graph in the
 * background ({@link ProfileService}), with progress and cancel, then gives each layer's time and
 * share of the iteration by node id, for the Summary table's Time column and a bar on each card.
 * The figures belong to the graph profiled: any edit clears them.
 */
public final class ProfileViewModel {

    // Properties
    private final ObservableMap<String, String> timeByNode = FXCollections.observableHashMap();
    private final ObservableMap<String, Double> shareByNode = FXCollections.observableHashMap();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final BooleanBinding canProfile;

    private final DocumentViewModel document;
    private final ProfileService service;
    private final LatestTask<Profile> task;
    private final Executor ui;
    private AtomicBoolean cancelled = new AtomicBoolean();
    private Graph profiled;

    /**
     * @param background runs the profiling (a worker thread of its own in the window)
     * @param ui         delivers progress to the UI thread
     */
    public ProfileViewModel(DocumentViewModel document, ProfileService service, BackgroundTasks tasks, Executor background,
                            Executor ui) {
        this.document = Objects.requireNonNull(document, "document");
        this.service = Objects.requireNonNull(service, "service");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.task = tasks.latest("Profiling", background);
        canProfile = Bindings.createBooleanBinding(() -> !task.runningProperty().get() && document.analysis() != null
                        && !document.analysis().hasErrors() && document.graph().size() > 0,
                task.runningProperty(), document.analysisProperty());
        document.graphProperty().addListener((o, was, is) -> {
            if (profiled != null && is != profiled) {
                clear();
                message.set("");
            }
        });
    }

    // Commands

    /** Profiles the open graph as it is now; does nothing while a profile runs or the graph has errors. */
    public void profile() {
        if (!canProfile.get()) {
            return;
        }
        Graph graph = document.graph();
        AtomicBoolean stop = new AtomicBoolean();
        cancelled = stop;
        clear();
        progress.set(0);
        message.set("Profiling: compiling the network\u2026");
        task.request(() -> service.run(graph, (what, fraction) -> ui.execute(() -> {
            if (!stop.get()) {
                progress.set(fraction);
                message.set("Profiling: " + what.toLowerCase(Locale.ROOT) + "\u2026");
            }
        }), stop::get), result -> show(graph, result), e -> failed(e));
    }

    /** Stops a running profile after the iteration it is in. */
    public void cancel() {
        if (task.runningProperty().get()) {
            cancelled.set(true);
            task.cancel();
            progress.set(0);
            message.set("Profiling cancelled.");
        }
    }

    // Property accessors

    /** Node id -> its time per iteration and share, as the Summary's Time column shows it ("3.21 ms, 21.2%"). */
    public ObservableMap<String, String> timeByNode() {
        return timeByNode;
    }

    /** Node id -> its share of the iteration (0 to 1), for the bar on its card. */
    public ObservableMap<String, Double> shareByNode() {
        return shareByNode;
    }

    /** What the profiler is doing, or the outcome ("LeNet-5: 33.0 ms per iteration at batch 64, ..."). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** How far a running profile is (0 to 1). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return task.runningProperty();
    }

    /** True when Profile may start: a graph without errors, and no profile running. */
    public BooleanBinding canProfileBinding() {
        return canProfile;
    }

    // Internals

    private void show(Graph graph, Profile p) {
        profiled = graph;
        if (document.graph() != graph) {
            message.set("The graph changed while it was profiled: profile it again.");
            return;
        }
        for (Profile.NodeTime n : p.nodes()) {
            if (n.compiled()) {
                double share = p.share(n);
                timeByNode.put(n.id(), String.format(Locale.ROOT, "%.2f ms, %.1f%%", n.totalMs(), share * 100));
                shareByNode.put(n.id(), share);
            }
        }
        progress.set(1);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "Profiled: %.1f ms per iteration at batch %d (layers %.0f%%, outside layers %.0f%%: optimizer %.1f ms, data %.1f ms)",
                p.partsMs(), p.batch(), 100 * (1 - p.outsideShare()), 100 * p.outsideShare(), p.outside().updaterMs(),
                p.outside().dataMs()));
        var hot = p.hotspots(3);
        if (!hot.isEmpty()) {
            b.append("; hotspots ");
            for (int i = 0; i < hot.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(Text.display(hot.get(i).id()))
                        .append(String.format(Locale.ROOT, " %.0f%%", 100 * p.share(hot.get(i))));
            }
        }
        message.set(b.append('.').toString());
    }

    private void failed(Exception e) {
        progress.set(0);
        if (e instanceof CancellationException) {
            message.set("Profiling cancelled.");
        } else if (e instanceof Profiler.ProfileException p) {
            message.set("Cannot profile: " + p.getMessage() + " " + p.fix());
        } else {
            message.set("Profiling failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private void clear() {
        timeByNode.clear();
        shareByNode.clear();
    }
}
