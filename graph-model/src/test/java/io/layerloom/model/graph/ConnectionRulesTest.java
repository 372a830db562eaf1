package io.layerloom.model.graph;

import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.LayerSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ConnectionRulesTest {

    private final Graph g = new Graph("g", "", List.of(
            Node.of("in", new LayerSpec.Input(Dims.of(4))),
            Node.of("in2", new LayerSpec.Input(Dims.of(4))),
            Node.of("a", LayerKinds.of(LayerSpec.Dense.class).defaults(), "in"),
            Node.of("b", LayerKinds.of(LayerSpec.Dense.class).defaults(), "a"),
            Node.of("sum", new LayerSpec.Add(), "a"),
            Node.of("lonely", LayerKinds.of(LayerSpec.Dense.class).defaults())));

    @Test
    void allowsAFreeOneInputPortAndMoreInputsIntoAMerge() {
        assertEquals(Optional.empty(), ConnectionRules.refusal(g, "in2", "lonely"));
        assertEquals(Optional.empty(), ConnectionRules.refusal(g, "b", "sum"));
    }

    @Test
    void refusesWithAReason() {
        assertEquals("a node cannot feed itself", ConnectionRules.refusal(g, "a", "a").orElseThrow());
        assertEquals("Input 'in' takes no inputs", ConnectionRules.refusal(g, "a", "in").orElseThrow());
        assertEquals("Dense 'b' takes one input and already has 'a'; use Add or Concat to merge several inputs",
                ConnectionRules.refusal(g, "in2", "b").orElseThrow());
        assertEquals("'a' is already connected to 'sum'", ConnectionRules.refusal(g, "a", "sum").orElseThrow());
        assertTrue(ConnectionRules.refusal(g, "b", "nope").orElseThrow().contains("no node 'nope'"));
    }

    @Test
    void aLongerCycleIsFound() {
        Graph chain = new Edit.AddNode(Node.of("c", new LayerSpec.Add(), "b")).apply(g);
        assertTrue(ConnectionRules.refusal(chain, "c", "sum").isEmpty());
        Graph wired = new Edit.Connect("c", "sum").apply(chain);
        assertEquals("the wire would make a cycle: 'sum' already depends on 'c'",
                ConnectionRules.refusal(wired, "sum", "c").orElseThrow());
    }
}
