package io.layerloom.app.profile;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.Dl4jMapping;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which DL4J vertices of a compiled graph run each node: the steps of its element as
 * {@link Dl4jMapping} gives them (a grouped convolution's helpers, a composed activation's) and
 * the vertex named by its id, as {@link Dl4jCompiler} adds them. Names alone could not say it:
 * node ids may contain {@code /}.
 */
record NodeSteps(Map<String, List<String>> vertices) {

    /** The steps of every compiled node; a node the compilation left out has none. */
    static NodeSteps of(Graph graph, Dl4jCompiler.Compilation compilation) {
        Analysis analysis = compilation.analysis();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            if (compilation.omitted().contains(n.id())) {
                continue;
            }
            List<String> names = new ArrayList<>();
            if (!(n.spec() instanceof LayerSpec.Input)) {
                List<TensorType> in = n.inputs().stream().map(i -> type(analysis, i)).toList();
                names.addAll(Dl4jMapping.map(n, graph, analysis, in, type(analysis, n.id())).helperNames(n.id()));
            }
            names.add(n.id());
            out.put(n.id(), List.copyOf(names));
        }
        return new NodeSteps(out);
    }

    /** The node each vertex belongs to. */
    Map<String, String> nodeOfVertex() {
        Map<String, String> out = new HashMap<>();
        vertices.forEach((node, names) -> names.forEach(v -> out.put(v, node)));
        return out;
    }

    private static TensorType type(Analysis a, String id) {
        return a.node(id).flatMap(NodeResult::output).orElseThrow(() -> new IllegalStateException("no shape for " + id));
    }
}
