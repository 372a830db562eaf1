package io.layerloom.codegen.dl4j;

import io.layerloom.model.template.Template;
import io.layerloom.model.template.Templates;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every template: our shapes and parameter counts equal DL4J's, and a forward pass agrees. */
class TemplateOracleTest {

    static Stream<Template> templates() {
        return Templates.all().stream();
    }

    @ParameterizedTest
    @MethodSource("templates")
    void dl4jAgreesWithTheAnalysis(Template t) {
        Dl4jOracle.check(Templates.graph(t), true);
    }
}
