package io.layerloom.app.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.PlainJson;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs {@code layerloom} in-process and holds what it printed, with the assertions every run
 * must satisfy: an exit code of 0, 1 or 2, and no Java stack trace on either stream.
 */
final class CliRunner {

    /** A "\tat pkg.Class.method(File.java:12)" line, or a JVM "Exception in thread" header. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "(?m)^\\s+at [\\w$.<>/]+\\(.*\\)$|Exception in thread|internal error|\\w+(Exception|Error): ");

    private CliRunner() {
    }

    /** What one run printed. */
    record Run(List<String> args, int code, String out, String err) {

        /** Exit code 0, 1 or 2, nothing thrown, no stack trace; returns this for chaining. */
        Run clean() {
            assertTrue(code == 0 || code == 1 || code == 2, () -> "exit code " + code + " for " + args + describe());
            assertFalse(STACK_TRACE.matcher(out).find(), () -> "stack trace on stdout for " + args + describe());
            assertFalse(STACK_TRACE.matcher(err).find(), () -> "stack trace on stderr for " + args + describe());
            return this;
        }

        Run exits(int expected) {
            clean();
            assertEquals(expected, code, () -> "exit code for " + args + describe());
            return this;
        }

        Run outContains(String... parts) {
            for (String p : parts) {
                assertTrue(out.contains(p), () -> "stdout lacks <" + p + "> for " + args + describe());
            }
            return this;
        }

        Run errContains(String... parts) {
            for (String p : parts) {
                assertTrue(err.contains(p), () -> "stderr lacks <" + p + "> for " + args + describe());
            }
            return this;
        }

        Run outLacks(String part) {
            assertFalse(out.contains(part), () -> "stdout has <" + part + "> for " + args + describe());
            return this;
        }

        Run errLacks(String part) {
            assertFalse(err.contains(part), () -> "stderr has <" + part + "> for " + args + describe());
            return this;
        }

        /** A read error is one diagnostic on stderr and nothing on stdout. */
        Run readError() {
            exits(LayerloomCommand.UNREADABLE);
            assertEquals("", out, () -> "stdout should be empty for a read error" + describe());
            assertFalse(err.isBlank(), () -> "stderr should explain the read error" + describe());
            return this;
        }

        /** stdout parsed as JSON, failing the test if it is not JSON. */
        Object json() {
            try {
                return PlainJson.parse(out, "stdout of " + args);
            } catch (GraphFormatException e) {
                return fail("stdout is not JSON: " + e.getMessage() + describe());
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> jsonObject() {
            return (Map<String, Object>) assertInstanceOf(Map.class, json(), "summary --json is an object");
        }

        /** The summary's diagnostics as maps, in output order. */
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> diagnostics() {
            return (List<Map<String, Object>>) jsonObject().get("diagnostics");
        }

        /** The summary's layer with this id. */
        @SuppressWarnings("unchecked")
        Map<String, Object> layer(String id) {
            for (Object l : (List<Object>) jsonObject().get("layers")) {
                Map<String, Object> m = (Map<String, Object>) l;
                if (id.equals(m.get("id"))) {
                    return m;
                }
            }
            return fail("no layer '" + id + "' in " + out);
        }

        private String describe() {
            return "\n--- exit " + code + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = assertDoesNotThrow(() -> LayerloomCommand.run(args, o, e), () -> "layerloom threw for " + List.of(args));
        }
        return new Run(List.of(args), code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A fixture under src/test/resources/io/layerloom/app/cli/files/. */
    static Path fixture(String name) {
        URL url = CliRunner.class.getResource("files/" + name);
        if (url == null) {
            return fail("missing fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String path(String fixtureName) {
        return fixture(fixtureName).toString();
    }

    static Path fixtureDir() {
        return fixture("tiny.json").getParent();
    }

    /**
     * "name:line:column" of the first (or last) occurrence of {@code token} in a fixture, the
     * way a read error should name it; computed from the file so the tests explain themselves.
     */
    static String at(String fixtureName, String token, boolean last) {
        String text;
        try {
            text = Files.readString(fixture(fixtureName), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int i = last ? text.lastIndexOf(token) : text.indexOf(token);
        assertTrue(i >= 0, () -> fixtureName + " has no " + token);
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < i; k++) {
            if (text.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        return fixtureName + ":" + line + ":" + (i - lineStart + 1) + ": ";
    }

    static String at(String fixtureName, String token) {
        return at(fixtureName, token, false);
    }

    /** The codes of the diagnostics, in order. */
    static List<String> codes(List<Map<String, Object>> diagnostics) {
        return diagnostics.stream().map(d -> (String) d.get("code")).toList();
    }

    /** The nodes the diagnostics are pinned to, in order (null for graph-wide ones). */
    static List<Object> nodes(List<Map<String, Object>> diagnostics) {
        return diagnostics.stream().map(d -> d.get("node")).toList();
    }

    /** validate exits 1 and lists the diagnostic under its node, with its code and a fix. */
    static Run diagnosed(String fixtureName, String node, String code, String fix) {
        return run("validate", path(fixtureName)).exits(1)
                .outContains("node '" + node + "'", "error " + code + " [" + node + "]", "fix: " + fix);
    }

    /** The summary's diagnostics for a fixture; the summary exits as validate does. */
    static List<Map<String, Object>> diagnostics(String fixtureName, int exit) {
        return run("summary", "--json", path(fixtureName)).exits(exit).diagnostics();
    }

    static BigDecimal n(long v) {
        return BigDecimal.valueOf(v);
    }
}
