package io.layerloom.app.designer.service;

import io.layerloom.app.interchange.OnnxExporter;
import io.layerloom.app.interchange.OnnxImporter;
import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.codegen.dl4j.ParameterVertices;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.codegen.onnx.OnnxFormatException;
import io.layerloom.codegen.onnx.OnnxImported;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.DoubleConsumer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@link NetworkFileService} on the files the command line reads and writes: {@code NAME.dl4j.zip}
 * through {@link ModelFiles}, ONNX through {@link OnnxImporter} and {@link OnnxExporter}, so a graph
 * saved in the window works with {@code train}, {@code evaluate} and {@code predict} and the other way round.
 */
public final class Dl4jNetworkFiles implements NetworkFileService {

    /** Reading is most of an import's time; the rest (mapping, laying out) gets the last part of the bar. */
    private static final double READING_SHARE = 0.9;

    @Override
    public Optional<Weights> weightsBeside(Graph graph, Path graphFile) throws IOException {
        Path model = ModelFiles.modelFor(graphFile, null);
        if (!Files.isRegularFile(model)) {
            return Optional.empty();
        }
        try {
            return Optional.of(NetworkWeights.readFile(model, ParameterVertices.of(graph)));
        } catch (IOException e) {
            throw new IOException(model + ": not a DL4J model (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public Optional<String> recordWarning(Path graphFile) {
        try {
            ModelFiles.readProvenance(ModelFiles.modelFor(graphFile, null));
            return Optional.empty();
        } catch (ModelFiles.MismatchedRecord e) {
            return Optional.of(e.getMessage());
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public Optional<String> save(Graph graph, Weights weights, Path graphFile) throws IOException {
        ComputationGraph net;
        try {
            net = OnnxImporter.network(new OnnxImported(graph, weights));
        } catch (OnnxImporter.NotBuildable e) {
            GraphJson.write(graph, graphFile);
            return Optional.of("its weights were not saved: the graph does not build (" + e.problems().size()
                    + " problem" + (e.problems().size() == 1 ? "" : "s") + " on the Problems tab); they are kept"
                    + " in the window and saved once it builds");
        } catch (IllegalArgumentException e) {
            GraphJson.write(graph, graphFile);
            return Optional.of("its weights were not saved: " + e.getMessage());
        }
        OnnxImporter.save(graph, net, graphFile);
        return Optional.empty();
    }

    @Override
    public void exportModel(Graph graph, Weights weights, String graphName, Path model) throws IOException {
        ComputationGraph net;
        try {
            net = OnnxImporter.network(new OnnxImported(graph, weights));
        } catch (OnnxImporter.NotBuildable e) {
            throw new IOException("the graph does not build: fix the problems on the Problems tab first", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        // not trained here: no data to name, no updater state worth keeping
        ModelFiles.save(net, model, new ModelFiles.Provenance(graphName, null, io.layerloom.codegen.dl4j.Dl4jCompiler.DEFAULT_SEED,
                0, Double.NaN), false);
    }

    @Override
    public OnnxImported importOnnx(Path onnx, DoubleConsumer progress) throws OnnxFormatException {
        return OnnxImporter.read(onnx, (step, done, total) -> {
            if (step == OnnxImporter.Step.READING) {
                progress.accept(total > 0 ? READING_SHARE * done / total : 0);
            } else {
                progress.accept(READING_SHARE + (1 - READING_SHARE) * (step.ordinal() + (double) done / Math.max(1, total))
                        / (OnnxImporter.Step.LAYING_OUT.ordinal() + 1));
            }
        });
    }

    @Override
    public String exportOnnx(Graph graph, Optional<Weights> held, Optional<Path> graphFile, Path out)
            throws OnnxExporter.ExportException {
        if (held.isEmpty()) {
            return OnnxExporter.export(graph, graphFile.map(f -> ModelFiles.modelFor(f, null)), out).describe();
        }
        try {
            // Layers the window holds no weights for get the graph's seed's, as in a fresh network.
            ComputationGraph net = OnnxImporter.network(new OnnxImported(graph, held.get()));
            ParameterVertices vertices = ParameterVertices.of(graph);
            OnnxExporter.Result r = OnnxExporter.export(graph, NetworkWeights.read(net, vertices), out);
            java.util.List<String> fromSeed = java.util.Arrays.stream(net.getVertices())
                    .filter(v -> v.hasLayer() && v.getLayer().numParams() > 0)
                    .map(v -> vertices.nodeOf(v.getVertexName())).filter(id -> !held.get().nodes().contains(id))
                    .sorted().toList();
            return "wrote " + r.file() + " (" + r.bytes() + " bytes, ONNX opset " + io.layerloom.codegen.onnx.OnnxExport.OPSET
                    + ") with the weights held in the window" + (fromSeed.isEmpty() ? ""
                    : "; " + String.join(", ", fromSeed) + " from the graph's seed " + r.seed());
        } catch (OnnxImporter.NotBuildable e) {
            throw new OnnxExporter.ExportException(OnnxExporter.ExportException.Kind.GRAPH_ERRORS,
                    "the graph cannot be built, so it cannot be exported; fix the problems on the Problems tab first", e);
        } catch (IllegalArgumentException e) {
            throw new OnnxExporter.ExportException(OnnxExporter.ExportException.Kind.WEIGHTS, e.getMessage(), e);
        }
    }
}
