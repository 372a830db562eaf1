package io.layerloom.app.designer.service;

import io.layerloom.app.interchange.OnnxExporter;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.codegen.onnx.OnnxFormatException;
import io.layerloom.codegen.onnx.OnnxImported;
import io.layerloom.model.graph.Graph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.DoubleConsumer;

/**
 * What the window asks of networks on disk: the parameter values saved beside a graph file
 * ({@code NAME.dl4j.zip}), saving a graph with its values, and ONNX import and export. Every method
 * blocks and runs on the file thread. The real one ({@link Dl4jNetworkFiles}) uses the command line's
 * importer and exporter; {@link #NONE} is for windows and tests that never hold parameter values.
 */
public interface NetworkFileService {

    /** The values in the model file beside {@code graphFile}, by the node ids of {@code graph} (the file's); empty when there is none. */
    Optional<Weights> weightsBeside(Graph graph, Path graphFile) throws IOException;

    /**
     * Why the record beside the model file of {@code graphFile} ({@code NAME.dl4j.json}) cannot be
     * trusted (it describes another model file: a save was interrupted), or empty when it can or there is none.
     */
    default Optional<String> recordWarning(Path graphFile) {
        return Optional.empty();
    }

    /**
     * Writes {@code graph} to {@code graphFile} with {@code weights} in the model file beside it
     * (layers without values start from the graph's seed): the model first, the graph last.
     *
     * @return why the values could not be saved (the graph alone was written), or empty when both were
     */
    Optional<String> save(Graph graph, Weights weights, Path graphFile) throws IOException;

    /**
     * The graph (laid out) and values of an ONNX file; {@code progress} hears the fraction done (0 to 1).
     *
     * @throws OnnxFormatException the file is not a sound model, or (OnnxUnsupportedException) uses
     *                             operators the import does not map
     */
    OnnxImported importOnnx(Path onnx, DoubleConsumer progress) throws OnnxFormatException;

    /**
     * Writes {@code graph} as an ONNX file: with {@code held} values when given (layers without
     * values from the seed), else the model file beside {@code graphFile}, else the seed.
     *
     * @return one line for the status bar: where it went and where its weights came from
     */
    String exportOnnx(Graph graph, Optional<Weights> held, Optional<Path> graphFile, Path out)
            throws OnnxExporter.ExportException;

    /**
     * Writes {@code graph}'s network holding {@code weights} (layers without values from the seed) as
     * the DL4J model file {@code model}, with its record naming {@code graphName}, as training saves one.
     */
    void exportModel(Graph graph, Weights weights, String graphName, Path model) throws IOException;

    /** No model files: nothing beside a graph, saving writes the graph only, no ONNX. */
    NetworkFileService NONE = new NetworkFileService() {
        @Override
        public Optional<Weights> weightsBeside(Graph graph, Path graphFile) {
            return Optional.empty();
        }

        @Override
        public Optional<String> save(Graph graph, Weights weights, Path graphFile) {
            throw new IllegalStateException("this window holds no parameter values");
        }

        @Override
        public OnnxImported importOnnx(Path onnx, DoubleConsumer progress) {
            throw new IllegalStateException("this window has no ONNX import");
        }

        @Override
        public String exportOnnx(Graph graph, Optional<Weights> held, Optional<Path> graphFile, Path out) {
            throw new IllegalStateException("this window has no ONNX export");
        }

        @Override
        public void exportModel(Graph graph, Weights weights, String graphName, Path model) {
            throw new IllegalStateException("this window holds no parameter values");
        }
    };
}
