package io.layerloom.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.model.template.Templates;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerloom profile}: its options, its errors and the shape of what it prints (never the times). */
class ProfileCommandTest {

    @TempDir
    Path dir;

    private Path lenet() throws Exception {
        Path file = dir.resolve("lenet.json");
        CliRunner.run("new", "lenet5", file.toString()).exits(0);
        return file;
    }

    @Test
    void printsATableWithEveryLayerTheCheckAndTheHotspots() throws Exception {
        CliRunner.Run run = CliRunner.run("profile", lenet().toString(), "--batch", "4", "--warmup", "1", "--iterations", "2")
                .exits(0);

        run.outContains("Profile of \"LeNet-5\": one training iteration at batch 4, median of 2 iterations after 1 warm-up",
                "Forward ms", "Backward ms", "Share", "GFLOP/s", "Outside layers: ", "whole iteration (median)", "Hotspots: ");
        for (var n : Templates.graph(Templates.byId("lenet5").orElseThrow()).nodes()) {
            run.outContains(n.id() + " (" + n.kind().name() + ")");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasEveryNodeAndTheGivenSettings() throws Exception {
        CliRunner.Run run = CliRunner.run("profile", lenet().toString(), "--json", "--batch", "3", "--warmup", "0",
                "--iterations", "1", "--threads", "1").exits(0);

        Map<String, Object> root = run.jsonObject();
        assertEquals(new BigDecimal(3), root.get("batch"));
        assertEquals(new BigDecimal(0), root.get("warmup"));
        assertEquals(new BigDecimal(1), root.get("iterations"));
        assertEquals(new BigDecimal(1), ((Map<String, Object>) root.get("machine")).get("threads"));
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) root.get("nodes");
        assertEquals(Templates.graph(Templates.byId("lenet5").orElseThrow()).size(), nodes.size());
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingRuns() throws Exception {
        String file = lenet().toString();
        CliRunner.run("profile", file, "--batch", "0").exits(2).errContains("--batch must be at least 1, got 0");
        CliRunner.run("profile", file, "--batch", "many").exits(2).errContains("--batch");
        CliRunner.run("profile", file, "--iterations", "0").exits(2).errContains("--iterations");
        CliRunner.run("profile", file, "--threads", "0").exits(2).errContains("--threads must be at least 1");
        CliRunner.run("profile", file, "--warmup", "-1").exits(2).errContains("--warmup");
    }

    @Test
    void anUnreadableFileAndAGraphWithErrorsAreRefused() throws Exception {
        CliRunner.run("profile", dir.resolve("missing.json").toString()).readError();
        CliRunner.run("profile", CliRunner.path("malformed-truncated.json")).readError();
        CliRunner.run("profile", CliRunner.path("kernel-too-large.json")).exits(1).errContains("cannot profile: ");
    }

    @Test
    void dataThatCannotBeReadIsRefused() throws Exception {
        CliRunner.Run run = CliRunner.run("profile", lenet().toString(), "--data", dir.resolve("no-such-folder").toString())
                .exits(2).errContains("layerloom profile: ", "no-such-folder");
        assertEquals("", run.out());
    }
}
