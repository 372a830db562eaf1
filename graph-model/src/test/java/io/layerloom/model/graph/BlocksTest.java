package io.layerloom.model.graph;

import io.layerloom.model.TestGraphs;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.BlockAnalysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.ReceptiveField;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Blocks over the node list: making, collapsing, repeating, duplicating, with undo and analysis. */
class BlocksTest {

    /** A stem and one residual BasicBlock (two 3x3 convolutions and an identity shortcut), then a head. */
    static Graph residual() {
        return TestGraphs.nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [8, 16, 16], \"position\": [0, 0]}",
                "{\"id\": \"stem\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 8, \"kernel\": 3, \"padding\": 1, \"activation\": \"relu\", \"position\": [0, 132]}",
                "{\"id\": \"b1.conv1\", \"kind\": \"Conv2D\", \"inputs\": [\"stem\"], \"filters\": 8, \"kernel\": 3, \"padding\": 1, \"activation\": \"relu\", \"position\": [0, 264]}",
                "{\"id\": \"b1.conv2\", \"kind\": \"Conv2D\", \"inputs\": [\"b1.conv1\"], \"filters\": 8, \"kernel\": 3, \"padding\": 1, \"position\": [0, 396]}",
                "{\"id\": \"b1.add\", \"kind\": \"Add\", \"inputs\": [\"b1.conv2\", \"stem\"], \"position\": [0, 528]}",
                "{\"id\": \"gap\", \"kind\": \"GlobalAvgPool\", \"inputs\": [\"b1.add\"], \"position\": [0, 660]}",
                "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"gap\"], \"units\": 10, \"activation\": \"softmax\", \"loss\": \"mcxent\", \"position\": [0, 792]}");
    }

    static final List<String> MEMBERS = List.of("b1.conv1", "b1.conv2", "b1.add");

    static Graph withBlock() {
        return new Edit.MakeBlock("b1", "BasicBlock", List.of("b1.add", "b1.conv1", "b1.conv2")).apply(residual());
    }

    @Test
    void makingABlockGroupsTheNodesInFileOrderAndChangesNoNode() {
        Graph g = withBlock();
        assertEquals(List.of(new Block("b1", "BasicBlock", MEMBERS, false, Optional.empty())), g.blocks());
        assertEquals(residual().nodes(), g.nodes());
        assertEquals(Optional.of("b1"), g.blockOf("b1.conv2").map(Block::id));
        assertEquals(Optional.empty(), g.blockOf("stem"));
    }

    @Test
    void makingABlockIsRefusedWithTheReason() {
        Graph g = withBlock();
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new Edit.MakeBlock("b2", "X", List.of("stem", "b1.conv1")).apply(g));
        assertEquals("'b1.conv1' is already in block 'b1'; a layer belongs to one block at most. Ungroup that block first, "
                + "or leave the layer out.", twice.getMessage());
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                () -> new Edit.MakeBlock("stem", "X", List.of("gap")).apply(g));
        assertEquals("'stem' is already the name of a layer; choose another, such as 'stem_2'.", taken.getMessage());
        assertTrue(BlockEdits.whyNotMake(g, "b2", List.of()).orElseThrow().contains("Select the layers"));
    }

    @Test
    void addingABlockKeepsItAsItWasCollapsedAtItsPlaceAndMovesNothing() {
        Block pasted = new Block("b1", "BasicBlock", List.of("b1.add", "b1.conv1"), true, Optional.of(new Position(40, 300)));
        Graph g = new Edit.AddBlock(pasted).apply(residual());
        assertEquals(List.of(new Block("b1", "BasicBlock", List.of("b1.conv1", "b1.add"), true,
                Optional.of(new Position(40, 300)))), g.blocks(), "members in file order");
        assertEquals(residual().nodes(), g.nodes(), "unlike a collapse, nothing below is pulled up");
        assertEquals("Add block b1", new Edit.AddBlock(pasted).description());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new Edit.AddBlock(new Block("b2", "X", List.of("b1.conv2"), false, Optional.empty())).apply(withBlock()));
        assertTrue(twice.getMessage().startsWith("'b1.conv2' is already in block 'b1'"), twice.getMessage());
    }

    @Test
    void collapseAndExpandAreUndoneByHistoryAndExpandRestoresThePositions() {
        History h = new History(withBlock());
        Graph collapsed = h.apply(new Edit.SetBlockCollapsed("b1", true));
        Block b = collapsed.block("b1").orElseThrow();
        assertTrue(b.collapsed());
        assertEquals(Optional.of(new Position(0, 264)), b.position(), "the card sits at the first member, at the block's top");
        // Members span 264..528 (+76 card height): 340 tall, the card 96: what lies below moves up 244.
        assertEquals(Optional.of(new Position(0, 660 - 244)), collapsed.require("gap").position());
        assertEquals(Optional.of(new Position(0, 132)), collapsed.require("stem").position(), "above stays");
        assertEquals(Optional.of("Collapse b1"), h.undoDescription());

        Graph expanded = h.apply(new Edit.SetBlockCollapsed("b1", false));
        assertEquals(withBlock(), expanded, "collapsing then expanding gives back every position");
        h.undo();
        h.undo();
        assertEquals(withBlock(), h.current());
    }

    @Test
    void movingACollapsedCardMovesItsMembersSoExpandingPutsThemThere() {
        Graph g = new Edit.SetBlockCollapsed("b1", true).apply(withBlock());
        Graph moved = new Edit.MoveBlock("b1", new Position(300, 264)).apply(g);
        assertEquals(Optional.of(new Position(300, 396)), moved.require("b1.conv2").position());
        Graph expanded = new Edit.SetBlockCollapsed("b1", false).apply(moved);
        assertEquals(Optional.of(new Position(300, 264)), expanded.require("b1.conv1").position());
    }

    @Test
    void repeatChainsCopiesWithFreshIdsAndRewiresWhatTheBlockFed() {
        Graph g = new Edit.RepeatBlock("b1", 2).apply(withBlock());
        assertEquals(List.of("b1", "b2", "b3"), g.blocks().stream().map(Block::id).toList());
        assertEquals(List.of("b2.conv1", "b2.conv2", "b2.add"), g.block("b2").orElseThrow().members());
        assertEquals(List.of("b1.add"), g.require("b2.conv1").inputs(), "the copy reads the block's output");
        assertEquals(List.of("b2.conv2", "b1.add"), g.require("b2.add").inputs(), "the shortcut too");
        assertEquals(List.of("b3.conv2", "b2.add"), g.require("b3.add").inputs());
        assertEquals(List.of("b3.add"), g.require("gap").inputs(), "what the block fed reads the last copy");
        assertEquals(List.of("in", "stem", "b1.conv1", "b1.conv2", "b1.add", "b2.conv1", "b2.conv2", "b2.add", "b3.conv1",
                "b3.conv2", "b3.add", "gap", "out"), g.nodes().stream().map(Node::id).toList());
        // Expanded: each copy is 264 + 76 + 56 = 396 lower; what lies below moves down 2 copies.
        assertEquals(Optional.of(new Position(0, 264 + 396)), g.require("b2.conv1").position());
        assertEquals(Optional.of(new Position(0, 660 + 2 * 396)), g.require("gap").position());

        Analysis a = GraphAnalysis.analyze(g);
        assertEquals(List.of(), a.diagnostics());
        long blockParams = 2 * (9 * 8 * 8 + 8);
        assertEquals(GraphAnalysis.analyze(withBlock()).totals().params() + 2 * blockParams, a.totals().params());
    }

    @Test
    void repeatOfACollapsedBlockStacksCards() {
        Graph collapsed = new Edit.SetBlockCollapsed("b1", true).apply(withBlock());
        Graph g = new Edit.RepeatBlock("b1", 1).apply(collapsed);
        assertEquals(Optional.of(new Position(0, 264 + 96 + 56)), g.block("b2").orElseThrow().position());
        assertTrue(g.block("b2").orElseThrow().collapsed());
        assertEquals(collapsed.require("gap").position().map(p -> p.plus(0, 152)), g.require("gap").position());
    }

    @Test
    void repeatIsRefusedForABlockWithTwoWaysOutOrIn() {
        Graph g = new Edit.MakeBlock("two", "X", List.of("b1.conv1", "b1.conv2")).apply(residual());
        // stem feeds b1.conv1 only, so one way in; but b1.conv2 leaves to b1.add: one way out. Add a second exit:
        Graph twoOut = new Edit.Connect("b1.conv1", "b1.add").apply(g);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Edit.RepeatBlock("two", 1).apply(twoOut));
        assertEquals("Block 'two' has 2 outputs (b1.conv1, b1.conv2); a block is repeated by chaining copies, so it needs "
                + "exactly one layer whose output leaves it. Duplicate it instead, or regroup the layers.", e.getMessage());
        Graph head = new Edit.MakeBlock("head", "X", List.of("in", "stem")).apply(residual());
        assertTrue(BlockEdits.whyNotRepeat(head, "head", 1).orElseThrow().startsWith("Block 'head' has no input from outside"));
        assertTrue(BlockEdits.whyNotRepeat(withBlock(), "b1", 0).isPresent());
    }

    @Test
    void duplicateAddsAParallelCopyReadingTheSameInput() {
        Graph g = new Edit.DuplicateBlock("b1").apply(withBlock());
        assertEquals(List.of("b2.conv1", "b2.conv2", "b2.add"), g.block("b2").orElseThrow().members());
        assertEquals(List.of("stem"), g.require("b2.conv1").inputs());
        assertEquals(List.of("b2.conv2", "stem"), g.require("b2.add").inputs());
        assertEquals(List.of("b1.add"), g.require("gap").inputs(), "the original keeps its consumers");
        assertEquals(Optional.of(new Position(280, 264)), g.require("b2.conv1").position());
    }

    @Test
    void renameUngroupTypeAndDeletingMembersKeepTheBlocksConsistent() {
        Graph g = withBlock();
        Graph renamed = new Edit.RenameBlock("b1", "layer1.0").apply(g);
        assertEquals("layer1.0", renamed.blocks().get(0).id());
        assertThrows(IllegalArgumentException.class, () -> new Edit.RenameBlock("b1", "gap").apply(g));
        assertEquals("Bottleneck", new Edit.SetBlockType("b1", "Bottleneck").apply(g).blocks().get(0).type());
        assertEquals(List.of(), new Edit.Ungroup("b1").apply(g).blocks());
        assertEquals(residual(), new Edit.Ungroup("b1").apply(g));

        Graph nodeRenamed = new Edit.Rename("b1.conv2", "b1.second").apply(g);
        assertEquals(List.of("b1.conv1", "b1.second", "b1.add"), nodeRenamed.blocks().get(0).members());
        Graph deleted = new Edit.RemoveNode("b1.conv2").apply(g);
        assertEquals(List.of("b1.conv1", "b1.add"), deleted.blocks().get(0).members());
        Graph allDeleted = new Edit.Batch("Delete", MEMBERS.stream().<Edit>map(Edit.RemoveNode::new).toList()).apply(g);
        assertEquals(List.of(), allDeleted.blocks(), "a block left without members goes");
    }

    @Test
    void theGraphRefusesBrokenBlocksAsAProgrammersMistake() {
        Graph g = residual();
        assertThrows(IllegalArgumentException.class, () -> g.withBlocks(List.of(Block.of("x", "X", List.of("nope")))));
        assertThrows(IllegalArgumentException.class, () -> g.withBlocks(List.of(Block.of("x", "X", List.of()))));
        assertThrows(IllegalArgumentException.class, () -> g.withBlocks(List.of(Block.of("x", "X", List.of("gap")),
                Block.of("y", "X", List.of("gap")))));
    }

    @Test
    void blockAnalysisSumsItsMembersAndMeasuresTheFieldItAdds() {
        Graph g = withBlock();
        Analysis a = GraphAnalysis.analyze(g);
        BlockAnalysis b = BlockAnalysis.of(g, a, g.blocks().get(0));
        assertEquals(List.of("stem"), b.inputs());
        assertEquals(List.of("b1.add"), b.outputs());
        assertEquals(List.of(8L, 16L, 16L), b.inputShapes().get(0).orElseThrow().dims());
        assertEquals(List.of(8L, 16L, 16L), b.outputShapes().get(0).orElseThrow().dims());
        assertEquals(2 * (9 * 8 * 8 + 8), b.cost().orElseThrow().params());
        assertEquals(2L * 9 * 8 * 8 * 16 * 16, b.cost().orElseThrow().macs());
        // Two 3x3 convolutions, stride 1: the block grows the field by 5x5 in its input's pixels.
        ReceptiveField.Local growth = (ReceptiveField.Local) b.growth().orElseThrow();
        assertEquals(new ReceptiveField.Axis(5, 1, 2), growth.height());

        Graph head = new Edit.MakeBlock("head", "Classifier", List.of("gap", "out")).apply(g);
        BlockAnalysis h = BlockAnalysis.of(head, GraphAnalysis.analyze(head), head.block("head").orElseThrow());
        assertEquals(Optional.of(ReceptiveField.Global.INSTANCE), h.growth());
    }
}
