package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Find in the graph (Ctrl+F): the layers of the open graph whose name or kind contains the query,
 * ignoring case, in the graph's order; Enter and F3 select the next one and bring it into view,
 * Shift+F3 the one before, wrapping round at the ends.
 */
public final class FindViewModel {

    private final DocumentViewModel document;
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final BooleanProperty open = new SimpleBooleanProperty(this, "open", false);
    private final ObservableList<String> matches = FXCollections.observableArrayList();
    private final ObservableList<String> matchesView = FXCollections.unmodifiableObservableList(matches);
    private final ReadOnlyIntegerWrapper current = new ReadOnlyIntegerWrapper(this, "current", -1);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    public FindViewModel(DocumentViewModel document) {
        this.document = Objects.requireNonNull(document, "document");
        query.addListener((o, was, is) -> refresh(null));
        document.graphProperty().addListener((o, was, is) -> refresh(currentId()));
    }

    // Commands

    /** Selects the next match and brings it into view (the first, the first time). */
    public void next() {
        step(1);
    }

    /** Selects the match before the current one and brings it into view. */
    public void previous() {
        step(-1);
    }

    private void step(int direction) {
        if (matches.isEmpty()) {
            return;
        }
        int at = current.get();
        int size = matches.size();
        int next = at < 0 ? (direction > 0 ? 0 : size - 1) : Math.floorMod(at + direction, size);
        current.set(next);
        updateStatus();
        document.reveal(matches.get(next));
    }

    /**
     * The layers matching {@code text}: a name or kind containing it, ignoring case, in graph
     * order; none for a blank query.
     */
    static List<String> matching(Graph graph, String text) {
        String q = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        if (q.isEmpty()) {
            return found;
        }
        for (Node n : graph.nodes()) {
            if (n.id().toLowerCase(Locale.ROOT).contains(q) || n.kind().name().toLowerCase(Locale.ROOT).contains(q)) {
                if (!found.contains(n.id())) {
                    found.add(n.id());
                }
            }
        }
        return found;
    }

    private void refresh(String keep) {
        List<String> found = matching(document.graph(), query.get());
        if (!found.equals(matches)) {
            matches.setAll(found);
        }
        current.set(keep == null ? -1 : found.indexOf(keep));
        updateStatus();
    }

    private String currentId() {
        int at = current.get();
        return at >= 0 && at < matches.size() ? matches.get(at) : null;
    }

    private void updateStatus() {
        String q = query.get() == null ? "" : query.get().strip();
        if (q.isEmpty()) {
            status.set("");
        } else if (matches.isEmpty()) {
            status.set("No layer named or of kind '" + q + "'");
        } else if (current.get() < 0) {
            status.set(matches.size() == 1 ? "1 layer: Enter shows it" : matches.size() + " layers: Enter shows the first");
        } else {
            status.set((current.get() + 1) + " of " + matches.size());
        }
    }

    // Properties

    public StringProperty queryProperty() {
        return query;
    }

    /** Whether the find bar is showing. */
    public BooleanProperty openProperty() {
        return open;
    }

    public ObservableList<String> matches() {
        return matchesView;
    }

    /** The index in {@link #matches()} of the layer last shown, or -1. */
    public ReadOnlyIntegerProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** "3 of 12", or what is wrong ("No layer named or of kind 'xyz'"). */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
