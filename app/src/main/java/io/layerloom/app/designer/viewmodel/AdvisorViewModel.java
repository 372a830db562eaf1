package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.task.LatestTask;
import io.layerloom.model.advice.Advice;
import io.layerloom.model.advice.AdviceText;
import io.layerloom.model.advice.EfficiencyAdvisor;
import io.layerloom.model.advice.LayerShare;
import io.layerloom.model.advice.Suggestion;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.report.Formats;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The Advisor tab: the efficiency advisor's suggestions for the open graph with their savings,
 * each layer's share of the parameters, MACs and (after a profile) time, and one click to apply a
 * suggestion as one undoable edit. Each suggestion is measured on an edited copy of the graph,
 * so the advice is computed in the background, only while the tab is {@link #activeProperty
 * active}, again after every edit; advice for an earlier graph is never applied.
 */
public final class AdvisorViewModel {

    // Properties
    private final ObservableList<Suggestion> suggestions = FXCollections.observableArrayList();
    private final ObservableList<LayerShare> layers = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Suggestion> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper beforeAfter = new ReadOnlyStringWrapper(this, "beforeAfter", "");
    private final ReadOnlyStringWrapper applied = new ReadOnlyStringWrapper(this, "applied", "");
    private final ReadOnlyStringWrapper notes = new ReadOnlyStringWrapper(this, "notes", "");
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", false);

    private final DocumentViewModel document;
    private final ObservableMap<String, Double> timeShares;
    private final LatestTask<Advice> task;
    /** The graph the shown advice is for; null when there is none. */
    private Graph advised;
    /** True while this model's own edit is applied: any other edit takes the applied line away. */
    private boolean applying;

    /**
     * @param timeShares each layer's share of a profiled iteration (the profile's), empty without one
     * @param background where the advice is computed
     */
    public AdvisorViewModel(DocumentViewModel document, ObservableMap<String, Double> timeShares, BackgroundTasks tasks,
                            Executor background) {
        this.document = Objects.requireNonNull(document, "document");
        this.timeShares = Objects.requireNonNull(timeShares, "timeShares");
        this.task = tasks.latest("Advising", background);
        document.graphProperty().addListener((o, was, is) -> {
            if (!applying) {
                applied.set("");
            }
            refresh();
        });
        timeShares.addListener((MapChangeListener<String, Double>) c -> {
            if (advised == document.graph()) {
                advised = null; // the same graph, with other times (or none)
            }
            refresh();
        });
        active.addListener((o, was, is) -> refresh());
    }

    // Commands

    /** Chooses a suggestion: the Summary and this tab show the totals before and after it. */
    public void select(Suggestion s) {
        selected.set(s != null && suggestions.contains(s) ? s : null);
        beforeAfter.set(selected.get() == null ? "" : beforeAfter(selected.get()));
    }

    /** Shows the suggestion's first layer on the canvas (selected and centred). */
    public void reveal(Suggestion s) {
        if (s != null && !s.nodes().isEmpty() && document.graph().contains(s.nodes().get(0))) {
            document.reveal(s.nodes().get(0));
        }
    }

    /** Applies the suggestion as one undoable edit, if it was made for the graph as it is now. */
    public void apply(Suggestion s) {
        if (s == null || advised != document.graph() || !suggestions.contains(s)) {
            message.set("That suggestion was for an earlier version of the graph; choose one from the new list.");
            return;
        }
        String text = "Applied: " + s.edit().description() + ". Params " + Formats.grouped(s.before().params()) + " \u2192 "
                + Formats.grouped(s.after().params()) + ", MACs " + Formats.si(s.before().macs()) + " \u2192 "
                + Formats.si(s.after().macs()) + ". Edit > Undo takes it back.";
        applying = true;
        try {
            document.apply(s.edit());
        } finally {
            applying = false;
        }
        applied.set(text);
    }

    // Property accessors

    /** Largest saving first ({@link EfficiencyAdvisor#weight}). */
    public ObservableList<Suggestion> suggestions() {
        return suggestions;
    }

    /** Every layer with its shares, largest MAC share first. */
    public ObservableList<LayerShare> layers() {
        return layers;
    }

    public ReadOnlyObjectProperty<Suggestion> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** What the advice says overall, or why there is none ("Advising\u2026", a graph with errors). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** "Params 138,357,544 -> 37,694,248 (-72.8%), MACs 15.47 G -> 15.37 G (-0.7%)" for the chosen suggestion, else empty. */
    public ReadOnlyStringProperty beforeAfterProperty() {
        return beforeAfter.getReadOnlyProperty();
    }

    /** What the last Apply did, until another edit. */
    public ReadOnlyStringProperty appliedProperty() {
        return applied.getReadOnlyProperty();
    }

    /** What the advisor does not suggest, and why (the channel shuffle). */
    public ReadOnlyStringProperty notesProperty() {
        return notes.getReadOnlyProperty();
    }

    /** Whether the tab is shown: advice is computed only then. */
    public BooleanProperty activeProperty() {
        return active;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return task.runningProperty();
    }

    /** The totals before and after a suggestion, as the Summary shows them. */
    public static String beforeAfter(Suggestion s) {
        return s.id() + ": Params " + Formats.grouped(s.before().params()) + " \u2192 " + Formats.grouped(s.after().params())
                + " (\u2212" + AdviceText.percent(s.paramFraction()) + "), MACs " + Formats.si(s.before().macs()) + " \u2192 "
                + Formats.si(s.after().macs()) + " (\u2212" + AdviceText.percent(s.macFraction()) + ")";
    }

    // Internals

    private void refresh() {
        Graph graph = document.graph();
        if (graph == advised) {
            return;
        }
        if (!active.get()) {
            // Stale advice is never shown; the next look at the tab computes it again.
            task.cancel();
            advised = null;
            show(null, null);
            return;
        }
        Map<String, Double> times = new HashMap<>(timeShares);
        message.set("Advising\u2026");
        task.request(() -> EfficiencyAdvisor.advise(graph, GraphAnalysis.analyze(graph), times), advice -> {
            if (graph == document.graph()) {
                advised = graph;
                show(graph, advice);
            }
        });
    }

    private void show(Graph graph, Advice advice) {
        String kept = selected.get() == null ? null : selected.get().id();
        if (advice == null) {
            suggestions.clear();
            layers.clear();
            message.set("");
            notes.set("");
        } else {
            suggestions.setAll(advice.suggestions());
            layers.setAll(advice.layers().stream()
                    .sorted(Comparator.comparingDouble(LayerShare::macShare).reversed()
                            .thenComparing(Comparator.comparingDouble(LayerShare::paramShare).reversed()))
                    .toList());
            String totals = Formats.grouped(advice.totals().params()) + " params, " + Formats.si(advice.totals().macs()) + " MACs";
            int n = advice.suggestions().size();
            message.set(advice.refusal().orElse(n == 0 ? graph.name() + " (" + totals + "): no suggestion."
                    : graph.name() + " (" + totals + "): " + n + (n == 1 ? " suggestion" : " suggestions")
                    + ", largest saving first. Choose one for the totals after it; Apply makes it one undoable edit."));
            notes.set(String.join(" ", advice.notes()));
        }
        select(suggestions.stream().filter(s -> s.id().equals(kept)).findFirst().orElse(null));
    }

    /** The ids of the suggestions shown, for tests and the status. */
    public List<String> ids() {
        return suggestions.stream().map(Suggestion::id).toList();
    }
}
