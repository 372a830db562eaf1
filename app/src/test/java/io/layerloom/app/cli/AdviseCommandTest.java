package io.layerloom.app.cli;

import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.model.advice.EfficiencyAdvisor;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.json.PlainJson;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerloom advise}: the shares table, the suggestions, --json, --profile and --apply on VGG-16. */
class AdviseCommandTest {

    @TempDir
    Path dir;

    private Path vgg() {
        Path file = dir.resolve("vgg16.json");
        run("new", "vgg16", file.toString()).exits(0);
        return file;
    }

    @Test
    void printsSharesAndSuggestionsWithTheirSavings() {
        run("advise", vgg().toString()).exits(0).outContains(
                "fc6 (Dense)                102,764,544   74.3%     102,760,448    0.7%",
                "  global-pool:flatten\n    flatten: Flatten of 512x7x7 (25088 values) -> GlobalAvgPool (512 values) before fc6",
                "    params 138,357,544 -> 37,694,248 (-100,663,296, -72.8%)",
                "  separable:conv4_2\n", "Note: Grouped suggestions split a 1x1 convolution into groups and add ShuffleNet's channel shuffle");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasTheContractFieldsAndTimeSharesFromAProfile() throws Exception {
        Path profile = dir.resolve("profile.json");
        Files.writeString(profile, "{\"profileVersion\": 1, \"nodes\": [{\"id\": \"conv1_1\", \"forwardMs\": 1, \"backwardMs\": 2},"
                + " {\"id\": \"fc6\", \"forwardMs\": 0.5, \"backwardMs\": 0.5}]}");
        CliRunner.Run r = run("advise", vgg().toString(), "--json", "--profile", profile.toString()).exits(0);
        Map<String, Object> json = (Map<String, Object>) PlainJson.parse(r.out(), "out");
        assertEquals(List.of("name", "totals", "layers", "suggestions", "notes", "refusal"), List.copyOf(json.keySet()));
        List<Map<String, Object>> layers = (List<Map<String, Object>>) json.get("layers");
        assertEquals(new BigDecimal("0.75"), layers.get(1).get("timeShare"));
        assertEquals(null, layers.get(0).get("timeShare"));
        Map<String, Object> first = ((List<Map<String, Object>>) json.get("suggestions")).get(0);
        assertEquals("global-pool:flatten", first.get("id"));
        assertEquals(new BigDecimal(100_663_296L), first.get("savedParams"));
        assertEquals(Map.of("params", new BigDecimal(37_694_248L), "macs", new BigDecimal(15_369_601_024L)), first.get("after"));
        assertInstanceOf(String.class, first.get("explanation"));
    }

    @Test
    void applyWritesTheEditedGraphWithTheFiguresPrinted() throws Exception {
        Path out = dir.resolve("vgg16-gap.json");
        run("advise", vgg().toString(), "--apply", "global-pool:flatten", "--out", out.toString()).exits(0)
                .outContains("Applied global-pool:flatten (Replace flatten with global average pooling), wrote " + out,
                        "params 138,357,544 -> 37,694,248, MACs 15,470,264,320 -> 15,369,601,024.");
        var edited = GraphJson.read(out);
        var totals = GraphAnalysis.analyze(edited).totals();
        assertEquals(37_694_248L, totals.params());
        assertEquals("GlobalAvgPool", edited.require("flatten").kind().name());
        assertTrue(EfficiencyAdvisor.advise(edited).suggestion("global-pool:flatten").isEmpty());
    }

    @Test
    void anUnknownIdAndAMissingOutAreRefusedWithTheFix() {
        Path file = vgg();
        run("advise", file.toString(), "--apply", "separable:conv9", "--out", dir.resolve("x.json").toString()).exits(2)
                .errContains("has no suggestion 'separable:conv9'. Its suggestions: global-pool:flatten, separable:conv4_2");
        run("advise", file.toString(), "--apply", "global-pool:flatten").exits(2).errContains("--apply needs --out NEW.json");
        assertTrue(Files.notExists(dir.resolve("x.json")));
    }
}
