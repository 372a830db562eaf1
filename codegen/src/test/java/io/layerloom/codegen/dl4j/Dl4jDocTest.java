package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.report.GeneratedDocSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/dl4j.md's table of what each layer kind becomes in DL4J is printed from the mapping
 * itself ({@link MappingCases}), between two markers; this test keeps it current (regenerate
 * with -Dlayerloom.regenerate=true). A class is shown with its constructor's arguments (enum
 * constants by name, nested objects by class, other values by type), then the builder calls.
 */
class Dl4jDocTest {

    private static final Path DOC = Path.of("../docs/dl4j.md");

    @Test
    void mappingTableIsGeneratedFromTheMapping() throws Exception {
        GeneratedDocSection.assertCurrent(DOC, "mapping", table());
    }

    static String table() {
        Map<LayerKind<?>, List<MappingCases.Case>> byKind = new LinkedHashMap<>();
        MappingCases.all().forEach(c -> byKind.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c));
        StringBuilder b = new StringBuilder("| LayerLoom | DL4J | builder calls |\n|---|---|---|\n");
        byKind.forEach((kind, cases) -> b.append("| ").append(kind.name()).append(" | ").append(classes(cases))
                .append(" | ").append(calls(cases)).append(" |\n"));
        return b.toString();
    }

    /** Each distinct form, with the input or the parameter it depends on when it does not always apply. */
    private static String classes(List<MappingCases.Case> cases) {
        Set<String> allForms = cases.stream().map(c -> form(c.inputs().get(0))).collect(Collectors.toSet());
        Map<String, Set<String>> defaultsOn = new LinkedHashMap<>();
        Map<String, Set<String>> variations = new LinkedHashMap<>();
        for (MappingCases.Case c : cases) {
            String text = element(c.element());
            if (c.variation().isEmpty()) {
                defaultsOn.computeIfAbsent(text, t -> new LinkedHashSet<>()).add(form(c.inputs().get(0)));
            } else {
                variations.computeIfAbsent(text, t -> new LinkedHashSet<>()).add("`" + c.variation() + "`");
            }
        }
        List<String> parts = new ArrayList<>();
        defaultsOn.forEach((text, forms) -> parts.add(forms.equals(allForms) ? text
                : text + " on " + String.join(" or ", forms)));
        variations.forEach((text, with) -> {
            if (!defaultsOn.containsKey(text)) {
                parts.add(text + " with " + String.join(" or ", with));
            }
        });
        return String.join("; ", parts);
    }

    private static String form(TensorType t) {
        return t instanceof TensorType.Image ? "an image" : t instanceof TensorType.Vector ? "a vector" : "a sequence";
    }

    private static String element(Dl4jElement e) {
        List<String> parts = new java.util.ArrayList<>();
        for (Dl4jElement.Step step : e.steps()) {
            parts.add("`" + construction(step.construction()) + "`"
                    + (step.suffix().isEmpty() ? "" : " (named `<id>" + step.suffix() + "`)"));
        }
        return String.join(", then ", parts);
    }

    private static String construction(Construction c) {
        String args = c.arguments().stream().map(a -> a instanceof Argument.Constant k ? k.v().name()
                : a instanceof Argument.Nested n ? construction(n.construction())
                : a instanceof Argument.Null ? "null" : a.type().getSimpleName()).collect(Collectors.joining(", "));
        return name(c.type()) + (args.isEmpty() ? "" : "(" + args + ")");
    }

    private static String name(Class<?> type) {
        return type.getEnclosingClass() == null ? type.getSimpleName() : name(type.getEnclosingClass()) + "." + type.getSimpleName();
    }

    /** The builder calls of every form, in order, each once (an inner layer's calls included). */
    private static String calls(List<MappingCases.Case> cases) {
        Set<String> calls = new LinkedHashSet<>();
        for (MappingCases.Case c : cases) {
            c.element().constructions().forEach(k -> addCalls(k, calls));
        }
        return calls.stream().map(m -> "`" + m + "`").collect(Collectors.joining(", "));
    }

    private static void addCalls(Construction c, Set<String> into) {
        c.arguments().stream().filter(a -> a instanceof Argument.Nested)
                .forEach(a -> addCalls(((Argument.Nested) a).construction(), into));
        c.calls().forEach(call -> into.add(call.method()));
    }
}
