package io.layerloom.model.report;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.BlockAnalysis;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Block;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.ReceptiveField;
import io.layerloom.model.analysis.Totals;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.PlainJson;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The machine-readable summary ({@code layerloom summary --json}), whose fields are a contract:
 * name; layers [{id, kind, inputs, outputShape, params, trainableParams, macs, receptiveField}];
 * totals {params, trainableParams, nonTrainableParams, macs}; diagnostics [{severity, code,
 * node, message}]. Added beside them: memory, per diagnostic field and fixes, per layer trainable
 * (false for a frozen layer, whose parameters all count as non-trainable) and totals.frozenParams. Unknown
 * values are null; receptiveField is {"global": true} for a node that sees the whole input and
 * null where it is not defined or beyond 64 bits (OVERFLOW); memory.trainingBytes is null beyond 64 bits. A graph with blocks adds "blocks" [{id, type, members, inputs,
 * inputShapes, outputs, outputShapes, params, trainableParams, macs, receptiveFieldGrowth}] after
 * "diagnostics"; a graph without blocks gives the same text as before.
 */
public final class SummaryJson {

    private SummaryJson() {
    }

    public static String render(Graph graph, Analysis analysis, int batch) {
        StringBuilder b = new StringBuilder();
        b.append("{\"name\": ").append(PlainJson.quote(graph.name())).append(",\n");
        b.append(" \"layers\": [");
        List<NodeResult> nodes = analysis.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            b.append(i == 0 ? "\n  " : ",\n  ");
            layer(b, nodes.get(i), graph.node(nodes.get(i).id()).map(n -> n.trainable()).orElse(true));
        }
        b.append(nodes.isEmpty() ? "],\n" : "\n ],\n");
        Totals t = analysis.totals();
        b.append(" \"totals\": {\"params\": ").append(t.params()).append(", \"trainableParams\": ").append(t.trainableParams())
                .append(", \"nonTrainableParams\": ").append(t.nonTrainableParams()).append(", \"macs\": ").append(t.macs())
                .append(", \"complete\": ").append(t.complete()).append(", \"frozenParams\": ").append(t.frozenParams())
                .append("},\n");
        b.append(" \"memory\": {\"bytesPerValue\": 4, \"inputBytes\": ").append(t.inputBytes())
                .append(", \"forwardBackwardActivationBytes\": ").append(t.forwardBackwardActivationBytes())
                .append(", \"paramBytes\": ").append(t.paramBytes())
                .append(", \"batch\": ").append(batch)
                .append(", \"trainingBytes\": ").append(t.exactTrainingBytes(batch).stream().mapToObj(Long::toString)
                        .findFirst().orElse("null")).append("},\n");
        b.append(" \"diagnostics\": [");
        List<Diagnostic> ds = analysis.diagnostics();
        for (int i = 0; i < ds.size(); i++) {
            b.append(i == 0 ? "\n  " : ",\n  ");
            diagnostic(b, ds.get(i));
        }
        b.append(ds.isEmpty() ? "]" : "\n ]");
        if (!graph.blocks().isEmpty()) {
            b.append(",\n \"blocks\": [");
            for (int i = 0; i < graph.blocks().size(); i++) {
                b.append(i == 0 ? "\n  " : ",\n  ");
                block(b, graph.blocks().get(i), BlockAnalysis.of(graph, analysis, graph.blocks().get(i)));
            }
            b.append("\n ]");
        }
        b.append("}\n");
        return b.toString();
    }

    private static void block(StringBuilder b, Block block, BlockAnalysis a) {
        b.append("{\"id\": ").append(PlainJson.quote(block.id()));
        b.append(", \"type\": ").append(PlainJson.quote(block.type()));
        b.append(", \"members\": ").append(ids(block.members()));
        b.append(", \"inputs\": ").append(ids(a.inputs()));
        b.append(", \"inputShapes\": ").append(shapes(a.inputShapes()));
        b.append(", \"outputs\": ").append(ids(a.outputs()));
        b.append(", \"outputShapes\": ").append(shapes(a.outputShapes()));
        b.append(", \"params\": ").append(a.cost().map(c -> Long.toString(c.params())).orElse("null"));
        b.append(", \"trainableParams\": ").append(a.cost().map(c -> Long.toString(c.trainableParams())).orElse("null"));
        b.append(", \"macs\": ").append(a.cost().map(c -> Long.toString(c.macs())).orElse("null"));
        b.append(", \"receptiveFieldGrowth\": ").append(field(a.growth()));
        b.append('}');
    }

    private static String ids(List<String> ids) {
        return ids.stream().map(PlainJson::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String shapes(List<Optional<TensorType>> shapes) {
        return shapes.stream().map(s -> s.map(t -> t.dims().stream().map(String::valueOf)
                .collect(Collectors.joining(", ", "[", "]"))).orElse("null")).collect(Collectors.joining(", ", "[", "]"));
    }

    private static void layer(StringBuilder b, NodeResult r, boolean trainable) {
        b.append("{\"id\": ").append(PlainJson.quote(r.id()));
        b.append(", \"kind\": ").append(PlainJson.quote(r.kind()));
        b.append(", \"inputs\": ").append(r.inputs().stream().map(PlainJson::quote).collect(Collectors.joining(", ", "[", "]")));
        b.append(", \"outputShape\": ").append(r.output().map(t -> t.dims().stream().map(String::valueOf)
                .collect(Collectors.joining(", ", "[", "]"))).orElse("null"));
        b.append(", \"params\": ").append(r.cost().map(c -> Long.toString(c.params())).orElse("null"));
        b.append(", \"trainableParams\": ").append(r.cost().map(c -> Long.toString(c.trainableParams())).orElse("null"));
        b.append(", \"macs\": ").append(r.cost().map(c -> Long.toString(c.macs())).orElse("null"));
        b.append(", \"receptiveField\": ").append(field(r.receptiveField()));
        b.append(", \"trainable\": ").append(trainable);
        b.append('}');
    }

    private static String field(Optional<ReceptiveField> f) {
        if (f.isEmpty() || f.get() instanceof ReceptiveField.Overflow) {
            return "null";
        }
        if (f.get() instanceof ReceptiveField.Local l) {
            return "{\"size\": [" + l.height().size() + ", " + l.width().size() + "], \"stride\": [" + l.height().stride()
                    + ", " + l.width().stride() + "], \"padding\": [" + l.height().padding() + ", " + l.width().padding() + "]}";
        }
        return "{\"global\": true}";
    }

    private static void diagnostic(StringBuilder b, Diagnostic d) {
        b.append("{\"severity\": ").append(PlainJson.quote(d.severity().jsonName()));
        b.append(", \"code\": ").append(PlainJson.quote(d.code().name()));
        b.append(", \"node\": ").append(d.node().map(PlainJson::quote).orElse("null"));
        b.append(", \"field\": ").append(d.field().map(PlainJson::quote).orElse("null"));
        b.append(", \"message\": ").append(PlainJson.quote(d.message()));
        b.append(", \"fixes\": ").append(d.fixes().stream().map(PlainJson::quote).collect(Collectors.joining(", ", "[", "]")));
        b.append('}');
    }
}
