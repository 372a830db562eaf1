package io.layerloom.bench;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Saving and opening the 1,000-node graph, text only (no disk): the canonical writer, and the
 * strict reader with Jackson's streaming parser. Aim: a round trip under 20 ms.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class JsonBenchmark {

    @Benchmark
    public String jsonWrite(Workload w) {
        return GraphJson.write(w.graph);
    }

    @Benchmark
    public Graph jsonRead(Workload w) throws GraphFormatException {
        return GraphJson.read(w.json, "benchmark");
    }

    @Benchmark
    public Graph jsonRoundTrip(Workload w) throws GraphFormatException {
        return GraphJson.read(GraphJson.write(w.graph), "benchmark");
    }
}
