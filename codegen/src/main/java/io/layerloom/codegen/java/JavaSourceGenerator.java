package io.layerloom.codegen.java;

import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.codegen.dl4j.Dl4jElement;
import io.layerloom.codegen.dl4j.Dl4jMapping;
import io.layerloom.codegen.dl4j.Dl4jTraining;
import io.layerloom.codegen.dl4j.Dl4jVersion;
import io.layerloom.codegen.dl4j.MappingCases;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.training.TrainingSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;

/**
 * A graph as a readable Java class whose {@code configuration()} builds, with DL4J's builder
 * API, the same {@code ComputationGraphConfiguration} that {@link Dl4jCompiler} builds directly:
 * the same globals, inputs, layers and vertices in the same order, each layer commented with its
 * output shape. A graph that does not compile gets no source: its problems are returned instead.
 *
 * <p>Node ids and the graph's name are untrusted: ids are written only as escaped string
 * literals and names only through {@link JavaLiterals#comment}, so no id can break or inject
 * into the code. The source is ASCII.
 */
public final class JavaSourceGenerator {

    private static final int WIDTH = 120;
    private static final String CHAIN = " ".repeat(16);
    private static final String CONTINUED = " ".repeat(24);

    /**
     * The most addLayer/addVertex calls written as one builder chain in {@code configuration()};
     * a larger graph's calls go into methods of at most {@link #CALLS_PER_METHOD} calls each.
     * javac attributes a chain of calls recursively, one level per call: with the JVM's default
     * 1 MB stack, javac 17 overflowed on a chain of 1,000 Dense layers (LargeGraphCodegenTest).
     */
    static final int CHAIN_CALLS = 200;
    static final int CALLS_PER_METHOD = 100;

    /**
     * The most characters of calls (without indentation) in one method: a method's bytecode is
     * at most 64 KB, and these calls take at most about 1.5 bytes per character (an array of
     * short string literals is the densest), so a method stays below 45 KB.
     */
    static final int CHARS_PER_METHOD = 30_000;

    /** java.lang classes the generated code names. */
    private static final Set<String> JAVA_LANG = Set.of("String", "System");

    /**
     * The network class the generated {@code network()} makes, named only: codegen translates and
     * never runs a network, so it does not link to that class (RuntimeArchitectureTest); the tests
     * that compile the generated source check the name.
     */
    private static final String COMPUTATION_GRAPH = "org.deeplearning4j.nn.graph.ComputationGraph";

    /**
     * Every class the generated code may import, by simple name: those this class writes itself
     * (the configuration and network, the input types, the embedding fix, the table of rates),
     * every class the network-wide settings' description can name and every class a layer's
     * construction names in the DL4J mapping.
     */
    static final Map<String, String> IMPORTABLE = importable(Stream.of(Stream.of(
            ComputationGraphConfiguration.class, InputType.class, LayerVertex.class,
            FeedForwardLayer.class, java.util.LinkedHashMap.class, Map.class),
            Dl4jTraining.classes().stream(), MappingCases.classes().stream()).flatMap(c -> c));

    /** DL4J's wrapper classes of a frozen layer, written in full where it is needed so that it takes no import. */
    private static final String WRAPPER = org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer.class.getName();
    private static final String FROZEN = org.deeplearning4j.nn.conf.layers.misc.FrozenLayer.class.getName();

    private JavaSourceGenerator() {
    }

    /** The graph does not compile to DL4J; nothing was generated. */
    public static final class NotCompilable extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<Diagnostic> problems;

        NotCompilable(List<Diagnostic> problems) {
            super(problems.size() + (problems.size() == 1 ? " problem prevents" : " problems prevent")
                    + " generating Java source: " + problems.get(0).message());
            this.problems = List.copyOf(problems);
        }

        /** The same problems {@link Dl4jCompiler#compile} reports. */
        public List<Diagnostic> problems() {
            return problems;
        }
    }

    /** Simple names the generated class must not take, as they are imported or used. */
    static Set<String> importedNames() {
        Set<String> names = new HashSet<>(IMPORTABLE.keySet());
        names.addAll(JAVA_LANG);
        return names;
    }

    /**
     * The network class and the outermost classes (what an import names), by simple name; two
     * with one simple name would be a mistake.
     */
    private static Map<String, String> importable(Stream<Class<?>> classes) {
        Map<String, String> m = new TreeMap<>();
        m.put(COMPUTATION_GRAPH.substring(COMPUTATION_GRAPH.lastIndexOf('.') + 1), COMPUTATION_GRAPH);
        classes.map(JavaSourceGenerator::outermost).forEach(c -> {
            String previous = m.put(c.getSimpleName(), c.getName());
            if (previous != null && !previous.equals(c.getName())) {
                throw new IllegalStateException("two imports named " + c.getSimpleName() + ": " + previous + ", "
                        + c.getName());
            }
        });
        return m;
    }

    private static Class<?> outermost(Class<?> c) {
        return c.getEnclosingClass() == null ? c : outermost(c.getEnclosingClass());
    }

    /**
     * The source with the graph's own seed: its training settings' seed, or
     * {@link Dl4jCompiler#DEFAULT_SEED} without them (what {@code layerloom codegen} and the
     * designer's Code tab and Java export write).
     */
    public static String generate(Graph graph, String packageName, String className) throws NotCompilable {
        return generate(graph, packageName, className,
                graph.training().map(TrainingSettings::seed).orElse(Dl4jCompiler.DEFAULT_SEED));
    }

    /**
     * The source of {@code className} in {@code packageName} ("" for the default package).
     *
     * @throws IllegalArgumentException when a name is not usable (see {@link JavaNames})
     * @throws NotCompilable            when the graph has errors or DL4J cannot express it
     */
    public static String generate(Graph graph, String packageName, String className, long seed) throws NotCompilable {
        JavaNames.packageNameProblem(packageName).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        JavaNames.classNameProblem(className).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        Dl4jCompiler.Compilation c = Dl4jCompiler.compile(graph, seed);
        if (!c.problems().isEmpty()) {
            throw new NotCompilable(c.problems());
        }
        return new JavaSourceGenerator.Writer(graph, c).write(packageName, className);
    }

    /** One generation: the lines of configuration() and the classes they use. */
    private static final class Writer {
        private final Graph graph;
        private final Dl4jCompiler.Compilation compilation;
        private final Analysis analysis;
        private final Set<String> used = new TreeSet<>();
        private final List<String> chain = new ArrayList<>();
        private final List<String> methods = new ArrayList<>();
        private final ConstructionSource source = new ConstructionSource(IMPORTABLE, used);

        Writer(Graph graph, Dl4jCompiler.Compilation compilation) {
            this.graph = graph;
            this.compilation = compilation;
            this.analysis = compilation.analysis();
        }

        String write(String packageName, String className) {
            List<String> settings = source.unbuilt(compilation.settings()).parts();
            buildChain(settings.subList(1, settings.size()));
            List<String> embeddings = embeddingFixes();
            Optional<Object> rates = compilation.settings().written(Dl4jTraining.LEARNING_RATES);
            for (String s : List.of("ComputationGraphConfiguration", "ComputationGraph", "InputType")) {
                used.add(s);
            }
            if (rates.isPresent()) {
                used.add("Map");
                used.add("LinkedHashMap");
            }
            StringBuilder out = new StringBuilder();
            if (!packageName.isEmpty()) {
                out.append("package ").append(packageName).append(";\n\n");
            }
            used.stream().map(IMPORTABLE::get).sorted()
                    .forEach(fqn -> out.append("import ").append(fqn).append(";\n"));
            out.append("\n");
            out.append("/**\n");
            out.append(" * ").append(JavaLiterals.comment(graph.name().isBlank() ? "A network" : graph.name()))
                    .append(", a Deeplearning4j ").append(Dl4jVersion.TARGET).append(" network generated by LayerLoom.\n");
            out.append(" *\n");
            out.append(" * <p>Each layer is named by its node's id and commented with its output shape for one example:\n");
            out.append(" * channels x height x width, features, or features x timesteps.\n");
            if (!compilation.omitted().isEmpty()) {
                int n = compilation.omitted().size();
                out.append(" * ").append(n).append(n == 1 ? " node that leads" : " nodes that lead")
                        .append(" to no output layer ").append(n == 1 ? "is" : "are").append(" left out.\n");
            }
            out.append(" */\n");
            out.append("public final class ").append(className).append(" {\n\n");
            out.append("    /** The seed of the initial parameters. */\n");
            out.append("    public static final long ").append(Dl4jTraining.SEED).append(" = ")
                    .append(compilation.settings().written(Dl4jTraining.SEED).orElseThrow()).append("L;\n\n");
            out.append("    private ").append(className).append("() {\n    }\n\n");
            out.append("    /** The network's configuration, as LayerLoom compiles it. */\n");
            out.append("    public static ComputationGraphConfiguration configuration() {\n");
            out.append("        ").append(methods.isEmpty() ? "ComputationGraphConfiguration configuration"
                    : "ComputationGraphConfiguration.GraphBuilder graph").append(" = ").append(settings.get(0)).append('\n');
            chain.forEach(line -> out.append(line).append('\n'));
            if (!embeddings.isEmpty()) {
                out.append("        // DL4J's build() replaces an embedding's nIn (its vocabulary) with its input's size.\n");
                embeddings.forEach(line -> out.append(line).append('\n'));
            }
            out.append("        return configuration;\n");
            out.append("    }\n\n");
            methods.forEach(line -> out.append(line).append('\n'));
            rates.ifPresent(table -> {
                out.append("    /** The learning rate of each epoch (from 0), as the graph file's training settings give it. */\n");
                out.append("    private static Map<Integer, Double> ").append(Dl4jTraining.LEARNING_RATES).append(" {\n");
                out.append("        Map<Integer, Double> rates = new LinkedHashMap<>();\n");
                ((Map<?, ?>) table).forEach((e, r) -> out.append("        rates.put(").append(e).append(", ")
                        .append(JavaLiterals.decimal((Double) r)).append(");\n"));
                out.append("        return rates;\n");
                out.append("    }\n\n");
            });
            if (!embeddings.isEmpty()) {
                out.append("    /** Sets an embedding's nIn back to its vocabulary size. */\n");
                out.append("    private static void restoreVocabulary(ComputationGraphConfiguration configuration, String layer, "
                        + "long vocabulary) {\n");
                out.append("        LayerVertex vertex = (LayerVertex) configuration.getVertices().get(layer);\n");
                if (compilation.nInAfterBuild().keySet().stream().anyMatch(id -> !graph.require(id).trainable())) {
                    // A frozen embedding is inside DL4J's frozen wrapper, as Dl4jCompiler.restoreInputs unwraps it.
                    out.append("        org.deeplearning4j.nn.conf.layers.Layer inner = vertex.getLayerConf().getLayer();\n");
                    out.append("        if (inner instanceof " + FROZEN + ") {\n");
                    out.append("            inner = ((" + FROZEN + ") inner).getLayer();\n");
                    out.append("        } else if (inner instanceof " + WRAPPER + ") {\n");
                    out.append("            inner = ((" + WRAPPER + ") inner).getUnderlying();\n");
                    out.append("        }\n");
                    out.append("        ((FeedForwardLayer) inner).setNIn(vocabulary);\n");
                } else {
                    out.append("        ((FeedForwardLayer) vertex.getLayerConf().getLayer()).setNIn(vocabulary);\n");
                }
                out.append("    }\n\n");
            }
            out.append("    /** The network with its parameters initialised from {@link #SEED}. */\n");
            out.append("    public static ComputationGraph network() {\n");
            out.append("        ComputationGraph network = new ComputationGraph(configuration());\n");
            out.append("        network.init();\n");
            out.append("        return network;\n");
            out.append("    }\n\n");
            out.append("    /** Prints each layer's type, shape and parameter count. */\n");
            out.append("    public static void main(String[] args) {\n");
            out.append("        System.out.println(network().summary());\n");
            out.append("    }\n");
            out.append("}\n");
            return out.toString();
        }

        /**
         * The builder chain after "new NeuralNetConfiguration.Builder()", in Dl4jCompiler's order:
         * the network-wide settings' calls, one a line, then the graph. A graph of more than
         * {@link #CHAIN_CALLS} addLayer/addVertex calls is built in steps instead: the chain ends
         * after the inputs in a GraphBuilder variable, methods (in {@link #methods}) add the
         * layers a slice at a time, and the outputs and build() follow.
         */
        private void buildChain(List<String> settingsCalls) {
            settingsCalls.forEach(call -> chain.add(CHAIN + call));
            chain.add(CHAIN + ".graphBuilder()");
            chain.add(CHAIN + ".addInputs(" + literals(compilation.inputs()) + ")");
            chain.add(CHAIN + ".setInputTypes(" + String.join(", ", compilation.inputs().stream()
                    .map(id -> source.expr(Dl4jMapping.inputType(type(id))).text()).toList()) + ")");
            Set<String> omitted = new HashSet<>(compilation.omitted());
            List<Added> added = new ArrayList<>();
            for (String id : analysis.topologicalOrder()) {
                Node n = graph.require(id);
                if (!omitted.contains(id) && !(n.spec() instanceof LayerSpec.Input)) {
                    List<TensorType> inTypes = n.inputs().stream().map(this::type).toList();
                    added.add(new Added(n, Dl4jMapping.map(n, graph, analysis, inTypes, type(id))));
                }
            }
            String outputs = CHAIN + ".setOutputs(" + literals(compilation.outputs()) + ")";
            if (added.stream().mapToInt(a -> a.element().steps().size()).sum() <= CHAIN_CALLS) {
                added.forEach(a -> chain.addAll(lines(a, "")));
                chain.add(outputs);
                chain.add(CHAIN + ".build();");
                return;
            }
            chain.set(chain.size() - 1, chain.get(chain.size() - 1) + ";");
            chain.add("        // " + String.format(java.util.Locale.ROOT, "%,d", added.size())
                    + " layers: one builder chain of them all would overflow javac's stack, so each method adds a slice.");
            int first = 0;
            while (first < added.size()) {
                int end = first;
                int calls = 0;
                int chars = 0;
                while (end < added.size()) {
                    Added a = added.get(end);
                    int c = a.element().steps().size();
                    int l = lines(a, "").stream().mapToInt(line -> line.strip().length()).sum();
                    if (end > first && (calls + c > CALLS_PER_METHOD || chars + l > CHARS_PER_METHOD)) {
                        break;
                    }
                    calls += c;
                    chars += l;
                    end++;
                }
                addMethod(added, first, end);
                first = end;
            }
            chain.add("        ComputationGraphConfiguration configuration = graph");
            chain.add(outputs);
            chain.add(CHAIN + ".build();");
        }

        /** A method adding the layers {@code from} (inclusive) to {@code to}, and the line that calls it. */
        private void addMethod(List<Added> added, int from, int to) {
            String name = to - from == 1 ? "addLayer" + (from + 1) : "addLayers" + (from + 1) + "To" + to;
            chain.add("        " + name + "(graph);");
            String firstId = "\"" + JavaLiterals.comment(added.get(from).node().id()) + "\"";
            String lastId = "\"" + JavaLiterals.comment(added.get(to - 1).node().id()) + "\"";
            String total = String.format(java.util.Locale.ROOT, "%,d", added.size());
            methods.add(to - from == 1
                    ? "    /** Adds layer " + (from + 1) + " of " + total + ", " + firstId + ". */"
                    : "    /** Adds layers " + (from + 1) + " to " + to + " of " + total + ", " + firstId + " to " + lastId + ". */");
            methods.add("    private static void " + name + "(ComputationGraphConfiguration.GraphBuilder graph) {");
            methods.add("        graph");
            for (int i = from; i < to; i++) {
                methods.addAll(lines(added.get(i), i == to - 1 ? ";" : ""));
            }
            methods.add("    }");
            methods.add("");
        }

        /** The lines that add a node's steps, the last ending with {@code end}. */
        private List<String> lines(Added a, String end) {
            List<String> lines = new ArrayList<>();
            Node n = a.node();
            Dl4jElement e = a.element();
            String shape = type(n.id()).text();
            if (!e.note().isEmpty()) {
                lines.add(CHAIN + "// " + e.note());
            }
            for (int i = 0; i < e.steps().size(); i++) {
                Dl4jElement.Step step = e.steps().get(i);
                add(lines, step.isLayer() ? "addLayer" : "addVertex", JavaLiterals.string(step.name(n.id())),
                        source.expr(step.construction()), literals(e.inputNames(i, n.id(), n.inputs())),
                        step.dims().isEmpty() ? shape : String.join("x", step.dims().stream().map(String::valueOf).toList()),
                        i == e.steps().size() - 1 ? end : "");
            }
            return lines;
        }

        /** A node to add and what DL4J makes of it. */
        private record Added(Node node, Dl4jElement element) {
        }

        /**
         * One ".addLayer(id, expression, inputs)" with the shape as a comment on its first
         * line; a long expression continues on further lines, broken between builder calls.
         * {@code end} (";" or "") follows the call, before the comment.
         */
        private static void add(List<String> chain, String method, String id, ConstructionSource.Expr expr, String inputs,
                String shape, String end) {
            String comment = " // " + shape;
            List<String> parts = expr.parts();
            String tail = ", " + inputs + ")" + end;
            String whole = CHAIN + "." + method + "(" + id + ", " + expr.text() + tail;
            if (whole.length() + comment.length() <= WIDTH) {
                chain.add(whole + comment);
                return;
            }
            if (parts.size() == 1) {
                chain.add(CHAIN + "." + method + "(" + id + ", " + parts.get(0) + "," + comment);
                chain.add(CONTINUED + inputs + ")" + end);
                return;
            }
            chain.add(CHAIN + "." + method + "(" + id + ", " + parts.get(0) + comment);
            StringBuilder line = new StringBuilder(CONTINUED);
            for (int i = 1; i < parts.size(); i++) {
                String p = parts.get(i) + (i == parts.size() - 1 ? tail : "");
                if (line.length() > CONTINUED.length() && line.length() + p.length() > WIDTH) {
                    chain.add(line.toString());
                    line.setLength(0);
                    line.append(CONTINUED);
                }
                line.append(p);
            }
            chain.add(line.toString());
        }

        /** Statements setting each embedding's nIn back to its vocabulary, as Dl4jCompiler did. */
        private List<String> embeddingFixes() {
            List<String> lines = new ArrayList<>();
            compilation.nInAfterBuild().forEach((id, nIn) -> {
                used.add("LayerVertex");
                used.add("FeedForwardLayer");
                lines.add("        restoreVocabulary(configuration, "
                        + JavaLiterals.string(compilation.parameterVertices().vertexOf(id)) + ", "
                        + JavaLiterals.integer(nIn) + ");");
            });
            return lines;
        }

        private TensorType type(String id) {
            return analysis.node(id).flatMap(NodeResult::output)
                    .orElseThrow(() -> new IllegalStateException("no shape for a compiled node"));
        }

        private static String literals(List<String> ids) {
            return String.join(", ", ids.stream().map(JavaLiterals::string).toList());
        }
    }
}
