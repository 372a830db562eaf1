package io.layerloom.codegen.java;

import io.layerloom.codegen.dl4j.Construction;
import io.layerloom.codegen.dl4j.Dl4jMapping;
import io.layerloom.codegen.dl4j.Dl4jObjects;
import io.layerloom.codegen.dl4j.Dl4jTraining;
import io.layerloom.codegen.dl4j.MappingCases;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.training.TrainingSettings;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The two readers of the DL4J mapping agree on every case of it (every kind, on every input the
 * analysis accepts, with each choice varied): the Java that {@link ConstructionSource} prints,
 * compiled and run, makes an object whose DL4J JSON is that of the object {@link Dl4jObjects}
 * builds; so do the graph inputs' types and the network-wide settings. The whole-network tests
 * (JavaSourceGeneratorTest) check the same in context.
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

    @Test
    void printedInputTypesAreTheBuiltOnes() {
        List<TensorType> types = List.of(new TensorType.Image(3, 32, 24), new TensorType.Vector(20),
                new TensorType.Sequence(5, 12));
        Set<String> used = new TreeSet<>();
        ConstructionSource printer = new ConstructionSource(JavaSourceGenerator.IMPORTABLE, used);
        String array = types.stream().map(t -> printer.expr(Dl4jMapping.inputType(t)).text())
                .collect(Collectors.joining(", "));
        assertEquals(Set.of("InputType"), used);
        String source = "package agreement;\n\nimport " + JavaSourceGenerator.IMPORTABLE.get("InputType") + ";\n\n"
                + "public final class Inputs {\n    public static Object[] types() {\n        return new Object[] {"
                + array + "};\n    }\n}\n";
        Object[] compiled = (Object[]) assertDoesNotThrow(() -> InProcessJavac.load("agreement.Inputs", source)
                .getMethod("types").invoke(null));
        assertEquals(types.stream().map(t -> Dl4jObjects.build(Dl4jMapping.inputType(t))).toList(), List.of(compiled));
    }

    /**
     * The network-wide settings of every optimizer, at a fixed rate and on a schedule, with every
     * regulariser on: the printed builder chain, with the generated class's {@code SEED} and
     * {@code learningRates()} declared from the values the description gives them, builds the
     * NeuralNetConfiguration that Dl4jObjects builds.
     */
    @Test
    void printedNetworkSettingsAreTheBuiltOnes() throws Exception {
        List<Construction> settings = new ArrayList<>();
        for (TrainingSettings.Policy policy : List.of(TrainingSettings.Policy.FIXED, TrainingSettings.Policy.COSINE)) {
            for (TrainingSettings.Optimizer o : TrainingSettings.Optimizer.values()) {
                settings.add(Dl4jTraining.configuration(Dl4jTraining.options(new TrainingSettings(o, 0.01, policy, 1,
                        0.5, 0, 32, 4, 1e-4, 0.01, TrainingSettings.Init.RELU, 1.5, 0, 7), false)));
            }
        }
        Set<String> used = new TreeSet<>(Set.of("Map", "LinkedHashMap"));
        ConstructionSource printer = new ConstructionSource(JavaSourceGenerator.IMPORTABLE, used);
        String array = settings.stream().map(c -> printer.unbuilt(c).text() + ".build()")
                .collect(Collectors.joining(",\n            "));
        Object rates = settings.get(settings.size() - 1).written(Dl4jTraining.LEARNING_RATES).orElseThrow();
        assertEquals(Map.of(0, 0.01, 1, 0.01 * (1 + Math.cos(Math.PI / 4)) / 2, 2, 0.005,
                3, 0.01 * (1 + Math.cos(3 * Math.PI / 4)) / 2), rates);
        StringBuilder source = new StringBuilder("package agreement;\n\n");
        used.forEach(name -> source.append("import ").append(JavaSourceGenerator.IMPORTABLE.get(name)).append(";\n"));
        source.append("\npublic final class Settings {\n    static final long ").append(Dl4jTraining.SEED)
                .append(" = 7L;\n\n    static Map<Integer, Double> ").append(Dl4jTraining.LEARNING_RATES)
                .append(" {\n        Map<Integer, Double> rates = new LinkedHashMap<>();\n");
        ((Map<?, ?>) rates).forEach((e, r) -> source.append("        rates.put(").append(e).append(", ").append(r)
                .append(");\n"));
        source.append("        return rates;\n    }\n\n    public static Object[] settings() {\n")
                .append("        return new Object[] {")
                .append(array).append("};\n    }\n}\n");
        Object[] printed = (Object[]) InProcessJavac.load("agreement.Settings", source.toString())
                .getMethod("settings").invoke(null);
        List<String> expected = new ArrayList<>();
        for (Construction c : settings) {
            expected.add(((NeuralNetConfiguration.Builder) Dl4jObjects.unbuilt(c)).build().toJson());
        }
        assertEquals(expected, Stream.of(printed).map(c -> ((NeuralNetConfiguration) c).toJson()).toList());
    }

    private static String json(Object dl4jObject) throws Exception {
        return NeuralNetConfiguration.mapper().writeValueAsString(dl4jObject);
    }
}
