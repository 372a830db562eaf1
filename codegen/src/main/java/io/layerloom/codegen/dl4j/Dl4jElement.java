package io.layerloom.codegen.dl4j;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a node becomes in DL4J, as {@link Dl4jMapping} describes it: an ordered list of steps, the
 * last one named by the node's id, the others ("helpers") by the id and their suffix; one step
 * for most kinds. Dl4jCompiler and the Java source generator add the steps in order, and
 * {@link ParameterVertices} reports the step that holds the node's parameters.
 *
 * @param steps         in the order the network adds them; each reads the node's inputs or
 *                      earlier steps
 * @param parameterStep the index of the step that holds the node's parameters (the only layer
 *                      of a kind that has them): the weights of the node live in that vertex,
 *                      a frozen node freezes it, an embedding's nIn is set back on it
 * @param nInAfterBuild the nIn to set back on the layer once the network is built, which
 *                      DL4J's {@code build()} overrides (see {@link Dl4jMapping#embedding}); empty for none
 * @param note          why the node needs helper steps, for a reader of generated source; ""
 *                      for a one-step element
 */
public record Dl4jElement(List<Step> steps, int parameterStep, OptionalLong nInAfterBuild, String note) {
    public Dl4jElement {
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !steps.get(steps.size() - 1).suffix().isEmpty()) {
            throw new IllegalArgumentException("the last step is named by the node's id (suffix \"\")");
        }
        Set<String> suffixes = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            Step st = steps.get(i);
            if (!suffixes.add(st.suffix()) || (i < steps.size() - 1 && st.suffix().isEmpty())) {
                throw new IllegalArgumentException("helper steps need suffixes of their own: " + st.suffix());
            }
            for (Source src : st.inputs()) {
                if (src instanceof Source.StepOutput o && (o.index() < 0 || o.index() >= i)) {
                    throw new IllegalArgumentException("step " + i + " reads step " + o.index() + ", not an earlier one");
                }
            }
        }
        if (parameterStep < 0 || parameterStep >= steps.size()) {
            throw new IllegalArgumentException("no step " + parameterStep);
        }
    }

    /** One layer or vertex under the node's id, reading the node's inputs. */
    static Dl4jElement of(Construction layerOrVertex) {
        return new Dl4jElement(List.of(new Step("", layerOrVertex, List.of(new Source.NodeInputs()), List.of())), 0,
                OptionalLong.empty(), "");
    }

    static Dl4jElement vertex(Construction vertex) {
        return of(vertex);
    }

    /**
     * Steps that each read the one before (the first the node's inputs), named
     * {@code id + suffixes[i]} and, last, {@code id}.
     */
    static Dl4jElement chain(String note, int parameterStep, List<String> helperSuffixes, List<Construction> constructions) {
        if (helperSuffixes.size() != constructions.size() - 1) {
            throw new IllegalArgumentException("one suffix per helper step");
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < constructions.size(); i++) {
            steps.add(new Step(i < helperSuffixes.size() ? helperSuffixes.get(i) : "", constructions.get(i),
                    List.of(i == 0 ? new Source.NodeInputs() : new Source.StepOutput(i - 1)), List.of()));
        }
        return new Dl4jElement(steps, parameterStep, OptionalLong.empty(), note);
    }

    /** The same element with other steps (same names and inputs, such as inside frozen wrappers). */
    public Dl4jElement withSteps(List<Step> other) {
        return new Dl4jElement(other, parameterStep, nInAfterBuild, note);
    }

    /** The same element with each step's output shape ({@link Step#dims}), one list per step. */
    Dl4jElement withDims(List<List<Long>> dims) {
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step st = steps.get(i);
            out.add(new Step(st.suffix(), st.construction(), st.inputs(), dims.get(i)));
        }
        return withSteps(out);
    }

    Dl4jElement withNInAfterBuild(long nIn) {
        return new Dl4jElement(steps, parameterStep, OptionalLong.of(nIn), note);
    }

    /** The constructions in the order the network adds them. */
    public List<Construction> constructions() {
        return steps.stream().map(Step::construction).toList();
    }

    /** The step that holds the node's parameters. */
    public Step parameters() {
        return steps.get(parameterStep);
    }

    /** The vertex names of the helper steps of a node {@code nodeId} (all but the last). */
    public List<String> helperNames(String nodeId) {
        return steps.subList(0, steps.size() - 1).stream().map(st -> st.name(nodeId)).toList();
    }

    /** The vertex names a step of node {@code nodeId} with inputs {@code nodeInputs} reads, in order. */
    public List<String> inputNames(int step, String nodeId, List<String> nodeInputs) {
        List<String> out = new ArrayList<>();
        for (Source src : steps.get(step).inputs()) {
            if (src instanceof Source.NodeInputs) {
                out.addAll(nodeInputs);
            } else if (src instanceof Source.NodeInput i) {
                out.add(nodeInputs.get(i.index()));
            } else {
                out.add(steps.get(((Source.StepOutput) src).index()).name(nodeId));
            }
        }
        return out;
    }

    /**
     * Where a step of an element reads from: the node's inputs or an earlier step's output.
     * A step may read the node's own inputs anywhere in the chain (x * hardSigmoid(x) multiplies
     * the node's input with the last helper's output).
     */
    public sealed interface Source {
        /** All the node's inputs, in order: what a one-step element reads. */
        record NodeInputs() implements Source {
        }

        /** The node's input at {@code index}. */
        record NodeInput(int index) implements Source {
        }

        /** The output of the element's step at {@code index}, an earlier one. */
        record StepOutput(int index) implements Source {
        }
    }

    /**
     * One DL4J layer or graph vertex of a node, named {@code nodeId + suffix}; the suffix of the
     * node's last step is "" so that it is named by the node's id, the one its readers wire to.
     * A layer if the construction makes a DL4J {@code Layer}, a vertex otherwise.
     *
     * @param dims the shape of one example's output where it is not the node's (a helper's), else empty
     */
    public record Step(String suffix, Construction construction, List<Source> inputs, List<Long> dims) {
        public Step {
            inputs = List.copyOf(inputs);
            dims = List.copyOf(dims);
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("a step reads at least one input: " + construction.type().getName());
            }
        }

        /** Whether DL4J adds it with {@code addLayer} (else {@code addVertex}). */
        public boolean isLayer() {
            return org.deeplearning4j.nn.conf.layers.Layer.class.isAssignableFrom(construction.type());
        }

        /** Its vertex name in the network of a node {@code nodeId}. */
        public String name(String nodeId) {
            return nodeId + suffix;
        }

        /** The same step with another construction (such as the same one inside a frozen wrapper). */
        public Step with(Construction c) {
            return new Step(suffix, c, inputs, dims);
        }
    }
}
