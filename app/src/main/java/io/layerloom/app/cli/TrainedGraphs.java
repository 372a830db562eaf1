package io.layerloom.app.cli;

import io.layerloom.app.training.ModelFiles;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What {@code predict} and {@code explain} both ask of a compiled graph and the weights saved beside it. */
final class TrainedGraphs {

    private TrainedGraphs() {
    }

    /** A graph read and compiled with one Input and one output; else {@code compilation} is null and {@code exitCode} says why. */
    record OneToOne(Graph graph, Dl4jCompiler.Compilation compilation, int exitCode) {
    }

    /**
     * Reads and compiles FILE for {@code verb}, which needs one Input and one output layer (the
     * sentence "VERB DOES graphs with one Input..." when it has more); prints what is wrong.
     */
    static OneToOne compileOneToOne(Path file, String verb, String does, PrintWriter err) {
        Optional<Graph> graph = GraphFiles.read(file, err);
        if (graph.isEmpty()) {
            return new OneToOne(null, null, LayerloomCommand.UNREADABLE);
        }
        Dl4jCompiler.Compilation compilation = Dl4jCompiler.compile(graph.get());
        if (compilation.configuration().isEmpty()) {
            DiagnosticsByNode.refuse(file, verb, graph.get(), compilation.problems(), err);
            return new OneToOne(graph.get(), null, LayerloomCommand.HAS_ERRORS);
        }
        if (compilation.inputs().size() != 1 || compilation.outputs().size() != 1) {
            err.println("layerloom " + verb + ": " + file + ": " + verb + " " + does + " graphs with one Input and one output"
                    + " layer; this one has inputs " + compilation.inputs() + " and outputs " + compilation.outputs() + ".");
            err.flush();
            return new OneToOne(graph.get(), null, LayerloomCommand.UNREADABLE);
        }
        return new OneToOne(graph.get(), compilation, 0);
    }

    /** What the node produces for one example; known, since the graph compiled. */
    static List<Long> dims(Dl4jCompiler.Compilation compilation, String node) {
        return compilation.analysis().node(node).flatMap(NodeResult::output).map(TensorType::dims).orElseThrow();
    }

    /** The weights to load: {@code --model} when given, else NAME.dl4j.zip beside the graph {@code file}. */
    static Path modelFile(Path file, Path model) {
        return model != null ? model : ModelFiles.modelFor(file, null);
    }

    /**
     * Why there are no weights to load, when {@code modelFile} is not a file: "{@code lead} FILE:
     * MODEL does not exist. Train the graph first (...)", then {@code more} (other ways to get them),
     * then "or give --model PATH."; empty when it is a file.
     */
    static Optional<String> missing(Path file, Path modelFile, String lead, String more) {
        if (Files.isRegularFile(modelFile)) {
            return Optional.empty();
        }
        return Optional.of(lead + " " + file + ": " + modelFile + " does not exist. Train the graph first ('layerloom train "
                + file + " --data ... --epochs N')" + more + " or give --model PATH.");
    }
}
