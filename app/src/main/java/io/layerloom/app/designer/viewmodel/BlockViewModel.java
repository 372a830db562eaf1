package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.graph.Block;
import io.layerloom.model.graph.BlockEdits;
import io.layerloom.model.graph.BlockRules;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The block commands of the canvas (docs/design/blocks.md): make a block of the selection,
 * collapse, expand, rename, duplicate, repeat and ungroup, each one undoable edit. A command
 * that cannot be done returns the reason, for the window to show, and changes nothing.
 */
public final class BlockViewModel {

    /** The block types the dialog offers; any other text is allowed. */
    public static final List<String> TYPES = List.of("Block", "BasicBlock", "Bottleneck", "Inception", "Fire", "Dense layer");

    private final DocumentViewModel document;
    /** Why Make Block is off for the selection ("Select the layers to group first."), or empty. */
    private final javafx.beans.binding.StringBinding makeBlocked;
    /** Whether the graph has a block that is expanded, and one that is collapsed. */
    private final javafx.beans.binding.BooleanBinding anyExpanded;
    private final javafx.beans.binding.BooleanBinding anyCollapsed;

    public BlockViewModel(DocumentViewModel document) {
        this.document = document;
        makeBlocked = javafx.beans.binding.Bindings.createStringBinding(() -> whyNotMake(suggestName()).orElse(""),
                document.graphProperty(), document.selection());
        anyExpanded = javafx.beans.binding.Bindings.createBooleanBinding(
                () -> graph().blocks().stream().anyMatch(b -> !b.collapsed()), document.graphProperty());
        anyCollapsed = javafx.beans.binding.Bindings.createBooleanBinding(
                () -> graph().blocks().stream().anyMatch(Block::collapsed), document.graphProperty());
    }

    /** Why the selection cannot be made a block now, or empty when Make Block... is on. */
    public javafx.beans.binding.StringBinding makeBlockedProperty() {
        return makeBlocked;
    }

    /** True when Collapse All Blocks has something to do. */
    public javafx.beans.binding.BooleanBinding anyExpandedProperty() {
        return anyExpanded;
    }

    /** True when Expand All Blocks has something to do. */
    public javafx.beans.binding.BooleanBinding anyCollapsedProperty() {
        return anyCollapsed;
    }

    private Graph graph() {
        return document.graph();
    }

    /** The block a layer (or a collapsed block's card) belongs to. */
    public Optional<Block> blockOf(String nodeId) {
        return graph().blockOf(nodeId);
    }

    /** The selected layers, with every member of a collapsed block whose card is selected. */
    public List<String> selectedLayers() {
        Set<String> out = new LinkedHashSet<>();
        for (String id : document.selection()) {
            Optional<Block> shown = BlockEdits.collapsedShownBy(graph(), id);
            if (shown.isPresent()) {
                out.addAll(shown.get().members());
            } else {
                out.add(id);
            }
        }
        return List.copyOf(out);
    }

    /** A name no block or layer has: "block1", "block2", ... */
    public String suggestName() {
        Set<String> taken = new HashSet<>();
        graph().blocks().forEach(b -> taken.add(b.id()));
        graph().nodes().forEach(n -> taken.add(n.id()));
        for (int i = 1; ; i++) {
            if (!taken.contains("block" + i)) {
                return "block" + i;
            }
        }
    }

    /** Why the selection cannot become a block named so, or empty. */
    public Optional<String> whyNotMake(String name) {
        return BlockEdits.whyNotMake(graph(), name, selectedLayers());
    }

    public Optional<String> makeBlock(String name, String type) {
        Optional<String> why = whyNotMake(name);
        if (why.isEmpty()) {
            document.apply(new Edit.MakeBlock(name, type.isBlank() ? "Block" : type.strip(), selectedLayers()));
        }
        return why;
    }

    public void setCollapsed(String blockId, boolean collapsed) {
        graph().block(blockId).filter(b -> b.collapsed() != collapsed).ifPresent(b -> {
            document.apply(new Edit.SetBlockCollapsed(blockId, collapsed));
            if (collapsed) {
                document.select(CanvasClipboard.shown(graph(), document.selection()));
            }
        });
    }

    public void ungroup(String blockId) {
        if (graph().block(blockId).isPresent()) {
            document.apply(new Edit.Ungroup(blockId));
        }
    }

    public Optional<String> rename(String blockId, String newName) {
        String name = newName.strip();
        if (name.equals(blockId)) {
            return Optional.empty();
        }
        if (name.isEmpty()) {
            return Optional.of("A block needs a name, such as \"layer1.0\".");
        }
        if (graph().block(name).isPresent() || graph().contains(name)) {
            Set<String> blocks = new HashSet<>();
            graph().blocks().forEach(b -> blocks.add(b.id()));
            Set<String> nodes = new HashSet<>();
            graph().nodes().forEach(n -> nodes.add(n.id()));
            return Optional.of("'" + name + "' is already the name of a " + (graph().contains(name) ? "layer" : "block")
                    + "; choose another, such as '" + BlockRules.freshBlockId(name, blocks, nodes) + "'.");
        }
        document.apply(new Edit.RenameBlock(blockId, name));
        return Optional.empty();
    }

    /** Sets the block's type label ("Bottleneck"), as one undoable edit; blank means "Block". */
    public void setType(String blockId, String type) {
        String t = type == null || type.isBlank() ? "Block" : type.strip();
        graph().block(blockId).filter(b -> !b.type().equals(t))
                .ifPresent(b -> document.apply(new Edit.SetBlockType(blockId, t)));
    }

    /**
     * Opens a layer of a collapsed block: expands the block (one undoable edit) and selects the
     * layer, for the inspector to show it.
     */
    public void openMember(String blockId, String member) {
        setCollapsed(blockId, false);
        document.reveal(member);
    }

    public void duplicate(String blockId) {
        if (graph().block(blockId).isPresent()) {
            document.apply(new Edit.DuplicateBlock(blockId));
        }
    }

    /** Why the block cannot be repeated {@code times} times, or empty. */
    public Optional<String> whyNotRepeat(String blockId, int times) {
        return BlockEdits.whyNotRepeat(graph(), blockId, times);
    }

    public Optional<String> repeat(String blockId, int times) {
        Optional<String> why = whyNotRepeat(blockId, times);
        if (why.isEmpty()) {
            document.apply(new Edit.RepeatBlock(blockId, times));
        }
        return why;
    }

    /** Every block, for "Expand All" and "Collapse All". */
    public void setAllCollapsed(boolean collapsed) {
        List<Edit> edits = new ArrayList<>();
        List<Block> blocks = new ArrayList<>(graph().blocks());
        if (!collapsed) {
            java.util.Collections.reverse(blocks);
        }
        for (Block b : blocks) {
            if (b.collapsed() != collapsed) {
                edits.add(new Edit.SetBlockCollapsed(b.id(), collapsed));
            }
        }
        if (!edits.isEmpty()) {
            document.apply(new Edit.Batch((collapsed ? "Collapse" : "Expand") + " all blocks", edits));
            // A layer hidden by a collapse is shown by its block's card, which keeps it selected.
            document.select(CanvasClipboard.shown(graph(), document.selection()));
        }
    }
}
