package io.layerloom.app.cli;

import io.layerloom.app.interchange.OnnxImporter;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.codegen.onnx.OnnxFormatException;
import io.layerloom.codegen.onnx.OnnxImported;
import io.layerloom.codegen.onnx.OnnxUnsupportedException;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.Totals;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerloom import}: turns an ONNX model into a LayerLoom graph file and the DL4J model
 * beside it, so that every other command works on it. Either both files are written or neither is.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import an ONNX model (as PyTorch's exporter, opset 11 to 17, or tf2onnx write them): writes the "
                + "graph as OUT.json, laid out, and its weights as the DL4J model OUT.dl4j.zip beside it, the file "
                + "'layerloom train' writes and 'layerloom evaluate' reads.",
                "Exit 0 on success; 1 when the model uses operators the import does not map (every such node is "
                        + "listed) or DL4J cannot build it; 2 when MODEL is not a readable ONNX file. On failure "
                        + "nothing is written."})
final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx model file.")
    Path model;

    @Parameters(index = "1", paramLabel = "OUT", description = "The graph .json file to write (replaced if it exists).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (out.toString().isBlank() || Files.isDirectory(out)) {
            err.println("layerloom import: OUT " + (out.toString().isBlank() ? "is empty" : out + " is a folder")
                    + "; give the path of the .json file to write. Nothing was written.");
            return LayerloomCommand.UNREADABLE;
        }
        Path weights = ModelFiles.modelFor(out, null);
        try {
            OnnxImported imported = OnnxImporter.importTo(model, out, OnnxImporter.Progress.NONE);
            Totals totals = GraphAnalysis.analyze(imported.graph()).totals();
            stdout.printf(Locale.ROOT, "Imported %s: %d nodes, %,d trainable parameters (%,d values with BatchNorm's"
                    + " running statistics).%nWrote %s and %s.%n", model.getFileName(), imported.graph().size(),
                    totals.trainableParams(), imported.weights().count(), out, weights);
            stdout.flush();
            return 0;
        } catch (OnnxUnsupportedException e) {
            err.println("layerloom import: " + e.getMessage().replace(" Fix: ", "\n"));
            err.println("Nothing was written.");
            return LayerloomCommand.HAS_ERRORS;
        } catch (OnnxFormatException e) {
            err.println("layerloom import: " + e.getMessage() + " Nothing was written.");
            return LayerloomCommand.UNREADABLE;
        } catch (OnnxImporter.NotBuildable e) {
            err.println("layerloom import: " + model + ": " + e.getMessage() + "; nothing was written.");
            DiagnosticsByNode.print(e.graph(), e.problems(), err);
            return LayerloomCommand.HAS_ERRORS;
        } catch (IOException e) {
            err.println("layerloom import: cannot write " + out + " or " + weights + ": " + e.getMessage()
                    + ". " + out + " was not changed.");
            return LayerloomCommand.UNREADABLE;
        }
    }
}
