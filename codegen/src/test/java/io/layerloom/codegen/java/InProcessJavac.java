package io.layerloom.codegen.java;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * Compiles generated source with the JDK's compiler, in this JVM, against the test classpath,
 * and loads it. One file manager is shared, so the jars on the classpath are indexed once.
 */
final class InProcessJavac {

    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
    private static final StandardJavaFileManager FILES =
            JAVAC.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);

    private InProcessJavac() {
    }

    /** Compiles one class (its source must be ASCII) and loads it; fails the test with javac's messages. */
    static synchronized Class<?> load(String qualifiedName, String source) {
        assertTrue(source.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7F)),
                "generated source must be printable ASCII");
        try {
            Path dir = Files.createTempDirectory("layerloom-javac");
            Path file = dir.resolve("src").resolve(qualifiedName.replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source, StandardCharsets.US_ASCII);
            Path classes = Files.createDirectories(dir.resolve("classes"));
            DiagnosticCollector<JavaFileObject> messages = new DiagnosticCollector<>();
            Iterable<? extends JavaFileObject> units = FILES.getJavaFileObjects(file);
            List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                    "-encoding", "US-ASCII", "-Xlint:all", "-proc:none", "-implicit:none");
            // javac reports its own crash (a StackOverflowError, say) on this writer, not as a diagnostic.
            java.io.StringWriter crash = new java.io.StringWriter();
            boolean ok = onDefaultStack(() -> JAVAC.getTask(crash, FILES, messages, options, null, units).call());
            String errors = messages.getDiagnostics().stream()
                    .map(d -> d.getKind() + " line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n")) + crash.toString().lines().limit(3).collect(Collectors.joining("\n"));
            assertTrue(ok, () -> "javac failed:\n" + errors + "\n--- source:\n" + numbered(source));
            boolean warned = messages.getDiagnostics().stream()
                    .anyMatch(d -> d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING);
            assertTrue(!warned, () -> "javac warned:\n" + errors + "\n--- source:\n" + numbered(source));
            URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()},
                    InProcessJavac.class.getClassLoader());
            return loader.loadClass(qualifiedName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("compiled, but " + qualifiedName + " is not there", e);
        }
    }

    /**
     * Runs javac on a new thread with the JVM's default stack size, as the {@code javac} command
     * runs it, so that a test sees the crash a user would (the test runner's own thread may differ).
     */
    private static boolean onDefaultStack(java.util.concurrent.Callable<Boolean> compile) {
        Boolean[] result = new Boolean[1];
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                result[0] = compile.call();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "javac", 0);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while javac ran", e);
        }
        if (thrown[0] != null) {
            throw new AssertionError("javac crashed: " + thrown[0], thrown[0]);
        }
        return result[0];
    }

    /** The generated class's {@code configuration()}. */
    static ComputationGraphConfiguration configuration(String qualifiedName, String source) {
        Class<?> c = load(qualifiedName, source);
        try {
            return (ComputationGraphConfiguration) c.getMethod("configuration").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("calling configuration() failed", e);
        }
    }

    private static String numbered(String source) {
        String[] lines = source.split("\n", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            b.append(String.format("%4d  %s%n", i + 1, lines[i]));
        }
        return b.toString();
    }
}
