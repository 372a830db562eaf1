package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.viewmodel.InspectorViewModel.Fact;
import io.layerloom.model.graph.Block;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.report.SummaryJson;
import io.layerloom.model.template.Templates;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The designer's block logic without a window (docs/design/blocks.md): the inspector of a
 * selected block card, copy and paste of a whole block, Make Block's reason to be off, Expand and
 * Collapse All as one edit each, and the Summary's block rows against {@code summary --json}.
 */
class BlockDesignerViewModelTest {

    private static DocumentViewModel resnet18() {
        return DocumentViewModel.direct(Templates.graph(Templates.byId("resnet18").orElseThrow()));
    }

    private static String fact(InspectorViewModel inspector, String label) {
        return inspector.facts().stream().filter(f -> f.label().equals(label)).map(Fact::value).findFirst()
                .orElseThrow(() -> new AssertionError(label + " not in " + inspector.facts()));
    }

    @Test
    void selectingABlockCardInspectsTheBlockWithItsFigures() {
        DocumentViewModel document = resnet18();
        InspectorViewModel inspector = new InspectorViewModel(document);

        document.select("layer2.0.relu2");

        assertEquals(InspectorViewModel.Mode.BLOCK, inspector.modeProperty().get());
        BlockInspectorViewModel block = inspector.block();
        assertEquals("layer2.0", block.blockIdProperty().get());
        assertEquals("layer2.0", block.nameTextProperty().get());
        assertEquals("BasicBlock", block.typeTextProperty().get());
        assertEquals("layer2.0.relu2", block.outputLayerProperty().get());
        assertEquals("", block.repeatBlockedProperty().get());
        assertEquals("9", fact(inspector, "Layers"), "seven layers and the downsampling convolution and batch norm");
        assertEquals("64x56x56", fact(inspector, "Input shape"));
        assertEquals("128x28x28", fact(inspector, "Output shape"));
        // torchvision's resnet18().layer2[0] has 230,144 parameters; DL4J also counts each batch
        // norm's running mean and variance (3 x 256 more, not trained).
        assertEquals("230,144", fact(inspector, "Trainable"));
        assertEquals("230,912", fact(inspector, "Parameters"));
        // Two 3x3 convolutions, the first of stride 2: 7x7 in the input's units, stride 2.
        assertEquals("7x7 /2", fact(inspector, "RF growth"));

        document.select("layer2.0.relu2"); // the same card again: nothing changes
        document.select("conv1");
        assertEquals(InspectorViewModel.Mode.NODE, inspector.modeProperty().get());
        assertNull(inspector.block().blockIdProperty().get());
    }

    @Test
    void theInspectorRenamesAndRetypesTheBlockAsUndoableEditsAndRefusesATakenName() {
        DocumentViewModel document = resnet18();
        InspectorViewModel inspector = new InspectorViewModel(document);
        document.select("layer1.0.relu2");
        BlockInspectorViewModel block = inspector.block();

        block.nameTextProperty().set("layer1.1");
        assertFalse(block.commitName());
        assertTrue(block.nameProblemProperty().get().contains("'layer1.1' is already the name of a block"),
                block.nameProblemProperty().get());
        assertTrue(document.graph().block("layer1.0").isPresent());

        block.nameTextProperty().set("first");
        assertTrue(block.commitName());
        assertEquals("", block.nameProblemProperty().get());
        assertEquals("Undo Rename block layer1.0 to first", document.undoTextProperty().get());
        assertEquals("first", block.blockIdProperty().get());
        assertEquals(List.of("layer1.0.relu2"), document.selection(), "the card stays selected");

        block.typeTextProperty().set("Residual");
        block.commitType();
        assertEquals("Residual", document.graph().block("first").orElseThrow().type());
        assertEquals("Undo Set type of first", document.undoTextProperty().get());

        document.undo();
        document.undo();
        assertEquals("BasicBlock", document.graph().block("layer1.0").orElseThrow().type());
        assertEquals("layer1.0", block.blockIdProperty().get());
    }

    @Test
    void theOutputLayerLinkExpandsTheBlockAndSelectsTheLayerAndUngroupKeepsItSelected() {
        DocumentViewModel document = resnet18();
        InspectorViewModel inspector = new InspectorViewModel(document);
        document.select("layer3.1.relu2");

        inspector.block().openOutputLayer();

        assertFalse(document.graph().block("layer3.1").orElseThrow().collapsed());
        assertEquals(List.of("layer3.1.relu2"), document.selection());
        assertEquals(InspectorViewModel.Mode.NODE, inspector.modeProperty().get());
        assertEquals("Undo Expand layer3.1", document.undoTextProperty().get());

        document.undo();
        document.select("layer3.1.relu2");
        inspector.block().ungroup();
        assertTrue(document.graph().block("layer3.1").isEmpty());
        assertEquals(InspectorViewModel.Mode.NODE, inspector.modeProperty().get());
    }

    @Test
    void copyAndPasteOfABlockCardRecreateTheWholeBlockCollapsedUnderAFreshName() {
        DocumentViewModel document = resnet18();
        CanvasViewModel canvas = new CanvasViewModel(document);
        Graph before = document.graph();
        document.select("layer1.0.relu2");

        String copied = canvas.copySelection().orElseThrow();
        assertTrue(canvas.paste(copied));

        Graph g = document.graph();
        assertEquals(before.size() + 7, g.size());
        Block pasted = g.block("layer1.2").orElseThrow();
        assertTrue(pasted.collapsed());
        assertEquals("BasicBlock", pasted.type());
        assertEquals(List.of("layer1.2.conv1", "layer1.2.bn1", "layer1.2.relu1", "layer1.2.conv2", "layer1.2.bn2",
                "layer1.2.add", "layer1.2.relu2"), pasted.members());
        // Wires among the block's layers are kept; the one from outside (maxpool) is not copied.
        assertEquals(List.of("layer1.2.relu1"), g.require("layer1.2.conv2").inputs());
        assertEquals(List.of(), g.require("layer1.2.conv1").inputs());
        Block original = before.block("layer1.0").orElseThrow();
        assertEquals(original.position().orElseThrow().plus(CanvasViewModel.PASTE_OFFSET, CanvasViewModel.PASTE_OFFSET),
                pasted.position().orElseThrow());
        assertEquals(List.of("layer1.2.relu2"), document.selection(), "the new block's card is selected");
        assertEquals("Undo Paste block layer1.2", document.undoTextProperty().get());

        document.undo();
        assertEquals(before, document.graph());
    }

    @Test
    void cutThenPasteKeepsTheBlocksNameAndDuplicateTakesTheWholeBlock() {
        DocumentViewModel document = resnet18();
        CanvasViewModel canvas = new CanvasViewModel(document);
        document.select("layer4.1.relu2");

        String cut = canvas.cutSelection().orElseThrow();
        assertEquals("Undo Cut block layer4.1", document.undoTextProperty().get());
        assertTrue(document.graph().block("layer4.1").isEmpty());
        assertFalse(document.graph().contains("layer4.1.conv1"));
        canvas.paste(cut);
        assertTrue(document.graph().block("layer4.1").orElseThrow().collapsed());
        assertTrue(document.graph().contains("layer4.1.conv1"));

        document.select("layer2.1.relu2");
        canvas.duplicate();
        Block copy = document.graph().block("layer2.2").orElseThrow();
        assertEquals(7, copy.members().size());
        assertEquals("Undo Paste block layer2.2", document.undoTextProperty().get());
    }

    @Test
    void copyingLayersOfAnExpandedBlockCopiesTheBlockOnlyWhenAllItsLayersAreCopied() {
        DocumentViewModel document = resnet18();
        CanvasViewModel canvas = new CanvasViewModel(document);
        canvas.blocks().setCollapsed("layer1.0", false);
        int blocksBefore = document.graph().blocks().size();

        document.select(List.of("layer1.0.conv1", "layer1.0.bn1"));
        canvas.paste(canvas.copySelection().orElseThrow());
        assertEquals(blocksBefore, document.graph().blocks().size(), "no block for two of its layers");
        assertEquals("Undo Paste 2 layers", document.undoTextProperty().get());

        document.select(document.graph().block("layer1.0").orElseThrow().members());
        canvas.paste(canvas.copySelection().orElseThrow());
        Block copy = document.graph().block("layer1.2").orElseThrow();
        assertFalse(copy.collapsed(), "an expanded block is pasted expanded");
        assertEquals(copy.members(), document.selection());
    }

    @Test
    void makeBlockSaysWhyItIsOffForTheSelection() {
        DocumentViewModel document = resnet18();
        BlockViewModel blocks = new CanvasViewModel(document).blocks();

        assertEquals("Select the layers to group first.", blocks.makeBlockedProperty().get());
        document.select("layer1.0.relu2");
        assertTrue(blocks.makeBlockedProperty().get().contains("is already in block 'layer1.0'"),
                blocks.makeBlockedProperty().get());
        document.select(List.of("avgpool", "fc"));
        assertEquals("", blocks.makeBlockedProperty().get());
        assertEquals(Optional.empty(), blocks.makeBlock("head", "Head"));
        assertEquals("Undo Make block head", document.undoTextProperty().get());
    }

    @Test
    void expandAndCollapseAllAreOneUndoableEditEachAndKeepTheSelectionOnACard() {
        DocumentViewModel document = resnet18();
        BlockViewModel blocks = new CanvasViewModel(document).blocks();
        assertTrue(blocks.anyCollapsedProperty().get());
        assertFalse(blocks.anyExpandedProperty().get());

        blocks.setAllCollapsed(false);
        assertTrue(document.graph().blocks().stream().noneMatch(Block::collapsed));
        assertEquals("Undo Expand all blocks", document.undoTextProperty().get());
        assertFalse(blocks.anyCollapsedProperty().get());

        document.select("layer3.0.conv1");
        blocks.setAllCollapsed(true);
        assertTrue(document.graph().blocks().stream().allMatch(Block::collapsed));
        assertEquals("Undo Collapse all blocks", document.undoTextProperty().get());
        assertEquals(List.of("layer3.0.relu2"), document.selection(), "the hidden layer's card is selected instead");

        document.undo();
        document.undo();
        assertEquals(Templates.graph(Templates.byId("resnet18").orElseThrow()), document.graph());
    }

    @Test
    void theSummaryShowsEachBlockAsOneRowWithTheFiguresOfSummaryJsonThatOpensToItsLayers() {
        DocumentViewModel document = resnet18();
        SummaryViewModel summary = new SummaryViewModel(document);
        Graph g = document.graph();

        List<SummaryViewModel.Row> blocks = summary.rows().stream().filter(SummaryViewModel.Row::isBlock).toList();
        assertEquals(g.blocks().stream().map(Block::id).toList(), blocks.stream().map(SummaryViewModel.Row::id).toList());
        long loose = g.nodes().stream().filter(n -> g.blockOf(n.id()).isEmpty()).count();
        assertEquals(blocks.size() + loose, summary.rows().size());

        String json = SummaryJson.render(g, document.analysis(), 32);
        for (SummaryViewModel.Row row : blocks) {
            Matcher m = Pattern.compile("\\{\"id\": \"" + Pattern.quote(row.id()) + "\".*?\"params\": (\\d+), "
                    + "\"trainableParams\": \\d+, \"macs\": (\\d+)").matcher(json);
            assertTrue(m.find(), row.id());
            assertEquals(String.format("%,d", Long.parseLong(m.group(1))), row.params(), row.id());
            assertEquals(String.format("%,d", Long.parseLong(m.group(2))), row.macs(), row.id());
        }
        SummaryViewModel.Row layer20 = blocks.stream().filter(r -> r.id().equals("layer2.0")).findFirst().orElseThrow();
        assertEquals("layer2.0 (BasicBlock, 9 layers)", layer20.layer());
        assertEquals("128x28x28", layer20.shape());
        assertEquals("+7x7 /2", layer20.receptiveField());
        assertEquals("layer1.1.relu2", layer20.inputs());

        document.select("layer2.0.relu2");
        assertEquals(layer20, summary.selectedRowProperty().get(), "the card's row is its block's");

        summary.toggle(layer20);
        int at = summary.rows().indexOf(summary.rows().stream().filter(r -> r.id().equals("layer2.0")).findFirst().orElseThrow());
        assertEquals(SummaryViewModel.Fold.OPEN, summary.rows().get(at).fold());
        List<SummaryViewModel.Row> under = summary.rows().subList(at + 1, at + 10);
        assertEquals(java.util.Set.copyOf(g.block("layer2.0").orElseThrow().members()),
                java.util.Set.copyOf(under.stream().map(SummaryViewModel.Row::id).toList()));
        assertTrue(under.stream().allMatch(r -> !r.isBlock() && r.block().equals("layer2.0")));
        assertTrue(summary.rows().get(at + 10).isBlock(), "layer2.1's row follows");
        assertEquals("layer2.0", summary.selectedRowProperty().get().id(), "the card stands for the block");
        summary.open(summary.rows().get(at + 1));
        assertEquals(summary.rows().get(at + 1), summary.selectedRowProperty().get(), "a layer of the block: its own row");
        assertTrue(summary.rows().get(at + 1).id().startsWith("layer2.0."));

        summary.open(summary.rows().get(at));
        assertEquals(List.of("layer2.0.relu2"), document.selection(), "a block's row selects its card");
    }
}
