package io.layerloom.model.json;

import io.layerloom.model.TestGraphs;
import io.layerloom.model.graph.Block;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Position;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Format version 2: the optional "blocks", written only for a graph that has blocks. */
class BlockJsonTest {

    private static final String NODES = """
              "nodes": [
                {"id": "in", "kind": "Input", "shape": [1, 8, 8]},
                {"id": "c1", "kind": "Conv2D", "inputs": ["in"], "filters": 4, "kernel": 3, "padding": 1},
                {"id": "c2", "kind": "Conv2D", "inputs": ["c1"], "filters": 4, "kernel": 3, "padding": 1},
                {"id": "f", "kind": "Flatten", "inputs": ["c2"]},
                {"id": "out", "kind": "Output", "inputs": ["f"], "units": 3, "activation": "softmax", "loss": "mcxent"}
              ]""";

    private static String file(int version, String blocks) {
        return "{\n  \"format\": \"layerloom-graph\",\n  \"version\": " + version + ",\n  \"name\": \"b\",\n" + NODES
                + (blocks == null ? "" : ",\n  \"blocks\": " + blocks) + "\n}\n";
    }

    private static GraphFormatException readError(String text) {
        return assertThrows(GraphFormatException.class, () -> GraphJson.read(text, "bad.json"));
    }

    @Test
    void aGraphWithoutBlocksIsStillWrittenAsVersionOne() throws Exception {
        Graph g = GraphJson.read(file(1, null), "v1.json");
        String text = GraphJson.write(g);
        assertTrue(text.startsWith("{\n  \"format\": \"layerloom-graph\",\n  \"version\": 1,\n"), text);
        assertFalse(text.contains("blocks"));
        assertTrue(text.endsWith("\"loss\": \"mcxent\", \"bias\": true}\n  ]\n}\n"), text);
        assertEquals(1, GraphJson.versionFor(g));
    }

    @Test
    void aGraphWithBlocksIsWrittenAsVersionTwoAndReadBack() throws Exception {
        Graph g = GraphJson.read(file(1, null), "v1.json");
        Graph blocked = new Edit.MakeBlock("convs", "Conv pair", List.of("c1", "c2")).apply(g);
        blocked = new Edit.SetBlockCollapsed("convs", true).apply(blocked);
        blocked = blocked.withBlocks(List.of(blocked.blocks().get(0).withPosition(Optional.of(new Position(10, 20.5)))));
        String text = GraphJson.write(blocked);
        assertTrue(text.contains("  \"version\": 2,\n"), text);
        assertTrue(text.endsWith("  ],\n  \"blocks\": [\n    {\"id\": \"convs\", \"type\": \"Conv pair\", \"members\": [\"c1\", "
                + "\"c2\"], \"collapsed\": true, \"position\": [10, 20.5]}\n  ]\n}\n"), text);
        Graph back = GraphJson.read(text, "v2.json");
        assertEquals(blocked, back);
        assertEquals(text, GraphJson.write(back));
    }

    @Test
    void aVersionOneFileIsMigratedAndAVersionTwoFileWithoutBlocksIsReadToo() throws Exception {
        Graph v1 = GraphJson.read(file(1, null), "v1.json");
        assertEquals(v1, GraphJson.read(file(2, null), "v2.json"));
        assertEquals(v1, GraphJson.read(file(2, "[]"), "v2.json"));
    }

    @Test
    void blocksInAVersionOneFileAreRefusedWithTheFix() {
        GraphFormatException e = readError(file(1, "[{\"id\": \"b\", \"type\": \"X\", \"members\": [\"c1\"]}]"));
        assertEquals("bad.json:12:3: \"blocks\" needs format version 2, but this file says version 1. Write \"version\": 2 "
                + "(LayerLoom does when it saves a graph with blocks), or remove \"blocks\".", e.getMessage());
    }

    @Test
    void aNewerVersionIsRefusedByNumberWithAnUpdateHint() {
        GraphFormatException e = readError(file(3, null));
        assertTrue(e.getMessage().contains("the file is format version 3, written by a newer LayerLoom; this one reads "
                + "versions up to 2. Update LayerLoom to open it."), e.getMessage());
    }

    @Test
    void aNewerFilesNewFieldsAreRefusedByItsVersionNotByTheField() {
        GraphFormatException e = readError("{\"format\": \"layerloom-graph\", \"version\": 3, \"groups\": [], \"nodes\": []}");
        assertTrue(e.getMessage().contains("the file is format version 3, written by a newer LayerLoom"), e.getMessage());
    }

    @Test
    void brokenBlocksAreRefusedAtTheirPlaceWithAFix() {
        assertEquals("bad.json:12:57: block 'b': member 'c3' is not a node of this graph. Did you mean 'c1'? Remove it from "
                        + "\"members\" or add the node.",
                readError(file(2, "[{\"id\": \"b\", \"type\": \"X\", \"members\": [\"c1\", \"c3\"]}]")).getMessage());
        assertEquals("bad.json:12:96: node 'c1' is in block 'a' and in block 'b'; a node belongs to one block at most. Remove "
                        + "it from the \"members\" of one of them.",
                readError(file(2, "[{\"id\": \"a\", \"type\": \"X\", \"members\": [\"c1\"]}, {\"id\": \"b\", \"type\": \"X\", "
                        + "\"members\": [\"c1\"]}]")).getMessage());
        assertEquals("bad.json:12:50: block 'b' has no members; a block groups at least one node. Add node ids to its "
                        + "\"members\" or delete the block.",
                readError(file(2, "[{\"id\": \"b\", \"type\": \"X\", \"members\": []}]")).getMessage());
        assertTrue(readError(file(2, "[{\"id\": \"b\", \"type\": \"X\", \"members\": [\"c1\"]}, {\"id\": \"b\", \"type\": \"X\", "
                + "\"members\": [\"c2\"]}]")).getMessage().contains("block 'b' is defined twice (blocks #1 and #2). Give the "
                + "second its own id, such as 'b_2'"));
        assertTrue(readError(file(2, "[{\"id\": \"c1\", \"type\": \"X\", \"members\": [\"c2\"]}]")).getMessage()
                .contains("block 'c1' has the id of a node"));
        assertTrue(readError(file(2, "[{\"id\": \"b\", \"type\": \"X\", \"members\": [\"c1\"], \"colapsed\": true}]"))
                .getMessage().contains("block #1: unknown field 'colapsed'. Did you mean 'collapsed'?"));
        assertTrue(readError(file(2, "[{\"id\": \"b\", \"members\": [\"c1\"]}]")).getMessage()
                .contains("block 'b' needs a \"type\" string"));
        assertTrue(readError(file(2, "{}")).getMessage().contains("must be an array of blocks"));
    }

    @Test
    void blocksSurviveTheGraphOperationsThatRebuildIt() throws Exception {
        Graph g = GraphJson.read(file(2, "[{\"id\": \"b\", \"type\": \"X\", \"members\": [\"c1\", \"c2\"], \"collapsed\": true}]"),
                "v2.json");
        assertEquals(List.of(new Block("b", "X", List.of("c1", "c2"), true, Optional.empty())), g.blocks());
        assertEquals(g.blocks(), g.withName("n").withTraining(Optional.empty()).blocks());
        assertNotEquals(g, g.withBlocks(List.of()), "blocks are part of a graph's value (undo sees them)");
    }

    @Test
    void testGraphsHelperStillWritesVersionOne() {
        assertEquals(1, GraphJson.versionFor(TestGraphs.parse(TestGraphs.TINY)));
    }
}
