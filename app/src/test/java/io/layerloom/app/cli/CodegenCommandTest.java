package io.layerloom.app.cli;

import static io.layerloom.app.cli.CliRunner.path;
import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.java.JavaSourceGenerator;
import io.layerloom.model.json.GraphJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerloom codegen}: printing, writing under a folder, and refusing without writing. */
class CodegenCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsTheSourceNamedAfterTheGraph() throws Exception {
        String expected = JavaSourceGenerator.generate(GraphJson.read(Path.of(path("tiny.json"))), "", "Tiny",
                Dl4jCompiler.DEFAULT_SEED);
        CliRunner.Run r = run("codegen", path("tiny.json"), "--lang", "java").exits(0);
        assertEquals(expected, r.out());
        assertEquals("", r.err());
    }

    @Test
    void writesUnderThePackageFolders() throws IOException {
        CliRunner.Run r = run("codegen", path("tiny.json"), "--lang", "java", "--out", dir.toString(),
                "--package", "com.example.nets", "--class", "TinyNet").exits(0);
        Path written = dir.resolve("com/example/nets/TinyNet.java");
        assertEquals(written + "\n", r.out().replace("\r\n", "\n"));
        String source = Files.readString(written, StandardCharsets.UTF_8);
        assertTrue(source.startsWith("package com.example.nets;\n"), source);
        assertTrue(source.contains("public final class TinyNet {"), source);
        assertTrue(source.contains(".addLayer(\"c1\", new ConvolutionLayer.Builder()"), source);
        assertTrue(source.contains(" // 8x24x24"), source);
        try (Stream<Path> files = Files.list(written.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
    }

    @Test
    void overwritesAnEarlierFile() throws IOException {
        Path target = dir.resolve("Tiny.java");
        Files.writeString(target, "old");
        run("codegen", path("tiny.json"), "--lang", "java", "--out", dir.toString()).exits(0);
        assertTrue(Files.readString(target).contains("public final class Tiny {"));
    }

    @Test
    void aGraphWithErrorsIsReportedAndNothingIsWritten() throws IOException {
        Path out = dir.resolve("out");
        CliRunner.Run r = run("codegen", path("kernel-too-large.json"), "--lang", "java", "--out", out.toString()).exits(1)
                .errContains("kernel-too-large.json: cannot generate java source:", "error KERNEL_TOO_LARGE [");
        assertEquals("", r.out());
        assertFalse(Files.exists(out), "nothing is written");
    }

    @Test
    void aLayerDl4jCannotRunIsReportedWithItsFix() throws IOException {
        Path file = dir.resolve("lrn.json");
        Files.writeString(file, """
                {"format": "layerloom-graph", "version": 1, "name": "lrn",
                 "nodes": [
                  {"id": "in", "kind": "Input", "shape": [2, 8, 8]},
                  {"id": "lrn", "kind": "LocalResponseNorm", "inputs": ["in"], "size": 5},
                  {"id": "f", "kind": "Flatten", "inputs": ["lrn"]},
                  {"id": "out", "kind": "Output", "inputs": ["f"], "units": 2, "activation": "softmax", "loss": "mcxent"}]}
                """);
        CliRunner.Run r = run("codegen", file.toString(), "--lang", "java").exits(1)
                .errContains("node 'lrn' (LocalResponseNorm)", "error DL4J_UNSUPPORTED [lrn]", "fix: Set size to at most 3");
        assertEquals("", r.out());
    }

    @Test
    void onlyJavaIsAccepted() {
        CliRunner.Run r = run("codegen", path("tiny.json"), "--lang", "python").exits(2)
                .errContains("--lang must be one of: java; got 'python'.");
        assertEquals("", r.out());
        run("codegen", path("tiny.json")).exits(2).errContains("--lang");
    }

    @Test
    void unusableNamesAreCommandLineErrors() {
        run("codegen", path("tiny.json"), "--lang", "java", "--class", "class").exits(2)
                .errContains("--class: class name 'class' is a Java keyword");
        run("codegen", path("tiny.json"), "--lang", "java", "--package", "com.1bad").exits(2)
                .errContains("--package: package name 'com.1bad' is not a Java package name");
    }

    @Test
    void anUnreadableFileIsAReadError() {
        run("codegen", dir.resolve("missing.json").toString(), "--lang", "java").readError().errContains("no such file");
    }

    @Test
    void anOutThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        run("codegen", path("tiny.json"), "--lang", "java", "--out", file.toString()).exits(2)
                .errContains("is not a folder");
        assertEquals("x", Files.readString(file));
    }

    @Test
    void hostileIdsInAFileStillGiveCode() {
        run("codegen", path("strange-ids.json"), "--lang", "java").clean();
    }
}
