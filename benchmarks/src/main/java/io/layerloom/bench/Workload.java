package io.layerloom.bench;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.json.GraphJson;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The generated graph, its JSON text and the edits the benchmarks apply, built once per fork and
 * checked before anything is measured: a benchmark of a graph with errors would time the
 * analysis's early exits, not its work.
 */
@State(Scope.Benchmark)
public class Workload {

    @Param({"1000"})
    public int nodes;

    public Graph graph;
    public String json;
    /** The inspector changing a convolution's filters: the next convolution's parameters change too. */
    public Edit setFilters;
    /** The same parameter set back to its generated value, so a session can alternate real changes. */
    public Edit restoreFilters;
    /** A drag of one node on the canvas: only its position changes. */
    public Edit move;

    @Setup
    public void setUp() throws Exception {
        graph = ResidualGraphGenerator.generate(nodes);
        json = GraphJson.write(graph);
        String conv = ResidualGraphGenerator.middleConvId(nodes);
        Node target = graph.require(conv);
        setFilters = new Edit.SetParam(conv, "filters", 96L);
        restoreFilters = new Edit.SetParam(conv, "filters", target.kind().get(target.spec(), "filters"));
        move = Edit.Move.one(conv, target.position().orElseThrow().plus(40, 0));

        requireClean(graph, "the generated graph");
        requireClean(setFilters.apply(graph), "the graph after " + setFilters.description());
        if (!GraphJson.read(json, "benchmark").equals(graph)) {
            throw new IllegalStateException("the generated graph does not survive a JSON round trip");
        }
    }

    static void requireClean(Graph g, String what) {
        Analysis a = GraphAnalysis.analyze(g);
        if (a.hasErrors() || !a.totals().complete()) {
            throw new IllegalStateException(what + " does not analyse cleanly: " + a.diagnostics());
        }
    }
}
