package io.layerloom.app.interchange;

import io.layerloom.app.AppVersion;
import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.Dl4jTraining;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.codegen.onnx.OnnxExport;
import io.layerloom.codegen.onnx.OnnxExportException;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.util.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes a graph and its weights as an ONNX file: the weights of the DL4J model saved beside the
 * graph ({@code NAME.dl4j.zip}, as {@code train} and {@code import} write it) when there is one,
 * otherwise the parameters the graph's seed initialises, and the result says which. The file is
 * written through a temporary file, so a failed export leaves no file and an old one unchanged.
 * The command line's {@code export} and the designer's File > Export ONNX share it.
 */
public final class OnnxExporter {

    /**
     * What was written.
     *
     * @param weightsFile the model file the weights came from; empty when the seed initialised them
     * @param seed        the seed that initialised the weights (meaningful only without a weights file)
     */
    public record Result(Path file, long bytes, Optional<Path> weightsFile, long seed) {
        /** One line for the user: where the file is and where its weights came from. */
        public String describe() {
            return "wrote " + file + " (" + bytes + " bytes, ONNX opset " + OnnxExport.OPSET + ") with "
                + weightsFile.map(w -> "the weights of " + w).orElse("weights initialised from the graph's seed " + seed
                + " (no trained model beside the graph: train it first to export trained weights)");
        }
    }

    /** The export failed; the message says why and what to do, and nothing was written. */
    public static final class ExportException extends Exception {
        private static final long serialVersionUID = 1L;

        /** What stopped the export: the graph (fix it), its weights file, or the file system. */
        public enum Kind { GRAPH_ERRORS, UNSUPPORTED, WEIGHTS, IO }

        private final Kind kind;

        public ExportException(Kind kind, String message, Throwable underlying) {
            super(message, underlying);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    private OnnxExporter() {
    }

    /**
     * Exports {@code graph} to {@code out}, with the weights in {@code weightsFile} when it exists.
     *
     * @param weightsFile a DL4J model file ({@code ModelFiles.modelFor(graphFile, null)}); when it is
     *                    empty or names no file, the graph's seed initialises the weights
     */
    public static Result export(Graph graph, Optional<Path> weightsFile, Path out) throws ExportException {
        Optional<Path> source = weightsFile.filter(Files::isRegularFile);
        return write(graph, source.isPresent() ? trained(source.get(), graph) : initialised(graph), source, out);
    }

    /**
     * Exports {@code graph} with {@code weights} (in DL4J's layout, every layer's) to {@code out},
     * as the window does with the weights it holds.
     */
    public static Result export(Graph graph, Weights weights, Path out) throws ExportException {
        return write(graph, weights, Optional.empty(), out);
    }

    private static Result write(Graph graph, Weights weights, Optional<Path> source, Path out) throws ExportException {
        long seed = Dl4jTraining.options(graph).seed();
        try {
            var model = OnnxExport.model(graph, weights, AppVersion.NAME_AND_VERSION.replace("LayerLoom ", ""));
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AtomicFiles.write(out, tmp -> {
                try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    model.writeTo(o);
                }
            });
            return new Result(out, Files.size(out), source, seed);
        } catch (OnnxExportException e) {
            String message = e.getMessage();
            if (e.reason() == OnnxExportException.Reason.WEIGHTS_MISMATCH && source.isPresent()) {
                message = source.get() + " does not match the graph: " + message;
            }
            throw new ExportException(switch (e.reason()) {
                case GRAPH_ERRORS -> ExportException.Kind.GRAPH_ERRORS;
                case UNSUPPORTED -> ExportException.Kind.UNSUPPORTED;
                case WEIGHTS_MISMATCH -> ExportException.Kind.WEIGHTS;
            }, message, e);
        } catch (IOException e) {
            throw new ExportException(ExportException.Kind.IO, out + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static Weights trained(Path file, Graph graph) throws ExportException {
        try {
            return NetworkWeights.readFile(file, io.layerloom.codegen.dl4j.ParameterVertices.of(graph));
        } catch (IOException e) {
            throw new ExportException(ExportException.Kind.WEIGHTS, file + ": cannot read the model: " + e.getMessage()
                + ". Give a model that 'layerloom train' wrote, or move it away to export with initial weights.", e);
        }
    }

    private static Weights initialised(Graph graph) throws ExportException {
        Dl4jCompiler.Compilation c = Dl4jCompiler.compile(graph);
        if (c.configuration().isEmpty()) {
            throw new ExportException(ExportException.Kind.GRAPH_ERRORS, "the graph cannot be built, so it cannot be exported; fix it first (layerloom "
                + "validate lists the problems):\n  - " + String.join("\n  - ",
                c.problems().stream().map(p -> p.message()).toList()), null);
        }
        return NetworkWeights.read(TrainingSetUp.initialise(c.require()), c.parameterVertices());
    }
}
