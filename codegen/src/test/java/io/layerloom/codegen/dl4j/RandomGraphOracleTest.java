package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.property.PlausibleGraphs;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * At least 500 random valid networks (CNNs with residual and inception merges, MLPs, recurrent and
 * embedding networks, reshapes between them): for each, DL4J builds it, and every shape and
 * parameter count, and the activations of a forward pass of 2 examples, equal our analysis.
 */
class RandomGraphOracleTest {

    @Provide
    Arbitrary<Graph> valid() {
        return PlausibleGraphs.graphs().filter(g -> !GraphAnalysis.analyze(g).hasErrors());
    }

    @Property(tries = 540, shrinking = net.jqwik.api.ShrinkingMode.FULL)
    void dl4jAgreesWithTheAnalysis(@ForAll("valid") Graph graph) {
        Dl4jCompiler.Compilation c = Dl4jCompiler.compile(graph);
        boolean documented = !c.problems().isEmpty() && c.problems().stream().allMatch(d -> d.code()
                == io.layerloom.model.analysis.DiagnosticCode.DL4J_UNSUPPORTED && d.node().isPresent() && !d.fixes().isEmpty()
                && !d.message().contains("DL4J cannot build this layer"));
        Statistics.collect(documented ? "refused with a documented DL4J limitation" : "compiled");
        Statistics.coverage(checker -> checker.check("compiled").count(n -> n >= 500));
        if (documented) {
            return;
        }
        try {
            Dl4jOracle.check(graph, true);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + GraphJson.write(graph), e);
        }
    }
}
