package io.layerloom.app.interchange;

import io.layerloom.codegen.onnx.OnnxReader;
import io.layerloom.codegen.onnx.OnnxStructureImport;
import io.layerloom.codegen.onnx.OnnxUnsupportedException;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.template.Template;
import io.layerloom.model.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every template exports, runs in ONNX Runtime to DL4J's outputs (batch 1, parameters shifted a
 * little so batch-norm statistics are not their trivial start), and imports back through the
 * structural ONNX import to the same layers: kinds, output shapes and parameter counts in
 * topological order, Dropout aside (the import reads ONNX's inference Dropout as a pass-through).
 * Operators the import does not read yet are named by the import's own report; the check then
 * asserts that only those stopped it.
 */
class OnnxExportTemplatesTest {

    /** Operators the export writes that the structural import on main does not map (yet). */
    static final Set<String> NOT_IMPORTED_YET = Set.of("Pad", "Slice", "Resize", "ConvTranspose", "LRN", "Mul",
        "Gather", "Cast", "Transpose", "RNN", "LSTM", "Elu", "Selu", "Softplus", "HardSigmoid");

    @TempDir
    Path dir;

    static Stream<Template> templates() {
        return Templates.all().stream();
    }

    @ParameterizedTest
    @MethodSource("templates")
    void exportsRunsInOnnxRuntimeAndImportsBack(Template t) throws Exception {
        Graph graph = Templates.graph(t);
        ComputationGraph net = OnnxRuntimeCheck.network(graph, 0.02);
        byte[] model = OnnxRuntimeCheck.check(graph, net, 1);
        net = null;
        Path file = Files.write(dir.resolve(t.id() + ".onnx"), model);
        model = null;
        boolean compared = ReimportCheck.check(graph, file);
        // Every template now, MobileNet's ZeroPadding2D too: the import reads ONNX Pad since the import branch merged.
        assertEquals(true, compared, "whether the import read " + t.id() + " back");
    }

    /** The structural import of an exported file against the graph it came from. */
    static final class ReimportCheck {
        private ReimportCheck() {
        }

        /** Kind and output shape of each node in topological order, Dropout left out. */
        static List<String> layers(Graph g) {
            Analysis a = GraphAnalysis.analyze(g);
            List<String> out = new ArrayList<>();
            for (String id : a.topologicalOrder()) {
                if (!(g.require(id).spec() instanceof LayerSpec.Dropout)) {
                    out.add(g.require(id).kind().name() + " " + a.node(id).orElseThrow().output().orElseThrow().text());
                }
            }
            return out;
        }

        /** True when the import read the file and gave the same layers; false when it refused only operators it does not read yet. */
        static boolean check(Graph original, Path file) throws Exception {
            Graph back;
            try {
                back = OnnxStructureImport.toGraph(new OnnxReader().read(file));
            } catch (OnnxUnsupportedException e) {
                List<String> ops = e.nodes().stream().map(OnnxUnsupportedException.Unsupported::opType).distinct().toList();
                assertTrue(NOT_IMPORTED_YET.containsAll(ops), () -> "the import refused " + ops + ":\n" + e.getMessage());
                return false;
            }
            assertEquals(layers(original), layers(back));
            assertEquals(GraphAnalysis.analyze(original).totals().params(), GraphAnalysis.analyze(back).totals().params());
            return true;
        }
    }
}
