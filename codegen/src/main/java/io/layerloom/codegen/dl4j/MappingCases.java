package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.ParamDef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The DL4J mapping read whole: every layer kind on each of a few inputs (an image, vectors and
 * sequences of features or of token indices) that the analysis accepts, with its default
 * parameters and with each choice parameter (a flag, the activation, the loss, "same" padding)
 * changed one at a time. Every branch of {@link Dl4jMapping} that depends on the input's form
 * or on a choice is reached, so the cases name every DL4J class the mapping can use: the
 * generated code's imports follow from them, the table in docs/dl4j.md is printed from them,
 * and a test builds and prints each one. Cases DL4J refuses ({@link Dl4jMapping.Unsupported})
 * are left out.
 */
public final class MappingCases {

    /** One node of a kind on its input: {@code variation} is "" for the defaults, else "param = value". */
    public record Case(LayerKind<?> kind, String variation, LayerSpec spec, List<TensorType> inputs, TensorType output,
                       Dl4jElement element) {
    }

    /** The inputs tried: an image, vectors and sequences of features and of token indices. */
    private static final List<Dims> INPUTS = List.of(Dims.of(4, 8, 8), Dims.of(16), Dims.of(1), Dims.of(16, 10),
            Dims.of(1, 10));

    /** A spec to try: the defaults, or one choice changed. */
    private record Variation(String name, LayerSpec spec) {
    }

    private static volatile List<Case> all;

    private MappingCases() {
    }

    /** Every case, kinds in palette order; computed once. */
    public static List<Case> all() {
        List<Case> cases = all;
        if (cases == null) {
            cases = List.copyOf(compute());
            all = cases;
        }
        return cases;
    }

    /** Every DL4J class a construction of any case names (nested constructions and enums included). */
    public static Set<Class<?>> classes() {
        Set<Class<?>> out = new LinkedHashSet<>();
        for (Case c : all()) {
            c.element().constructions().forEach(k -> out.addAll(k.classes()));
        }
        return out;
    }

    private static List<Case> compute() {
        List<Case> out = new ArrayList<>();
        for (LayerKind<?> kind : LayerKinds.all()) {
            if (kind.maxInputs() == 0) {
                continue;
            }
            List<Variation> variations = new ArrayList<>();
            variations.add(new Variation("", kind.defaults()));
            for (ParamDef p : kind.params()) {
                for (Object v : choices(p)) {
                    variations.add(new Variation(p.name() + " = " + text(v), kind.with(kind.defaults(), p.name(), v)));
                }
            }
            for (Dims in : INPUTS) {
                for (Variation v : variations) {
                    out.addAll(caseOf(kind, v.name(), v.spec(), in, true));
                }
                // A frozen node: its layer in DL4J's frozen wrapper where it has parameters.
                out.addAll(caseOf(kind, "trainable = false", kind.defaults(), in, false));
                if (kind.maxInputs() == 1 && (in.values().size() == 3 || in.equals(Dims.of(16)))) {
                    out.addAll(caseOf(kind, "trainable = false after a learning layer", kind.defaults(), in, null));
                }
            }
        }
        return out;
    }

    /** The values of a choice parameter other than its default. */
    private static List<Object> choices(ParamDef p) {
        List<Object> values = switch (p.type()) {
            case BOOL -> List.of(true, false);
            case ACTIVATION -> List.of((Object[]) ActivationFunction.values());
            case LOSS -> List.of((Object[]) Loss.values());
            case PADDING -> List.of(Padding.same());
            default -> List.of();
        };
        return values.stream().filter(v -> !v.equals(p.defaultValue())).toList();
    }

    private static String text(Object v) {
        return v instanceof Enum<?> e ? e.name().toLowerCase(java.util.Locale.ROOT)
                : v instanceof Padding.Same ? "\"same\"" : String.valueOf(v);
    }

    /**
     * The case, when the analysis accepts the node on this input and DL4J does not refuse it:
     * the node as it is mapped after another layer, and a second case where reading the network's
     * input directly maps it otherwise ({@link ArrayCopies}). {@code trainable} null: a frozen node
     * after a trainable layer that keeps the input's form.
     */
    private static List<Case> caseOf(LayerKind<?> kind, String variation, LayerSpec spec, Dims in, Boolean trainable) {
        List<Node> nodes = new ArrayList<>();
        List<String> inputIds = new ArrayList<>();
        for (int i = 0; i < Math.max(1, kind.minInputs()); i++) {
            String id = "in" + i;
            nodes.add(Node.of(id, new LayerSpec.Input(i == 0 ? in : otherInput(kind, in))));
            inputIds.add(id);
        }
        if (trainable == null) {
            nodes.add(Node.of("learns", in.values().size() == 3 ? new LayerSpec.Conv2D(4, IntPair.of(1), IntPair.of(1),
                    Padding.of(0), IntPair.of(1), ActivationFunction.RELU, true)
                    : new LayerSpec.Dense(16, ActivationFunction.RELU, true), inputIds.get(0)));
            inputIds.set(0, "learns");
        }
        Node node = Node.of("node", spec, inputIds.toArray(String[]::new)).withTrainable(trainable != null && trainable);
        nodes.add(node);
        Graph graph = new Graph(kind.name(), "", nodes);
        Analysis a = GraphAnalysis.analyze(graph);
        boolean rejected = a.diagnostics().stream().anyMatch(d -> d.isError() && d.node().isPresent());
        Optional<TensorType> output = a.node("node").flatMap(NodeResult::output);
        if (rejected || output.isEmpty()) {
            return List.of();
        }
        List<TensorType> inputs = inputIds.stream().map(id -> a.node(id).flatMap(NodeResult::output).orElseThrow())
                .toList();
        try {
            Dl4jElement inGraph = Dl4jMapping.map(node, graph, a, inputs, output.get());
            boolean copied = inGraph.steps().stream().anyMatch(st -> st.suffix().equals(ArrayCopies.COPY_SUFFIX));
            String onInput = (variation.isEmpty() ? "" : variation + " ") + "on a network input";
            if (trainable == null || !trainable) {
                return List.of(new Case(kind, copied ? onInput : variation, spec, inputs, output.get(), inGraph));
            }
            Case usual = new Case(kind, variation, spec, inputs, output.get(), Dl4jMapping.map(spec, inputs, output.get()));
            // The copy is the same for every activation: shown once, for the defaults.
            return copied && variation.isEmpty() ? List.of(usual, new Case(kind, onInput, spec, inputs, output.get(), inGraph))
                    : List.of(usual);
        } catch (Dl4jMapping.Unsupported e) {
            return List.of();
        }
    }

    /**
     * The second and later inputs of a kind that joins inputs: the first input's shape, except for
     * a kind that scales an image by one value per channel (ChannelScale), whose second input is a
     * vector of the image's channels.
     */
    private static Dims otherInput(LayerKind<?> kind, Dims first) {
        return kind.defaults() instanceof LayerSpec.ChannelScale && first.values().size() == 3
                ? Dims.of(first.values().get(0)) : first;
    }
}
