package io.layerloom.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.analysis.DiagnosticCode;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.template.Template;
import io.layerloom.model.template.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Generated source compiles, and its configuration is exactly the one Dl4jCompiler builds. */
class JavaSourceGeneratorTest {

    /** Generates, compiles and loads the class, and compares its configuration's JSON with the compiled one. */
    static Class<?> assertSameAsCompiled(Graph graph, String packageName, String className) {
        String source;
        try {
            source = JavaSourceGenerator.generate(graph, packageName, className, Dl4jCompiler.DEFAULT_SEED);
        } catch (JavaSourceGenerator.NotCompilable e) {
            throw new AssertionError("graph '" + graph.name() + "' did not compile: " + e.problems(), e);
        }
        String qualified = packageName.isEmpty() ? className : packageName + "." + className;
        ComputationGraphConfiguration generated = InProcessJavac.configuration(qualified, source);
        assertEquals(Dl4jCompiler.compile(graph).require().toJson(), generated.toJson(),
                () -> "generated configuration differs for '" + graph.name() + "'\n" + source);
        return InProcessJavac.load(qualified, source);
    }

    static Stream<Template> templates() {
        return Templates.all().stream();
    }

    @ParameterizedTest
    @MethodSource("templates")
    void everyTemplateGeneratesItsConfiguration(Template t) {
        Graph g = Templates.graph(t);
        assertSameAsCompiled(g, "com.example.nets", JavaNames.classNameFor(g.name()));
    }

    static Stream<Graph> kindGraphs() {
        return KindGraphs.all().stream();
    }

    @ParameterizedTest
    @MethodSource("kindGraphs")
    void everyLayerKindGeneratesItsConfiguration(Graph g) {
        assertSameAsCompiled(g, "", JavaNames.classNameFor(g.name()));
    }

    static Stream<io.layerloom.model.training.TrainingSettings> trainingSettings() {
        var d = io.layerloom.model.training.TrainingSettings.defaults();
        var o = io.layerloom.model.training.TrainingSettings.Optimizer.class;
        return Stream.of(
                new io.layerloom.model.training.TrainingSettings(io.layerloom.model.training.TrainingSettings.Optimizer.NESTEROV,
                        0.05, io.layerloom.model.training.TrainingSettings.Policy.STEP, 2, 0.5, 1, 32, 6, 1e-4, 0,
                        io.layerloom.model.training.TrainingSettings.Init.RELU, 5, 3, 7),
                new io.layerloom.model.training.TrainingSettings(io.layerloom.model.training.TrainingSettings.Optimizer.ADAMW,
                        0.002, io.layerloom.model.training.TrainingSettings.Policy.COSINE, 1, 0.5, 0, 64, 5, 0, 0.01,
                        io.layerloom.model.training.TrainingSettings.Init.LECUN, 0, 0, 42),
                new io.layerloom.model.training.TrainingSettings(io.layerloom.model.training.TrainingSettings.Optimizer.RMSPROP,
                        0.01, io.layerloom.model.training.TrainingSettings.Policy.FIXED, 1, 0.5, 0, 64, 3, 0, 0,
                        io.layerloom.model.training.TrainingSettings.Init.XAVIER, 1, 0, 42),
                d);
    }

    /** The file's training settings reach the generated source exactly as they reach the compiled network. */
    @ParameterizedTest
    @MethodSource("trainingSettings")
    void trainingSettingsGenerateTheSameOptimizerAndOptions(io.layerloom.model.training.TrainingSettings t) throws Exception {
        Graph g = Templates.graph(Templates.byId("lenet5").orElseThrow()).withTraining(java.util.Optional.of(t));
        String source = JavaSourceGenerator.generate(g, "", "Trained", t.seed());
        ComputationGraphConfiguration generated = InProcessJavac.configuration("Trained", source);
        assertEquals(Dl4jCompiler.compile(g).require().toJson(), generated.toJson(), source);
    }

    @Test
    void theKindGraphsUseEveryLayerKind() {
        Set<String> used = KindGraphs.all().stream().flatMap(g -> g.nodes().stream()).map(n -> n.kind().name())
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> missing = new ArrayList<>(LayerKinds.names());
        missing.removeAll(used);
        assertEquals(List.of(), missing, "layer kinds no KindGraphs graph uses");
    }

    @Test
    void theSourceReadsLikeHandWrittenCode() throws Exception {
        Graph lenet = Templates.graph(Templates.byId("lenet5").orElseThrow());
        String source = JavaSourceGenerator.generate(lenet, "com.example", "LeNet5", 42);
        assertEquals(source, JavaSourceGenerator.generate(lenet, "com.example", "LeNet5", 42), "deterministic");
        assertTrue(source.startsWith("package com.example;\n\nimport org.deeplearning4j."), source);
        assertTrue(source.contains("public final class LeNet5 {"), source);
        assertTrue(source.contains("        ComputationGraphConfiguration configuration = new NeuralNetConfiguration.Builder()\n"
                + "                .seed(SEED)\n"
                + "                .activation(Activation.IDENTITY)\n"
                + "                .weightInit(WeightInit.XAVIER)\n"
                + "                .updater(new Adam(1e-3))\n"
                + "                .graphBuilder()\n"), source);
        assertTrue(source.contains(" // 6x28x28\n"), source);
        assertTrue(source.contains("public static ComputationGraph network()"), source);
        assertTrue(source.contains("public static void main(String[] args)"), source);
        for (String line : source.split("\n")) {
            assertTrue(line.length() <= 120, () -> "line longer than 120: " + line);
            assertTrue(line.isEmpty() || !line.endsWith(" "), () -> "trailing space: <" + line + ">");
        }
        long layers = source.lines().filter(l -> l.contains(".addLayer(") || l.contains(".addVertex(")).count();
        long commented = source.lines().filter(l -> (l.contains(".addLayer(") || l.contains(".addVertex("))
                && l.matches(".* // \\d+(x\\d+)*$")).count();
        assertEquals(lenet.size() - 1, layers, "one addLayer or addVertex per non-input node");
        assertEquals(layers, commented, "each addLayer/addVertex line ends with its shape");
    }

    @Test
    void theNetworkInitialisesFromTheSeed() throws Exception {
        Graph lenet = Templates.graph(Templates.byId("lenet5").orElseThrow());
        Class<?> c = assertSameAsCompiled(lenet, "com.example", "LeNetInit");
        ComputationGraph generated = (ComputationGraph) c.getMethod("network").invoke(null);
        ComputationGraph direct = new ComputationGraph(Dl4jCompiler.compile(lenet).require());
        direct.init();
        assertEquals(61_706, generated.numParams());
        assertEquals(direct.params(), generated.params(), "same seed, same initial parameters");
    }

    @Test
    void embeddingsKeepTheirVocabularyAfterBuild() throws Exception {
        String source = JavaSourceGenerator.generate(KindGraphs.embeddingSequence(), "", "Text", 42);
        assertTrue(source.contains("restoreVocabulary(configuration, \"embed\", 50);"), source);
        assertTrue(source.contains(".addLayer(\"gap/pool\", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), \"lstm\")"),
                source);
        assertTrue(source.contains(".addVertex(\"gap\", new ReshapeVertex('c', new int[] {-1, 6}, null), \"gap/pool\")"),
                source);
    }

    @Test
    void aGraphThatDoesNotCompileGetsTheCompilersProblems() {
        Graph lrn = KindGraphs.graph("LRN on 2 channels",
                Node.of("img", new LayerSpec.Input(Dims.of(2, 8, 8))),
                Node.of("lrn", new LayerSpec.LocalResponseNorm(5, 2, 1e-4, 0.75), "img"),
                Node.of("flat", new LayerSpec.Flatten(), "lrn"),
                Node.of("out", KindGraphs.softmax(2), "flat"));
        JavaSourceGenerator.NotCompilable e = assertThrows(JavaSourceGenerator.NotCompilable.class,
                () -> JavaSourceGenerator.generate(lrn, "", "Lrn", 42));
        assertEquals(Dl4jCompiler.compile(lrn).problems(), e.problems());
        assertEquals(List.of(DiagnosticCode.DL4J_UNSUPPORTED), e.problems().stream().map(d -> d.code()).toList());

        Graph noOutput = KindGraphs.graph("no output", Node.of("in", new LayerSpec.Input(Dims.of(3))),
                Node.of("d", new LayerSpec.Dense(2, ActivationFunction.RELU, true), "in"));
        assertEquals(Dl4jCompiler.compile(noOutput).problems(),
                assertThrows(JavaSourceGenerator.NotCompilable.class,
                        () -> JavaSourceGenerator.generate(noOutput, "", "NoOutput", 42)).problems());
    }

    @Test
    void unusableNamesAreRefusedWithTheRule() {
        Graph g = KindGraphs.mlp();
        assertEquals("class name 'class' is a Java keyword; choose another (for example 'ClassNetwork').",
                assertThrows(IllegalArgumentException.class, () -> JavaSourceGenerator.generate(g, "", "class", 1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSourceGenerator.generate(g, "", "9Lives", 1))
                .getMessage().contains("is not a Java identifier"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSourceGenerator.generate(g, "", "LSTM", 1))
                .getMessage().contains("also the name of a class the generated code uses"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSourceGenerator.generate(g, "a.if.b", "Net", 1))
                .getMessage().contains("'if' is not one"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSourceGenerator.generate(g, "a..b", "Net", 1))
                .getMessage().contains("is not a Java package name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSourceGenerator.generate(g, "java.nets", "Net", 1))
                .getMessage().contains("reserved"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSourceGenerator.generate(g, "p", "Caf\u00e9\n*/", 1))
                .getMessage().contains("'Caf\u00e9\\u000a*/' is not a Java identifier"));
    }

    @Test
    void classNamesAreDerivedFromTheGraphName() {
        assertEquals("ResNet18", JavaNames.classNameFor("ResNet-18"));
        assertEquals("LeNet5", JavaNames.classNameFor("LeNet-5"));
        assertEquals("MyCoolNet", JavaNames.classNameFor("my cool net"));
        assertEquals("Net3Layers", JavaNames.classNameFor("3 layers"));
        assertEquals("Class", JavaNames.classNameFor("class"));
        assertEquals("Network", JavaNames.classNameFor("\u4e2d\u6587 */ \"\n"));
        assertEquals("LSTMNetwork", JavaNames.classNameFor("LSTM"));
        assertEquals("StringNetwork", JavaNames.classNameFor("string"));
        assertEquals(64, JavaNames.classNameFor("x".repeat(300)).length());
    }

    @Test
    void aHostileGraphNameStaysInsideItsComment() {
        Graph g = KindGraphs.mlp().withName("*/ class X { \"\\u002a/\u2028\n// \u00e9 \\");
        assertSameAsCompiled(g, "hostile.name", "Named");
    }

    /** Ids the analysis accepts, chosen to break naive escaping. */
    static final List<String> HOSTILE_IDS = List.of("say \"hi\"", "back\\slash", "ends */ comment", "/* opens",
            "\\u000a", "\\u0022", "\\\\u000a", "\\", "caf\u00e9", "\u4e2d\u6587", "smile \ud83d\ude00", "class",
            "bidi\u202eoverride", "line\u2028separator", "x".repeat(200));

    @Test
    void hostileIdsNeitherBreakNorInjectIntoTheCode() {
        List<Node> nodes = new java.util.ArrayList<>();
        nodes.add(Node.of(HOSTILE_IDS.get(0), new LayerSpec.Input(Dims.of(4))));
        for (int i = 1; i < HOSTILE_IDS.size(); i++) {
            nodes.add(Node.of(HOSTILE_IDS.get(i), new LayerSpec.Dense(4, ActivationFunction.RELU, true), HOSTILE_IDS.get(i - 1)));
        }
        nodes.add(Node.of("out\"); System.exit(1); //", new LayerSpec.Output(2, ActivationFunction.SOFTMAX, Loss.MCXENT, true),
                HOSTILE_IDS.get(HOSTILE_IDS.size() - 1)));
        Graph g = new Graph("hostile */ \"ids\"", "", nodes);
        Class<?> c = assertSameAsCompiled(g, "hostile.ids", "HostileIds");
        assertEquals(Set.of("configuration", "network", "main"), Stream.of(c.getDeclaredMethods())
                .filter(m -> java.lang.reflect.Modifier.isPublic(m.getModifiers())).map(m -> m.getName())
                .collect(Collectors.toSet()), "no method injected");
    }

    @Test
    void hostileIdsInTheEmbeddingFixAndThePoolHelper() {
        Graph g = KindGraphs.embeddingSequence();
        g = g.replace("embed", n -> n.withId("e\"*/\\u000a\u00e9")).replace("rnn", n -> n.withInputs(List.of("e\"*/\\u000a\u00e9")));
        g = g.replace("gap", n -> n.withId("g\\\"\ud83d\ude00")).replace("out", n -> n.withInputs(List.of("g\\\"\ud83d\ude00")));
        assertSameAsCompiled(g, "", "HostileHelpers");
    }

    @Test
    void idsTheAnalysisRejectsAreRefusedNotWritten() {
        for (String id : List.of("new\nline", "tab\there", "y".repeat(300))) {
            Graph g = KindGraphs.graph("bad id", Node.of("in", new LayerSpec.Input(Dims.of(3))),
                    Node.of(id, new LayerSpec.Dense(2, ActivationFunction.RELU, true), "in"),
                    Node.of("out", KindGraphs.softmax(2), id));
            JavaSourceGenerator.NotCompilable e = assertThrows(JavaSourceGenerator.NotCompilable.class,
                    () -> JavaSourceGenerator.generate(g, "", "Bad", 42));
            assertEquals(Dl4jCompiler.compile(g).problems(), e.problems());
            assertTrue(e.problems().stream().anyMatch(d -> d.code() == DiagnosticCode.INVALID_ID), e.problems()::toString);
        }
    }
}
