package io.layerloom.app.interchange;

import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.app.runtime.NetworkWeights;
import io.layerloom.app.runtime.TrainingSetUp;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.onnx.OnnxFormatException;
import io.layerloom.codegen.onnx.OnnxImport;
import io.layerloom.codegen.onnx.OnnxImported;
import io.layerloom.codegen.onnx.OnnxModel;
import io.layerloom.codegen.onnx.OnnxReader;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Imports an ONNX model file for the command line and the designer: reads and checks it, maps it to
 * a LayerLoom graph with its weights (laid out like the designer lays out any graph), builds the DL4J
 * network the graph compiles to with those weights in it, and saves the pair as {@code OUT.json} and
 * {@code OUT.dl4j.zip}, the files {@code train} and {@code evaluate} use. Progress goes to a callback,
 * in bytes while reading (most of a big model's import) and in steps after that.
 */
public final class OnnxImporter {

    /** The stages of an import, in order. */
    public enum Step { READING, MAPPING, LAYING_OUT, BUILDING, SAVING }

    /** Told where an import is: {@code done} of {@code total} (bytes while reading, else 0 or 1 of 1). */
    @FunctionalInterface
    public interface Progress {
        void update(Step step, long done, long total);

        Progress NONE = (step, done, total) -> { };
    }

    /** The graph does not compile to a DL4J network: the problems, by node, and nothing was written. */
    public static final class NotBuildable extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Graph graph;
        private final transient List<Diagnostic> problems;

        NotBuildable(Graph graph, List<Diagnostic> problems) {
            super("the imported graph does not compile to a DL4J network (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + ")");
            this.graph = graph;
            this.problems = List.copyOf(problems);
        }

        public Graph graph() {
            return graph;
        }

        public List<Diagnostic> problems() {
            return problems;
        }
    }

    private OnnxImporter() {
    }

    /**
     * The graph (every node placed) and weights of the ONNX model in {@code file}, the weights held in
     * memory (they are kept, and the file may change in the meantime).
     *
     * @throws OnnxFormatException the file is not a sound ONNX model; {@code OnnxUnsupportedException}
     *                             (a subclass) lists every node the import cannot map
     */
    public static OnnxImported read(Path file, Progress progress) throws OnnxFormatException {
        OnnxImported imported = unplaced(file, progress);
        progress.update(Step.LAYING_OUT, 0, 1);
        Graph placed = GraphLayoutService.layoutAll(imported.graph());
        progress.update(Step.LAYING_OUT, 1, 1);
        return new OnnxImported(placed, imported.weights().held());
    }

    /** The graph, named after the file but not laid out yet, and its weights. */
    private static OnnxImported unplaced(Path file, Progress progress) throws OnnxFormatException {
        Objects.requireNonNull(progress, "progress");
        long size = sizeOrZero(file);
        OnnxModel model = new OnnxReader().read(file, done -> progress.update(Step.READING, done, size));
        progress.update(Step.MAPPING, 0, 1);
        OnnxImported imported = OnnxImport.run(model);
        // Exporters name every graph "torch_jit" or "main_graph": the file's name says more (the
        // window's title, Save As's suggestion, the summary's heading).
        Graph named = imported.graph().withName(file.getFileName().toString().replaceFirst("(?i)\\.onnx$", ""));
        return new OnnxImported(named, imported.weights());
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;  // the reader reports the file's problem itself, with the fix
        }
    }

    /**
     * The DL4J network the imported graph compiles to, holding the imported weights.
     *
     * @throws NotBuildable the graph has errors or DL4J cannot build a layer of it
     */
    public static ComputationGraph network(OnnxImported imported) throws NotBuildable {
        Dl4jCompiler.Compilation c = Dl4jCompiler.compile(imported.graph());
        if (c.configuration().isEmpty()) {
            throw new NotBuildable(imported.graph(), c.problems());
        }
        ComputationGraphConfiguration conf = c.configuration().get();
        long parameters = conf.getVertices().values().stream().mapToLong(v -> v.numParams(true)).sum();
        ComputationGraph net;
        if (imported.weights().count() == parameters) {
            // Every parameter comes from the file (apply checks each node, key and shape, and the keys are
            // distinct, so equal counts mean every parameter is covered): DL4J lays its parameter views
            // out over a zeroed flat vector instead of drawing random values for the weights to overwrite.
            net = TrainingSetUp.build(() -> {
                ComputationGraph g = new ComputationGraph(conf);
                g.init(Nd4j.zeros(conf.getDataType(), 1, parameters), false);
                return g;
            });
        } else {
            net = TrainingSetUp.initialise(conf);
        }
        NetworkWeights.apply(net, imported.weights(), c.parameterVertices());
        return net;
    }

    /**
     * Imports {@code onnx} and saves it as {@code outJson} with its network beside it
     * ({@link ModelFiles#modelFor}); returns what was saved. The network is written first and the
     * graph last, each through a temporary file, so a failure leaves an existing {@code outJson} as it was.
     * {@code progress} hears LAYING_OUT's end from the thread that lays the graph out. The weights go
     * from the file into the network's memory with no copy on the heap; those returned are still read
     * from {@code onnx} when their values are asked for.
     *
     * @throws OnnxFormatException also when {@code onnx} changes before the network has its weights
     */
    public static OnnxImported importTo(Path onnx, Path outJson, Progress progress)
        throws OnnxFormatException, NotBuildable, IOException {
        // On two cores the work overlaps: ND4J loads its native libraries while the file is read,
        // and the graph is laid out (ELK's start-up, most of it) while the network is built and saved.
        background("nd4j-start", () -> Nd4j.zeros(DataType.FLOAT, 1));
        OnnxImported imported = unplaced(onnx, progress);
        progress.update(Step.LAYING_OUT, 0, 1);
        CompletableFuture<Graph> layout = new CompletableFuture<>();
        background("layout", () -> {
            try {
                layout.complete(GraphLayoutService.layoutAll(imported.graph()));
                progress.update(Step.LAYING_OUT, 1, 1);
            } catch (RuntimeException | Error e) {
                layout.completeExceptionally(e);
            }
        });
        progress.update(Step.BUILDING, 0, 1);
        ComputationGraph net;
        try {
            net = network(imported);
        } catch (UncheckedIOException e) {
            throw new OnnxFormatException(onnx.getFileName().toString(), null, e.getMessage() + ".",
                "Wait until the file is completely written or copied, then import it again.");
        }
        progress.update(Step.SAVING, 0, 1);
        Graph placed = placed(layout);
        save(placed, net, outJson);
        progress.update(Step.SAVING, 1, 1);
        return new OnnxImported(placed, imported.weights());
    }

    private static void background(String name, Runnable work) {
        Thread t = new Thread(work, "onnx-import-" + name);
        t.setDaemon(true);
        t.start();
    }

    private static Graph placed(CompletableFuture<Graph> layout) {
        try {
            return layout.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Saves a graph and its network: the network and its record first, the graph last. */
    public static void save(Graph graph, ComputationGraph net, Path outJson) throws IOException {
        Path model = ModelFiles.modelFor(outJson, null);
        // No data yet: evaluate asks for --data rather than guessing what the model was trained on.
        ModelFiles.save(net, model, new ModelFiles.Provenance(outJson.getFileName().toString(), null,
            Dl4jCompiler.DEFAULT_SEED, 0, Double.NaN), false);
        GraphJson.write(graph, outJson);
    }
}
