package io.layerloom.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Padding;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.Test;

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

    private static String generate(Graph g, String className) {
        try {
            return JavaSourceGenerator.generate(g, "large", className, Dl4jCompiler.DEFAULT_SEED);
        } catch (JavaSourceGenerator.NotCompilable e) {
            throw new AssertionError(e.problems().toString(), e);
        }
    }

    private static void assertBuildsTheCompiledConfiguration(Graph g, String className) {
        String source = generate(g, className);
        long start = System.nanoTime();
        ComputationGraphConfiguration generated = InProcessJavac.configuration("large." + className, source);
        System.out.printf("%s: %d lines compiled and run in %.1f s%n", className, source.lines().count(),
                (System.nanoTime() - start) / 1e9);
        assertEquals(Dl4jCompiler.compile(g).require().toJson(), generated.toJson(), className);
    }

    @Test
    void aThousandDenseLayersCompile() {
        assertBuildsTheCompiledConfiguration(denseChain(1_000), "Dense1000");
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
