package io.layerloom.model.report;

import io.layerloom.model.TestGraphs;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphSchema;
import io.layerloom.model.json.PlainJson;
import io.layerloom.model.template.Template;
import io.layerloom.model.template.Templates;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Summaries of every template and of hand-written graphs, compared with golden files under
 * src/test/resources/golden. After an intended change, regenerate them with
 * {@code mvn -pl graph-model test -Dlayerloom.regenerate=true} and review the diff.
 */
class GoldenSummaryTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Path SCHEMA = Path.of("../docs/layerloom-graph.schema.json");
    private static final boolean REGENERATE = Boolean.getBoolean("layerloom.regenerate");

    record Case(String name, Graph graph) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Template t : Templates.all()) {
            cases.add(new Case(t.id(), Templates.graph(t)));
        }
        cases.add(new Case("tiny", TestGraphs.parse(TestGraphs.TINY)));
        cases.add(new Case("broken", TestGraphs.nodes(
                "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [1, 28, 28]}",
                "{\"id\": \"c1\", \"kind\": \"Conv2D\", \"inputs\": [\"in\"], \"filters\": 8, \"kernel\": 30}",
                "{\"id\": \"p1\", \"kind\": \"MaxPool2D\", \"inputs\": [\"c1\"]}",
                "{\"id\": \"d\", \"kind\": \"Dense\", \"inputs\": [\"in\"], \"unit\": 3}",
                "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"p1\"], \"units\": 10}")));
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void textSummaryMatchesGolden(Case c) throws IOException {
        Analysis a = GraphAnalysis.analyze(c.graph());
        check(GOLDEN.resolve(c.name() + ".summary.txt"), SummaryText.render(c.graph(), a, 32));
    }

    @ParameterizedTest
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void jsonSummaryMatchesGoldenAndLayerParamsSumToTheTotal(Case c) throws Exception {
        Analysis a = GraphAnalysis.analyze(c.graph());
        String json = SummaryJson.render(c.graph(), a, 32);
        check(GOLDEN.resolve(c.name() + ".summary.json"), json);

        Map<String, Object> root = (Map<String, Object>) PlainJson.parse(json, c.name());
        // "blocks" was added after the first release, only for a graph that has blocks; the rest is the contract.
        List<String> keys = c.graph().blocks().isEmpty() ? List.of("name", "layers", "totals", "memory", "diagnostics")
                : List.of("name", "layers", "totals", "memory", "diagnostics", "blocks");
        assertEquals(keys, List.copyOf(root.keySet()));
        Map<String, Long> layerParams = new java.util.HashMap<>();
        long params = 0;
        long trainable = 0;
        long macs = 0;
        for (Object o : (List<Object>) root.get("layers")) {
            Map<String, Object> layer = (Map<String, Object>) o;
            assertEquals(List.of("id", "kind", "inputs", "outputShape", "params", "trainableParams", "macs", "receptiveField", "trainable"),
                    List.copyOf(layer.keySet()));
            if (layer.get("params") != null) {
                layerParams.putIfAbsent((String) layer.get("id"), ((BigDecimal) layer.get("params")).longValueExact());
                params += ((BigDecimal) layer.get("params")).longValueExact();
                trainable += ((BigDecimal) layer.get("trainableParams")).longValueExact();
                macs += ((BigDecimal) layer.get("macs")).longValueExact();
            }
        }
        Map<String, Object> totals = (Map<String, Object>) root.get("totals");
        assertEquals(params, ((BigDecimal) totals.get("params")).longValueExact());
        assertEquals(trainable, ((BigDecimal) totals.get("trainableParams")).longValueExact());
        assertEquals(params - trainable, ((BigDecimal) totals.get("nonTrainableParams")).longValueExact());
        assertEquals(macs, ((BigDecimal) totals.get("macs")).longValueExact());
        for (Object o : (List<Object>) root.getOrDefault("blocks", List.of())) {
            Map<String, Object> block = (Map<String, Object>) o;
            long sum = ((List<Object>) block.get("members")).stream().mapToLong(m -> layerParams.get((String) m)).sum();
            assertEquals(sum, ((BigDecimal) block.get("params")).longValueExact(), "a block's parameters are its members'");
        }
    }

    @Test
    void publishedSchemaIsTheGeneratedOne() throws IOException {
        check(SCHEMA, GraphSchema.text());
    }

    private static void check(Path golden, String actual) throws IOException {
        if (REGENERATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(golden), golden + " is missing; run with -Dlayerloom.regenerate=true to create it");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
                golden + " differs; if the change is intended, regenerate with -Dlayerloom.regenerate=true and review the diff");
    }
}
