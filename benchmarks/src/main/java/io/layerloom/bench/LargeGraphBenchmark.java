package io.layerloom.bench;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.property.LargeGraphs;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The analysis of large graphs in the shapes that were quadratic (issue 12): a chain, a hub with
 * many consumers merged again, many missing inputs, a cycle through a hub, many duplicated ids,
 * each at 10,000, 50,000 and 100,000 nodes. Aim: linear time, so the 100,000-node figure is
 * about ten times the 10,000-node one (it was about a hundred times, or a StackOverflowError).
 * Run: {@code java -jar benchmarks/target/benchmarks.jar LargeGraphBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class LargeGraphBenchmark {

    @Param({"CHAIN", "HUB", "MISSING_INPUTS", "CYCLE_THROUGH_HUB", "DUPLICATE_IDS"})
    public LargeGraphs shape;

    @Param({"10000", "50000", "100000"})
    public int nodes;

    private Graph graph;

    @Setup(Level.Trial)
    public void build() {
        graph = shape.build(nodes);
    }

    @Benchmark
    public Analysis analyze() {
        return GraphAnalysis.analyze(graph);
    }
}
