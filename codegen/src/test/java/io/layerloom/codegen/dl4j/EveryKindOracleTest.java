package io.layerloom.codegen.dl4j;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.layer.KindSamples;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer kind goes through the DL4J oracle: its default spec, in the sample network
 * graph-model gives it ({@link KindSamples}), compiles, and DL4J's shapes, parameter counts and
 * forward-pass activations equal our analysis. A kind added to the model is checked here without
 * a line changed, and a failure names it.
 */
class EveryKindOracleTest {

    static Stream<LayerKind<?>> kinds() {
        return LayerKinds.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void dl4jAgreesWithTheAnalysis(LayerKind<?> kind) {
        Graph sample = KindSamples.of(kind);
        try {
            Dl4jOracle.check(sample, true);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("layer kind " + kind.name() + ": " + e.getMessage() + "\n" + GraphJson.write(sample), e);
        }
    }
}
