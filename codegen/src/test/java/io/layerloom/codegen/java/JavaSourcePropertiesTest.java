package io.layerloom.codegen.java;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.property.PlausibleGraphs;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * Random plausible networks that compile: the generated class compiles and builds the same
 * configuration. Few tries, because each runs javac.
 */
class JavaSourcePropertiesTest {

    private static final AtomicInteger CLASSES = new AtomicInteger();

    @Provide
    Arbitrary<Graph> compiling() {
        return PlausibleGraphs.graphs().filter(g -> Dl4jCompiler.compile(g).configuration().isPresent());
    }

    @Property(tries = 60, shrinking = ShrinkingMode.BOUNDED)
    void generatedSourceBuildsTheCompiledConfiguration(@ForAll("compiling") Graph graph) {
        JavaSourceGeneratorTest.assertSameAsCompiled(graph, "random", "Net" + CLASSES.incrementAndGet());
    }
}
