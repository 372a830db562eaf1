package io.layerloom.model.analysis;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.LayerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.layerloom.model.TestGraphs.nodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window each node slides, as the analysis gives it to whoever draws a layer's reach. */
class SlidingWindowTest {

    @Test
    void convolutionAndPoolingNodesGiveTheirWindowAndOthersNone() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [8, 32, 32]}",
                "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"kernel\": [3, 5], \"stride\": 2, \"dilation\": [1, 2]}",
                "{\"id\": \"bn\", \"kind\": \"BatchNorm\", \"inputs\": [\"c\"]}",
                "{\"id\": \"dw\", \"kind\": \"DepthwiseConv2D\", \"inputs\": [\"bn\"], \"kernel\": 3, \"dilation\": 2, \"padding\": \"same\", \"activation\": \"relu\"}",
                "{\"id\": \"sep\", \"kind\": \"SeparableConv2D\", \"inputs\": [\"dw\"], \"kernel\": 3, \"padding\": 1}",
                "{\"id\": \"mp\", \"kind\": \"MaxPool2D\", \"inputs\": [\"sep\"], \"kernel\": 2}",
                "{\"id\": \"ap\", \"kind\": \"AvgPool2D\", \"inputs\": [\"mp\"], \"kernel\": 3, \"stride\": 1}",
                "{\"id\": \"de\", \"kind\": \"Deconv2D\", \"inputs\": [\"ap\"], \"kernel\": 2, \"stride\": 2, \"activation\": \"relu\"}",
                "{\"id\": \"f\", \"kind\": \"Flatten\", \"inputs\": [\"de\"]}",
                "{\"id\": \"o\", \"kind\": \"Output\", \"inputs\": [\"f\"]}"));
        assertEquals(List.of(), a.diagnostics());
        Map<String, Optional<SlidingWindow>> expected = new LinkedHashMap<>();
        expected.put("in", Optional.empty());
        expected.put("c", Optional.of(new SlidingWindow(new IntPair(3, 5), IntPair.of(2), new IntPair(1, 2))));
        expected.put("bn", Optional.empty());
        expected.put("dw", Optional.of(new SlidingWindow(IntPair.of(3), IntPair.of(1), IntPair.of(2))));
        expected.put("sep", Optional.of(new SlidingWindow(IntPair.of(3), IntPair.of(1), IntPair.of(1))));
        expected.put("mp", Optional.of(new SlidingWindow(IntPair.of(2), IntPair.of(2), IntPair.of(1))));
        expected.put("ap", Optional.of(new SlidingWindow(IntPair.of(3), IntPair.of(1), IntPair.of(1))));
        expected.put("de", Optional.empty()); // it spreads pixels out: no window over its input
        expected.put("f", Optional.empty());
        expected.put("o", Optional.empty());
        Map<String, Optional<SlidingWindow>> actual = new LinkedHashMap<>();
        a.nodes().forEach(r -> actual.put(r.id(), r.window()));
        assertEquals(expected, actual);
        assertTrue(a.node("c").orElseThrow().window().orElseThrow().dilated());
        assertFalse(a.node("sep").orElseThrow().window().orElseThrow().dilated());
    }

    @Test
    void aNodeWhoseOutputIsUnknownHasNoWindow() {
        Analysis a = GraphAnalysis.analyze(nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1, 4, 4]}",
                "{\"id\": \"c\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"kernel\": 7}"));
        assertEquals(new NodeResult("c", "Conv2D", List.of("in"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()), a.node("c").orElseThrow());
    }

    static Stream<LayerKind<?>> kinds() {
        return LayerKinds.all().stream().filter(k -> k.minInputs() == 1);
    }

    /**
     * Every kind, on a picture: where its field is local and grows as a window's would, it gives
     * that window, and the window is the one its parameters say. A new kind that slides a window
     * but does not give it fails here, whatever its name.
     */
    @ParameterizedTest
    @MethodSource("kinds")
    void aKindGivesAWindowExactlyWhenItsFieldGrowsByOne(LayerKind<?> kind) {
        LayerSpec spec = kind.defaults();
        Graph g = new Graph("k", "", List.of(
                Node.of("in", new LayerSpec.Input(Dims.of(4, 16, 16))),
                Node.of("n", spec, "in")));
        NodeResult r = GraphAnalysis.analyze(g).node("n").orElseThrow();
        Map<String, Object> params = kind.values(spec);
        Optional<SlidingWindow> fromParams = params.containsKey("kernel") && params.containsKey("stride")
                && r.receptiveField().orElse(null) instanceof ReceptiveField.Local
                ? Optional.of(new SlidingWindow((IntPair) params.get("kernel"), (IntPair) params.get("stride"),
                        (IntPair) params.getOrDefault("dilation", IntPair.of(1))))
                : Optional.empty();
        assertEquals(fromParams, r.window(), kind.name());
        if (r.window().isPresent() && r.receptiveField().orElseThrow() instanceof ReceptiveField.Local field) {
            SlidingWindow w = r.window().get();
            for (int axis = 0; axis < 2; axis++) {
                // from one pixel: the dilated kernel's span, at the window's stride
                assertEquals(w.dilation().get(axis) * (w.kernel().get(axis) - 1) + 1L, field.axis(axis).size(), kind.name());
                assertEquals((long) w.stride().get(axis), field.axis(axis).stride(), kind.name());
            }
        }
    }
}
