package io.layerloom.bench;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.History;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the designer does on every change: apply one edit to the immutable graph and analyse the
 * result from scratch. Aim: a full analysis of 1,000 nodes under 5 ms.
 *
 * <p>The heap is fixed so that heap resizing does not add to the noise; the history session
 * keeps up to {@link History#DEFAULT_LIMIT} graphs, well within it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AnalysisBenchmark {

    /** One document's undo history, as the designer keeps it; alternates between two values. */
    @State(Scope.Thread)
    public static class Session {
        History history;
        Edit[] edits;
        int next;

        @Setup
        public void setUp(Workload w) {
            history = new History(w.graph);
            edits = new Edit[] {w.setFilters, w.restoreFilters};
        }
    }

    @Benchmark
    public Analysis fullAnalysis(Workload w) {
        return GraphAnalysis.analyze(w.graph);
    }

    @Benchmark
    public Analysis oneEditSetParam(Workload w) {
        return GraphAnalysis.analyze(w.setFilters.apply(w.graph));
    }

    @Benchmark
    public Analysis oneEditMove(Workload w) {
        return GraphAnalysis.analyze(w.move.apply(w.graph));
    }

    /** Through the undo history, which also compares the new graph with the current one. */
    @Benchmark
    public Analysis oneEditThroughHistory(Session s) {
        Edit e = s.edits[s.next];
        s.next = 1 - s.next;
        return GraphAnalysis.analyze(s.history.apply(e));
    }

    /** The edit alone, to tell its cost from the analysis's. */
    @Benchmark
    public Graph editOnlySetParam(Workload w) {
        return w.setFilters.apply(w.graph);
    }

    /** The edit through the history alone: the edit, the equality check and the step bookkeeping. */
    @Benchmark
    public Graph editOnlyThroughHistory(Session s) {
        Edit e = s.edits[s.next];
        s.next = 1 - s.next;
        return s.history.apply(e);
    }
}
