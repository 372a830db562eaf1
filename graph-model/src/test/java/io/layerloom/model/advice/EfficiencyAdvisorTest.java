package io.layerloom.model.advice;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.History;
import io.layerloom.model.layer.LayerSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static io.layerloom.model.TestGraphs.nodes;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Each idea on a small graph whose figures are worked out by hand here (weights k*k*C_in*C_out,
 * MACs weights times output positions, biases as parameters only), the edited graph valid with
 * the same output shapes, and one undo giving the graph back exactly.
 */
class EfficiencyAdvisorTest {

    private static final String HEAD = "{\"id\": \"gap\", \"kind\": \"GlobalAvgPool\", \"inputs\": [\"c\"]},"
            + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"gap\"], \"units\": 10, \"activation\": \"softmax\", \"loss\": \"mcxent\"}";

    private static Graph conv(String input, String conv) {
        return nodes("{\"id\": \"in\", \"kind\": \"Input\", \"shape\": " + input + "}",
                "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], " + conv + "}", HEAD);
    }

    private static Suggestion only(Graph g, String id) {
        Advice advice = EfficiencyAdvisor.advise(g);
        return advice.suggestion(id).orElseThrow(() -> new AssertionError(id + " not in "
                + advice.suggestions().stream().map(Suggestion::id).toList()));
    }

    /** The edit gives the figures claimed, no errors, the same output shapes; undo restores the graph. */
    private static Graph appliedAndUndone(Graph g, Suggestion s, String... reshaped) {
        History h = new History(g);
        Graph edited = h.apply(s.edit());
        assertEquals(Optional.of(s.edit().description()), h.undoDescription());
        Analysis before = GraphAnalysis.analyze(g);
        Analysis after = GraphAnalysis.analyze(edited);
        assertFalse(after.hasErrors(), () -> after.diagnostics().toString());
        assertEquals(s.after().params(), after.totals().params());
        assertEquals(s.after().macs(), after.totals().macs());
        for (NodeResult r : before.nodes()) {
            if (!List.of(reshaped).contains(r.id())) {
                assertEquals(r.output(), after.node(r.id()).orElseThrow().output(), r.id());
            }
        }
        assertEquals(g, h.undo());
        assertFalse(h.canUndo());
        return edited;
    }

    @Test
    void aThreeByThreeConvolutionOnManyChannelsBecomesDepthwiseSeparable() {
        Graph g = conv("[64, 16, 16]", "\"filters\": 128, \"kernel\": 3, \"padding\": 1, \"activation\": \"relu\", \"bias\": true");
        Advice advice = EfficiencyAdvisor.advise(g);
        assertEquals(List.of("separable:c"), advice.suggestions().stream().map(Suggestion::id).toList());
        Suggestion s = advice.suggestions().get(0);
        // conv 9*64*128 + 128 = 73,856 parameters, 73,728 * 16*16 MACs; output 128*10 + 10.
        assertEquals(73_856 + 1_290, s.before().params());
        assertEquals(73_728L * 256 + 1_280, s.before().macs());
        // depthwise 9*64 = 576, pointwise 64*128 = 8,192, bias 128; MACs (576 + 8,192) * 256.
        assertEquals(576 + 8_192 + 128 + 1_290, s.after().params());
        assertEquals(8_768L * 256 + 1_280, s.after().macs());
        Graph edited = appliedAndUndone(g, s);
        assertEquals(new LayerSpec.SeparableConv2D(128, 1, new io.layerloom.model.layer.IntPair(3, 3),
                        new io.layerloom.model.layer.IntPair(1, 1), io.layerloom.model.layer.Padding.of(1),
                        new io.layerloom.model.layer.IntPair(1, 1), io.layerloom.model.layer.ActivationFunction.RELU, true),
                edited.require("c").spec());
        assertTrue(s.idea().explanation().startsWith("MobileNet: a depthwise k x k then a pointwise 1 x 1 costs 1/k^2 + 1/C_out"));
    }

    @Test
    void aOneByOneBottleneckGoesBeforeAnExpensiveConvolution() {
        Graph g = conv("[256, 14, 14]", "\"filters\": 256, \"kernel\": 3, \"padding\": 1, \"activation\": \"relu\", \"bias\": true");
        Suggestion s = only(g, "bottleneck:c");
        // conv 9*256*256 + 256 = 590,080 parameters, 589,824 * 196 MACs; output 2,570 and 2,560.
        assertEquals(590_080 + 2_570, s.before().params());
        assertEquals(589_824L * 196 + 2_560, s.before().macs());
        // 1x1 256 -> 64: 16,384 + 64; 3x3 64 -> 256: 147,456 + 256; MACs (16,384 + 147,456) * 196.
        assertEquals(16_448 + 147_712 + 2_570, s.after().params());
        assertEquals(163_840L * 196 + 2_560, s.after().macs());
        Graph edited = appliedAndUndone(g, s);
        assertEquals(List.of("c_reduce"), edited.require("c").inputs());
        assertEquals(List.of("in"), edited.require("c_reduce").inputs());
        assertEquals(Optional.of(new TensorType.Image(64, 14, 14)),
                GraphAnalysis.analyze(edited).node("c_reduce").orElseThrow().output());
    }

    @Test
    void aDenseOnALargeFlattenedMapReadsAGlobalAveragePoolInstead() {
        Graph g = nodes("{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [32, 7, 7]}",
                "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"in\"]}",
                "{\"id\": \"d\", \"kind\": \"Dense\", \"inputs\": [\"f\"], \"units\": 64, \"activation\": \"relu\"}",
                "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"d\"], \"units\": 10, \"activation\": \"softmax\", \"loss\": \"mcxent\"}");
        Advice advice = EfficiencyAdvisor.advise(g);
        assertEquals(List.of("global-pool:f"), advice.suggestions().stream().map(Suggestion::id).toList());
        Suggestion s = advice.suggestions().get(0);
        // Dense on 32*7*7 = 1,568 values: 1,568*64 + 64; on 32 pooled values: 32*64 + 64. Output 650 and 640.
        assertEquals(100_416 + 650, s.before().params());
        assertEquals(100_352 + 640, s.before().macs());
        assertEquals(2_112 + 650, s.after().params());
        assertEquals(2_048 + 640, s.after().macs());
        Graph edited = appliedAndUndone(g, s, "f");
        assertEquals(new LayerSpec.GlobalAvgPool(), edited.require("f").spec());
    }

    @Test
    void aLinearOneByOneConvolutionIsSplitIntoGroupsFollowedByAShuffle() {
        Graph g = nodes("{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [128, 8, 8]}",
                "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 256, \"kernel\": 1, \"activation\": \"identity\", \"bias\": false}",
                "{\"id\": \"bn\", \"kind\": \"BatchNorm\", \"inputs\": [\"c\"]}",
                "{\"id\": \"act\", \"kind\": \"Activation\", \"inputs\": [\"bn\"], \"activation\": \"relu\"}",
                HEAD.replace("[\"c\"]", "[\"act\"]"));
        Advice advice = EfficiencyAdvisor.advise(g);
        assertEquals(List.of("grouped:c"), advice.suggestions().stream().map(Suggestion::id).toList());
        Suggestion s = advice.suggestions().get(0);
        // 1x1 128 -> 256: 32,768 weights, * 64 positions; BatchNorm 4*256; output 2,570 and 2,560.
        assertEquals(32_768 + 1_024 + 2_570, s.before().params());
        assertEquals(32_768L * 64 + 2_560, s.before().macs());
        // 4 groups: each filter sees 128/4 = 32 channels: 8,192 weights.
        assertEquals(8_192 + 1_024 + 2_570, s.after().params());
        assertEquals(8_192L * 64 + 2_560, s.after().macs());
        Graph edited = appliedAndUndone(g, s);
        // The shuffle follows the grouped convolution, and what read the convolution reads the shuffle.
        assertEquals(new LayerSpec.ChannelShuffle(4), edited.require("c_shuffle").spec());
        assertEquals(List.of("c"), edited.require("c_shuffle").inputs());
        assertEquals(List.of("c_shuffle"), edited.require("bn").inputs());
        assertTrue(advice.notes().get(0).startsWith("Grouped suggestions split a 1x1 convolution into groups and add "
                + "ShuffleNet's channel shuffle"));
    }

    @Test
    void nothingIsSuggestedWhereNoIdeaApplies() {
        // Few channels; a 1x1 with an activation and a bias (GroupedConv2D has neither); a flattened 1x1 map.
        assertEquals(List.of(), EfficiencyAdvisor.advise(conv("[16, 16, 16]",
                "\"filters\": 16, \"kernel\": 3, \"padding\": 1")).suggestions());
        assertEquals(List.of(), EfficiencyAdvisor.advise(conv("[256, 8, 8]",
                "\"filters\": 256, \"kernel\": 1, \"activation\": \"relu\", \"bias\": true")).suggestions());
        Advice flat = EfficiencyAdvisor.advise(nodes("{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [512, 1, 1]}",
                "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"in\"]}",
                "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"f\"], \"units\": 10, \"activation\": \"softmax\", \"loss\": \"mcxent\"}"));
        assertEquals(List.of(), flat.suggestions());
        assertTrue(flat.notes().get(1).startsWith("No layer passes the thresholds"), flat.notes().toString());
    }

    @Test
    void aBottleneckIsNotSuggestedAfterAOneByOne() {
        Graph g = nodes("{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [256, 14, 14]}",
                "{\"id\": \"r\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 128, \"kernel\": 1}",
                "{\"id\": \"bn\", \"kind\": \"BatchNorm\", \"inputs\": [\"r\"]}",
                "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"bn\"], \"filters\": 128, \"kernel\": 3, \"padding\": 1, \"activation\": \"relu\"}",
                HEAD);
        List<String> ids = EfficiencyAdvisor.advise(g).suggestions().stream().map(Suggestion::id).toList();
        assertTrue(ids.contains("separable:c"), ids::toString);
        assertFalse(ids.contains("bottleneck:c"), ids::toString);
    }

    @Test
    void aGraphWithErrorsIsRefusedWithTheReason() {
        Advice advice = EfficiencyAdvisor.advise(conv("[64, 4, 4]", "\"filters\": 64, \"kernel\": 9"));
        assertEquals(List.of(), advice.suggestions());
        assertTrue(advice.refusal().orElseThrow().startsWith("The graph has 1 error(s)"), advice.refusal()::get);
    }

    @Test
    void sharesAddUpAndTimeIsShownOnlyWithAProfile() {
        Graph g = conv("[64, 16, 16]", "\"filters\": 128, \"kernel\": 3, \"padding\": 1");
        Analysis a = GraphAnalysis.analyze(g);
        Advice plain = EfficiencyAdvisor.advise(g, a, Map.of());
        assertEquals(1.0, plain.layers().stream().mapToDouble(LayerShare::macShare).sum(), 1e-12);
        assertEquals(1.0, plain.layers().stream().mapToDouble(LayerShare::paramShare).sum(), 1e-12);
        assertTrue(plain.layers().stream().allMatch(l -> l.timeShare().isEmpty()));
        Advice timed = EfficiencyAdvisor.advise(g, a, Map.of("c", 3.0, "out", 1.0));
        assertEquals(0.75, timed.layers().stream().filter(l -> l.id().equals("c")).findFirst().orElseThrow()
                .timeShare().getAsDouble(), 1e-12);
        assertEquals(73_856.0 / (73_856 + 1_290), timed.layers().get(1).paramShare(), 1e-12);
    }
}
