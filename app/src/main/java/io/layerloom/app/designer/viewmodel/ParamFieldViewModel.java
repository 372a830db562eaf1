package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.ParamDef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import io.layerloom.model.analysis.Severity;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One parameter of the inspected node as an editable text. The text is read, checked and, when
 * valid and different, committed as one {@link Edit.SetParam}; an invalid text is never applied
 * and stays with its {@link #problemProperty problem} until it is corrected or the value changes
 * underneath it (undo, redo, another view).
 */
public final class ParamFieldViewModel {

    /** Which control suits the parameter. */
    public enum Editor {
        /** A number with a range. */
        NUMBER,
        /** true or false. */
        CHECK,
        /** One of a few names. */
        CHOICE,
        /** Free text that is parsed: pairs, padding, sides, shapes. */
        TEXT
    }

    // Properties
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyObjectWrapper<Severity> finding = new ReadOnlyObjectWrapper<>(this, "finding");

    private final DocumentViewModel document;
    private final String nodeId;
    private final ParamDef def;
    /** The value in the graph that the field last showed. */
    private Object shown;

    ParamFieldViewModel(DocumentViewModel document, String nodeId, ParamDef def, Object value) {
        this.document = Objects.requireNonNull(document, "document");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.def = Objects.requireNonNull(def, "def");
        show(value);
    }

    // Commands

    /**
     * Reads the text and applies it as one undoable edit.
     *
     * @return whether the text is valid (applied, or equal to the current value)
     */
    public boolean commit() {
        ParamText.Parsed parsed = ParamText.parse(def, text.get());
        if (!parsed.isValid()) {
            problem.set(parsed.problem());
            return false;
        }
        Graph g = document.graph();
        Optional<Node> node = g.node(nodeId);
        if (node.isEmpty()) {
            return false; // the node went away while the field had focus
        }
        LayerKind<?> kind = node.get().kind();
        Object current = kind.get(node.get().spec(), def.name());
        if (parsed.value().equals(current)) {
            show(current); // normalises "3x3" to "3" and clears a message
            return true;
        }
        try {
            kind.with(node.get().spec(), def.name(), parsed.value()); // the spec's own checks, before any edit
        } catch (IllegalArgumentException e) {
            problem.set(e.getMessage());
            return false;
        }
        problem.set("");
        document.apply(new Edit.SetParam(nodeId, def.name(), parsed.value()));
        return true;
    }

    /** Drops the typed text and shows the graph's value again (Escape). */
    public void revert() {
        document.graph().node(nodeId).ifPresent(n -> show(n.kind().get(n.spec(), def.name())));
    }

    /** Sets the text and commits it: one gesture on a check box or a choice box. */
    public boolean choose(String value) {
        text.set(value);
        return commit();
    }

    // Property accessors

    public StringProperty textProperty() {
        return text;
    }

    /** Why the typed text was refused, or empty. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /**
     * The worst severity of the analysis's findings about this parameter (kernel too large for
     * its input), or null: the field is marked so the user sees which value to change.
     */
    public ReadOnlyObjectProperty<Severity> findingProperty() {
        return finding.getReadOnlyProperty();
    }

    public String name() {
        return def.name();
    }

    public String nodeId() {
        return nodeId;
    }

    public ParamDef def() {
        return def;
    }

    /** The parameter's one-line documentation, for a tooltip. */
    public String doc() {
        return def.doc();
    }

    /** What to type and the documented range, for the field's prompt: "1 to 4096". */
    public String prompt() {
        return ParamText.prompt(def);
    }

    public Editor editor() {
        return switch (def.type()) {
            case COUNT, INT, REAL -> Editor.NUMBER;
            case BOOL -> Editor.CHECK;
            case ACTIVATION, LOSS -> Editor.CHOICE;
            case PAIR, PADDING, SIDES, DIMS -> Editor.TEXT;
        };
    }

    /** The names a {@link Editor#CHOICE} offers, in the format's order. */
    public List<String> choices() {
        return switch (def.type()) {
            case ACTIVATION -> ActivationFunction.jsonNames();
            case LOSS -> Loss.jsonNames();
            default -> List.of();
        };
    }

    // Internals

    /** Follows the graph: a value changed underneath replaces whatever the field holds. */
    void graphChanged(Object value) {
        if (!value.equals(shown) || problem.get().isEmpty()) {
            show(value);
        }
    }

    void setFinding(Severity worst) {
        finding.set(worst);
    }

    private void show(Object value) {
        shown = value;
        text.set(ParamText.format(value));
        problem.set("");
    }
}
