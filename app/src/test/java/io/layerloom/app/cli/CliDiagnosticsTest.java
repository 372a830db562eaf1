package io.layerloom.app.cli;

import static io.layerloom.app.cli.CliRunner.at;
import static io.layerloom.app.cli.CliRunner.codes;
import static io.layerloom.app.cli.CliRunner.diagnosed;
import static io.layerloom.app.cli.CliRunner.diagnostics;
import static io.layerloom.app.cli.CliRunner.n;
import static io.layerloom.app.cli.CliRunner.nodes;
import static io.layerloom.app.cli.CliRunner.path;
import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.app.cli.CliRunner.Run;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graphs that read fine but are wrong: each problem is reported once, on its node, with its
 * code and a fix (exit 1); what depends on a broken node is unknown, not reported again. Also
 * the scale cases. Tests named "BUG: ..." expose product bugs and fail until they are fixed.
 */
class CliDiagnosticsTest {

    @Test
    void unknownFieldIsKeptAndReportedWithDidYouMean() {
        diagnosed("unknown-field.json", "c1", "UNKNOWN_PARAMETER", "Rename 'filter' to 'filters'.")
                .outContains("Did you mean 'filters'?");
        List<Map<String, Object>> ds = diagnostics("unknown-field.json", 1);
        assertEquals(List.of("UNKNOWN_PARAMETER"), codes(ds));
        assertEquals("filter", ds.get(0).get("field"));
    }

    @Test
    void unitsOutOfRangeIsADiagnosticNotACrash() {
        diagnosed("units-1e12.json", "d1", "PARAM_OUT_OF_RANGE", "Change units: it must be between 1 and 1,000,000.")
                .outContains("1000000000000", "1,000,000");
        assertEquals(List.of("PARAM_OUT_OF_RANGE"), codes(diagnostics("units-1e12.json", 1)));
    }

    @Test
    void negativeAndZeroValues() {
        run("validate", path("negative-and-zero.json")).exits(1)
                .outContains("error PARAM_OUT_OF_RANGE [c1]", "filters 0", "error PARAM_OUT_OF_RANGE [c2]", "kernel -3");
        diagnosed("negative-units.json", "d1", "PARAM_OUT_OF_RANGE", "Change units: it must be between 1 and 1,000,000.").outContains("units -5");
    }

    @Test
    void dropoutRateAboveOne() {
        diagnosed("dropout-rate-1.5.json", "drop", "PARAM_OUT_OF_RANGE", "Change rate: it must be at least 0 and less than 1.").outContains("rate 1.5");
    }

    @Test
    void kernelTooLargeIsReportedOnItsNodeOnly() {
        diagnosed("kernel-too-large.json", "big", "KERNEL_TOO_LARGE", "Reduce the kernel")
                .outContains("28x28", "1 error,");
        Run summary = run("summary", "--json", path("kernel-too-large.json")).exits(1);
        assertEquals(List.of("KERNEL_TOO_LARGE"), codes(summary.diagnostics()));
        assertEquals(List.of("big"), nodes(summary.diagnostics()));
        for (String downstream : List.of("big", "p1", "f", "d1", "out")) {
            assertNull(summary.layer(downstream).get("outputShape"), downstream + " is unknown, not an error");
        }
        run("summary", path("kernel-too-large.json")).exits(1).outContains("big (Conv2D)", "KERNEL_TOO_LARGE");
    }

    @Test
    void dilatedKernelTooLarge() {
        diagnosed("dilated-kernel-too-large.json", "atrous", "KERNEL_TOO_LARGE", "Reduce the kernel or the dilation")
                .outContains("dilation 8 spans 33");
    }

    @Test
    void cycleIsReportedOnceWithoutCascade() {
        diagnosed("cycle.json", "a", "CYCLE", "Remove one of the wires on the cycle").outContains("a -> b -> c -> a");
        List<Map<String, Object>> ds = diagnostics("cycle.json", 1);
        assertEquals(List.of("CYCLE"), codes(ds));
        assertEquals(List.of("a"), nodes(ds));
    }

    @Test
    void selfLoop() {
        diagnosed("self-loop.json", "loop", "CYCLE", "Remove one of the wires").outContains("loop -> loop");
        assertEquals(List.of("CYCLE"), codes(diagnostics("self-loop.json", 1)));
    }

    @Test
    void duplicateIds() {
        diagnosed("duplicate-ids.json", "d1", "DUPLICATE_ID", "Rename one of them.").outContains("node #3", "node #2");
        assertEquals(List.of("DUPLICATE_ID"), codes(diagnostics("duplicate-ids.json", 1)));
    }

    @Test
    void emptyId() {
        diagnosed("empty-id.json", "", "INVALID_ID", "Rename the node.").outContains("the id is empty");
    }

    @Test
    void controlCharacterInId() {
        run("validate", path("control-char-id.json")).exits(1).outContains("INVALID_ID", "control character");
        List<Map<String, Object>> ds = diagnostics("control-char-id.json", 1);
        assertEquals(List.of("INVALID_ID"), codes(ds));
        assertEquals("tab\there\u0007bell", ds.get(0).get("node"));
    }

    @Test
    void inputThatDoesNotExistSuggestsTheNearestId() {
        diagnosed("missing-input.json", "out", "MISSING_INPUT", "Connect it to an existing node")
                .outContains("'dense_1' does not exist. Did you mean 'dense1'?");
    }

    @Test
    void addWithMismatchedShapes() {
        diagnosed("add-mismatch.json", "sum", "MERGE_SHAPE_MISMATCH", "Use Concat").outContains("vector 64, vector 32");
        assertEquals(List.of("MERGE_SHAPE_MISMATCH"), codes(diagnostics("add-mismatch.json", 1)));
    }

    @Test
    void concatOfImagesWithDifferentSizes() {
        diagnosed("concat-size-mismatch.json", "cat", "MERGE_SHAPE_MISMATCH", "Resize the branches")
                .outContains("image 8x32x32, image 8x30x30");
    }

    @Test
    void denseAfterConvolutionHintsAtFlatten() {
        diagnosed("dense-after-conv.json", "fc", "WRONG_INPUT_KIND", "Add a Flatten").outContains("image 8x24x24");
        assertEquals(List.of("WRONG_INPUT_KIND"), codes(diagnostics("dense-after-conv.json", 1)));
    }

    @Test
    void lstmAfterConvolutionHintsAtReshape() {
        diagnosed("lstm-after-conv.json", "rnn", "WRONG_INPUT_KIND", "Add a Reshape to [features, timesteps]");
    }

    @Test
    void reshapeSizeMismatch() {
        diagnosed("reshape-mismatch.json", "r", "RESHAPE_MISMATCH", "Choose a shape whose entries multiply to 784").outContains("729");
        assertEquals(List.of("RESHAPE_MISMATCH"), codes(diagnostics("reshape-mismatch.json", 1)));
    }

    @Test
    void noInputLayer() {
        run("validate", path("no-input.json")).exits(1)
                .outContains("error NO_INPUT_LAYER", "fix: Add an Input layer");
        assertTrue(codes(diagnostics("no-input.json", 1)).contains("NO_INPUT_LAYER"));
    }

    @Test
    void noOutputLayer() {
        run("validate", path("no-output.json")).exits(1)
                .outContains("error NO_OUTPUT_LAYER", "fix: Add an Output layer");
        assertEquals(List.of("NO_OUTPUT_LAYER"), codes(diagnostics("no-output.json", 1)));
    }

    @Test
    void summaryStillPrintsTheTableWhenThereAreErrors() {
        run("summary", path("dense-after-conv.json")).exits(1).outContains("c1 (Conv2D)", "8x24x24", "WRONG_INPUT_KIND");
    }

    @Test
    void upsamplingOverflowIsValueTooLarge() {
        Run summary = run("summary", "--json", path("upsampling-overflow.json")).clean();
        for (String id : List.of("u0", "u1", "u2", "u3", "u4", "u5", "u6")) {
            Object shape = summary.layer(id).get("outputShape");
            if (shape instanceof List<?> dims) {
                assertTrue(dims.stream().allMatch(d -> ((BigDecimal) d).signum() > 0), id + " has shape " + dims);
            }
        }
        assertEquals(1, summary.code(), "the overflow must be an error");
        assertTrue(codes(summary.diagnostics()).contains("VALUE_TOO_LARGE"), summary.out());
    }

    @Test
    void memoryNeverNegative() {
        Run summary = run("summary", "--json", path("huge-input-memory.json")).clean();
        @SuppressWarnings("unchecked")
        Map<String, Object> memory = (Map<String, Object>) summary.jsonObject().get("memory");
        memory.forEach((key, value) -> {
            if (value instanceof BigDecimal b) {
                assertTrue(b.signum() >= 0, "memory." + key + " = " + b);
            }
        });
        run("summary", path("huge-input-memory.json")).clean().outLacks(": -").outLacks("  -");
    }

    @Test
    void controlCharactersNeverReachTheTerminalRaw() {
        for (String fixtureName : List.of("terminal-escape-id.json", "control-char-id.json")) {
            for (String command : List.of("validate", "summary")) {
                Run r = run(command, path(fixtureName)).exits(1);
                String printed = r.out() + r.err();
                assertFalse(printed.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n'),
                        command + " " + fixtureName + " printed a raw control character:\n" + printed);
            }
        }
    }

    @Test
    void messagesReadAsSentences() {
        run("validate", path("negative-and-zero.json")).exits(1).outLacks("it each value").outLacks("a value that must");
        run("validate", path("null-units.json")).readError()
                .errContains(at("null-units.json", "null"), "field 'units'").errLacks("null null");
    }

    // ---- scale ----


    /** Input, then {@code count} Dense layers in a chain (listed in reverse if asked), then Output. */
    private Path chain(Path dir, int count, boolean reversed, boolean closeLoop) throws IOException {
        List<String> body = new ArrayList<>();
        String first = closeLoop ? "m" : "in";
        for (int i = 0; i < count; i++) {
            body.add("  {\"id\": \"d" + i + "\", \"kind\": \"Dense\", \"inputs\": [\"" + (i == 0 ? first : "d" + (i - 1))
                    + "\"], \"units\": 8}");
        }
        if (reversed) {
            Collections.reverse(body);
        }
        List<String> nodes = new ArrayList<>();
        nodes.add("  {\"id\": \"in\", \"kind\": \"Input\", \"shape\": [8]}");
        if (closeLoop) {
            nodes.add("  {\"id\": \"m\", \"kind\": \"Add\", \"inputs\": [\"in\", \"d" + (count - 1) + "\"]}");
        }
        nodes.addAll(body);
        nodes.add("  {\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"d" + (count - 1) + "\"], \"units\": 2}");
        String text = "{\"format\": \"layerloom-graph\", \"version\": 1, \"name\": \"chain\", \"nodes\": [\n"
                + String.join(",\n", nodes) + "]}\n";
        return Files.writeString(dir.resolve("chain.json"), text);
    }

    @Test
    void fiveThousandNodeChainDoesNotOverflowTheStack(@TempDir Path dir) throws IOException {
        for (boolean reversed : new boolean[]{false, true}) {
            Path file = chain(dir, 5_000, reversed, false);
            long start = System.nanoTime();
            run("validate", file.toString()).exits(0).outContains("valid: 5002 layers");
            Run summary = run("summary", "--json", file.toString()).exits(0);
            System.out.printf("5,000-node chain%s: validate + summary --json in %d ms%n", reversed ? " (reversed)" : "",
                    (System.nanoTime() - start) / 1_000_000);
            assertEquals(n(5_000L * 72 + 18), ((Map<?, ?>) summary.jsonObject().get("totals")).get("params"));
        }
    }

    @Test
    void fiveThousandNodeCycleIsReportedOnce(@TempDir Path dir) throws IOException {
        Path file = chain(dir, 5_000, false, true);
        run("validate", file.toString()).exits(1).outContains("error CYCLE [m]", "m -> d0 -> d1");
        List<Map<String, Object>> ds = run("summary", "--json", file.toString()).exits(1).diagnostics();
        assertEquals(List.of("CYCLE"), codes(ds));
    }
}
