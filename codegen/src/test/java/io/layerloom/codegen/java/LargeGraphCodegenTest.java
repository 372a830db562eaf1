package io.layerloom.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.training.TrainingSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Networks of thousands of layers: the generated class compiles with javac's default settings,
 * on a thread with the JVM's default stack size (as the {@code javac} command runs), and builds
 * the configuration Dl4jCompiler builds.
 */
class LargeGraphCodegenTest {

    /** An input, {@code layers} Dense layers of 8 units and a softmax output. */
    static Graph denseChain(int layers) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of("in", new LayerSpec.Input(Dims.of(8))));
        String previous = "in";
        for (int i = 1; i <= layers; i++) {
            String id = "dense" + i;
            nodes.add(Node.of(id, new LayerSpec.Dense(8, ActivationFunction.RELU, true), previous));
            previous = id;
        }
        nodes.add(Node.of("out", KindGraphs.softmax(3), previous));
        return new Graph("Dense chain of " + layers, "", nodes);
    }

    /** A stem convolution, {@code blocks} residual blocks (conv, batch norm, conv, Add with the block's input), pool, output. */
    static Graph residual(int blocks) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of("img", new LayerSpec.Input(Dims.of(1, 6, 6))));
        nodes.add(Node.of("stem", KindGraphs.conv(4, Padding.same()), "img"));
        String previous = "stem";
        for (int b = 1; b <= blocks; b++) {
            String p = "block" + b + "/";
            nodes.add(Node.of(p + "conv1", KindGraphs.conv(4, Padding.same()), previous));
            nodes.add(Node.of(p + "bn", new LayerSpec.BatchNorm(1e-5, 0.9), p + "conv1"));
            nodes.add(Node.of(p + "conv2", KindGraphs.conv(4, Padding.same()), p + "bn"));
            nodes.add(Node.of(p + "add", new LayerSpec.Add(), p + "conv2", previous));
            previous = p + "add";
        }
        nodes.add(Node.of("gap", new LayerSpec.GlobalAvgPool(), previous));
        nodes.add(Node.of("out", KindGraphs.softmax(2), "gap"));
        return new Graph("Residual net of " + blocks + " blocks", "", nodes);
    }

    /**
     * Two inputs and two outputs; {@code groupedConvs} grouped convolutions (five DL4J steps
     * each, with a note), the first third frozen; a frozen embedding, whose vocabulary is set
     * back after build(); training settings with a table of learning rates.
     */
    static Graph mixed(int groupedConvs) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of("img", new LayerSpec.Input(Dims.of(4, 6, 6))));
        String previous = "img";
        for (int i = 1; i <= groupedConvs; i++) {
            String id = "grouped" + i;
            nodes.add(Node.of(id, new LayerSpec.GroupedConv2D(4, 2, IntPair.of(3), IntPair.of(1), Padding.same(),
                    IntPair.of(1)), previous));
            previous = id;
        }
        nodes.add(Node.of("gap", new LayerSpec.GlobalAvgPool(), previous));
        nodes.add(Node.of("out", KindGraphs.softmax(2), "gap"));
        nodes.add(Node.of("tokens", new LayerSpec.Input(Dims.of(1, 12))));
        nodes.add(Node.of("embed", new LayerSpec.Embedding(50, 8, false), "tokens"));
        nodes.add(Node.of("rnn", new LayerSpec.SimpleRNN(10, ActivationFunction.TANH, true), "embed"));
        nodes.add(Node.of("last", new LayerSpec.GlobalAvgPool(), "rnn"));
        nodes.add(Node.of("textOut", KindGraphs.softmax(3), "last"));
        Graph g = new Graph("Mixed, " + groupedConvs + " grouped convolutions", "", nodes);
        List<String> frozen = new ArrayList<>(List.of("embed"));
        for (int i = 1; i <= groupedConvs / 3; i++) {
            frozen.add("grouped" + i);
        }
        g = new Edit.SetTrainable(Set.copyOf(frozen), false).apply(g);
        return g.withTraining(Optional.of(new TrainingSettings(TrainingSettings.Optimizer.NESTEROV, 0.05,
                TrainingSettings.Policy.STEP, 2, 0.5, 1, 32, 6, 1e-4, 0, TrainingSettings.Init.RELU, 5, 3, 7)));
    }

    private static String generate(Graph g, String className) {
        try {
            return JavaSourceGenerator.generate(g, "large", className);
        } catch (JavaSourceGenerator.NotCompilable e) {
            throw new AssertionError(e.problems().toString(), e);
        }
    }

    private static String assertBuildsTheCompiledConfiguration(Graph g, String className) {
        String source = generate(g, className);
        long start = System.nanoTime();
        ComputationGraphConfiguration generated = InProcessJavac.configuration("large." + className, source);
        System.out.printf("%s: %d lines compiled and run in %.1f s%n", className, source.lines().count(),
                (System.nanoTime() - start) / 1e9);
        assertEquals(Dl4jCompiler.compile(g).require().toJson(), generated.toJson(), className);
        return source;
    }

    /** The addLayer/addVertex calls of each method of the source, by method name, in order. */
    static Map<String, Integer> callsByMethod(String source) {
        Map<String, Integer> calls = new LinkedHashMap<>();
        String method = "";
        Matcher declaration = Pattern.compile("^    (?:public |private )static .+? (\\w+)\\(").matcher("");
        for (String line : source.split("\n")) {
            if (declaration.reset(line).find()) {
                method = declaration.group(1);
                calls.put(method, 0);
            } else if (line.matches(" {16}\\.add(Layer|Vertex)\\(.*")) {
                calls.merge(method, 1, Integer::sum);
            }
        }
        return calls;
    }

    @Test
    void aThousandDenseLayersCompile() {
        String source = assertBuildsTheCompiledConfiguration(denseChain(1_000), "Dense1000");

        Map<String, Integer> calls = callsByMethod(source);
        assertEquals(0, calls.get("configuration"), "configuration() only calls the methods that add the layers");
        assertEquals(1_001, calls.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(List.of("configuration", "addLayers1To100", "addLayers101To200", "addLayers201To300"),
                List.copyOf(calls.keySet()).subList(0, 4));
        assertEquals("addLayer1001", List.copyOf(calls.keySet()).get(11));
        assertTrue(calls.values().stream().allMatch(n -> n <= JavaSourceGenerator.CALLS_PER_METHOD), calls::toString);
        assertTrue(source.contains("        // 1,001 layers: one builder chain of them all would overflow javac's stack, "
                + "so each method adds a slice.\n        addLayers1To100(graph);\n"), source);
        assertTrue(source.contains("    /** Adds layers 101 to 200 of 1,001, \"dense101\" to \"dense200\". */\n"
                + "    private static void addLayers101To200(ComputationGraphConfiguration.GraphBuilder graph) {\n"
                + "        graph\n"
                + "                .addLayer(\"dense101\", "), source);
        assertTrue(source.contains("        addLayer1001(graph);\n"
                + "        ComputationGraphConfiguration configuration = graph\n"
                + "                .setOutputs(\"out\")\n"
                + "                .build();\n"), source);
        for (String line : source.split("\n")) {
            assertTrue(line.length() <= 120, () -> "line longer than 120: " + line);
            assertTrue(line.isEmpty() || !line.endsWith(" "), () -> "trailing space: <" + line + ">");
        }
    }

    /** The longest chain written as one expression compiles too; a graph one call longer is split. */
    @Test
    void upToTheLimitTheBuilderIsOneChain() {
        String longest = assertBuildsTheCompiledConfiguration(denseChain(JavaSourceGenerator.CHAIN_CALLS - 1), "Dense199");
        assertEquals(Map.of("configuration", JavaSourceGenerator.CHAIN_CALLS, "network", 0, "main", 0),
                callsByMethod(longest));
        assertFalse(longest.contains("GraphBuilder"), longest);
        assertEquals(List.of("configuration", "addLayers1To100", "addLayers101To200", "addLayer201", "network", "main"),
                List.copyOf(callsByMethod(generate(denseChain(JavaSourceGenerator.CHAIN_CALLS), "Dense200")).keySet()));
    }

    /** Multi-step, frozen and embedding nodes, two inputs and outputs and a rate table survive the split. */
    @Test
    void aLargeMixedGraphCompiles() {
        String source = assertBuildsTheCompiledConfiguration(mixed(60), "Mixed60");
        Map<String, Integer> calls = callsByMethod(source);
        assertEquals(Dl4jCompiler.compile(mixed(60)).require().getVertices().size(), calls.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(calls.values().stream().allMatch(n -> n <= JavaSourceGenerator.CALLS_PER_METHOD), calls::toString);
        assertTrue(calls.containsKey("learningRates") && calls.containsKey("restoreVocabulary"), calls::toString);
        assertTrue(source.contains("        restoreVocabulary(configuration, \"embed\", 50);\n"), source);
    }

    /**
     * 10,000 layers, not in the build (javac takes a while): run with
     * {@code -Dtest=LargeGraphCodegenTest -Dlayerloom.largeCodegen=10000}.
     */
    @Test
    @EnabledIfSystemProperty(named = "layerloom.largeCodegen", matches = "\\d+")
    void aChosenNumberOfLayersCompiles() {
        int n = Integer.parseInt(System.getProperty("layerloom.largeCodegen"));
        assertBuildsTheCompiledConfiguration(denseChain(n), "Dense" + n);
        assertBuildsTheCompiledConfiguration(residual(n / 4), "Residual" + n / 4);
    }

    @Test
    void threeThousandDenseLayersCompile() {
        assertBuildsTheCompiledConfiguration(denseChain(3_000), "Dense3000");
    }

    @Test
    void aResidualNetOfAThousandLayersCompiles() {
        assertBuildsTheCompiledConfiguration(residual(300), "Residual300");
    }
}
