package io.layerloom.codegen.java;

import io.layerloom.codegen.dl4j.Construction;
import io.layerloom.codegen.dl4j.Dl4jObjects;
import io.layerloom.codegen.dl4j.MappingCases;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The two readers of the DL4J mapping agree on every case of it (every kind, on every input the
 * analysis accepts, with each choice varied): the Java that {@link ConstructionSource} prints,
 * compiled and run, makes an object whose DL4J JSON is that of the object {@link Dl4jObjects}
 * builds. The whole-network tests (JavaSourceGeneratorTest) check the same in context.
 */
class ConstructionAgreementTest {

    @Test
    void printedSourceMakesTheObjectsTheMappingBuilds() throws Exception {
        List<MappingCases.Case> cases = MappingCases.all();
        Set<String> used = new TreeSet<>();
        ConstructionSource printer = new ConstructionSource(JavaSourceGenerator.IMPORTABLE, used);
        StringBuilder methods = new StringBuilder();
        for (int i = 0; i < cases.size(); i++) {
            List<String> exprs = new ArrayList<>();
            for (Construction c : cases.get(i).element().constructions()) {
                exprs.add(printer.expr(c).text());
            }
            methods.append("    public static Object[] case").append(i).append("() {\n        return new Object[] {")
                    .append(String.join(", ", exprs)).append("};\n    }\n");
        }
        StringBuilder source = new StringBuilder("package agreement;\n\n");
        used.forEach(name -> source.append("import ").append(JavaSourceGenerator.IMPORTABLE.get(name)).append(";\n"));
        source.append("\npublic final class Cases {\n").append(methods).append("}\n");
        Class<?> compiled = InProcessJavac.load("agreement.Cases", source.toString());

        for (int i = 0; i < cases.size(); i++) {
            MappingCases.Case c = cases.get(i);
            Method m = compiled.getMethod("case" + i);
            Object[] printed = (Object[]) m.invoke(null);
            List<String> expected = new ArrayList<>();
            List<String> actual = new ArrayList<>();
            for (int j = 0; j < printed.length; j++) {
                expected.add(json(Dl4jObjects.build(c.element().constructions().get(j))));
                actual.add(json(printed[j]));
            }
            assertEquals(expected, actual, () -> c.kind().name() + " " + c.variation() + " on " + c.inputs());
        }
    }

    private static String json(Object dl4jObject) throws Exception {
        return NeuralNetConfiguration.mapper().writeValueAsString(dl4jObject);
    }
}
