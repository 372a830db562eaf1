package io.layerloom.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.template.Templates;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/** A frozen node compiles to DL4J's frozen wrappers, and the generated Java says the same. */
class FrozenLayerCodegenTest {

    private static final Graph LENET = Templates.graph(Templates.byId("lenet5").orElseThrow());

    /** Each layer's DL4J configuration class, by vertex name. */
    private static Map<String, String> layerClasses(ComputationGraphConfiguration conf) {
        Map<String, String> out = new TreeMap<>();
        conf.getVertices().forEach((name, v) -> {
            if (v instanceof LayerVertex l) {
                out.put(name, l.getLayerConf().getLayer().getClass().getSimpleName());
            }
        });
        return out;
    }

    @Test
    void frozenLayersWithParametersAreWrappedAndParameterFreeOnesOnlyInsideTheFrozenBody() throws Exception {
        Graph g = Edit.SetTrainable.freezeUpTo(LENET, List.of("c3")).apply(LENET);
        ComputationGraphConfiguration conf = Dl4jCompiler.compile(g).require();

        // s2 is read only by the frozen c3, which sends it no gradient: wrapped too, or DL4J refuses the
        // backward pass. s4 is read by the learning c5: left as it is.
        assertEquals(Map.of("c1", "FrozenLayer", "s2", "FrozenLayer", "c3", "FrozenLayer",
                "s4", "SubsamplingLayer", "c5", "ConvolutionLayer", "f6", "DenseLayer", "output", "OutputLayer"),
                layerClasses(conf));
        Class<?> c = JavaSourceGeneratorTest.assertSameAsCompiled(g, "com.example", "FrozenLeNet");
        ComputationGraph generated = (ComputationGraph) c.getMethod("network").invoke(null);
        ComputationGraph direct = new ComputationGraph(Dl4jCompiler.compile(LENET).require());
        direct.init();
        assertEquals(direct.params(), generated.params(), "freezing keeps the parameters and their initialisation");
        String source = JavaSourceGenerator.generate(g, "com.example", "FrozenLeNet", Dl4jCompiler.DEFAULT_SEED);
        assertTrue(source.contains("import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;"), source);
        assertTrue(source.contains(".addLayer(\"c1\", new FrozenLayer(new ConvolutionLayer.Builder()"), source);
    }

    @Test
    void aFrozenLayerAfterALearningOneLetsTheGradientThrough() {
        Graph g = new Edit.SetTrainable(Set.of("c5"), false).apply(LENET);
        ComputationGraphConfiguration conf = Dl4jCompiler.compile(g).require();

        assertEquals("FrozenLayerWithBackprop", layerClasses(conf).get("c5"));
        JavaSourceGeneratorTest.assertSameAsCompiled(g, "com.example", "FrozenMiddle");
    }

    @Test
    void aFrozenEmbeddingKeepsItsVocabularyInsideTheWrapper() {
        Graph text = KindGraphs.embeddingSequence();
        Graph g = new Edit.SetTrainable(Set.of("embed"), false).apply(text);
        ComputationGraphConfiguration conf = Dl4jCompiler.compile(g).require();

        FrozenLayer frozen = assertInstanceOf(FrozenLayer.class,
                ((LayerVertex) conf.getVertices().get("embed")).getLayerConf().getLayer());
        assertEquals(50, ((EmbeddingSequenceLayer) frozen.getLayer()).getNIn());
        JavaSourceGeneratorTest.assertSameAsCompiled(g, "", "FrozenText");
    }
}
