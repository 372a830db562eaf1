package io.layerloom.app.cli;

import io.layerloom.model.report.Formats;
import io.layerloom.model.template.Template;
import io.layerloom.model.template.TemplateGroup;
import io.layerloom.model.template.Templates;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code layerloom templates}: lists the ready-made networks that new can create, grouped under
 * the idea each introduced, with that idea's one sentence (as the window's New from Template).
 */
@Command(name = "templates", mixinStandardHelpOptions = true,
        description = "List the ready-made networks that 'layerloom new' can create, grouped by the idea each introduced.")
final class TemplatesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int idWidth = Templates.ids().stream().mapToInt(String::length).max().orElse(2);
        int indent = 2;
        for (TemplateGroup group : Templates.byIdea()) {
            out.println(group.idea().title());
            wrap(group.idea().sentence(), 100 - indent).forEach(line -> out.println(" ".repeat(indent) + line));
            out.println();
            for (Template t : group.templates()) {
                out.printf("%s%-" + idWidth + "s  %-30s  input %-12s  %s trainable parameters%n", " ".repeat(indent), t.id(),
                        t.title(), String.join("x", t.input().stream().map(String::valueOf).toList()),
                        Formats.grouped(t.publishedTrainableParams()));
                int at = indent + idWidth + 2;
                wrap(t.description(), 100 - at).forEach(line -> out.println(" ".repeat(at) + line));
            }
            out.println();
        }
        out.println("Templates are grouped by the idea each network introduced. Create one with: layerloom new TEMPLATE FILE");
        out.flush();
        return 0;
    }

    /** Lines of at most {@code width} characters, broken at spaces. */
    static java.util.List<String> wrap(String text, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
