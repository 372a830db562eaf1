package io.layerloom.app.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.json.PlainJson;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.template.Templates;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * The profile's shape, never its timings: every node of the graph in its order, non-negative
 * times, shares that add up to 1 with the time outside the layers, every step of a node counted
 * for it, and the JSON contract.
 */
class ProfilerTest {

    private static final Profiler.Options QUICK = new Profiler.Options(8, 1, 3, null, null);

    @Test
    void lenet5HasEveryNodeInGraphOrderAndSharesThatAddUpToOne() throws Exception {
        Graph graph = Templates.graph(Templates.byId("lenet5").orElseThrow());
        List<String> progress = new ArrayList<>();

        Profile p = Profiler.run(graph, QUICK, (what, fraction) -> progress.add(what), () -> false);

        assertEquals(graph.nodes().stream().map(Node::id).toList(), p.nodes().stream().map(Profile.NodeTime::id).toList());
        assertEquals(8, p.batch());
        assertEquals(3, p.iterations());
        assertEquals("random", p.data());
        assertShape(p);
        for (Profile.NodeTime n : p.nodes()) {
            assertTrue(n.compiled(), n.id());
            boolean input = n.kind().equals("Input");
            boolean output = n.kind().equals("Output");
            // every vertex DL4J's fit runs went through the timed vertices: the input layer has no passes,
            // the output layer's forward pass runs inside its backward pass
            assertEquals(!input && !output, n.forwardMs() > 0, n.id() + " forward " + n.forwardMs());
            assertEquals(!input, n.backwardMs() > 0, n.id() + " backward " + n.backwardMs());
            assertEquals(n.macs() > 0, n.gflops().isPresent(), n.id());
        }
        Profile.NodeTime c1 = p.nodes().stream().filter(n -> n.kind().equals("Conv2D")).findFirst().orElseThrow();
        long perExample = Dl4jCompiler.compile(graph).analysis().node(c1.id()).orElseThrow().cost().orElseThrow().macs();
        assertEquals(8 * perExample, c1.macs());
        assertTrue(progress.contains("Warm-up iteration 1 of 1") && progress.contains("Iteration 3 of 3"), progress.toString());
        assertTrue(p.hotspots(3).size() == 3 && p.hotspots(3).get(0).totalMs() >= p.hotspots(3).get(2).totalMs());
    }

    @Test
    void aGroupedConvolutionsHelperStepsAreCountedForItsNodeAndAnUnusedNodeIsListedWithoutTimes() throws Exception {
        Graph graph = residualWithGroupedConvolution();
        Dl4jCompiler.Compilation c = Dl4jCompiler.compile(graph);
        NodeSteps steps = NodeSteps.of(graph, c);
        assertTrue(steps.vertices().get("g").size() > 1, "a grouped convolution is several DL4J steps: " + steps);
        assertEquals(c.require().getVertices().keySet().stream().sorted().toList(),
                steps.nodeOfVertex().keySet().stream().filter(v -> !v.equals("in")).sorted().toList(),
                "every DL4J vertex belongs to a node");

        Profile p = Profiler.run(graph, QUICK, Profiler.Progress.none(), () -> false);

        assertEquals(graph.nodes().stream().map(Node::id).toList(), p.nodes().stream().map(Profile.NodeTime::id).toList());
        assertShape(p);
        Profile.NodeTime g = node(p, "g");
        assertTrue(g.forwardMs() > 0 && g.backwardMs() > 0 && g.gflops().isPresent(), g.toString());
        assertTrue(node(p, "add").forwardMs() > 0, "the residual Add is a vertex of its own");
        Profile.NodeTime spare = node(p, "spare");
        assertFalse(spare.compiled());
        assertEquals(0, spare.totalMs());
        assertEquals(0, p.share(spare));
    }

    @Test
    void theJsonCarriesEveryNodeAndTheDocumentedFields() throws Exception {
        Profile p = Profiler.run(residualWithGroupedConvolution(), QUICK, Profiler.Progress.none(), () -> false);

        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) PlainJson.parse(ProfileJson.render(p), "profile");

        assertEquals(List.of("profileVersion", "graph", "batch", "warmup", "iterations", "data", "machine", "nodes", "outside",
                "totals"), List.copyOf(root.keySet()));
        assertEquals(new BigDecimal(ProfileJson.VERSION), root.get("profileVersion"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) root.get("nodes");
        assertEquals(p.nodes().size(), nodes.size());
        double shares = 0;
        for (Map<String, Object> n : nodes) {
            assertEquals(List.of("id", "kind", "compiled", "forwardMs", "backwardMs", "share", "macs", "gflops"),
                    List.copyOf(n.keySet()));
            assertTrue(((BigDecimal) n.get("forwardMs")).signum() >= 0 && ((BigDecimal) n.get("backwardMs")).signum() >= 0);
            shares += ((BigDecimal) n.get("share")).doubleValue();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> outside = (Map<String, Object>) root.get("outside");
        assertEquals(List.of("dataMs", "lossMs", "updaterMs", "otherMs", "totalMs", "share"), List.copyOf(outside.keySet()));
        assertEquals(1.0, shares + ((BigDecimal) outside.get("share")).doubleValue(), 1e-9);
        assertInstanceOf(Map.class, root.get("machine"));
        assertEquals(List.of("layersMs", "partsMs", "wholeIterationMs", "gcMsPerIteration"),
                List.copyOf(((Map<?, ?>) root.get("totals")).keySet()));
        assertTrue(nodes.stream().anyMatch(n -> n.get("gflops") == null), "kinds without arithmetic have no GFLOP/s");
    }

    @Test
    void theTableListsEveryLayerInOrderWithTheChecksAndHotspots() throws Exception {
        Graph graph = residualWithGroupedConvolution();
        Profile p = Profiler.run(graph, QUICK, Profiler.Progress.none(), () -> false);

        String text = ProfileText.render(p);

        int at = 0;
        for (Node n : graph.nodes()) {
            int next = text.indexOf(n.id() + " (", at);
            assertTrue(next > at, () -> n.id() + " missing or out of order in\n" + text);
            at = next;
        }
        assertTrue(text.contains("Outside layers: ") && text.contains("whole iteration (median)") && text.contains("Hotspots: "), text);
        assertTrue(text.contains("spare (Dense)") && text.contains("not in the network"), text);
    }

    @Test
    void cancellingStopsBetweenIterations() {
        Graph graph = residualWithGroupedConvolution();
        int[] asked = {0};
        assertThrows(CancellationException.class,
                () -> Profiler.run(graph, QUICK, Profiler.Progress.none(), () -> ++asked[0] > 2));
        assertEquals(3, asked[0]);
    }

    @Test
    void aGraphWithErrorsIsRefusedWithTheErrorAndAFix() {
        Graph broken = new Graph("broken", "", List.of(
                Node.of("in", new LayerSpec.Input(Dims.of(1, 4, 4))),
                Node.of("c", new LayerSpec.Conv2D(2, IntPair.of(7), IntPair.of(1), Padding.of(0), IntPair.of(1),
                        ActivationFunction.RELU, true), "in"),
                Node.of("out", new LayerSpec.Output(3, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "c")));

        Profiler.ProfileException e = assertThrows(Profiler.ProfileException.class,
                () -> Profiler.run(broken, QUICK, Profiler.Progress.none(), () -> false));

        assertTrue(e.getMessage().startsWith("The graph cannot be built: ") && e.getMessage().contains("'c'"), e.getMessage());
        assertFalse(e.fix().isBlank());
    }

    @Test
    void slowNetworksMeasureFewerIterationsByDefault() {
        assertEquals(Profiler.DEFAULT_ITERATIONS, Profiler.iterationsFor(0.01));
        assertEquals(10, Profiler.iterationsFor(1.0));
        assertEquals(Profiler.MIN_ITERATIONS, Profiler.iterationsFor(30));
    }

    private static void assertShape(Profile p) {
        double shares = 0;
        for (Profile.NodeTime n : p.nodes()) {
            assertTrue(n.forwardMs() >= 0 && n.backwardMs() >= 0, n.toString());
            double share = p.share(n);
            assertTrue(share >= 0 && share <= 1, n + " share " + share);
            shares += share;
        }
        Profile.Outside o = p.outside();
        assertTrue(o.dataMs() >= 0 && o.lossMs() >= 0 && o.updaterMs() >= 0 && o.otherMs() >= 0, o.toString());
        assertTrue(o.updaterMs() > 0, "the optimizer's step is measured: " + o);
        assertEquals(1.0, shares + p.outsideShare(), 1e-9);
        assertEquals(p.layersMs() + o.totalMs(), p.partsMs(), 1e-9);
        assertTrue(p.wholeIterationMs() > 0 && p.gcMs() >= 0);
        assertEquals(p.machine().threads() >= 1, true);
    }

    private static Profile.NodeTime node(Profile p, String id) {
        return p.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    /**
     * in [4, 8, 8] -> c1 (Conv2D 1x1) -> g (GroupedConv2D, 2 groups: several DL4J steps) -> bn -> relu,
     * added to c1 (residual), pooled, a head; "spare" reads the pooling and leads to no output.
     */
    static Graph residualWithGroupedConvolution() {
        return new Graph("residual-grouped", "", List.of(
                Node.of("in", new LayerSpec.Input(Dims.of(4, 8, 8))),
                Node.of("c1", new LayerSpec.Conv2D(4, IntPair.of(1), IntPair.of(1), Padding.of(0), IntPair.of(1),
                        ActivationFunction.RELU, true), "in"),
                Node.of("g", new LayerSpec.GroupedConv2D(4, 2, IntPair.of(3), IntPair.of(1), Padding.of(1), IntPair.of(1)),
                        "c1"),
                Node.of("bn", new LayerSpec.BatchNorm(1e-5, 0.9), "g"),
                Node.of("relu", new LayerSpec.ActivationLayer(ActivationFunction.RELU), "bn"),
                Node.of("add", new LayerSpec.Add(), "relu", "c1"),
                Node.of("pool", new LayerSpec.GlobalAvgPool(), "add"),
                Node.of("spare", new LayerSpec.Dense(5, ActivationFunction.RELU, true), "pool"),
                Node.of("head", new LayerSpec.Output(3, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "pool")));
    }
}
