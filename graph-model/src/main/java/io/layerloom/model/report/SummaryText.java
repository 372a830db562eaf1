package io.layerloom.model.report;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Cost;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.Severity;
import io.layerloom.model.analysis.Totals;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The model.summary()-style table: one row per layer (marked where it has a problem), then
 * totals, memory and the diagnostics. Plain ASCII so that it pastes anywhere.
 */
public final class SummaryText {

    private static final int MAX_LAYER_WIDTH = 44;
    private static final int MAX_INPUTS_WIDTH = 40;
    private static final String[] HEADERS = {"Layer (kind)", "Output shape", "Params", "MACs", "Receptive field", "Inputs"};

    private SummaryText() {
    }

    public static String render(Graph graph, Analysis analysis, int batch) {
        Set<String> flagged = new HashSet<>();
        for (Diagnostic d : analysis.diagnostics()) {
            if (d.severity() != Severity.INFO) {
                d.node().ifPresent(flagged::add);
            }
        }
        List<String[]> rows = new ArrayList<>();
        for (NodeResult r : analysis.nodes()) {
            String mark = flagged.contains(r.id()) ? "! " : "";
            boolean frozen = graph.node(r.id()).map(n -> !n.trainable()).orElse(false);
            rows.add(new String[]{
                    clip(mark + Text.display(r.id()) + " (" + r.kind() + (frozen ? ", frozen" : "") + ")", MAX_LAYER_WIDTH),
                    Formats.shape(r.output()),
                    r.cost().map(c -> Formats.grouped(c.params())).orElse("?"),
                    r.cost().map(Cost::macs).map(Formats::grouped).orElse("?"),
                    r.output().isPresent() ? Formats.receptiveField(r.receptiveField()) : "?",
                    clip(String.join(", ", r.inputs().stream().map(Text::display).toList()), MAX_INPUTS_WIDTH)});
        }
        TextTable table = TextTable.fitting(HEADERS, rows, c -> c == 2 || c == 3);
        String heavy = table.rule('=');
        String light = table.rule('-');

        StringBuilder b = new StringBuilder();
        b.append("Model: \"").append(Text.display(graph.name())).append("\" (").append(graph.size()).append(graph.size() == 1 ? " layer)\n" : " layers)\n");
        b.append(heavy);
        table.row(b, HEADERS);
        b.append(heavy);
        for (String[] row : rows) {
            table.row(b, row);
        }
        b.append(heavy);
        totals(b, analysis, batch);
        b.append(light);
        diagnostics(b, analysis);
        return b.toString();
    }

    private static void totals(StringBuilder b, Analysis analysis, int batch) {
        Totals t = analysis.totals();
        long unknown = analysis.nodes().stream().filter(r -> !r.known()).count();
        line(b, "Total params", Formats.grouped(t.params()) + " (" + Formats.bytes(t.paramBytes()) + ")");
        line(b, "Trainable params", Formats.grouped(t.trainableParams()));
        line(b, "Non-trainable params", Formats.grouped(t.nonTrainableParams()));
        if (t.frozenParams() > 0) {
            // Only when something is frozen, so that the summaries of every other graph stay as they were.
            line(b, "Frozen params", Formats.grouped(t.frozenParams()) + " (in non-trainable; \"trainable\": false)");
        }
        line(b, "MACs per example", Formats.grouped(t.macs()) + (t.macs() >= 1000 ? " (" + Formats.si(t.macs()) + ")" : ""));
        line(b, "Input size", Formats.bytes(t.inputBytes()));
        line(b, "Forward/backward activations", Formats.bytes(t.forwardBackwardActivationBytes()) + " per example");
        line(b, "Params size", Formats.bytes(t.paramBytes()));
        line(b, "Training memory, batch " + batch, Formats.bytes(t.trainingBytes(batch))
                + " (params, gradients, Adam state, activations and kept convolution outputs x batch)");
        if (!t.complete() && unknown > 0) {
            b.append("Totals are partial: ").append(unknown).append(unknown == 1 ? " layer is" : " layers are")
                    .append(" unknown because of the errors below.\n");
        }
    }

    /** Long ids keep their start and end, which tell "layer4.1.downsample.conv" apart best. */
    private static String clip(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int head = (max - 3) / 2;
        return s.substring(0, head) + "..." + s.substring(s.length() - (max - 3 - head));
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format("%-30s %s%n", label + ":", value));
    }

    private static void diagnostics(StringBuilder b, Analysis analysis) {
        long errors = analysis.count(Severity.ERROR);
        long warnings = analysis.count(Severity.WARNING);
        if (analysis.diagnostics().isEmpty()) {
            b.append("No problems found.\n");
            return;
        }
        b.append(errors).append(errors == 1 ? " error, " : " errors, ").append(warnings)
                .append(warnings == 1 ? " warning" : " warnings").append(":\n");
        for (Diagnostic d : analysis.diagnostics()) {
            b.append(DiagnosticText.render(d));
        }
    }
}
