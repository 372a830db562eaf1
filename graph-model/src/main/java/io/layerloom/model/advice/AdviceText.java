package io.layerloom.model.advice;

import io.layerloom.model.json.PlainJson;
import io.layerloom.model.report.Formats;
import java.util.List;
import java.util.Locale;

/**
 * {@code layerloom advise} as text and as JSON. The JSON is a contract: name; totals {params,
 * macs}; layers [{id, kind, params, macs, paramShare, macShare, timeShare (null without a
 * profile)}]; suggestions [{id, idea, source, explanation, nodes, title, before {params, macs},
 * after {params, macs}, savedParams, savedMacs}] (largest saving first); notes [...];
 * refusal (null, or why the graph cannot be advised on).
 */
public final class AdviceText {

    private AdviceText() {
    }

    public static String render(Advice advice) {
        StringBuilder b = new StringBuilder();
        boolean timed = advice.layers().stream().anyMatch(l -> l.timeShare().isPresent());
        int width = Math.max(24, advice.layers().stream().mapToInt(l -> l.id().length() + l.kind().length() + 3).max().orElse(0));
        b.append(pad("Layer (kind)", width)).append(String.format(Locale.ROOT, "%14s %7s %15s %7s", "Params", "share",
                "MACs", "share")).append(timed ? "   Time" : "").append('\n');
        for (LayerShare l : advice.layers()) {
            b.append(pad(l.id() + " (" + l.kind() + ")", width)).append(String.format(Locale.ROOT, "%14s %7s %15s %7s",
                    Formats.grouped(l.params()), percent(l.paramShare()), Formats.grouped(l.macs()), percent(l.macShare())));
            if (timed) {
                b.append(l.timeShare().isPresent() ? String.format(Locale.ROOT, " %6s", percent(l.timeShare().getAsDouble())) : "      -");
            }
            b.append('\n');
        }
        b.append("Total").append(" ".repeat(Math.max(1, width - 5))).append(String.format(Locale.ROOT, "%14s %7s %15s %7s",
                Formats.grouped(advice.totals().params()), "", Formats.grouped(advice.totals().macs()), "")).append("\n\n");
        advice.refusal().ifPresent(r -> b.append("No suggestions: ").append(r).append('\n'));
        if (!advice.suggestions().isEmpty()) {
            b.append("Suggestions (largest saving first; apply one with --apply ID --out NEW.json):\n");
        }
        for (Suggestion s : advice.suggestions()) {
            b.append("  ").append(s.id()).append('\n');
            b.append("    ").append(s.title()).append('\n');
            b.append("    ").append(s.idea().explanation()).append('\n');
            b.append("    params ").append(Formats.grouped(s.before().params())).append(" -> ")
                    .append(Formats.grouped(s.after().params())).append(" (-").append(Formats.grouped(s.savedParams()))
                    .append(", ").append(minus(s.paramFraction())).append(")\n");
            b.append("    MACs   ").append(Formats.grouped(s.before().macs())).append(" -> ")
                    .append(Formats.grouped(s.after().macs())).append(" (-").append(Formats.grouped(s.savedMacs()))
                    .append(", ").append(minus(s.macFraction())).append(")\n");
        }
        for (String note : advice.notes()) {
            b.append("Note: ").append(note).append('\n');
        }
        return b.toString();
    }

    /** "12.3%", "<0.1%" for a share too small to show, "0%" for none. */
    public static String percent(double share) {
        if (share == 0) {
            return "0%";
        }
        return share < 0.0005 ? "<0.1%" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** "-12.3%", or "<0.1%" for a saving too small to show. */
    public static String minus(double share) {
        String p = percent(share);
        return p.startsWith("<") ? p : "-" + p;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    public static String json(String name, Advice advice) {
        StringBuilder b = new StringBuilder();
        b.append("{\"name\": ").append(PlainJson.quote(name)).append(",\n");
        b.append(" \"totals\": {\"params\": ").append(advice.totals().params()).append(", \"macs\": ")
                .append(advice.totals().macs()).append("},\n \"layers\": [");
        List<LayerShare> layers = advice.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerShare l = layers.get(i);
            b.append(i == 0 ? "\n  " : ",\n  ").append("{\"id\": ").append(PlainJson.quote(l.id())).append(", \"kind\": ")
                    .append(PlainJson.quote(l.kind())).append(", \"params\": ").append(l.params()).append(", \"macs\": ")
                    .append(l.macs()).append(", \"paramShare\": ").append(l.paramShare()).append(", \"macShare\": ")
                    .append(l.macShare()).append(", \"timeShare\": ")
                    .append(l.timeShare().isPresent() ? String.valueOf(l.timeShare().getAsDouble()) : "null").append('}');
        }
        b.append(layers.isEmpty() ? "],\n" : "\n ],\n").append(" \"suggestions\": [");
        List<Suggestion> suggestions = advice.suggestions();
        for (int i = 0; i < suggestions.size(); i++) {
            Suggestion s = suggestions.get(i);
            b.append(i == 0 ? "\n  " : ",\n  ").append("{\"id\": ").append(PlainJson.quote(s.id()))
                    .append(", \"idea\": ").append(PlainJson.quote(s.idea().slug()))
                    .append(", \"source\": ").append(PlainJson.quote(s.idea().source()))
                    .append(", \"explanation\": ").append(PlainJson.quote(s.idea().explanation()))
                    .append(", \"nodes\": [").append(String.join(", ", s.nodes().stream().map(PlainJson::quote).toList()))
                    .append("], \"title\": ").append(PlainJson.quote(s.title()))
                    .append(", \"before\": {\"params\": ").append(s.before().params()).append(", \"macs\": ").append(s.before().macs())
                    .append("}, \"after\": {\"params\": ").append(s.after().params()).append(", \"macs\": ").append(s.after().macs())
                    .append("}, \"savedParams\": ").append(s.savedParams()).append(", \"savedMacs\": ").append(s.savedMacs())
                    .append('}');
        }
        b.append(suggestions.isEmpty() ? "],\n" : "\n ],\n").append(" \"notes\": [")
                .append(String.join(", ", advice.notes().stream().map(PlainJson::quote).toList())).append("],\n");
        b.append(" \"refusal\": ").append(advice.refusal().map(PlainJson::quote).orElse("null")).append("}\n");
        return b.toString();
    }
}
