package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Cost;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.Totals;
import io.layerloom.model.graph.Block;
import io.layerloom.model.graph.BlockEdits;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.ParamDef;
import io.layerloom.model.report.Formats;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * What the inspector shows for the current selection: one node's name, inputs, typed parameter
 * fields and analysis; a collapsed block's name, type and figures when its card is selected
 * ({@link BlockInspectorViewModel}); the graph's name and totals when nothing is selected; summed
 * figures when several nodes are.
 */
public final class InspectorViewModel {

    /** What is being inspected. */
    public enum Mode { GRAPH, NODE, MANY, BLOCK }

    /** One line of figures: "Output shape" / "64x56x56". */
    public record Fact(String label, String value) {
    }

    // Properties
    private final ReadOnlyObjectWrapper<Mode> mode = new ReadOnlyObjectWrapper<>(this, "mode", Mode.GRAPH);
    private final ReadOnlyStringWrapper nodeId = new ReadOnlyStringWrapper(this, "nodeId");
    private final ReadOnlyStringWrapper kindName = new ReadOnlyStringWrapper(this, "kindName", "");
    private final ReadOnlyStringWrapper kindSummary = new ReadOnlyStringWrapper(this, "kindSummary", "");
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper(this, "headline", "");
    private final StringProperty nameText = new SimpleStringProperty(this, "nameText", "");
    private final ReadOnlyStringWrapper nameProblem = new ReadOnlyStringWrapper(this, "nameProblem", "");
    private final StringProperty graphNameText = new SimpleStringProperty(this, "graphNameText", "");
    /** The inspected node's "trainable" field; the check box sets it through {@link #setTrainable}. */
    private final javafx.beans.property.ReadOnlyBooleanWrapper trainable =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "trainable", true);
    private final ObservableList<String> inputs = FXCollections.observableArrayList();
    /** The read-only view handed out, one instance, so that listeners on it stay registered. */
    private final ObservableList<String> inputsView = FXCollections.unmodifiableObservableList(inputs);
    private final ObservableList<ParamFieldViewModel> fields = FXCollections.observableArrayList();
    /** The read-only view handed out, one instance, so that listeners on it stay registered. */
    private final ObservableList<ParamFieldViewModel> fieldsView = FXCollections.unmodifiableObservableList(fields);
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    /** The read-only view handed out, one instance, so that listeners on it stay registered. */
    private final ObservableList<Fact> factsView = FXCollections.unmodifiableObservableList(facts);
    private final ObservableList<Diagnostic> diagnostics = FXCollections.observableArrayList();
    /** The read-only view handed out, one instance, so that listeners on it stay registered. */
    private final ObservableList<Diagnostic> diagnosticsView = FXCollections.unmodifiableObservableList(diagnostics);

    private final DocumentViewModel document;
    private final BlockInspectorViewModel block;
    /** Held so that the listener on this read-only view of the selection lives as long as this model. */
    private final ObservableList<String> selection;

    public InspectorViewModel(DocumentViewModel document) {
        this.document = Objects.requireNonNull(document, "document");
        this.block = new BlockInspectorViewModel(document, new BlockViewModel(document));
        this.selection = document.selection();
        document.graphProperty().addListener((obs, old, now) -> refresh());
        document.analysisProperty().addListener((obs, old, now) -> refreshAnalysis());
        selection.addListener((ListChangeListener<String>) c -> refresh());
        refresh();
    }

    // Commands

    /**
     * Renames the inspected node to the typed name as one undoable edit and keeps it selected.
     *
     * @return whether the name was accepted (or unchanged)
     */
    public boolean commitName() {
        return rename(nodeId.get(), nameText.get());
    }

    /**
     * Renames {@code oldId} to {@code typed}: {@link #commitName} for a name typed before the
     * selection moved on (the field lost focus because another node was clicked).
     *
     * @return whether the name was accepted (or unchanged)
     */
    public boolean rename(String oldId, String typed) {
        if (oldId == null || typed == null || !document.graph().contains(oldId)) {
            return false;
        }
        boolean current = oldId.equals(nodeId.get());
        if (typed.equals(oldId)) {
            if (current) {
                nameProblem.set("");
            }
            return true;
        }
        Optional<String> problem = idProblem(document.graph(), typed);
        if (problem.isPresent()) {
            if (current) {
                nameProblem.set(problem.get());
            }
            return false;
        }
        nameProblem.set("");
        boolean wasSelected = document.selection().contains(oldId);
        document.apply(new Edit.Rename(oldId, typed));
        if (current || wasSelected) {
            document.select(typed); // the rename dropped the old id from the selection
        }
        return true;
    }

    /** Drops a typed name and shows the node's id again. */
    public void revertName() {
        nameText.set(nodeId.get() == null ? "" : nodeId.get());
        nameProblem.set("");
    }

    /** Drops a typed graph name. */
    public void revertGraphName() {
        graphNameText.set(document.graph().name());
    }

    /** Renames the graph (nothing selected) as one undoable edit. */
    public void commitGraphName() {
        String typed = graphNameText.get() == null ? "" : graphNameText.get().strip();
        if (!typed.equals(document.graph().name())) {
            document.apply(new Edit.RenameGraph(typed));
        }
        graphNameText.set(document.graph().name());
    }

    /** Selects an input of the inspected node (the inputs list is a way to walk up the graph). */
    public void openInput(String id) {
        document.reveal(id);
    }

    /** Selects the node a diagnostic is about. */
    public void openDiagnostic(Diagnostic d) {
        d.node().ifPresent(document::reveal);
    }

    /** Why {@code id} cannot name a node of {@code g}, or empty: the analysis's rules plus uniqueness. */
    public static Optional<String> idProblem(Graph g, String id) {
        if (id.isBlank()) {
            return Optional.of("The name cannot be empty.");
        }
        if (!id.strip().equals(id)) {
            return Optional.of("The name cannot start or end with a space.");
        }
        if (id.length() > GraphAnalysis.MAX_ID_LENGTH) {
            return Optional.of("The name has " + id.length() + " characters; at most " + GraphAnalysis.MAX_ID_LENGTH
                    + " are allowed.");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("The name cannot contain tabs or line breaks.");
        }
        if (g.contains(id)) {
            return Optional.of("Another layer is already named '" + id + "'.");
        }
        return Optional.empty();
    }

    /** Freezes ({@code false}) or unfreezes the inspected node, as one undoable edit. */
    public void setTrainable(boolean value) {
        String id = nodeId.get();
        if (id != null && document.graph().contains(id) && document.graph().require(id).trainable() != value) {
            document.apply(new Edit.SetTrainable(java.util.Set.of(id), value));
        }
    }

    public javafx.beans.property.ReadOnlyBooleanProperty trainableProperty() {
        return trainable.getReadOnlyProperty();
    }

    // Property accessors

    /** The collapsed block whose card is selected, in {@link Mode#BLOCK}. */
    public BlockInspectorViewModel block() {
        return block;
    }

    public ReadOnlyObjectProperty<Mode> modeProperty() {
        return mode.getReadOnlyProperty();
    }

    /** The inspected node's id in {@link Mode#NODE}, else null. */
    public ReadOnlyStringProperty nodeIdProperty() {
        return nodeId.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty kindNameProperty() {
        return kindName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty kindSummaryProperty() {
        return kindSummary.getReadOnlyProperty();
    }

    /** "Conv2D", "3 layers selected" or "Graph". */
    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    /** The node's name as typed; committed by {@link #commitName}. */
    public StringProperty nameTextProperty() {
        return nameText;
    }

    public ReadOnlyStringProperty nameProblemProperty() {
        return nameProblem.getReadOnlyProperty();
    }

    public StringProperty graphNameTextProperty() {
        return graphNameText;
    }

    public ObservableList<String> inputs() {
        return inputsView;
    }

    /** One field per parameter of the node's kind, in the kind's order; rebuilt when the node changes. */
    public ObservableList<ParamFieldViewModel> fields() {
        return fieldsView;
    }

    public Optional<ParamFieldViewModel> field(String param) {
        return fields.stream().filter(f -> f.name().equals(param)).findFirst();
    }

    /** Figures of the analysis for the node, the selection or the graph. */
    public ObservableList<Fact> facts() {
        return factsView;
    }

    /** The diagnostics of the inspected node (or of the graph when nothing is selected). */
    public ObservableList<Diagnostic> diagnostics() {
        return diagnosticsView;
    }

    // Internals

    private void refresh() {
        Graph g = document.graph();
        List<String> selected = document.selection().stream().filter(g::contains).toList();
        String primary = document.primarySelection();
        Optional<Block> card = selected.size() == 1 ? BlockEdits.collapsedShownBy(g, selected.get(0)) : Optional.empty();
        block.show(card.orElse(null));
        if (selected.size() > 1) {
            mode.set(Mode.MANY);
            inspect(null);
            headline.set(selected.size() + " layers selected");
        } else if (card.isPresent()) {
            inspect(null);
            headline.set(card.get().id());
            mode.set(Mode.BLOCK);
        } else if (primary != null && g.contains(primary)) {
            inspect(g.require(primary));
            mode.set(Mode.NODE);
        } else {
            inspect(null);
            mode.set(Mode.GRAPH);
            headline.set(g.name().isBlank() ? "Untitled graph" : g.name());
            graphNameText.set(g.name());
        }
        refreshAnalysis();
    }

    /** Points the node part at {@code n}, reusing the fields while the node and its kind stay. */
    private void inspect(Node n) {
        if (n == null) {
            nodeId.set(null);
            trainable.set(true);
            kindName.set("");
            kindSummary.set("");
            nameText.set("");
            nameProblem.set("");
            inputs.clear();
            fields.clear();
            return;
        }
        LayerKind<?> kind = n.kind();
        boolean sameNode = n.id().equals(nodeId.get()) && kind.name().equals(kindName.get());
        if (!n.id().equals(nodeId.get())) {
            nameText.set(n.id());
            nameProblem.set("");
        }
        nodeId.set(n.id());
        trainable.set(n.trainable());
        kindName.set(kind.name());
        kindSummary.set(kind.summary());
        headline.set(kind.name());
        if (!inputs.equals(n.inputs())) {
            inputs.setAll(n.inputs());
        }
        if (sameNode && fields.size() == kind.params().size()) {
            for (ParamFieldViewModel f : fields) {
                f.graphChanged(kind.get(n.spec(), f.name()));
            }
        } else {
            List<ParamFieldViewModel> next = new ArrayList<>();
            for (ParamDef p : kind.params()) {
                next.add(new ParamFieldViewModel(document, n.id(), p, kind.get(n.spec(), p.name())));
            }
            fields.setAll(next);
        }
    }

    private void refreshAnalysis() {
        Analysis a = document.analysis();
        List<Fact> nextFacts = new ArrayList<>();
        List<Diagnostic> nextDiagnostics = new ArrayList<>();
        if (a != null) {
            switch (mode.get()) {
                case NODE -> {
                    String id = nodeId.get();
                    Optional<NodeResult> r = a.node(id);
                    nodeFacts(r, nextFacts);
                    nextDiagnostics.addAll(a.diagnosticsFor(id));
                    for (ParamFieldViewModel f : fields) {
                        f.setFinding(nextDiagnostics.stream().filter(d -> d.field().orElse("").equals(f.name()))
                                .map(Diagnostic::severity).min(java.util.Comparator.naturalOrder()).orElse(null));
                    }
                }
                case MANY -> manyFacts(a, nextFacts);
                case BLOCK -> document.graph().block(block.blockIdProperty().get()).ifPresent(b -> {
                    BlockInspectorViewModel.facts(document.graph(), a, b, nextFacts);
                    b.members().forEach(m -> nextDiagnostics.addAll(a.diagnosticsFor(m)));
                });
                case GRAPH -> {
                    graphFacts(a, nextFacts);
                    ShownDiagnostics.of(a).stream().filter(d -> d.node().isEmpty()).forEach(nextDiagnostics::add);
                }
            }
        }
        if (!nextFacts.equals(facts)) {
            facts.setAll(nextFacts);
        }
        if (!nextDiagnostics.equals(diagnostics)) {
            diagnostics.setAll(nextDiagnostics);
        }
    }

    private static void nodeFacts(Optional<NodeResult> r, List<Fact> out) {
        if (r.isEmpty()) {
            out.add(new Fact("Output shape", "\u2026")); // the analysis of this edit is still running
            return;
        }
        NodeResult n = r.get();
        out.add(new Fact("Output shape", n.output().map(t -> t.describe()).orElse("unknown")));
        out.add(new Fact("Parameters", n.cost().map(c -> Formats.grouped(c.params())).orElse("?")));
        out.add(new Fact("Trainable", n.cost().map(c -> Formats.grouped(c.trainableParams())).orElse("?")));
        out.add(new Fact("Non-trainable", n.cost().map(c -> Formats.grouped(c.nonTrainableParams())).orElse("?")));
        out.add(new Fact("MACs", n.cost().map(Cost::macs).map(m -> Formats.si(m)).orElse("?")));
        out.add(new Fact("Activations", n.activationBytes().map(Formats::bytes).orElse("?")));
        out.add(new Fact("Receptive field", n.output().isPresent() ? Formats.receptiveField(n.receptiveField()) : "?"));
    }

    private void manyFacts(Analysis a, List<Fact> out) {
        long params = 0;
        long trainable = 0;
        long macs = 0;
        boolean complete = true;
        for (String id : document.selection()) {
            Optional<Cost> c = a.node(id).flatMap(NodeResult::cost);
            if (c.isEmpty()) {
                complete = false;
                continue;
            }
            params += c.get().params();
            trainable += c.get().trainableParams();
            macs += c.get().macs();
        }
        String more = complete ? "" : " (some unknown)";
        out.add(new Fact("Parameters", Formats.grouped(params) + more));
        out.add(new Fact("Trainable", Formats.grouped(trainable) + more));
        out.add(new Fact("MACs", Formats.si(macs) + more));
    }

    private static void graphFacts(Analysis a, List<Fact> out) {
        Totals t = a.totals();
        String more = t.complete() ? "" : " (some unknown)";
        out.add(new Fact("Layers", Integer.toString(a.nodes().size())));
        out.add(new Fact("Parameters", Formats.grouped(t.params()) + more));
        out.add(new Fact("Trainable", Formats.grouped(t.trainableParams())));
        out.add(new Fact("Non-trainable", Formats.grouped(t.nonTrainableParams())));
        out.add(new Fact("MACs", Formats.si(t.macs()) + more));
        out.add(new Fact("Param memory", Formats.bytes(t.paramBytes())));
        out.add(new Fact("Problems", ShownDiagnostics.of(a).isEmpty() ? "none"
                : counted(ShownDiagnostics.count(a, io.layerloom.model.analysis.Severity.ERROR), "error") + ", "
                + counted(ShownDiagnostics.count(a, io.layerloom.model.analysis.Severity.WARNING), "warning")));
    }

    private static String counted(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The id as the inspector's header shows it. */
    public static String display(String id) {
        return Text.display(id);
    }
}
