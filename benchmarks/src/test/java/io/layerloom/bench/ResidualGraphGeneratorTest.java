package io.layerloom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.layer.LayerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark workload is what it claims to be; the benchmarks themselves never run in the build. */
class ResidualGraphGeneratorTest {

    @Test
    void theDefaultGraphHasExactlyOneThousandNodesAndNoDiagnostics() {
        Graph g = ResidualGraphGenerator.generate();

        Analysis a = GraphAnalysis.analyze(g);

        assertEquals(1000, g.size());
        assertEquals(1000, a.topologicalOrder().size());
        assertEquals(List.of(), a.diagnostics());
        assertTrue(a.totals().complete());
    }

    @Test
    void itIsResidualWithStridedProjections() {
        Graph g = ResidualGraphGenerator.generate();

        long adds = g.nodes().stream().filter(n -> n.spec() instanceof LayerSpec.Add).count();
        long projections = g.nodes().stream().filter(n -> n.spec() instanceof LayerSpec.Conv2D c
                && c.kernel().h() == 1 && c.stride().h() == 2).count();
        Analysis a = GraphAnalysis.analyze(g);

        assertEquals(141, adds);
        assertEquals(3, projections);
        String lastBlock = g.require("gap").inputs().get(0);
        assertEquals(new TensorType.Image(128, 8, 8), a.node(lastBlock).orElseThrow().output().orElseThrow());
    }

    @Test
    void everySizeIsExactAndClean() {
        for (int n = ResidualGraphGenerator.MIN_NODES; n <= ResidualGraphGenerator.MIN_NODES + 30; n++) {
            Graph g = ResidualGraphGenerator.generate(n);

            assertEquals(n, g.size());
            assertFalse(GraphAnalysis.analyze(g).hasErrors(), () -> g.name() + " has errors");
        }
        assertThrows(IllegalArgumentException.class, () -> ResidualGraphGenerator.generate(ResidualGraphGenerator.MIN_NODES - 1));
    }

    @Test
    void itIsDeterministicAndSurvivesJson() throws Exception {
        Graph g = ResidualGraphGenerator.generate();

        assertEquals(GraphJson.write(g), GraphJson.write(ResidualGraphGenerator.generate()));
        assertEquals(g, GraphJson.read(GraphJson.write(g), "test"));
    }

    @Test
    void theBenchmarkWorkloadSetsUp() throws Exception {
        Workload w = new Workload();
        w.nodes = ResidualGraphGenerator.DEFAULT_NODES;

        w.setUp();

        assertEquals(1000, w.graph.size());
        assertFalse(GraphAnalysis.analyze(w.move.apply(w.graph)).hasErrors());
        assertEquals(w.graph, w.restoreFilters.apply(w.setFilters.apply(w.graph)));
    }
}
