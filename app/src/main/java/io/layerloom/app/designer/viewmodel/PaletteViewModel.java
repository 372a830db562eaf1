package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.Family;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The layer palette: every kind grouped by family in palette order, narrowed by a search text,
 * and the command that adds a kind after the selected node.
 */
public final class PaletteViewModel {

    /**
     * Vertical distance between a node and one added below it: the layered layout's row pitch,
     * which leaves room for the wire's shape label between the ports.
     */
    public static final double ROW_GAP = GraphLayoutService.NODE_HEIGHT + GraphLayoutService.LAYER_GAP;
    /** Where the first node of an empty canvas goes. */
    static final Position ORIGIN = new Position(80, 60);

    /** One family's section with the kinds that match the search. */
    public record Group(Family family, List<LayerKind<?>> kinds) {
        public Group {
            kinds = List.copyOf(kinds);
        }

        public String title() {
            return family.title();
        }
    }

    // Properties
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ObservableList<Group> groups = FXCollections.observableArrayList();
    /** The read-only view handed out, one instance, so that listeners on it stay registered. */
    private final ObservableList<Group> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final ReadOnlyStringWrapper emptyMessage = new ReadOnlyStringWrapper(this, "emptyMessage", "");

    private final DocumentViewModel document;

    public PaletteViewModel(DocumentViewModel document) {
        this.document = Objects.requireNonNull(document, "document");
        filter.addListener((obs, old, now) -> refilter());
        refilter();
    }

    // Commands

    /**
     * Adds a node of {@code kindName} as one undoable step: after the primary selected node, wired
     * from it and placed one row below it, or at a free spot below everything when nothing is
     * selected. Selects the new node and asks the canvas to show it.
     *
     * @return the new node's id
     */
    public String add(String kindName) {
        LayerKind<?> kind = LayerKinds.byName(kindName)
                .orElseThrow(() -> new IllegalArgumentException("no layer kind '" + kindName + "'"));
        Graph g = document.graph();
        String id = g.freshId(kind.name());
        String anchor = document.primarySelection();
        List<String> inputs = anchor != null && g.contains(anchor) && kind.maxInputs() > 0 ? List.of(anchor) : List.of();
        Position at = placement(g, anchor);
        Node node = new Node(id, kind.defaults(), inputs, Optional.of(at), Map.of());
        document.apply(new Edit.Batch("Add " + kind.name(), List.of(new Edit.AddNode(node))));
        document.reveal(id);
        layerAdded();
        return id;
    }

    /** A layer was added (here or by a drag onto the canvas): the search has done its job, the full palette comes back. */
    public void layerAdded() {
        filter.set("");
    }

    /**
     * Where a new node goes: below the anchor (beside what already stands there: a new branch
     * from a layer that has a consumer goes to its right, not on top of it), or below the lowest
     * positioned node, left-aligned.
     */
    static Position placement(Graph g, String anchor) {
        if (anchor != null) {
            Optional<Position> p = g.node(anchor).flatMap(Node::position);
            if (p.isPresent()) {
                Position at = p.get().plus(0, ROW_GAP);
                while (taken(g, at)) {
                    at = at.plus(GraphLayoutService.NODE_WIDTH + GraphLayoutService.LAYER_GAP, 0);
                }
                return at;
            }
        }
        double minX = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Node n : g.nodes()) {
            if (n.position().isPresent()) {
                minX = Math.min(minX, n.position().get().x());
                maxY = Math.max(maxY, n.position().get().y());
            }
        }
        return Double.isInfinite(maxY) ? ORIGIN : new Position(minX, maxY + ROW_GAP);
    }

    /** Whether a card placed at {@code at} would overlap a positioned node's card. */
    private static boolean taken(Graph g, Position at) {
        for (Node n : g.nodes()) {
            Optional<Position> p = n.position();
            if (p.isPresent() && Math.abs(p.get().x() - at.x()) < GraphLayoutService.NODE_WIDTH
                    && Math.abs(p.get().y() - at.y()) < GraphLayoutService.NODE_HEIGHT) {
                return true;
            }
        }
        return false;
    }

    // Property accessors

    /** The search text; matched case-insensitively against kind names and summaries. */
    public StringProperty filterProperty() {
        return filter;
    }

    /** The families with at least one matching kind, in palette order. */
    public ObservableList<Group> groups() {
        return groupsView;
    }

    /** "No layer matches 'xyz'" when nothing matches, else empty. */
    public ReadOnlyStringProperty emptyMessageProperty() {
        return emptyMessage.getReadOnlyProperty();
    }

    /** The matching kinds' names in palette order: what a keyboard user walks through. */
    public List<String> visibleKinds() {
        List<String> out = new ArrayList<>();
        for (Group g : groups) {
            g.kinds().forEach(k -> out.add(k.name()));
        }
        return out;
    }

    // Internals

    private void refilter() {
        String needle = filter.get() == null ? "" : filter.get().strip().toLowerCase(Locale.ROOT);
        Map<Family, List<LayerKind<?>>> byFamily = new LinkedHashMap<>();
        for (LayerKind<?> k : LayerKinds.all()) {
            if (needle.isEmpty() || k.name().toLowerCase(Locale.ROOT).contains(needle)
                    || k.summary().toLowerCase(Locale.ROOT).contains(needle)) {
                byFamily.computeIfAbsent(k.family(), f -> new ArrayList<>()).add(k);
            }
        }
        List<Group> out = new ArrayList<>();
        byFamily.forEach((family, kinds) -> out.add(new Group(family, kinds)));
        if (!out.equals(groups)) {
            groups.setAll(out);
        }
        emptyMessage.set(out.isEmpty() ? "No layer matches '" + filter.get().strip() + "'" : "");
    }
}
