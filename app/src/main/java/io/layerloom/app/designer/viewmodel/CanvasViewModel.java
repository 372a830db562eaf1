package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.model.graph.ConnectionRules;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The canvas's logic without any JavaFX node: what a click, a drag, a drop, a paste or a delete
 * does to the document. Every gesture ends in at most one {@link Edit} on the document, so it is
 * one undo step.
 */
public final class CanvasViewModel {

    /** The grid the canvas draws and snaps to, in canvas units. */
    public static final double GRID = 20;
    /** How far a paste lands from the copied nodes, so the copy is visible beside its original. */
    public static final double PASTE_OFFSET = 40;

    // Properties
    private final BooleanProperty snapToGrid = new SimpleBooleanProperty(this, "snapToGrid", true);

    private final DocumentViewModel document;
    /** Find in the graph (Ctrl+F, F3). */
    private final FindViewModel find;
    private final BlockViewModel blocks;
    private final CanvasClipboard clipboard;

    public CanvasViewModel(DocumentViewModel document) {
        this.document = document;
        this.find = new FindViewModel(this.document);
        this.blocks = new BlockViewModel(document);
        this.clipboard = new CanvasClipboard(document, blocks);
    }

    public DocumentViewModel document() {
        return document;
    }

    /** The block commands (make, collapse, expand, repeat, ...). */
    public BlockViewModel blocks() {
        return blocks;
    }

    public BooleanProperty snapToGridProperty() {
        return snapToGrid;
    }

    // Commands: selection

    /** A click on a node: selects only it, or with {@code toggle} (Shift) adds or removes it. */
    public void click(String id, boolean toggle) {
        if (!toggle) {
            if (!(document.selection().size() == 1 && document.selection().contains(id))) {
                document.select(id);
            }
            return;
        }
        List<String> next = new ArrayList<>(document.selection());
        if (!next.remove(id)) {
            next.add(id);
        }
        document.select(next);
    }

    /** The nodes a rubber band touched; with {@code additive} (Shift) they join the selection. */
    public void selectArea(Collection<String> ids, boolean additive) {
        Set<String> next = new LinkedHashSet<>(additive ? document.selection() : List.of());
        next.addAll(ids);
        document.select(next);
    }

    public void selectAll() {
        document.select(document.graph().nodes().stream().map(Node::id).toList());
    }

    // Commands: clipboard

    /**
     * The selected layers as graph JSON (a collapsed block's card: its whole block), their wires
     * among themselves kept, wires from layers that are not copied dropped ({@link CanvasClipboard}).
     * Empty when nothing is selected.
     */
    public Optional<String> copySelection() {
        return clipboard.copy();
    }

    /** Copy, then delete, as one undo step for the delete ("Cut layer1.0"). */
    public Optional<String> cutSelection() {
        Optional<String> text = copySelection();
        text.ifPresent(t -> delete("Cut"));
        return text;
    }

    /**
     * Adds the layers (and blocks) of a copied graph as one edit, offset so they do not hide their
     * originals, with ids that are free (an id is kept where it is free, as after a cut), and
     * selects them.
     *
     * @return whether the text was a graph that could be pasted
     */
    public boolean paste(String json) {
        return clipboard.paste(json, PASTE_OFFSET);
    }

    /** Copies and pastes the selection in one step, without touching the clipboard. */
    public void duplicate() {
        copySelection().ifPresent(this::paste);
    }

    /**
     * Freezes the selected layers and every layer they depend on, as one undoable edit ("Freeze up
     * to Here"). Only layers with parameters are marked: freezing a ReLU or a pooling changes
     * nothing (the DL4J build wraps what a frozen body needs by itself), and marking them would
     * only fill the Problems tab with notes saying so.
     */
    public void freezeUpToSelection() {
        var analysis = document.analysis();
        java.util.Set<String> withParameters = new LinkedHashSet<>(Edit.SetTrainable.freezeUpTo(document.graph(),
                document.selection()).ids());
        withParameters.removeIf(id -> analysis.node(id).flatMap(r -> r.cost()).map(c -> c.params()).orElse(0L) == 0);
        if (!withParameters.isEmpty()) {
            document.apply(new Edit.SetTrainable(withParameters, false));
        }
    }

    /** Makes every frozen layer trainable again, as one undoable edit. */
    public void unfreezeAll() {
        Edit.SetTrainable edit = Edit.SetTrainable.unfreezeAll(document.graph());
        if (!edit.ids().isEmpty()) {
            document.apply(edit);
        }
    }

    /** Removes the selected nodes and every wire into or out of them, as one undo step. */
    public void deleteSelection() {
        delete("Delete");
    }

    private void delete(String verb) {
        // A collapsed block's card stands for all its layers.
        List<String> ids = blocks.selectedLayers().stream().filter(document.graph()::contains).toList();
        if (ids.isEmpty()) {
            return;
        }
        List<Edit> removes = ids.stream().<Edit>map(Edit.RemoveNode::new).toList();
        List<String> cards = document.selection();
        Optional<io.layerloom.model.graph.Block> block = cards.size() == 1
                ? io.layerloom.model.graph.BlockEdits.collapsedShownBy(document.graph(), cards.get(0)) : Optional.empty();
        String what = block.map(b -> "block " + b.id()).orElse(ids.size() == 1 ? ids.get(0) : ids.size() + " layers");
        document.apply(new Edit.Batch(verb + " " + what, removes));
    }

    // Commands: moving and wiring

    /** The point on the grid nearest {@code p} when snapping is on, else {@code p}. */
    public Position snap(Position p) {
        if (!snapToGrid.get()) {
            return p;
        }
        return new Position(Math.round(p.x() / GRID) * GRID, Math.round(p.y() / GRID) * GRID);
    }

    /**
     * The offset a drag really applies: with snapping on, the one that puts the grabbed node
     * ({@code anchorStart} + offset) on the grid; every dragged node gets the same offset, so a
     * group keeps its shape.
     */
    public Position dragOffset(Position anchorStart, double dx, double dy) {
        Position landed = snap(anchorStart.plus(dx, dy));
        return new Position(landed.x() - anchorStart.x(), landed.y() - anchorStart.y());
    }

    /**
     * Ends a drag: every node moves from its start by the same (snapped) offset, as one
     * {@link Edit.Move}. A drag that ends where it began changes nothing.
     */
    public void commitMove(Map<String, Position> starts, String anchor, double dx, double dy) {
        if (starts.isEmpty()) {
            return;
        }
        Position anchorStart = starts.getOrDefault(anchor, starts.values().iterator().next());
        Position offset = dragOffset(anchorStart, dx, dy);
        if (offset.x() == 0 && offset.y() == 0) {
            return;
        }
        Map<String, Position> moved = new LinkedHashMap<>();
        List<Edit> cards = new ArrayList<>();
        starts.forEach((id, p) -> {
            var block = io.layerloom.model.graph.BlockEdits.collapsedShownBy(document.graph(), id);
            if (block.isPresent()) {
                // A collapsed block's card: the block moves, its layers with it.
                cards.add(new Edit.MoveBlock(block.get().id(), p.plus(offset.x(), offset.y())));
            } else if (document.graph().contains(id)) {
                moved.put(id, p.plus(offset.x(), offset.y()));
            }
        });
        if (!cards.isEmpty()) {
            List<Edit> all = new ArrayList<>(cards);
            if (!moved.isEmpty()) {
                all.add(new Edit.Move(moved));
            }
            document.apply(new Edit.Batch(starts.size() == 1 ? "Move " + ((Edit.MoveBlock) cards.get(0)).blockId()
                    : "Move " + starts.size() + " cards", all));
        } else if (!moved.isEmpty()) {
            document.apply(new Edit.Move(moved));
        }
    }

    /** Why a wire from {@code from} into {@code to} may not be drawn, or empty when it may. */
    public Optional<String> refusal(String from, String to) {
        return ConnectionRules.refusal(document.graph(), from, to);
    }

    /** Draws a wire if the rules allow it; returns whether it did. */
    public boolean connect(String from, String to) {
        if (refusal(from, to).isPresent()) {
            return false;
        }
        document.apply(new Edit.Connect(from, to));
        return true;
    }

    public void disconnect(String from, String to) {
        Optional<Node> target = document.graph().node(to);
        if (target.isPresent() && target.get().inputs().contains(from)) {
            document.apply(new Edit.Disconnect(from, to));
        }
    }

    /**
     * A layer kind dropped from the palette: its defaults, centred on the drop point, as one
     * edit; the new node is selected. Returns its id, or empty for an unknown kind name.
     */
    public Optional<String> addKind(String kindName, double centreX, double centreY) {
        Optional<LayerKind<?>> kind = LayerKinds.byName(kindName == null ? "" : kindName.trim());
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        Graph g = document.graph();
        String id = g.freshId(kind.get().name());
        Position at = snap(new Position(centreX - GraphLayoutService.NODE_WIDTH / 2,
                centreY - GraphLayoutService.NODE_HEIGHT / 2));
        document.apply(new Edit.AddNode(new Node(id, kind.get().defaults(), List.of(), Optional.of(at), Map.of())));
        document.select(id);
        return Optional.of(id);
    }

    /** Arranges every node with the layered layout, as one undoable move. */
    public void autoLayout() {
        Graph original = document.graph();
        if (original.size() == 0) {
            return;
        }
        // Collapsed blocks are laid out expanded, then collapsed again from the top, in the same edit.
        List<Edit> expand = new ArrayList<>();
        List<Edit> collapse = new ArrayList<>();
        for (int i = original.blocks().size() - 1; i >= 0; i--) {
            if (original.blocks().get(i).collapsed()) {
                expand.add(new Edit.SetBlockCollapsed(original.blocks().get(i).id(), false));
                collapse.add(0, new Edit.SetBlockCollapsed(original.blocks().get(i).id(), true));
            }
        }
        Graph g = new Edit.Batch("", expand).apply(original);
        Graph laid = GraphLayoutService.layoutAll(g);
        Map<String, Position> moved = new LinkedHashMap<>();
        for (int i = 0; i < g.size(); i++) {
            Node before = g.nodes().get(i);
            Position after = laid.nodes().get(i).position().orElseThrow();
            if (!moved.containsKey(before.id()) && !before.position().equals(Optional.of(after))) {
                moved.put(before.id(), after);
            }
        }
        if (!moved.isEmpty()) {
            List<Edit> all = new ArrayList<>(expand);
            all.add(new Edit.Move(moved));
            all.addAll(collapse);
            document.apply(new Edit.Batch("Arrange automatically", all));
        }
    }

    /** Find in the graph: the find bar's model. */
    public FindViewModel find() {
        return find;
    }
}
