package io.layerloom.app.cli;

import io.layerloom.codegen.java.JavaNames;
import io.layerloom.codegen.java.JavaSourceGenerator;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.util.AtomicFiles;
import io.layerloom.model.util.Text;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code layerloom codegen}: writes the Java source that builds a graph with DL4J's builder API, or prints
 * it.
 */
@Command(name = "codegen", mixinStandardHelpOptions = true,
        description = {"Write source code that builds the network with Deeplearning4j's builder API, each layer "
                + "commented with its output shape.",
                "Without --out the source is printed; with --out it is written to DIR/<package folders>/<Class>.java "
                        + "and the path is printed.",
                "Exit 0 on success, 1 when the graph has errors or DL4J cannot express it (nothing is written), "
                        + "2 when the file cannot be read, the command line is wrong or the source cannot be written."})
final class CodegenCommand implements Callable<Integer> {

    /** Languages --lang accepts. */
    static final List<String> LANGUAGES = List.of("java");

    @Parameters(paramLabel = "FILE", description = "The graph .json file.")
    Path file;

    @Option(names = "--lang", required = true, paramLabel = "LANG", description = "The language to write: java.")
    String lang;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the source under this folder instead of printing it.")
    Path out;

    @Option(names = "--package", paramLabel = "P", defaultValue = "",
            description = "The Java package, for example com.example.nets (default: none).")
    String packageName;

    @Option(names = "--class", paramLabel = "C",
            description = "The class name (default: from the graph's name, e.g. \"ResNet-18\" gives ResNet18).")
    String className;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!LANGUAGES.contains(lang)) {
            throw new ParameterException(spec.commandLine(), "--lang must be one of: " + String.join(", ", LANGUAGES)
                    + "; got '" + Text.display(lang) + "'.");
        }
        JavaNames.packageNameProblem(packageName).ifPresent(p -> {
            throw new ParameterException(spec.commandLine(), "--package: " + p);
        });
        if (className != null) {
            JavaNames.classNameProblem(className).ifPresent(p -> {
                throw new ParameterException(spec.commandLine(), "--class: " + p);
            });
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Graph> graph = GraphFiles.read(file, err);
        if (graph.isEmpty()) {
            return LayerloomCommand.UNREADABLE;
        }
        Graph g = graph.get();
        String name = className != null ? className : JavaNames.classNameFor(g.name());
        String source;
        try {
            source = JavaSourceGenerator.generate(g, packageName, name);
        } catch (JavaSourceGenerator.NotCompilable e) {
            report(g, e.problems(), err);
            return LayerloomCommand.HAS_ERRORS;
        }
        if (out == null) {
            stdout.print(source);
            stdout.flush();
            return 0;
        }
        return write(source, name, stdout, err);
    }

    /** The problems, grouped by node as validate prints them, on stderr: stdout is for source. */
    private void report(Graph g, List<Diagnostic> problems, PrintWriter err) {
        int n = problems.size();
        err.println(file + ": cannot generate " + lang + " source: " + n + (n == 1 ? " error." : " errors."));
        DiagnosticsByNode.print(g, problems, err);
    }

    /** Writes DIR/<package folders>/<Class>.java through a temporary file, so no half-written file is left. */
    private int write(String source, String name, PrintWriter stdout, PrintWriter err) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            err.println(out + ": is not a folder; give --out the folder to write the source under.");
            return LayerloomCommand.UNREADABLE;
        }
        Path folder = packageName.isEmpty() ? out : out.resolve(packageName.replace('.', '/'));
        Path target = folder.resolve(name + ".java");
        try {
            Files.createDirectories(folder);
            AtomicFiles.writeString(target, source);
        } catch (IOException e) {
            err.println(target + ": cannot write: " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        }
        stdout.println(target);
        stdout.flush();
        return 0;
    }
}
