package io.layerloom.app.cli;

import io.layerloom.app.interchange.OnnxExporter;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.util.Text;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerloom export}: writes a graph and its weights as an ONNX file. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the network as an ONNX file (opset 13) that ONNX Runtime and other tools run to the same "
                + "outputs as DL4J: the graph with the weights of the model trained beside it (NAME.dl4j.zip), or, when "
                + "there is none, the weights its seed initialises (the command says so).",
                "Exit 0 on success, 1 when the graph has errors or a layer has no ONNX equivalent (nothing is written), "
                        + "2 when a file cannot be read or written, the weights do not match the graph, or the command "
                        + "line is wrong."})
final class ExportCommand implements Callable<Integer> {

    /** Formats --format accepts. */
    static final List<String> FORMATS = List.of("onnx");

    @Parameters(paramLabel = "FILE", description = "The graph .json file.")
    Path file;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "The format to write: onnx.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "MODEL.onnx", description = "The file to write.")
    Path out;

    @Option(names = "--model", paramLabel = "PATH",
            description = "The trained model whose weights to export (default: NAME.dl4j.zip beside FILE, if any).")
    Path model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!FORMATS.contains(format)) {
            throw new ParameterException(spec.commandLine(), "--format must be one of: " + String.join(", ", FORMATS)
                    + "; got '" + Text.display(format) + "'.");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Graph> graph = GraphFiles.read(file, err);
        if (graph.isEmpty()) {
            return LayerloomCommand.UNREADABLE;
        }
        if (model != null && !model.toFile().isFile()) {
            err.println("layerloom export: " + model + ": no such model file; give the .dl4j.zip that 'layerloom train' "
                    + "wrote, or leave out --model.");
            return LayerloomCommand.UNREADABLE;
        }
        Path weights = model != null ? model : ModelFiles.modelFor(file, null);
        try {
            OnnxExporter.Result r = OnnxExporter.export(graph.get(), Optional.of(weights), out);
            stdout.println(r.describe());
            stdout.flush();
            return 0;
        } catch (OnnxExporter.ExportException e) {
            err.println("layerloom export: " + file + ": " + e.getMessage());
            return switch (e.kind()) {
                case GRAPH_ERRORS, UNSUPPORTED -> LayerloomCommand.HAS_ERRORS;
                case WEIGHTS, IO -> LayerloomCommand.UNREADABLE;
            };
        }
    }
}
