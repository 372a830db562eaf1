package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.viewmodel.InspectorViewModel.Fact;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.BlockAnalysis;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Block;
import io.layerloom.model.graph.BlockEdits;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.report.Formats;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The inspector's part for a collapsed block whose card is selected (docs/design/blocks.md): its
 * name and type, editable (each change one undoable edit, a refused name shown under the field),
 * its figures from {@link BlockAnalysis}, the layer its card stands on, and the block commands
 * Expand, Ungroup and Repeat, which are {@link BlockViewModel}'s.
 */
public final class BlockInspectorViewModel {

    // Properties
    private final ReadOnlyStringWrapper blockId = new ReadOnlyStringWrapper(this, "blockId");
    private final StringProperty nameText = new SimpleStringProperty(this, "nameText", "");
    private final ReadOnlyStringWrapper nameProblem = new ReadOnlyStringWrapper(this, "nameProblem", "");
    private final StringProperty typeText = new SimpleStringProperty(this, "typeText", "");
    private final ReadOnlyStringWrapper outputLayer = new ReadOnlyStringWrapper(this, "outputLayer", "");
    private final ReadOnlyStringWrapper repeatBlocked = new ReadOnlyStringWrapper(this, "repeatBlocked", "");

    private final DocumentViewModel document;
    private final BlockViewModel blocks;

    BlockInspectorViewModel(DocumentViewModel document, BlockViewModel blocks) {
        this.document = document;
        this.blocks = blocks;
    }

    /** Points the part at {@code b} (null: no block is inspected), keeping a name being typed for the same block. */
    void show(Block b) {
        if (b == null) {
            blockId.set(null);
            nameText.set("");
            nameProblem.set("");
            typeText.set("");
            outputLayer.set("");
            repeatBlocked.set("");
            return;
        }
        Graph g = document.graph();
        if (!b.id().equals(blockId.get())) {
            nameText.set(b.id());
            nameProblem.set("");
        }
        blockId.set(b.id());
        typeText.set(b.type());
        outputLayer.set(BlockEdits.cardMember(g, b));
        repeatBlocked.set(blocks.whyNotRepeat(b.id(), 1).orElse(""));
    }

    /** The block's figures: its layers, input and output shapes, parameters, MACs and receptive-field growth. */
    static void facts(Graph g, Analysis a, Block b, List<Fact> out) {
        BlockAnalysis r = BlockAnalysis.of(g, a, b);
        out.add(new Fact("Layers", Integer.toString(b.members().size())));
        out.add(new Fact(r.inputs().size() > 1 ? "Input shapes" : "Input shape", shapes(r.inputShapes())));
        out.add(new Fact(r.outputs().size() > 1 ? "Output shapes" : "Output shape", shapes(r.outputShapes())));
        out.add(new Fact("Parameters", r.cost().map(c -> Formats.grouped(c.params())).orElse("?")));
        out.add(new Fact("Trainable", r.cost().map(c -> Formats.grouped(c.trainableParams())).orElse("?")));
        out.add(new Fact("MACs", r.cost().map(c -> Formats.si(c.macs()) + " (" + Formats.grouped(c.macs()) + ")").orElse("?")));
        out.add(new Fact("RF growth", r.growth().map(f -> Formats.receptiveField(Optional.of(f)))
                .orElse(r.inputs().size() == 1 && r.outputs().size() == 1 ? "?" : "- (not one input and one output)")));
    }

    private static String shapes(List<Optional<TensorType>> shapes) {
        if (shapes.isEmpty()) {
            return "none";
        }
        return shapes.stream().map(s -> s.map(TensorType::text).orElse("?")).collect(Collectors.joining(", "));
    }

    // Commands

    /**
     * Renames the block to the typed name as one undoable edit.
     *
     * @return whether the name was accepted (or unchanged)
     */
    public boolean commitName() {
        return rename(blockId.get(), nameText.get());
    }

    /** Renames {@code oldId} to {@code typed}: {@link #commitName} for a name typed before the selection moved on. */
    public boolean rename(String oldId, String typed) {
        if (oldId == null || typed == null || document.graph().block(oldId).isEmpty()) {
            return false;
        }
        Optional<String> why = blocks.rename(oldId, typed);
        if (oldId.equals(blockId.get())) {
            nameProblem.set(why.orElse(""));
        }
        return why.isEmpty();
    }

    public void revertName() {
        nameText.set(blockId.get() == null ? "" : blockId.get());
        nameProblem.set("");
    }

    /** Drops a typed type and shows the block's again. */
    public void revertType() {
        String id = blockId.get();
        typeText.set(id == null ? "" : document.graph().block(id).map(Block::type).orElse(""));
    }

    /** Sets the typed (or chosen) type as one undoable edit. */
    public void commitType() {
        String id = blockId.get();
        if (id != null) {
            blocks.setType(id, typeText.get());
            document.graph().block(id).ifPresent(b -> typeText.set(b.type()));
        }
    }

    /** Expands the block in place (the card's layers take its place on the canvas), keeping its output layer selected. */
    public void expand() {
        String id = blockId.get();
        if (id != null) {
            String shown = outputLayer.get();
            blocks.setCollapsed(id, false);
            document.select(shown);
        }
    }

    /** Dissolves the block; its layers stay, its output layer selected. */
    public void ungroup() {
        String id = blockId.get();
        if (id != null) {
            String shown = outputLayer.get();
            blocks.ungroup(id);
            document.select(shown);
        }
    }

    /** Expands the block and selects the layer its card stands on, for the inspector to show it. */
    public void openOutputLayer() {
        String id = blockId.get();
        if (id != null) {
            blocks.openMember(id, outputLayer.get());
        }
    }

    /** The block commands (Repeat's dialog asks them). */
    public BlockViewModel blocks() {
        return blocks;
    }

    // Property accessors

    /** The inspected block's id, or null. */
    public ReadOnlyStringProperty blockIdProperty() {
        return blockId.getReadOnlyProperty();
    }

    public StringProperty nameTextProperty() {
        return nameText;
    }

    public ReadOnlyStringProperty nameProblemProperty() {
        return nameProblem.getReadOnlyProperty();
    }

    public StringProperty typeTextProperty() {
        return typeText;
    }

    /** The member whose card shows the block (its output layer). */
    public ReadOnlyStringProperty outputLayerProperty() {
        return outputLayer.getReadOnlyProperty();
    }

    /** Why the block cannot be repeated, or empty. */
    public ReadOnlyStringProperty repeatBlockedProperty() {
        return repeatBlocked.getReadOnlyProperty();
    }
}
