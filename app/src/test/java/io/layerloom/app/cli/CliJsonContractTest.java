package io.layerloom.app.cli;

import static io.layerloom.app.cli.CliRunner.path;
import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.cli.CliRunner.Run;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shape of {@code layerloom summary --json}, a contract for scripts, and the templates through the CLI. */
class CliJsonContractTest {

    private static final Set<String> TOP = Set.of("name", "layers", "totals", "memory", "diagnostics");
    private static final Set<String> LAYER = Set.of("id", "kind", "inputs", "outputShape", "params", "trainableParams", "macs",
            "receptiveField", "trainable");
    private static final Set<String> TOTALS_REQUIRED = Set.of("params", "trainableParams", "nonTrainableParams", "macs");
    private static final Set<String> DIAGNOSTIC = Set.of("severity", "code", "node", "field", "message", "fixes");

    /** Asserts the contract's keys and value types, and that per-layer figures add up to the totals. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> assertContract(Run run) {
        Map<String, Object> root = run.jsonObject();
        // "blocks" is an addition, present only for a graph with blocks (docs/format.md); the rest is the contract.
        Set<String> keys = new java.util.LinkedHashSet<>(root.keySet());
        if (keys.remove("blocks")) {
            assertInstanceOf(List.class, root.get("blocks"));
        }
        assertEquals(TOP, keys, "top-level keys");
        assertInstanceOf(String.class, root.get("name"));

        long params = 0;
        long trainable = 0;
        long macs = 0;
        boolean complete = true;
        for (Object o : (List<Object>) root.get("layers")) {
            Map<String, Object> layer = (Map<String, Object>) assertInstanceOf(Map.class, o);
            assertEquals(LAYER, layer.keySet(), "layer keys of " + layer.get("id"));
            assertInstanceOf(String.class, layer.get("id"));
            assertInstanceOf(String.class, layer.get("kind"));
            ((List<Object>) layer.get("inputs")).forEach(i -> assertInstanceOf(String.class, i));
            assertReceptiveField(layer.get("receptiveField"));
            assertInstanceOf(Boolean.class, layer.get("trainable"));
            if (layer.get("params") == null) {
                complete = false;
                continue;
            }
            params += ((BigDecimal) layer.get("params")).longValueExact();
            trainable += ((BigDecimal) layer.get("trainableParams")).longValueExact();
            macs += ((BigDecimal) layer.get("macs")).longValueExact();
        }

        Map<String, Object> totals = (Map<String, Object>) assertInstanceOf(Map.class, root.get("totals"));
        assertTrue(totals.keySet().containsAll(TOTALS_REQUIRED), "totals keys " + totals.keySet());
        if (complete) {
            assertEquals(params, ((BigDecimal) totals.get("params")).longValueExact(), "layer params add up to the total");
            assertEquals(trainable, ((BigDecimal) totals.get("trainableParams")).longValueExact());
            assertEquals(macs, ((BigDecimal) totals.get("macs")).longValueExact());
        }
        assertEquals(((BigDecimal) totals.get("params")).longValueExact(),
                ((BigDecimal) totals.get("trainableParams")).longValueExact()
                        + ((BigDecimal) totals.get("nonTrainableParams")).longValueExact());
        assertInstanceOf(Map.class, root.get("memory"));

        for (Object o : (List<Object>) root.get("diagnostics")) {
            Map<String, Object> d = (Map<String, Object>) assertInstanceOf(Map.class, o);
            assertEquals(DIAGNOSTIC, d.keySet(), "diagnostic keys");
            assertTrue(Set.of("error", "warning", "info").contains(d.get("severity")), "severity " + d.get("severity"));
            assertInstanceOf(String.class, d.get("code"));
            assertInstanceOf(String.class, d.get("message"));
            assertInstanceOf(List.class, d.get("fixes"));
        }
        return root;
    }

    /** {"size":[h,w],"stride":[h,w],"padding":[h,w]}, {"global": true}, or null. */
    @SuppressWarnings("unchecked")
    private static void assertReceptiveField(Object field) {
        if (field == null) {
            return;
        }
        Map<String, Object> m = (Map<String, Object>) assertInstanceOf(Map.class, field);
        if (m.containsKey("global")) {
            assertEquals(Map.of("global", true), m);
            return;
        }
        assertEquals(Set.of("size", "stride", "padding"), m.keySet());
        m.values().forEach(v -> assertEquals(2, ((List<Object>) v).size(), "[h, w]"));
    }

    @Test
    void tinySummaryHasExactlyTheContractKeys() {
        Map<String, Object> root = assertContract(run("summary", "--json", path("tiny.json")).exits(0));
        assertEquals("tiny", root.get("name"));
        assertEquals(List.of(), root.get("diagnostics"));
    }

    @Test
    void summaryWithErrorsIsStillContractJson() {
        for (String f : List.of("kernel-too-large.json", "cycle.json", "unknown-field.json", "no-input.json",
                "duplicate-ids.json", "strange-ids.json", "control-char-id.json", "disconnected.json", "empty-graph.json")) {
            assertContract(run("summary", "--json", path(f)).clean());
        }
    }

    @Test
    void diagnosticCarriesNodeFieldAndFixes() {
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) ((List<Object>) assertContract(
                run("summary", "--json", path("unknown-field.json")).exits(1)).get("diagnostics")).get(0);
        assertEquals("error", d.get("severity"));
        assertEquals("UNKNOWN_PARAMETER", d.get("code"));
        assertEquals("c1", d.get("node"));
        assertEquals("filter", d.get("field"));
        assertEquals(List.of("Rename 'filter' to 'filters'."), d.get("fixes"));
    }

    @Test
    void unreadableFileGivesNoJsonOnStdout() {
        run("summary", "--json", path("malformed-truncated.json")).readError();
    }

    @Test
    void templatesListsEveryTemplate() {
        run("templates").exits(0).outContains("lenet5", "small-cnn", "alexnet", "vgg16", "googlenet", "densenet121",
                "resnet18", "resnet50", "mobilenet-v1", "mobilenet-v2", "squeezenet-1.1", "vgg19", "inception-v3", "nin-cifar10",
                "layerloom new TEMPLATE FILE");
    }

    /** Grouped as the window's gallery: each idea's title, its sentence indented, then its templates. */
    @Test
    void templatesAreListedUnderTheIdeaEachIntroduced() {
        String out = run("templates").exits(0).out();
        List<String> lines = List.of(out.split("\n"));
        int fire = lines.indexOf("Fire modules");
        assertTrue(fire >= 0, out);
        assertTrue(lines.get(fire + 1).startsWith("  A 1x1 squeeze layer"), lines.get(fire + 1));
        int squeezenet = lines.indexOf(lines.stream().filter(l -> l.startsWith("  squeezenet-1.1 ")).findFirst().orElseThrow());
        assertTrue(fire < squeezenet && squeezenet < lines.indexOf("Depthwise-separable convolutions"), out);
        assertTrue(out.indexOf("Residual connections") < out.indexOf("  resnet50 ")
                && out.indexOf("  resnet50 ") < out.indexOf("Dense concatenation"), out);
        assertTrue(out.indexOf("Stacks of small 3x3 convolutions") < out.indexOf("  vgg19 ")
                && out.indexOf("  vgg19 ") < out.indexOf("1x1 convolutions and global pooling"), out);
    }

    @ParameterizedTest
    @CsvSource({"lenet5, 61706", "small-cnn, 34826", "alexnet, 61100840", "vgg16, 138357544", "googlenet, 6624904",
            "densenet121, 7978856", "resnet18, 11689512", "resnet50, 25557032", "mobilenet-v1, 4231976",
            "mobilenet-v2, 3504872", "squeezenet-1.1, 1235496", "vgg19, 143667240", "inception-v3, 23834568", "nin-cifar10, 966986"})
    void everyTemplateIsValidWithItsPublishedParameterCount(String id, long trainable, @TempDir Path dir) {
        String file = dir.resolve(id + ".json").toString();
        run("new", id, file).exits(0).outContains("Wrote");
        run("validate", file).exits(0).outContains("valid:");
        Map<String, Object> root = assertContract(run("summary", "--json", file).exits(0));
        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) root.get("totals");
        assertEquals(BigDecimal.valueOf(trainable), totals.get("trainableParams"), id);
        assertEquals(Boolean.TRUE, totals.get("complete"), id);
    }
}
