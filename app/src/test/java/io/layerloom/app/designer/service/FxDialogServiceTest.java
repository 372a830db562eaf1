package io.layerloom.app.designer.service;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Open dialog lists graphs, not the NAME.dl4j.json training records beside trained models. */
class FxDialogServiceTest {

    /** Whether a file name is listed, reading the patterns as globs (GTK's and java.nio's agree on *, [!c]). */
    private static boolean listed(List<String> patterns, String name) {
        return patterns.stream().map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p))
                .anyMatch((PathMatcher m) -> m.matches(Path.of(name)));
    }

    @Test
    void onLinuxTheOpenDialogListsEveryJsonFileButTrainingRecords() {
        List<String> patterns = FxDialogService.graphPatterns("Linux");
        for (String graph : List.of("net.json", "a.json", "traj.json", "x4j.json", "l4j.json", "dl4j.json", "mydl4j.json",
                "model_dl4j.json", "resnet18.json", "j.json", "a.dl4j.v2.json")) {
            assertEquals(true, listed(patterns, graph), graph + " is listed; patterns " + patterns);
        }
        for (String other : List.of("net.dl4j.json", "cnn.dl4j.json", ".dl4j.json", "net.dl4j.zip", "net.json.bak", "net.onnx")) {
            assertEquals(false, listed(patterns, other), other + " is not listed; patterns " + patterns);
        }
    }

    @Test
    void elsewhereThePatternIsThePlainExtension() {
        assertEquals(List.of("*.json"), FxDialogService.graphPatterns("Windows 11"));
        assertEquals(List.of("*.json"), FxDialogService.graphPatterns("Mac OS X"));
    }
}
