package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.DiagnosticCode;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.Family;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.util.Text;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.weights.WeightInit;

/**
 * Turns a valid graph into a DL4J {@link ComputationGraphConfiguration}: the steps of each node's
 * {@link Dl4jElement} (one vertex for most kinds), the last named by the node's id and any helpers
 * by the id and a suffix, inputs in order, input types set, merges explicit. A graph with
 * errors is not compiled: the analysis's errors are returned instead. Nodes that lead to no
 * output layer (reported as DISCONNECTED) are left out, and listed.
 */
public final class Dl4jCompiler {

    public static final long DEFAULT_SEED = 42;

    private Dl4jCompiler() {
    }

    /**
     * The outcome: a configuration, or the problems that prevent one.
     *
     * @param omitted       ids of nodes left out because they lead to no output layer
     * @param settings      the network-wide settings built, as {@link Dl4jTraining#configuration} describes them
     * @param nInAfterBuild each layer whose nIn was set back after DL4J's build(), with that nIn, in
     *                      the graph's node order (see {@link Dl4jElement#nInAfterBuild})
     * @param parameterVertices the vertex that holds each compiled node's parameters (empty without a configuration)
     */
    public record Compilation(Optional<ComputationGraphConfiguration> configuration, List<Diagnostic> problems,
                              List<String> inputs, List<String> outputs, List<String> omitted, Analysis analysis,
                              Construction settings, Map<String, Long> nInAfterBuild,
                              ParameterVertices parameterVertices) {
        public ComputationGraphConfiguration require() {
            return configuration.orElseThrow(() -> new IllegalStateException("the graph did not compile: " + problems));
        }
    }

    /** Compiles with the graph file's training settings (or the defaults). */
    public static Compilation compile(Graph graph) {
        return compile(graph, Dl4jTraining.options(graph));
    }

    /** Compiles with the graph file's training settings and another seed. */
    public static Compilation compile(Graph graph, long seed) {
        return compile(graph, Dl4jTraining.options(graph).withSeed(seed));
    }

    /** Compiles with the given optimizer ({@link Dl4jTraining#updater}, its learning rate included) for every layer. */
    public static Compilation compile(Graph graph, long seed, Construction updater) {
        return compile(graph, Options.defaults().withSeed(seed).withUpdater(updater));
    }

    /**
     * Network-wide training settings, applied to every layer: seed, optimizer (with its
     * learning-rate schedule), weight initialisation, L2 penalty, decoupled weight decay, and
     * gradient clipping by each layer's L2 norm (0 turns each of the last three off).
     * {@link Dl4jTraining#configuration} describes them as DL4J's network-wide builder calls.
     *
     * @param updater the optimizer's construction, as {@link Dl4jTraining} describes it
     */
    public record Options(long seed, Construction updater, WeightInit weightInit, double l2, double weightDecay,
                          double gradientClip) {
        public static Options defaults() {
            return new Options(DEFAULT_SEED, Dl4jTraining.DEFAULT_UPDATER, WeightInit.XAVIER, 0, 0, 0);
        }

        public Options withSeed(long s) {
            return new Options(s, updater, weightInit, l2, weightDecay, gradientClip);
        }

        public Options withUpdater(Construction u) {
            return new Options(seed, u, weightInit, l2, weightDecay, gradientClip);
        }
    }

    public static Compilation compile(Graph graph, Options options) {
        Construction settings = Dl4jTraining.configuration(options);
        Analysis analysis = GraphAnalysis.analyze(graph);
        List<Diagnostic> errors = analysis.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) {
            return new Compilation(Optional.empty(), errors, List.of(), List.of(), List.of(), analysis, settings,
                    Map.of(), new ParameterVertices(Map.of()));
        }
        Set<String> used = leadingToOutputs(graph);
        List<String> inputs = new ArrayList<>();
        List<InputType> inputTypes = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<String> omitted = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (!used.contains(n.id())) {
                omitted.add(n.id());
            } else if (n.spec() instanceof LayerSpec.Input) {
                inputs.add(n.id());
                inputTypes.add(inputType(type(analysis, n.id())));
            } else if (n.kind().family() == Family.OUTPUT) {
                outputs.add(n.id());
            }
        }
        NeuralNetConfiguration.Builder global = (NeuralNetConfiguration.Builder) Dl4jObjects.unbuilt(settings);
        ComputationGraphConfiguration.GraphBuilder builder = global
                .graphBuilder()
                .addInputs(inputs.toArray(String[]::new))
                .setInputTypes(inputTypes.toArray(InputType[]::new));
        List<Diagnostic> problems = new ArrayList<>();
        Map<String, Long> nInAfterBuild = new HashMap<>();
        Map<String, String> parameterVertices = new HashMap<>();
        for (String id : analysis.topologicalOrder()) {
            Node n = graph.require(id);
            if (!used.contains(id) || n.spec() instanceof LayerSpec.Input) {
                continue;
            }
            List<TensorType> inTypes = n.inputs().stream().map(in -> type(analysis, in)).toList();
            try {
                Dl4jElement e = Dl4jMapping.map(n, graph, analysis, inTypes, type(analysis, id));
                for (String helper : e.helperNames(id)) {
                    if (graph.contains(helper)) {
                        throw new IllegalStateException("it needs a helper vertex named '" + helper
                                + "', which is taken by another node; rename that node");
                    }
                }
                e.nInAfterBuild().ifPresent(nIn -> nInAfterBuild.put(id, nIn));
                parameterVertices.put(id, e.parameters().name(id));
                for (int i = 0; i < e.steps().size(); i++) {
                    Dl4jElement.Step step = e.steps().get(i);
                    String[] in = e.inputNames(i, id, n.inputs()).toArray(String[]::new);
                    if (step.isLayer()) {
                        builder.addLayer(step.name(id), Dl4jObjects.layer(step.construction()), in);
                    } else {
                        builder.addVertex(step.name(id), Dl4jObjects.vertex(step.construction()), in);
                    }
                }
            } catch (Dl4jMapping.Unsupported e) {
                problems.add(Diagnostic.of(DiagnosticCode.DL4J_UNSUPPORTED, id, null, n.kind().name() + " '"
                        + Text.display(id) + "': " + e.getMessage(), List.of(e.fix())));
            } catch (Dl4jObjects.MappingError e) {
                throw e;
            } catch (RuntimeException e) {
                problems.add(Diagnostic.of(DiagnosticCode.DL4J_UNSUPPORTED, id, null, n.kind().name() + " '"
                                + Text.display(id) + "': DL4J cannot build this layer: " + e.getMessage(),
                        List.of("Change its parameters, or replace it with a layer DL4J supports.")));
            }
        }
        if (!problems.isEmpty()) {
            return new Compilation(Optional.empty(), problems, inputs, outputs, omitted, analysis, settings, Map.of(),
                    new ParameterVertices(Map.of()));
        }
        builder.setOutputs(outputs.toArray(String[]::new));
        try {
            ComputationGraphConfiguration conf = builder.build();
            Map<String, Long> restored = inGraphOrder(graph, nInAfterBuild);
            ParameterVertices vertices = new ParameterVertices(inGraphOrder(graph, parameterVertices));
            restoreInputs(restored, vertices, conf);
            return new Compilation(Optional.of(conf), List.of(), inputs, outputs, omitted, analysis, settings,
                    restored, vertices);
        } catch (RuntimeException e) {
            return new Compilation(Optional.empty(), List.of(Diagnostic.of(DiagnosticCode.DL4J_UNSUPPORTED, null, null,
                    "DL4J rejected the network: " + e.getMessage(),
                    List.of("Report this: LayerLoom's analysis accepted a graph DL4J does not."))),
                    inputs, outputs, omitted, analysis, settings, Map.of(),
                    new ParameterVertices(Map.of()));
        }
    }

    /** The entries for the graph's nodes, in the graph's node order. */
    private static <V> Map<String, V> inGraphOrder(Graph graph, Map<String, V> byId) {
        Map<String, V> out = new LinkedHashMap<>();
        graph.nodes().stream().filter(n -> byId.containsKey(n.id())).forEach(n -> out.put(n.id(), byId.get(n.id())));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Sets back the nIns that DL4J's build() overrode (an embedding's vocabulary, see
     * {@link Dl4jMapping#embedding}). Calling {@code getLayerActivationTypes(InputType...)} on the
     * configuration again would undo it; use {@code getLayerActivationTypes(false, false, ...)}.
     */
    static void restoreInputs(Map<String, Long> nIns, ParameterVertices vertices, ComputationGraphConfiguration conf) {
        nIns.forEach((id, nIn) -> {
            LayerVertex v = (LayerVertex) conf.getVertices().get(vertices.vertexOf(id));
            org.deeplearning4j.nn.conf.layers.Layer layer = v.getLayerConf().getLayer();
            // A frozen embedding sits inside DL4J's frozen wrapper; the vocabulary is the inner layer's.
            if (layer instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayer f) {
                layer = f.getLayer();
            } else if (layer instanceof org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer w) {
                layer = w.getUnderlying();
            }
            ((FeedForwardLayer) layer).setNIn(nIn);
        });
    }

    /** A graph input's type, as {@link Dl4jMapping#inputType} describes it. */
    static InputType inputType(TensorType t) {
        return (InputType) Dl4jObjects.build(Dl4jMapping.inputType(t));
    }

    private static TensorType type(Analysis a, String id) {
        return a.node(id).flatMap(NodeResult::output).orElseThrow(() -> new IllegalStateException("no shape for " + id));
    }

    /** Ids of output layers and everything they depend on. */
    private static Set<String> leadingToOutputs(Graph graph) {
        Set<String> used = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (Node n : graph.nodes()) {
            if (n.kind().family() == Family.OUTPUT) {
                todo.push(n.id());
            }
        }
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (used.add(id)) {
                graph.node(id).ifPresent(n -> n.inputs().forEach(todo::push));
            }
        }
        return used;
    }
}
