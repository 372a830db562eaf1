package io.layerloom.model.report;

import io.layerloom.model.analysis.Analysis;
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
 * null where it is not defined.
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
                .append(", \"trainingBytes\": ").append(t.trainingBytes(batch)).append("},\n");
        b.append(" \"diagnostics\": [");
        List<Diagnostic> ds = analysis.diagnostics();
        for (int i = 0; i < ds.size(); i++) {
            b.append(i == 0 ? "\n  " : ",\n  ");
            diagnostic(b, ds.get(i));
        }
        b.append(ds.isEmpty() ? "]}\n" : "\n ]}\n");
        return b.toString();
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
        if (f.isEmpty()) {
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
